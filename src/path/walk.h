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
	/* PATH_SCOPED: an O_PATH fd of the base the walk may not leave,
	 * whose canonical name is abs's first slen bytes (-1, 0: none). */
	int sfd;
	size_t slen;
	/* The kernel's root of the lookup is known (nd->root set): by an
	 * absolute name, a "..", a jump. Until then RESOLVE_NO_XDEV
	 * refuses any absolute link (nd_jump_root). */
	bool rootset;
	/* A magic link to an object on its own mount, walked by its name
	 * under PATH_NO_XDEV: the mounts its name crosses are not the
	 * kernel's (it jumps to the object); judged again from here in
	 * w->rest on (NULL: judged). */
	const char *xresume;
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
/* The text of /proc/self (self) or /proc/thread-self as the target
 * reads it, into t: its length or -errno (procself.c). */
int walk_self_text(struct path_ctx *c, bool self, char *t, size_t size);
/* Is abs/comp a /proc magic link (procself.c)? */
bool walk_is_magic(const struct walk *w);
/* 0 when the /proc/PID of a magic link (walk_is_magic) is the target's
 * own process, else -EACCES (procself.c). */
int walk_magic_own(struct walk *w);
/*
 * RESOLVE_* (resolve.c). walk_scope: the base just set is the scope.
 * walk_jump: to the root for an absolute link's text (EXDEV when
 * scoped beneath or across a mount, the scope under PATH_IN_ROOT).
 * walk_nolinks: comp, to be followed, is a symlink under
 * PATH_NO_SYMLINKS: -ELOOP, else 0. walk_magic_flags: the magic link
 * comp, to be followed: 0 or -errno as the kernel refuses it.
 * walk_xdev: RESOLVE_NO_XDEV for syd's own opens of the walk, or 0.
 */
int walk_scope(struct walk *w);
int walk_jump(struct walk *w);
int walk_nolinks(struct walk *w, const char *comp);
int walk_magic_flags(struct walk *w, const char *comp);
unsigned long walk_xdev(const struct walk *w);
/* The directories before the last name in one step when none is a
 * symlink, "." or ".." (fast.c): 0 (w advanced or not) or -errno. */
int walk_fast(struct walk *w);
/* The directory rel below fd, opened in pieces shorter than PATH_MAX,
 * no symlinks, never above fd (beneath.c): an fd or -errno. */
int path_open_beneath(int fd, const char *rel);

#endif
