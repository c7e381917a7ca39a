/*
 * Internal to src/path: the state of one canonicalising walk (canon.c)
 * and the steps other files of the walk take (procself.c, beneath.c).
 */
/* worker-safe */
#ifndef SYD_PATH_WALK_H
#define SYD_PATH_WALK_H

#include "path/path.h"

/* walk_step results besides -errno. */
enum { WALK_DESCENDED, WALK_FINAL, WALK_FOLLOWED };

struct walk {
	struct path_ctx *c;
	unsigned flags;
	int cur;
	bool own;   /* cur is ours to close (the root fd is borrowed) */
	size_t alen;
	char *abs;
	char *rest; /* the part of the path still to walk */
	char buf[2][PATH_MAX];
	int which;
	int links;
};

int walk_set(struct walk *w, int fd);
/* Length of the root's own name in abs: 1 for "/". */
size_t walk_base(const struct walk *w);
int walk_root(struct walk *w);
int walk_append(struct walk *w, const char *comp, size_t n);
/* Continue the walk with target followed by what was left after it. */
int walk_splice(struct walk *w, const char *target, size_t tlen);
/* /proc/self, /proc/thread-self as the target's: 0 (not one), a
 * WALK_FOLLOWED splice, or -errno (procself.c). */
int walk_proc_self(struct walk *w, const char *comp, size_t n,
    struct path_res *keep);
/* Is abs/comp a /proc magic link (procself.c)? */
bool walk_is_magic(const struct walk *w);
/* 0 when the /proc/PID of a magic link (walk_is_magic) is the target's
 * own process, else -EACCES (procself.c). */
int walk_magic_own(struct walk *w);
/* The directories before the last name in one step when none is a
 * symlink, "." or ".." (fast.c): 0 (w advanced or not) or -errno. */
int walk_fast(struct walk *w);
/* The directory rel below fd, opened in pieces shorter than PATH_MAX,
 * no symlinks, never above fd (beneath.c): an fd or -errno. */
int path_open_beneath(int fd, const char *rel);

#endif
