/* worker-safe */
/*
 * Canonicalisation by walking (DESIGN.md section 5). Invariant: `cur` is an
 * O_PATH fd of the directory whose canonical name is `abs`; every step
 * opens exactly one component below it with O_NOFOLLOW, so a concurrent
 * rename or symlink swap can make the walk fail but never makes the fd and
 * the string disagree. `..` re-opens the shortened string from the root
 * with RESOLVE_NO_SYMLINKS for the same reason.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#include "path/walk.h"
#include "sys/sys.h"

int
walk_set(struct walk *w, int fd)
{
	if (fd < 0)
		return fd;
	if (w->cur >= 0 && w->own)
		sys_close(w->cur);
	w->cur = fd;
	w->own = true;
	return 0;
}

/* Length of the root's own name in abs: 1 for "/". */
size_t
walk_base(const struct walk *w)
{
	return w->c->rootlen > 1 ? w->c->rootlen : 1;
}

int
walk_root(struct walk *w)
{
	if (w->c->rootlen > 1) {
		memcpy(w->abs, w->c->rootpath, w->c->rootlen + 1);
		w->alen = w->c->rootlen;
	} else {
		w->abs[0] = '/';
		w->abs[1] = '\0';
		w->alen = 1;
	}
	if (w->cur >= 0 && w->own)
		sys_close(w->cur);
	w->cur = w->c->rootfd;
	w->own = false;
	return 0;
}

/* abs becomes its parent's name; 1 if it changed, 0 at the root. */
static int
walk_up_name(struct walk *w)
{
	size_t base = walk_base(w);
	char *slash;

	if (w->alen == base)
		return 0; /* ".." at the root stays at the root */
	/* A cwd outside a chroot'ed root: nothing sane to resolve. */
	if (base > 1 && (w->alen < base ||
	    strncmp(w->abs, w->c->rootpath, base) != 0))
		return -EACCES;
	slash = strrchr(w->abs, '/');
	w->alen = slash == w->abs ? 1 : (size_t)(slash - w->abs);
	if (w->alen < base)
		w->alen = base;
	w->abs[w->alen] = '\0';
	return 1;
}

/* The look-ups of a name in cur that walk_look may make again. */
enum walk_look { LOOK_STAT, LOOK_OPATH, LOOK_READLINK };

static long
walk_look_once(struct walk *w, enum walk_look op, const char *comp,
    void *buf, long a, unsigned long res)
{
	switch (op) {
	case LOOK_STAT:
		return sys_fstatat(w->cur, comp, buf, (int)a);
	case LOOK_OPATH:
		return sys_openat2(w->cur, comp, (int)a, 0, res);
	default:
		return sys_readlinkat(w->cur, comp, buf, (size_t)a);
	}
}

/*
 * A look-up of comp in cur: lstat or stat (a fstatat with flags a into
 * buf), an O_PATH open (flags a, RESOLVE_* res) or a readlink (a bytes
 * into buf); none checks a permission on the object a name leads to.
 * One that met EACCES in the target's own fd directory is made again as
 * the kernel lets its thread group in (path_grant_begin).
 */
static long
walk_look(struct walk *w, enum walk_look op, const char *comp, void *buf,
    long a, unsigned long res)
{
	uint64_t saved;
	long r = walk_look_once(w, op, comp, buf, a, res);

	if (r == -EACCES && path_grant_begin(w->c, w->abs, 0, &saved)) {
		r = walk_look_once(w, op, comp, buf, a, res);
		path_grant_end(saved);
	}
	return r;
}

static int
walk_fstatat(struct walk *w, const char *comp, struct stat *st, int fl)
{
	return (int)walk_look(w, LOOK_STAT, comp, st, fl, 0);
}

static int
walk_openat2(struct walk *w, const char *comp, int fl, unsigned long res)
{
	return (int)walk_look(w, LOOK_OPATH, comp, NULL, fl, res);
}

static int
walk_up(struct walk *w)
{
	size_t base = walk_base(w);
	const bool top = w->sfd >= 0 && w->alen == w->slen;
	int e, probe;

	w->rootset = true; /* the kernel's handle_dots sets its root */
	/* The kernel looks ".." up in the directory like any name: the
	 * target needs search permission there (EACCES otherwise); a
	 * mount left is EXDEV under RESOLVE_NO_XDEV (the probe's own).
	 * The parent itself is then re-opened by its name, so that name
	 * and fd agree whatever is renamed meanwhile. */
	if (w->alen != base || top) {
		probe = walk_openat2(w, "..", O_PATH | O_DIRECTORY |
		    O_CLOEXEC, top ? 0 : walk_xdev(w));
		if (probe < 0)
			return probe;
		sys_close(probe);
	}
	/* At a scoped lookup's base: EXDEV beneath it, stays in it as at
	 * a root. Below it: re-opened from it, never above it. */
	if (top)
		return (w->flags & PATH_BENEATH) ? -EXDEV : 0;
	if ((e = walk_up_name(w)) <= 0)
		return e;
	if (w->sfd >= 0)
		return walk_set(w, path_open_beneath(w->sfd,
		    w->alen == w->slen ? "." :
		    w->abs + w->slen + (w->slen > 1)));
	return walk_set(w, path_open_beneath(w->c->rootfd,
	    w->alen == base ? "." : w->abs + base + (base > 1)));
}

int
walk_append(struct walk *w, const char *comp, size_t n)
{
	size_t need = w->alen + (w->alen > 1) + n;

	if (need >= PATH_ABS_MAX)
		return -ENAMETOOLONG;
	if (w->alen > 1)
		w->abs[w->alen++] = '/';
	memcpy(w->abs + w->alen, comp, n);
	w->alen += n;
	w->abs[w->alen] = '\0';
	return 0;
}

/* Continue the walk with target followed by what was left after it. */
int
walk_splice(struct walk *w, const char *target, size_t tlen)
{
	char *out = w->buf[!w->which];
	size_t rlen = strlen(w->rest);

	w->xresume = NULL;
	if (++w->links > PATH_MAXLINKS)
		return -ELOOP;
	if (tlen + 1 + rlen >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(out, target, tlen);
	memcpy(out + tlen, w->rest, rlen + 1);
	w->which = !w->which;
	w->rest = out;
	/* A magic link's text is no link's: its object is reached by
	 * name from the root (walk_magic_flags judged it). */
	if (target[0] == '/') {
		int e = (w->flags & (PATH_SCOPED | PATH_NO_XDEV)) &&
		    !walk_is_magic(w) ? walk_jump(w) : walk_root(w);
		if (e < 0)
			return e;
	}
	return WALK_FOLLOWED;
}

bool path_protected_symlinks;

/*
 * The kernel's may_follow_link, for a trailing link the walk is about to
 * follow (path_protected_symlinks): in a sticky world-writable directory
 * only the link's owner (the fsuid this thread acts with) follows it, or
 * anyone where the directory's owner owns it. 0 or -EACCES.
 */
static int
walk_protected(struct walk *w, const char *comp)
{
	struct stat d, l;

	if (!path_protected_symlinks ||
	    sys_fstatat(w->cur, "", &d, AT_EMPTY_PATH) < 0 ||
	    (d.st_mode & (S_ISVTX | S_IWOTH)) != (S_ISVTX | S_IWOTH) ||
	    sys_fstatat(w->cur, comp, &l, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISLNK(l.st_mode))
		return 0;
	if (l.st_uid == d.st_uid || l.st_uid == (uid_t)sys_setfsuid(-1))
		return 0;
	return -EACCES;
}

static int
walk_link(struct walk *w, const char *comp, bool last, struct path_res *r)
{
	char target[PATH_MAX];
	long n;

	/* The kernel's may_follow_link comes before RESOLVE_NO_SYMLINKS. */
	if (last && !walk_is_magic(w) && (n = walk_protected(w, comp)) < 0)
		return (int)n;
	if ((n = walk_nolinks(w, comp)) < 0)
		return (int)n;
	if (walk_is_magic(w) && (n = walk_magic_own(w)) < 0)
		return (int)n;
	/* A link of a process's directory on another procfs: syd's own
	 * would be read (procself.c). */
	if (path_proc_elsewhere(w->c, w->abs, w->cur))
		return -EACCES;
	n = walk_look(w, LOOK_READLINK, comp, target, sizeof(target), 0);
	if (n < 0)
		return n == -EINVAL ? -ENOTDIR : (int)n;
	if (n >= (long)sizeof(target))
		return -ENAMETOOLONG;
	/* A link after all, swapped in since walk_nolinks looked: under
	 * RESOLVE_NO_SYMLINKS the kernel never follows one. */
	if (w->flags & PATH_NO_SYMLINKS)
		return -ELOOP;
	target[n] = '\0';
	int e = walk_is_magic(w) && (w->flags & PATH_RESOLVE) ?
	    walk_magic_flags(w, comp) : 0;

	if (e < 0)
		return e;
	/* Gone or live, by syd's own name for it (before path_hide). */
	struct stat st;
	int g = walk_is_magic(w) && target[0] == '/' &&
	    walk_fstatat(w, comp, &st, 0) == 0 ? path_gone(target, &st) : 0;
	bool gone = g >= 1;

	if (g < 0)
		return g;
	/* A magic link's text is syd's name for the object: as the
	 * target names it (path_hide). */
	if (walk_is_magic(w))
		n = (long)path_hide(target, (size_t)n, w->c->hide,
		    w->c->hidelen);
	size_t tl = strlen(target);

	if (walk_is_magic(w) && (target[0] != '/' || gone)) {
		if (gone) {
			memcpy(r->obj, target, tl - 10);
			r->obj[tl - 10] = '\0';
			r->obj_alt = g == 2;
		}
		/* pipe:[N], a deleted file...: only the object itself,
		 * described by its own type (followed, as the call will). */
		if (!last)
			return -ENOENT;
		if ((e = walk_fstatat(w, comp, &st, 0)) < 0)
			return e;
		r->magic = true;
		r->exists = true;
		r->mode = st.st_mode;
		if (!gone && tl < sizeof(r->mtext))
			memcpy(r->mtext, target, tl + 1);
		else
			memcpy(r->mtext, gone ? "/" : "?", 2);
		return WALK_FINAL;
	}
	bool magic = walk_is_magic(w);

	if ((e = walk_splice(w, target, (size_t)n)) >= 0 && magic &&
	    (w->flags & PATH_NO_XDEV))
		w->xresume = w->rest + n;
	return e;
}

/* The last component exists and is what st says (lstat, from the walk). */
static int
walk_found(struct path_res *r, const struct stat *st)
{
	r->exists = true;
	r->mode = st->st_mode;
	r->st = *st;
	r->st_valid = true;
	return WALK_FINAL;
}

static int
walk_last(struct walk *w, const char *comp, struct path_res *r)
{
	struct stat st;
	int e = walk_fstatat(w, comp, &st, AT_SYMLINK_NOFOLLOW);

	if (e == -ENOENT) {
		r->exists = false;
		return WALK_FINAL;
	}
	if (e < 0)
		return e;
	if (S_ISLNK(st.st_mode) && !(w->flags & PATH_NOFOLLOW))
		return walk_link(w, comp, true, r);
	return walk_found(r, &st);
}

/*
 * A last "comp/" (not of a call that acts on the name itself): the
 * directory comp names, a symlink followed as the slash asks, named in
 * its parent. Nothing is looked up inside it, so, as in the kernel, no
 * search permission on it is needed (stat("d/") of a mode 0600 d).
 */
static int
walk_lastdir(struct walk *w, const char *comp, struct path_res *r)
{
	struct stat st;
	int e = walk_fstatat(w, comp, &st, AT_SYMLINK_NOFOLLOW);

	if (e < 0)
		return e;
	/* Followed as the trailing link it is to the kernel. */
	if (S_ISLNK(st.st_mode) && (e = walk_protected(w, comp)) < 0)
		return e;
	if (S_ISLNK(st.st_mode))
		return walk_link(w, comp, false, r);
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	return walk_found(r, &st);
}

static int
walk_step(struct walk *w, const char *comp, bool last, struct path_res *r)
{
	int fd;

	if (!last) {
		fd = walk_openat2(w, comp,
		    O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC,
		    RESOLVE_NO_MAGICLINKS | RESOLVE_BENEATH | walk_xdev(w));
		if (fd >= 0)
			return walk_set(w, fd); /* WALK_DESCENDED */
		if (fd != -ENOTDIR && fd != -ELOOP)
			return fd;
		return walk_link(w, comp, false, r);
	}
	return walk_last(w, comp, r);
}

/* Split the next component off w->rest; NULL when none is left. */
static char *
walk_next(struct walk *w, size_t *n, bool *last)
{
	char *comp = w->rest, *end;

	while (*comp == '/')
		comp++;
	if (*comp == '\0')
		return NULL;
	end = comp;
	while (*end != '\0' && *end != '/')
		end++;
	*n = (size_t)(end - comp);
	w->rest = end;
	while (*end == '/')
		end++;
	*last = *end == '\0';
	return comp;
}

/* The link itself, when fd is procfs's "self" or "thread-self": its
 * text as the target reads it goes to r->self. Those are the only links
 * so named on a procfs, at its root. */
static void
walk_empty_self(struct walk *w, int fd, struct path_res *r)
{
	const char *b = strrchr(r->abs, '/');
	struct statfs sf;
	bool self;

	if (!r->st_valid || !S_ISLNK(r->st.st_mode) || b == NULL)
		return;
	self = strcmp(b, "/self") == 0;
	if ((!self && strcmp(b, "/thread-self") != 0) ||
	    sys_call2(SYS_fstatfs, fd, (long)&sf) < 0 ||
	    sf.f_type != PATH_PROC_MAGIC)
		return;
	if (walk_self_text(w->c, self, r->self, sizeof(r->self)) < 0)
		r->self[0] = '\0';
}

/* AT_EMPTY_PATH: the target's dirfd itself, whatever it is. */
static int
walk_empty(struct walk *w, int dirfd, struct path_res *r)
{
	struct stat st;
	int gone = 0;
	int fd = path_base(w->c, dirfd, r->abs, sizeof(r->abs), false, &gone);
	size_t n;

	if (fd < 0)
		return fd;
	if (sys_fstatat(fd, "", &st, AT_EMPTY_PATH) == 0) {
		r->mode = st.st_mode;
		r->st = st;
		r->st_valid = true;
	}
	r->dirfd = fd;
	r->dirfd_own = true;
	r->name[0] = '.';
	r->exists = true;
	r->magic = r->abs[0] != '/';
	/* An O_PATH fd of the target's /proc/self or /proc/thread-self
	 * link itself: read by syd it would name syd (walk_proc_self). */
	walk_empty_self(w, fd, r);
	/* A file unlinked since it was opened (an O_TMPFILE one too; not
	 * a live file so named, path_gone): the name it had, as for its
	 * /proc/self/fd/N (walk_link). */
	n = strlen(r->abs);
	if (gone >= 1 && r->abs[0] == '/' && n > 10 &&
	    strcmp(r->abs + n - 10, " (deleted)") == 0) {
		memcpy(r->obj, r->abs, n - 10);
		r->obj[n - 10] = '\0';
		r->obj_alt = gone == 2;
	}
	return 0;
}

static int walk_finish(struct walk *w, const char *comp, size_t n,
    struct path_res *r);

/*
 * A call that acts on a name (PATH_LASTNAME) given "/", "." or ".." as
 * its last component: the kernel refuses it by the kind of name (rmdir:
 * EBUSY, EINVAL, ENOTEMPTY; mkdir, link, symlink, mknod: EEXIST; unlink:
 * EISDIR; rename: EBUSY) once the directories before it resolved, before
 * any permission check. The call is performed on that very name in the
 * directory before it ("/" as is), where it fails exactly so; such a
 * call never succeeds, so it cannot act outside a target's root either.
 * Rules see the directory the name means.
 */
static int
walk_special(struct walk *w, const char *name, struct path_res *r)
{
	int e = 0;

	if (name[0] == '.' && name[1] == '.' && (e = walk_up_name(w)) < 0)
		return e;
	if ((e = walk_finish(w, NULL, 0, r)) < 0)
		return e;
	memcpy(r->name, name, strlen(name) + 1);
	return 0;
}

static int
walk_finish(struct walk *w, const char *comp, size_t n, struct path_res *r)
{
	if (comp == NULL || (n == 1 && comp[0] == '.')) {
		r->name[0] = '.';
		r->name[1] = '\0';
		r->exists = true;
		r->mode = S_IFDIR;
		r->dirslash = true;
	} else {
		memcpy(r->name, comp, n);
		r->name[n] = '\0';
		if (walk_append(w, comp, n) < 0)
			return -ENAMETOOLONG;
	}
	r->dirfd = w->cur;
	r->dirfd_own = w->own;
	r->jumped = w->xresume != NULL;
	w->cur = -1;
	return 0;
}

static void canon_keep_slash(struct path_res *r);

static int
walk_run(struct walk *w, struct path_res *r)
{
	const bool lastname = (w->flags & PATH_LASTNAME) != 0;
	char name[NAME_MAX + 1];
	size_t n = 0;
	bool last = true, any = false;
	char *comp;
	int e;

	while ((comp = walk_next(w, &n, &last)) != NULL) {
		any = true;
		if (w->xresume != NULL && comp >= w->xresume)
			w->xresume = NULL;
		if (n > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(name, comp, n);
		name[n] = '\0';
		if (n == 1 && name[0] == '.') {
			if (last)
				break;
			continue;
		}
		if (n == 2 && name[0] == '.' && name[1] == '.') {
			if (last && lastname)
				return walk_special(w, name, r);
			if ((e = walk_up(w)) < 0)
				return e;
			if (last)
				break;
			continue;
		}
		/* A final /proc/self not followed is the link itself. */
		if ((e = walk_proc_self(w, name, n, last && w->rest[0] != '/' &&
		    (w->flags & PATH_NOFOLLOW) ? r : NULL)) != 0) {
			if (e < 0 || (e = walk_fast(w)) < 0)
				return e;
			continue;
		}
		/* With a trailing slash (written or from a link's target)
		 * the last component is a directory to enter (following a
		 * symlink), never a final name. w->rest is just past it.
		 * open(O_CREAT) refuses such a name, whatever it is. */
		if (last && w->rest[0] == '/' && (w->flags & PATH_CREATE))
			return -EISDIR;
		if (last && w->rest[0] == '/') {
			if ((e = walk_lastdir(w, name, r)) < 0)
				return e;
			if (e == WALK_FOLLOWED) {
				if ((e = walk_fast(w)) < 0)
					return e;
				continue;
			}
			if ((e = walk_finish(w, name, n, r)) == 0)
				canon_keep_slash(r);
			return e;
		}
		e = walk_step(w, name, last, r);
		if (e < 0)
			return e;
		if (e == WALK_FINAL)
			return walk_finish(w, name, n, r);
		/* What a link leads to: its directories in one step too
		 * when none of them is a link (/bin -> usr/bin). */
		if (e == WALK_FOLLOWED) {
			if ((e = walk_fast(w)) < 0)
				return e;
			continue;
		}
		if ((e = walk_append(w, name, n)) < 0)
			return e;
		if (last)
			break;
	}
	if (!any && lastname)
		return walk_special(w, "/", r);
	return walk_finish(w, NULL, 0, r);
}

/*
 * "name/" of a call that acts on a name: what the trailing slash means
 * depends on the call and on what the name is (mkdir takes it, mknod
 * answers ENOENT for a new name and EEXIST for an old one, rename
 * ENOTDIR for a file...), so it stays on the name the call is performed
 * with and the kernel judges it. The walk never follows the name either
 * way; rules see the name without it.
 */
static void
canon_keep_slash(struct path_res *r)
{
	size_t n = strlen(r->name);

	if (r->name[0] == '/' || (r->name[0] == '.' && (n == 1 ||
	    (n == 2 && r->name[1] == '.'))))
		return;
	r->name[n] = '/';
	r->name[n + 1] = '\0';
}

int
path_canon(struct path_ctx *c, int dirfd, const char *path, unsigned flags,
    struct path_res *r)
{
	struct walk w;
	size_t len = strlen(path), len0 = len;
	int e;

	/* Workers reuse one result: clear every field, not only those
	 * before abs (a stale magic would drop O_NOFOLLOW). */
	memset(r, 0, offsetof(struct path_res, abs));
	r->abs[0] = '\0';
	r->dirfd = -1;
	r->exists = r->magic = r->dirslash = r->st_valid = false;
	r->jumped = false;
	r->obj[0] = '\0';
	r->obj_alt = false;
	r->mode = 0;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	w.c = c;
	w.flags = flags;
	w.cur = -1;
	w.own = false;
	w.abs = r->abs;
	w.links = 0;
	w.which = 0;
	w.sfd = -1;
	w.slen = 0;
	w.rootset = path[0] == '/';
	w.xresume = NULL;
	if (len == 0)
		return (flags & PATH_EMPTY) ? walk_empty(&w, dirfd, r) : -ENOENT;
	/* RESOLVE_BENEATH: an absolute name is EXDEV before the dirfd is
	 * looked at; RESOLVE_IN_ROOT: relative to it ("/": itself). */
	if ((flags & PATH_BENEATH) && path[0] == '/')
		return -EXDEV;
	if (flags & PATH_IN_ROOT) {
		while (path[0] == '/' && path[1] != '\0')
			path++;
		if (path[0] == '/')
			path = ".";
		len = len0 = strlen(path);
	}
	r->dirslash = path[len - 1] == '/';
	memcpy(w.buf[0], path, len + 1);
	/* Calls that act on the name itself (unlink, mkdir, rename...) keep
	 * "dir/" as a final name that must be a directory. */
	if ((flags & PATH_LASTNAME) && r->dirslash) {
		while (len > 1 && w.buf[0][len - 1] == '/')
			w.buf[0][--len] = '\0';
	}
	w.rest = w.buf[0];
	if (path[0] == '/')
		e = walk_root(&w);
	else
		e = walk_set(&w, path_base(c, dirfd, r->abs, sizeof(r->abs), true,
		    NULL));
	if (e >= 0) {
		w.alen = strlen(r->abs);
		e = walk_scope(&w);
	}
	if (e >= 0)
		e = walk_fast(&w);
	if (e >= 0)
		e = walk_run(&w, r);
	if (w.cur >= 0 && w.own)
		sys_close(w.cur);
	if (w.sfd >= 0)
		sys_close(w.sfd);
	if (e == 0 && (flags & PATH_LASTNAME) && path[len0 - 1] == '/')
		canon_keep_slash(r);
	return e;
}

void
path_done(struct path_res *r)
{
	if (r->dirfd >= 0 && r->dirfd_own)
		sys_close(r->dirfd);
	r->dirfd = -1;
}
