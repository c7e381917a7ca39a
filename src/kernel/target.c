/* worker-safe */
/*
 * The target's side of a call: its paths and fds resolved as it would
 * resolve them (from its own root when it may have one), the validity
 * check after reading its memory, and the result of the call as an
 * answer (kernel_result, kernel_checked).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/kernel_int.h"
#include "rt/rt.h"

bool
kernel_valid(struct emu *e)
{
	return sys_notif_id_valid(e->fd, e->req.id) == 0;
}

/* Who resolves for the target: from syd's root, syd's names hidden. */
static struct path_ctx
target_ctx(struct emu *e)
{
	return (struct path_ctx){
		.tid = (int)e->req.pid,
		.tgid = e->tgid,
		.rootfd = e->sb->rootfd,
		.hide = e->sb->tree_root,
		.hidelen = e->sb->tree_rootlen,
		.keep = &e->pidfd,
	};
}

/*
 * After a chroot inside the sandbox, a target's "/" is not syd's: resolve
 * from its own root (/proc/TID/root), keeping the root's real path as the
 * prefix of every canonical path, so rules still see real paths.
 */
static int
kernel_root(struct emu *e, struct path_ctx *c)
{
	char p[64];
	long n;
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/root", c->tid);
	if ((fd = sys_openat(AT_FDCWD, p, O_PATH | O_DIRECTORY, 0)) < 0)
		return fd;
	n = sys_readlinkat(AT_FDCWD, p, e->rootpath, sizeof(e->rootpath));
	if (n <= 0 || n >= (long)sizeof(e->rootpath)) {
		sys_close(fd);
		return n < 0 ? (int)n : -ENAMETOOLONG;
	}
	e->rootpath[n] = '\0';
	n = (long)path_hide(e->rootpath, (size_t)n, c->hide, c->hidelen);
	c->rootfd = fd;
	c->rootpath = e->rootpath;
	c->rootlen = (size_t)n;
	return fd;
}

/*
 * For a call that met EACCES on the directory e->res names (parent:
 * the one its last name is in): the target's own fd or map_files
 * directory, which the kernel would have let it into
 * (path_grant_begin). Not in a chroot'ed target's /proc.
 */
bool
kernel_grant_begin(struct emu *e, bool parent, uint64_t add,
    uint64_t *saved)
{
	struct path_ctx c = target_ctx(e);
	char dir[64]; /* "/proc/PID/task/TID/map_files" at most */
	const char *slash = strrchr(e->res.abs, '/');
	/* "." names the directory abs already is (walk_finish). */
	bool in = parent && strcmp(e->res.name, ".") != 0;
	size_t n = in && slash != NULL ? (size_t)(slash - e->res.abs) :
	    strlen(e->res.abs);

	if (!e->res.exists || (!parent && !S_ISDIR(e->res.mode)) ||
	    n >= sizeof(dir) ||
	    __atomic_load_n(&e->sb->chrooted, __ATOMIC_ACQUIRE))
		return false;
	memcpy(dir, e->res.abs, n);
	dir[n] = '\0';
	return path_grant_begin(&c, dir, add, saved);
}

int
kernel_canon(struct emu *e, int dirfd, const char *buf, unsigned flags,
    struct path_res *res)
{
	struct path_ctx c = target_ctx(e);
	int r, rootfd = -1;

	if (__atomic_load_n(&e->sb->chrooted, __ATOMIC_ACQUIRE) &&
	    (rootfd = kernel_root(e, &c)) < 0)
		return rootfd;
	r = path_canon(&c, dirfd, buf, flags, res);
	e->tgid = c.tgid;
	if (r == 0 && path_proc_elsewhere(&c, res->abs, res->dirfd)) {
		rt_log_msg(RT_WARN, "access", "proc_elsewhere", "%s: a process's "
		    "entry on a procfs mounted elsewhere than /proc: refused",
		    res->abs);
		path_done(res);
		r = -EACCES;
	}
	if (rootfd >= 0) {
		/* The result may borrow the root fd: give it its own. */
		if (r == 0 && res->dirfd == rootfd && !res->dirfd_own) {
			res->dirfd = sys_fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
			res->dirfd_own = true;
			if (res->dirfd < 0)
				r = res->dirfd;
		}
		sys_close(rootfd);
	}
	return r;
}

static int
kernel_path_into(struct emu *e, int dirfd, uint64_t addr, unsigned flags,
    char *buf, size_t pre, struct path_res *res)
{
	long n = path_read_from((int)e->req.pid, addr, buf, PATH_MAX, pre);

	if (n < 0)
		return (int)n;
	/* The magic interface, as written; never looked up on disk. */
	if ((flags & KERNEL_PATH_MAGIC) && kernel_is_magic(buf)) {
		e->magic = true;
		return 0;
	}
	/* trace/deny_dotdot: the argument as written, before any lookup. */
	if ((flags & KERNEL_PATH_DOTDOT) && kernel_policy(e)->deny_dotdot &&
	    kernel_has_dotdot(buf))
		return -EACCES;
	return kernel_canon(e, dirfd, buf,
	    flags & ~(KERNEL_PATH_MAGIC | KERNEL_PATH_DOTDOT), res);
}

bool
kernel_has_dotdot(const char *p)
{
	for (const char *s = p; (s = strstr(s, "..")) != NULL; s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
			return true;
	return false;
}

int
kernel_path(struct emu *e, int dirfd, uint64_t addr, unsigned flags)
{
	size_t pre = e->path_pre_addr == addr ? e->path_pre : 0;

	e->res2.dirfd = -1;
	e->path_pre = 0;
	return kernel_path_into(e, dirfd, addr, flags, e->path, pre, &e->res);
}

int
kernel_path2(struct emu *e, int dirfd, uint64_t addr, unsigned flags)
{
	return kernel_path_into(e, dirfd, addr, flags, e->path2, 0, &e->res2);
}

int
kernel_prepare(struct emu *e, int dirfd, uint64_t addr, unsigned flags,
    bool umask)
{
	int r;

	if ((r = kernel_path(e, dirfd, addr, flags)) < 0)
		return r;
	if (!kernel_valid(e))
		return -ESRCH;
	return umask ? kernel_umask(e) : 0;
}

/*
 * -ESRCH from a handler usually means the target went away; only when the
 * notification is really dead may it go unanswered, or a live target
 * whose /proc could not be read would wait forever.
 */
bool
kernel_gone(struct emu *e, long r)
{
	return r == -ESRCH && !kernel_valid(e);
}

int
kernel_prepare_new(struct emu *e, int dirfd, uint64_t addr,
    enum policy_cat cat, bool umask)
{
	int r = kernel_prepare(e, dirfd, addr, PATH_NOFOLLOW | PATH_LASTNAME,
	    umask);

	if (r == 0)
		r = kernel_newname(e, e->res.name, e->res.abs);
	return r < 0 ? r : kernel_check(e, POLICY_BIT(cat));
}

struct sandbox_slot *
kernel_block_begin(struct emu *e)
{
	return sandbox_block_begin(e->sb, e->tid, (int)e->req.pid, e->req.id);
}

bool
kernel_block_retry(const struct sandbox_slot *s, long r)
{
	/* A stray SIGALRM, not the interrupter's kick: keep waiting. */
	return r == -EINTR && s != NULL &&
	    !__atomic_load_n(&s->kicked, __ATOMIC_ACQUIRE);
}

long
kernel_block_end(struct emu *e, struct sandbox_slot *s, long r)
{
	if (sandbox_block_end(e->sb, s) && r == -EINTR)
		return -SYS_ERESTARTSYS;
	return r;
}

static struct kernel_ans
target_answer(struct emu *e, long r, bool cont)
{
	path_done(&e->res);
	path_done(&e->res2);
	return kernel_ans_of(r, cont, kernel_gone(e, r));
}

struct kernel_ans
kernel_result(struct emu *e, long r)
{
	return target_answer(e, r, false);
}

struct kernel_ans
kernel_checked(struct emu *e, long r)
{
	return target_answer(e, r, true);
}

/*
 * Is d (syd's O_PATH fd) the object of e->res's magic link the walk
 * judged? Its link text, named as the walk names it, and its type must be
 * the walk's (e->res.mtext, .obj, .mode).
 */
static bool
magic_same(struct emu *e, int d)
{
	const struct path_res *r = &e->res;
	char p[48], t[PATH_MAX];
	struct stat st;
	size_t ol = strlen(r->obj);
	long n;

	kernel_procfd(p, sizeof(p), d);
	n = sys_readlinkat(AT_FDCWD, p, t, sizeof(t) - 1);
	if (n < 0 || sys_fstatat(d, "", &st, AT_EMPTY_PATH) < 0 ||
	    (st.st_mode & S_IFMT) != (r->mode & S_IFMT))
		return false;
	t[n] = '\0';
	/* A deleted file: not a live one whose name ends so (path_gone,
	 * on syd's own name for it, as the walk decided). */
	if (strcmp(r->mtext, "/") == 0 && path_gone(t, &st) < 1)
		return false;
	n = (long)path_hide(t, (size_t)n, e->sb->tree_root,
	    e->sb->tree_rootlen);
	if (strcmp(r->mtext, "/") == 0)
		return (size_t)n == ol + 10 && memcmp(t, r->obj, ol) == 0 &&
		    strcmp(t + ol, " (deleted)") == 0;
	return strcmp(r->mtext, "?") != 0 && strcmp(t, r->mtext) == 0;
}

int
kernel_magic_pin(struct emu *e, bool grant)
{
	const struct path_res *r = &e->res;
	const char *slash = strrchr(r->abs, '/');
	uint64_t saved;
	int d = sys_openat(r->dirfd, r->name, O_PATH | O_CLOEXEC, 0);

	/* Its own fd directory only: map_files links are the kernel's to
	 * refuse (CAP_SYS_ADMIN), as they are syd's. */
	if (d == -EACCES && grant && slash != NULL && slash - r->abs >= 3 &&
	    memcmp(slash - 3, "/fd", 3) == 0 &&
	    kernel_grant_begin(e, true, 0, &saved)) {
		d = sys_openat(r->dirfd, r->name, O_PATH | O_CLOEXEC, 0);
		path_grant_end(saved);
	}
	if (d >= 0 && r->mtext[0] != '\0' && !magic_same(e, d)) {
		sys_close(d);
		rt_log_msg(RT_WARN, "access", "magic_race", "%s: the fd was "
		    "replaced after it was judged: refused", r->abs);
		return -EACCES;
	}
	return d;
}

int
kernel_opath(struct emu *e)
{
	const struct path_res *r = &e->res;

	if (r->magic)
		return kernel_magic_pin(e, true);
	return sys_openat(r->dirfd, r->name, O_PATH | O_NOFOLLOW, 0);
}

void
kernel_procfd(char *buf, size_t size, int fd)
{
	sys_proc_name(buf, size, fd);
}

int
kernel_getfd(struct emu *e, int fd)
{
	struct path_ctx c = { .tid = (int)e->req.pid, .tgid = e->tgid,
	    .keep = &e->pidfd };
	int r = path_getfd(&c, fd);

	e->tgid = c.tgid;
	return r;
}

int
kernel_ownfd(struct emu *e, int fd, int *ours)
{
	char p[48];
	long n;
	int r;

	e->path[0] = '\0';
	e->res2.dirfd = -1;
	e->res.dirfd = -1;
	e->res.magic = false;
	e->res.obj[0] = '\0';
	e->res.obj_alt = false;
	e->res.st_valid = false;
	if ((*ours = kernel_getfd(e, fd)) < 0)
		return *ours;
	snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", *ours);
	n = sys_readlinkat(AT_FDCWD, p, e->res.abs, sizeof(e->res.abs) - 1);
	if (n == -ENAMETOOLONG)
		n = path_longname(*ours, e->res.abs, sizeof(e->res.abs));
	if (n == -ENOTDIR || n == -ENAMETOOLONG)
		n = 0; /* a file too deep to name: "" (kernel_is_path) */
	if (n < 0) {
		r = (int)n;
		sys_close(*ours);
		*ours = -1;
		return r;
	}
	e->res.abs[n] = '\0';
	/* Removed, or a live file so named (path_gone, on syd's own name):
	 * judged by the name it had, its own, or both. */
	struct stat st;
	int g = 0;
	if (n > 10 && strcmp(e->res.abs + n - 10, " (deleted)") == 0 &&
	    ((g = sys_fstatat(*ours, "", &st, AT_EMPTY_PATH)) < 0 ||
	    (g = path_gone(e->res.abs, &st)) < 0)) {
		sys_close(*ours);
		*ours = -1;
		return g;
	}
	n = (long)path_hide(e->res.abs, (size_t)n, e->sb->tree_root,
	    e->sb->tree_rootlen);
	if (g >= 1) {
		memcpy(e->res.obj, e->res.abs, (size_t)n - 10);
		e->res.obj[n - 10] = '\0';
		e->res.obj_alt = g == 2;
		e->res.magic = true;
	}
	/* Borrowed: the caller owns and closes *ours. */
	e->res.dirfd = *ours;
	e->res.dirfd_own = false;
	e->res.exists = true;
	return 0;
}

int
kernel_fdpath(struct emu *e, int fd)
{
	struct path_ctx c = target_ctx(e);
	int r;

	e->path[0] = '\0';
	e->res2.dirfd = -1;
	r = path_canon(&c, fd, "", PATH_EMPTY, &e->res);
	e->tgid = c.tgid;
	return r;
}

int
kernel_magic_own(struct emu *e)
{
	char d[PATH_ABS_MAX], *sl;
	size_t n = strnlen(e->res.abs, sizeof(d) - 1);
	struct path_ctx c;
	int r, rootfd = -1;

	memcpy(d, e->res.abs, n);
	d[n] = '\0';
	if ((sl = strrchr(d, '/')) == NULL || sl == d)
		return 0;
	*sl = '\0';
	c = target_ctx(e);
	/* In its own root: names below the root's path, and its /proc
	 * numbered as its pid namespace numbers (as kernel_canon walks). */
	if (__atomic_load_n(&e->sb->chrooted, __ATOMIC_ACQUIRE)) {
		if ((rootfd = kernel_root(e, &c)) < 0)
			return rootfd;
		if (c.rootlen > 1 && strncmp(d, c.rootpath, c.rootlen) == 0 &&
		    d[c.rootlen] == '/')
			memmove(d, d + c.rootlen, strlen(d + c.rootlen) + 1);
	}
	/* path_proc_own reads the target's /proc from its root. */
	r = path_proc_magic_dir(d) ? path_proc_own(&c, d) : 0;
	if (rootfd >= 0)
		sys_close(rootfd);
	if (c.tgid > 0)
		e->tgid = c.tgid;
	return r;
}
