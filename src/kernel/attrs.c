/* worker-safe */
/*
 * Calls that change a file's metadata or size: truncate, chmod, chown and
 * the utime family, by path and by fd. By path, the object is pinned with
 * an O_PATH|O_NOFOLLOW open of the resolved name and changed through
 * /proc/thread-self/fd/N (these calls have no *at form that refuses to
 * follow a symlink swapped in after the check). By fd, syd takes the
 * target's own open file description with pidfd_getfd: reopening the fd
 * by name could grant more than the target's fd allows.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kernel/kernel_int.h"

/* Resolve to an existing object. */
static int
attrs_resolve(struct emu *e, int dirfd, uint64_t path, unsigned pf)
{
	int r = kernel_prepare(e, dirfd, path, pf, false);

	if (r < 0)
		return r;
	return e->res.exists ? 0 : -ENOENT;
}

/* Check the resolved object and pin it: an O_PATH fd or -errno. */
static int
attrs_checkpin(struct emu *e, uint64_t caps)
{
	int r;

	if ((r = kernel_check(e, caps)) < 0)
		return r;
	if ((caps & POLICY_BIT(POLICY_TRUNCATE)) && kernel_appendonly(e))
		return -EPERM;
	if (e->path[0] == '\0') /* AT_EMPTY_PATH: res.dirfd is the object */
		return sys_fcntl(e->res.dirfd, F_DUPFD_CLOEXEC, 0);
	return kernel_opath(e);
}

/* Resolve, check cat, pin the object: returns an O_PATH fd or -errno. */
static int
attrs_pin(struct emu *e, int dirfd, uint64_t path, unsigned pf,
    uint64_t caps)
{
	int r = attrs_resolve(e, dirfd, path, pf);

	return r < 0 ? r : attrs_checkpin(e, caps);
}

/* The target's fd as our own copy, named after it; -errno or the fd. */
static int
attrs_fdresolve(struct emu *e, int fd)
{
	int r, ours;

	if ((r = kernel_ownfd(e, fd, &ours)) < 0)
		return r;
	if (!kernel_valid(e)) {
		sys_close(ours);
		return -ESRCH;
	}
	return ours;
}

/* Check our copy (attrs_fdresolve) against caps; closes it on denial. */
static int
attrs_fdcheck(struct emu *e, int ours, uint64_t caps)
{
	int r = 0;

	/* Objects with no name (pipes, sockets) are not path-checked. */
	if (kernel_is_path(e))
		r = kernel_check(e, caps);
	if (r == 0 && (caps & POLICY_BIT(POLICY_TRUNCATE)) &&
	    kernel_appendonly(e))
		r = -EPERM;
	if (r < 0)
		sys_close(ours);
	return r < 0 ? r : ours;
}

/* The target's fd: check cat on its path, return our copy or -errno. */
static int
attrs_fd(struct emu *e, int fd, uint64_t caps)
{
	int ours = attrs_fdresolve(e, fd);

	return ours < 0 ? ours : attrs_fdcheck(e, ours, caps);
}

/*
 * fcntl(F_SETFL), notified only while append+ rules exist: clearing
 * O_APPEND on an append-only file is refused; otherwise syd sets the
 * flags on the target's own open file description.
 */
/* performed (dispatch.c) */
long
kernel_fcntl(struct emu *e)
{
	long arg = (long)kernel_arg(e, 2);
	int fd = attrs_fdresolve(e, (int)kernel_arg(e, 0)), r;

	if (fd < 0)
		return fd;
	if (!(arg & O_APPEND) && kernel_is_path(e) && kernel_appendonly(e)) {
		sys_close(fd);
		return -EPERM;
	}
	r = sys_fcntl(fd, F_SETFL, arg);
	sys_close(fd);
	return r;
}

/*
 * A shared mapping writes through whatever O_APPEND says: mmap(MAP_SHARED)
 * of an append-only file by an fd open for writing is refused with
 * EACCES (the kernel's answer for a chattr +a file). A read-only fd's
 * mapping can never gain PROT_WRITE. Our copy of the fd decides.
 */
int
kernel_append_map(struct emu *e, int fd)
{
	int ours, fl, r;

	if ((r = kernel_ownfd(e, fd, &ours)) < 0)
		return r == -ESRCH ? r : -EBADF;
	fl = (int)sys_fcntl(ours, F_GETFL, 0);
	r = 0;
	if (!kernel_valid(e))
		r = -ESRCH;
	else if (fl >= 0 && (fl & O_ACCMODE) != O_RDONLY &&
	    kernel_is_path(e) && kernel_appendonly(e))
		r = -EACCES;
	sys_close(ours);
	return r;
}

static long
attrs_via(int fd, long nr, long a, long b, long c)
{
	char p[48];
	long r;

	if (fd < 0)
		return fd;
	kernel_procfd(p, sizeof(p), fd);
	if (nr == SYS_truncate)
		r = sys_call2(SYS_truncate, p, a);
	else if (nr == SYS_fchmodat)
		r = sys_call4(SYS_fchmodat, AT_FDCWD, p, a, 0);
	else if (nr == SYS_fchownat)
		r = sys_call5(SYS_fchownat, AT_FDCWD, p, a, b, 0);
	else
		r = sys_utimensat(AT_FDCWD, p, (const void *)a, (int)c);
	sys_close(fd);
	return r;
}

/*
 * RLIMIT_FSIZE is the target's, not syd's (unlimited): growing a file
 * (fd, syd's copy) to end bytes past the target's soft limit is EFBIG,
 * and SIGXFSZ for the calling thread, as the kernel's inode_newsize_ok.
 * The limit is read from /proc/TID/limits (prlimit would ask syd for
 * CAP_SYS_RESOURCE); unreadable, the call is made as it is.
 */
static long
attrs_fsize(struct emu *e, int fd, int64_t end)
{
	char buf[2048];
	const char *s;
	struct stat st;
	uint64_t lim = 0;

	if (end <= 0 || sys_proc_file((int)e->req.pid, "limits", buf,
	    sizeof(buf)) < 0 || (s = strstr(buf, "\nMax file size")) == NULL)
		return 0;
	for (s += 14; *s == ' '; s++)
		;
	if (*s < '0' || *s > '9')
		return 0; /* unlimited */
	while (*s >= '0' && *s <= '9' && lim <= UINT64_MAX / 10)
		lim = lim * 10 + (uint64_t)(*s++ - '0');
	if ((uint64_t)end <= lim || sys_fstatat(fd, "", &st, AT_EMPTY_PATH) < 0 ||
	    st.st_size >= end)
		return 0;
	if (e->tgid <= 0)
		e->tgid = path_tgid((int)e->req.pid);
	if (e->tgid > 0 && kernel_valid(e))
		sys_tgkill(e->tgid, (int)e->req.pid, SIGXFSZ);
	return -EFBIG;
}

struct kernel_ans
kernel_truncate(struct emu *e)
{
	int fd = attrs_pin(e, AT_FDCWD, kernel_arg(e, 0), 0,
	    POLICY_BIT(POLICY_TRUNCATE));
	long r;

	if (fd >= 0 && S_ISREG(e->res.mode) && kernel_crypted(e)) {
		/* The ciphertext is not the content: cut the plaintext
		 * object, which the AES worker then writes back. */
		sys_close(fd);
		if ((r = kernel_crypt_open(e, O_WRONLY, 0)) >= 0) {
			int pfd = (int)r;
			r = attrs_fsize(e, pfd, (int64_t)kernel_arg(e, 1));
			if (r == 0)
				r = sys_ftruncate(pfd, kernel_arg(e, 1));
			sys_close(pfd);
		}
		return kernel_result(e, r);
	}
	if (fd >= 0 && (r = attrs_fsize(e, fd, (int64_t)kernel_arg(e, 1))) < 0) {
		sys_close(fd);
		return kernel_result(e, r);
	}
	return kernel_result(e, attrs_via(fd, SYS_truncate, (long)kernel_arg(e, 1),
	    0, 0));
}

struct kernel_ans
kernel_ftruncate(struct emu *e)
{
	int fd = attrs_fd(e, (int)kernel_arg(e, 0),
	    POLICY_BIT(POLICY_TRUNCATE));
	long r = fd;

	if (fd >= 0) {
		int mode = (int)kernel_arg(e, 1);
		int64_t off = (int64_t)kernel_arg(e, 2);
		int64_t len = (int64_t)kernel_arg(e, 3);
		if (e->req.data.nr == SYS_ftruncate) {
			r = attrs_fsize(e, fd, (int64_t)kernel_arg(e, 1));
			if (r == 0)
				r = sys_ftruncate(fd, kernel_arg(e, 1));
		} else {
			/* Only an allocation that may grow the file asks
			 * the limit (0x01 KEEP_SIZE, 0x10 ZERO_RANGE,
			 * 0x40 UNSHARE_RANGE). */
			r = (mode & ~0x50) == 0 && off >= 0 && len > 0 &&
			    off <= INT64_MAX - len ?
			    attrs_fsize(e, fd, off + len) : 0;
			if (r == 0)
				r = sys_call4(SYS_fallocate, fd, mode, off,
				    len);
		}
		sys_close(fd);
	}
	return kernel_result(e, r);
}

struct kernel_ans
kernel_chmod(struct emu *e)
{
	int nr = e->req.data.nr, fd;
	bool at = nr != SYS_chmod;
	uint64_t flags = nr == SYS_fchmodat2 ? kernel_arg(e, 3) : 0;
	unsigned pf = (flags & AT_SYMLINK_NOFOLLOW) ? PATH_NOFOLLOW : 0;

	if (flags & ~(uint64_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
		return kernel_result(e, -EINVAL);
	}
	if (flags & AT_EMPTY_PATH)
		pf |= PATH_EMPTY;
	fd = attrs_pin(e, at ? (int)kernel_arg(e, 0) : AT_FDCWD,
	    kernel_arg(e, at ? 1 : 0), pf, POLICY_BIT(POLICY_CHMOD));
	/* A symlink's own mode cannot change (fchmodat2 NOFOLLOW). */
	if (fd >= 0 && S_ISLNK(e->res.mode)) {
		sys_close(fd);
		return kernel_result(e, -EOPNOTSUPP);
	}
	return kernel_result(e, attrs_via(fd, SYS_fchmodat, (long)kernel_arg(e,
	    at ? 2 : 1), 0, 0));
}

struct kernel_ans
kernel_fchmod(struct emu *e)
{
	int fd = attrs_fd(e, (int)kernel_arg(e, 0), POLICY_BIT(POLICY_CHMOD));
	long r = fd;

	if (fd >= 0) {
		r = sys_fchmod(fd, kernel_arg(e, 1));
		sys_close(fd);
	}
	return kernel_result(e, r);
}

/*
 * A new uid changes the owner (chown), a new gid the group (chgrp). An id
 * passed equal to the current one does not count when the other id is a
 * real change (chgrp(1) passes the owner unchanged, chown(1) the group);
 * a call that changes nothing counts every id it names.
 */
static uint64_t
chown_caps(struct emu *e, uint32_t uid, uint32_t gid)
{
	struct stat st;
	uint64_t caps = 0;
	int r = e->res.st_valid ? 0 : e->path[0] == '\0' ?
	    sys_fstatat(e->res.dirfd, "", &st, AT_EMPTY_PATH) :
	    sys_fstatat(e->res.dirfd, e->res.name, &st, AT_SYMLINK_NOFOLLOW);

	if (e->res.st_valid)
		st = e->res.st;
	if (uid != (uint32_t)-1 && (r < 0 || uid != st.st_uid))
		caps |= POLICY_BIT(POLICY_CHOWN);
	if (gid != (uint32_t)-1 && (r < 0 || gid != st.st_gid))
		caps |= POLICY_BIT(POLICY_CHGRP);
	if (caps != 0)
		return caps;
	if (uid != (uint32_t)-1)
		caps |= POLICY_BIT(POLICY_CHOWN);
	if (gid != (uint32_t)-1)
		caps |= POLICY_BIT(POLICY_CHGRP);
	return caps;
}

/*
 * In a user namespace that maps only syd's own ids (sandbox.h, idmap),
 * any other id (but -1) names no one there: the kernel answers EINVAL
 * once it has found the file.
 */
static bool
chown_unmapped(const struct emu *e, uint32_t uid, uint32_t gid)
{
	const struct sandbox *sb = e->sb;

	return sb->idmap && ((uid != (uint32_t)-1 && uid != sb->idmap_uid) ||
	    (gid != (uint32_t)-1 && gid != sb->idmap_gid));
}

struct kernel_ans
kernel_chown(struct emu *e)
{
	int nr = e->req.data.nr, at = nr == SYS_fchownat, fd;
	long r;
	uint32_t uid = (uint32_t)kernel_arg(e, 1 + at);
	uint32_t gid = (uint32_t)kernel_arg(e, 2 + at);
	int flags = at ? (int)kernel_arg(e, 4) : 0;
	unsigned pf = 0;

	/* The kernel refuses other flags before any look-up. */
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return kernel_result(e, -EINVAL);
	if (nr == SYS_lchown || (flags & AT_SYMLINK_NOFOLLOW))
		pf |= PATH_NOFOLLOW;
	if (flags & AT_EMPTY_PATH)
		pf |= PATH_EMPTY;
	fd = attrs_resolve(e, at ? (int)kernel_arg(e, 0) : AT_FDCWD,
	    kernel_arg(e, at), pf);
	if (fd >= 0)
		fd = attrs_checkpin(e, chown_caps(e, uid, gid));
	if (fd < 0) {
		return kernel_result(e, fd);
	}
	/* On the pinned object itself: a symlink's own owner for lchown. */
	r = chown_unmapped(e, uid, gid) ? -EINVAL :
	    sys_call5(SYS_fchownat, fd, "", uid, gid, AT_EMPTY_PATH);
	sys_close(fd);
	return kernel_result(e, r);
}

struct kernel_ans
kernel_fchown(struct emu *e)
{
	uint32_t uid = (uint32_t)kernel_arg(e, 1), gid = (uint32_t)kernel_arg(e, 2);
	int fd = attrs_fdresolve(e, (int)kernel_arg(e, 0));
	long r;

	if (fd >= 0)
		fd = attrs_fdcheck(e, fd, chown_caps(e, uid, gid));
	r = fd;

	if (fd >= 0) {
		r = chown_unmapped(e, uid, gid) ? -EINVAL :
		    sys_fchown(fd, uid, gid);
		sys_close(fd);
	}
	return kernel_result(e, r);
}

/* Read the times argument of each utime flavour as two timespecs. */
static int
utime_times(struct emu *e, uint64_t addr, struct timespec ts[2], bool *now)
{
	int nr = e->req.data.nr, pid = (int)e->req.pid;
	long v[4];

	*now = addr == 0;
	if (*now)
		return 0;
	if (nr == SYS_utimensat)
		return sys_vm_read(pid, ts, addr, 2 * sizeof(*ts)) ==
		    (long)(2 * sizeof(*ts)) ? 0 : -EFAULT;
	if (nr == SYS_utime) { /* struct utimbuf: actime, modtime */
		if (sys_vm_read(pid, v, addr, 2 * sizeof(long)) !=
		    (long)(2 * sizeof(long)))
			return -EFAULT;
		ts[0] = (struct timespec){ v[0], 0 };
		ts[1] = (struct timespec){ v[1], 0 };
		return 0;
	}
	/* utimes, futimesat: struct timeval[2] */
	if (sys_vm_read(pid, v, addr, sizeof(v)) != (long)sizeof(v))
		return -EFAULT;
	if (v[1] < 0 || v[1] >= 1000000 || v[3] < 0 || v[3] >= 1000000)
		return -EINVAL;
	ts[0] = (struct timespec){ v[0], v[1] * 1000 };
	ts[1] = (struct timespec){ v[2], v[3] * 1000 };
	return 0;
}

/* performed (dispatch.c) */
long
kernel_utime(struct emu *e)
{
	int nr = e->req.data.nr, at = nr == SYS_utimensat || nr == SYS_futimesat;
	int flags = nr == SYS_utimensat ? (int)kernel_arg(e, 3) : 0, fd, r;
	uint64_t path = kernel_arg(e, at);
	struct timespec ts[2];
	bool now;

	/* The kernel's order: the times, both UTIME_OMIT changing nothing
	 * (not even the flags or the path are looked at), the flags. */
	if ((r = utime_times(e, kernel_arg(e, at + 1), ts, &now)) < 0)
		return r;
	if (nr == SYS_utimensat && !now && ts[0].tv_nsec == UTIME_OMIT &&
	    ts[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	/* No path: futimens(fd), which takes no flags; with AT_FDCWD a
	 * path it cannot read. */
	if (nr == SYS_utimensat && path == 0 &&
	    (int)kernel_arg(e, 0) == AT_FDCWD)
		return -EFAULT;
	if (nr == SYS_utimensat && path == 0 && flags != 0)
		return -EINVAL;
	if (nr == SYS_utimensat && path == 0) { /* futimens(fd) */
		fd = attrs_fd(e, (int)kernel_arg(e, 0), POLICY_BIT(POLICY_UTIME));
		if (fd < 0)
			return fd;
		r = (int)sys_utimensat(fd, NULL, now ? NULL : ts, 0);
		sys_close(fd);
		return r;
	}
	fd = attrs_pin(e, at ? (int)kernel_arg(e, 0) : AT_FDCWD, path,
	    ((flags & AT_SYMLINK_NOFOLLOW) ? PATH_NOFOLLOW : 0) |
	    ((flags & AT_EMPTY_PATH) ? PATH_EMPTY : 0),
	    POLICY_BIT(POLICY_UTIME));
	if (fd >= 0 && S_ISLNK(e->res.mode)) {
		/* A symlink's own times: its parent and name, no follow. */
		sys_close(fd);
		return sys_utimensat(e->res.dirfd, e->res.name,
		    now ? NULL : ts, AT_SYMLINK_NOFOLLOW);
	}
	return attrs_via(fd, SYS_utimensat, (long)(now ? NULL : ts), 0, 0);
}
