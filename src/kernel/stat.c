/* worker-safe */
/*
 * The stat family, access, readlink and statfs, performed by syd on the
 * resolved parent with AT_SYMLINK_NOFOLLOW and written back into the
 * target with process_vm_writev. A path the stat policy hides answers
 * ENOENT, as if it did not exist.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "kernel/kernel_int.h"

#define STAT_SYNC_TYPE 0x6000 /* AT_STATX_SYNC_TYPE */

struct stat_args {
	int dirfd;
	uint64_t path;
	uint64_t buf;
	unsigned pflags;
	int atflags;
};

static void
stat_args(struct emu *e, struct stat_args *a)
{
	int nr = e->req.data.nr;

	a->dirfd = AT_FDCWD;
	a->atflags = 0;
	if (nr == SYS_stat || nr == SYS_lstat) {
		a->path = kernel_arg(e, 0);
		a->buf = kernel_arg(e, 1);
		if (nr == SYS_lstat)
			a->atflags = AT_SYMLINK_NOFOLLOW;
	} else if (nr == SYS_newfstatat) {
		a->dirfd = (int)kernel_arg(e, 0);
		a->path = kernel_arg(e, 1);
		a->buf = kernel_arg(e, 2);
		a->atflags = (int)kernel_arg(e, 3);
	} else { /* statx */
		a->dirfd = (int)kernel_arg(e, 0);
		a->path = kernel_arg(e, 1);
		a->atflags = (int)kernel_arg(e, 2);
		a->buf = kernel_arg(e, 4);
	}
	a->pflags = 0;
	if (a->atflags & AT_SYMLINK_NOFOLLOW)
		a->pflags |= PATH_NOFOLLOW;
	if (a->atflags & AT_EMPTY_PATH)
		a->pflags |= PATH_EMPTY;
}

/* Resolve and decide; 0 when the call may be performed on e->res. */
static int
stat_resolve(struct emu *e, int dirfd, uint64_t path, unsigned pflags,
    bool real)
{
	int r;

	if (real && (r = kernel_creds(e, true)) < 0)
		return r;
	if ((r = kernel_path(e, dirfd, path, pflags)) < 0)
		return r;
	if (e->magic)
		return kernel_valid(e) ? 0 : -ESRCH;
	if (!kernel_valid(e))
		return -ESRCH;
	/* fstat through AT_EMPTY_PATH: an fd the target already holds. */
	if (e->path[0] == '\0')
		return 0;
	/* Hidden or missing, the answer is the same ENOENT: no log line
	 * for every miss of a PATH search. */
	if (!e->res.exists)
		return -ENOENT;
	return kernel_check(e, POLICY_BIT(POLICY_STAT));
}

/* The final name and flags for a *at call on e->res. */
static const char *
stat_name(const struct emu *e, int *atflags)
{
	if (e->path[0] == '\0') {
		*atflags = AT_EMPTY_PATH;
		return "";
	}
	*atflags = e->res.magic ? 0 : AT_SYMLINK_NOFOLLOW;
	return e->res.name;
}

/*
 * The owner and group as the target sees them: in a user namespace that
 * maps only syd's ids (sandbox.h, idmap), every other id reads as the
 * overflow one, as the kernel shows it there. buf is a struct statx
 * (stx_uid and stx_gid at bytes 20 and 24) or a struct stat.
 */
static void
stat_ids(const struct emu *e, void *buf, bool sx)
{
	const struct sandbox *sb = e->sb;
	uint32_t id[2];

	if (!sb->idmap)
		return;
	if (sx) {
		memcpy(id, (char *)buf + 20, sizeof(id));
	} else {
		struct stat st;
		memcpy(&st, buf, sizeof(st));
		id[0] = st.st_uid;
		id[1] = st.st_gid;
	}
	if (id[0] != sb->idmap_uid)
		id[0] = sb->overflow_uid;
	if (id[1] != sb->idmap_gid)
		id[1] = sb->overflow_gid;
	if (sx) {
		memcpy((char *)buf + 20, id, sizeof(id));
	} else {
		((struct stat *)buf)->st_uid = id[0];
		((struct stat *)buf)->st_gid = id[1];
	}
}

static int
stat_put(struct emu *e, uint64_t addr, const void *buf, size_t n)
{
	if (sys_vm_write((int)e->req.pid, buf, addr, n) != (long)n)
		return -EFAULT;
	return 0;
}

static int
stat_magic(struct emu *e, const struct stat_args *a)
{
	uint64_t buf[32]; /* struct stat (144) or statx (256) */
	bool sx = e->req.data.nr == SYS_statx;
	int r = kernel_magic_stat(e, buf, sx, (unsigned)kernel_arg(e, 3));

	if (r < 0)
		return r;
	stat_ids(e, buf, sx);
	return stat_put(e, a->buf, buf, sx ? 256 : sizeof(struct stat));
}

/*
 * The stat itself, in the resolved parent. A link in the target's own
 * fd directory followed to its object (a pipe: no name to reach it by)
 * is looked up as its thread group may (kernel_grant_begin); a stat
 * checks no permission on the object.
 */
static int
stat_at(struct emu *e, const char *name, int fl, unsigned mask, void *out,
    bool sx)
{
	uint64_t saved;
	int r;

	for (int granted = 0;; granted = 1) {
		r = sx ? sys_statx(e->res.dirfd, name, fl, mask, out) :
		    sys_fstatat(e->res.dirfd, name, out, fl);
		if (granted) {
			path_grant_end(saved);
			return r;
		}
		if (r != -EACCES || name[0] == '\0' ||
		    !kernel_grant_begin(e, true, 0, &saved))
			return r;
	}
}

/* performed (dispatch.c) */
long
kernel_stat(struct emu *e)
{
	struct stat_args a;
	const char *name, *repl;
	int r, fl;

	stat_args(e, &a);
	/* The kernel refuses other flags before any look-up (vfs_statx);
	 * statx also both sync types and a reserved mask bit. */
	if (a.atflags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT |
	    AT_EMPTY_PATH | STAT_SYNC_TYPE))
		return -EINVAL;
	if (e->req.data.nr == SYS_statx &&
	    ((a.atflags & STAT_SYNC_TYPE) == STAT_SYNC_TYPE ||
	    (kernel_arg(e, 3) & 0x80000000u /* STATX__RESERVED */)))
		return -EINVAL;
	r = stat_resolve(e, a.dirfd, a.path, a.pflags | KERNEL_PATH_MAGIC,
	    false);
	if (r < 0)
		return r;
	if (e->magic)
		return stat_magic(e, &a);
	name = stat_name(e, &fl);
	if (e->path[0] != '\0' && (repl = kernel_mask_repl(e)) != NULL) {
		/* mask+: the path is its replacement for the target. */
		path_done(&e->res);
		e->res.dirfd = AT_FDCWD;
		e->res.st_valid = false;
		e->res.magic = true;
		name = repl;
		fl = 0;
	}
	if (e->req.data.nr == SYS_statx) {
		/* struct statx is 256 bytes; copied whole, never read. */
		uint64_t stx[32];
		fl |= a.atflags & STAT_SYNC_TYPE;
		r = stat_at(e, name, fl, (unsigned)kernel_arg(e, 3), stx,
		    true);
		if (r < 0)
			return r;
		stat_ids(e, stx, true);
		return stat_put(e, a.buf, &stx, sizeof(stx));
	} else if (e->res.st_valid && (!e->res.magic || e->path[0] == '\0')) {
		/* The walk already took this lstat of the checked object
		 * (its fstat, for AT_EMPTY_PATH: the target's fd itself). */
		struct stat st = e->res.st;
		stat_ids(e, &st, false);
		return stat_put(e, a.buf, &st, sizeof(st));
	} else {
		struct stat st;
		r = stat_at(e, name, fl, 0, &st, false);
		if (r < 0)
			return r;
		stat_ids(e, &st, false);
		return stat_put(e, a.buf, &st, sizeof(st));
	}
}

/* performed (dispatch.c) */
long
kernel_access(struct emu *e)
{
	int nr = e->req.data.nr, dirfd = AT_FDCWD, mode, flags = 0, fl, r;
	uint64_t path;
	const char *name;

	if (nr == SYS_access) {
		path = kernel_arg(e, 0);
		mode = (int)kernel_arg(e, 1);
	} else {
		dirfd = (int)kernel_arg(e, 0);
		path = kernel_arg(e, 1);
		mode = (int)kernel_arg(e, 2);
		if (nr == SYS_faccessat2)
			flags = (int)kernel_arg(e, 3);
	}
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = stat_resolve(e, dirfd, path,
	    ((flags & AT_SYMLINK_NOFOLLOW) ? PATH_NOFOLLOW : 0) |
	    ((flags & AT_EMPTY_PATH) ? PATH_EMPTY : 0),
	    !(flags & AT_EACCESS));
	if (r < 0)
		return r;
	name = stat_name(e, &fl);
	/* Always AT_EACCESS: the kernel would otherwise use syd's real ids;
	 * kernel_creds set our filesystem ids to the ones the target's call
	 * uses. */
	r = (int)sys_call4(SYS_faccessat2, e->res.dirfd, name, mode,
	    fl | AT_EACCESS);
	/* Its own fd directory: any mode, as for its thread group
	 * (kernel_grant_begin); access(2) acts on nothing. */
	uint64_t saved;
	if (r == -EACCES && kernel_grant_begin(e, false, 1ULL << 1 /*
	    CAP_DAC_OVERRIDE */, &saved)) {
		r = (int)sys_call4(SYS_faccessat2, e->res.dirfd, name, mode,
		    fl | AT_EACCESS);
		path_grant_end(saved);
	}
	return r;
}

/* performed (dispatch.c) */
long
kernel_readlink(struct emu *e)
{
	bool at = e->req.data.nr == SYS_readlinkat;
	int dirfd = at ? (int)kernel_arg(e, 0) : AT_FDCWD;
	uint64_t buf = kernel_arg(e, at ? 2 : 1);
	long size = (long)kernel_arg(e, at ? 3 : 2), n;
	char target[PATH_MAX];
	int r;

	if (size <= 0)
		return -EINVAL;
	r = stat_resolve(e, dirfd, kernel_arg(e, at ? 1 : 0),
	    PATH_NOFOLLOW | PATH_EMPTY, false);
	if (r < 0)
		return r;
	/* Another process's magic link: syd would read it with
	 * CAP_SYS_PTRACE (path_proc_own). */
	if (e->path[0] != '\0' && e->res.self[0] == '\0' &&
	    (r = kernel_magic_own(e)) < 0)
		return r;
	/* /proc/self read by syd would name syd: the target's own text
	 * (by name, or an O_PATH fd of the link itself). */
	if (e->res.self[0] != '\0') {
		n = (long)strlen(e->res.self);
		memcpy(target, e->res.self, (size_t)n);
	} else {
		n = sys_readlinkat(e->res.dirfd, e->path[0] ? e->res.name : "",
		    target, sizeof(target));
		/* A link in its own fd directory: the look-up is its
		 * thread group's (kernel_grant_begin). */
		uint64_t saved;
		if (n == -EACCES && e->path[0] != '\0' &&
		    kernel_grant_begin(e, true, 0, &saved)) {
			n = sys_readlinkat(e->res.dirfd, e->res.name, target,
			    sizeof(target));
			path_grant_end(saved);
		}
	}
	if (n < 0)
		return (int)n;
	/* procfs links are the kernel's names, made from syd's root: as
	 * the target names them (path_hide). */
	if (n < (long)sizeof(target) && strncmp(e->res.abs, "/proc/", 6) == 0) {
		target[n] = '\0';
		n = (long)path_hide(target, (size_t)n, e->sb->tree_root,
		    e->sb->tree_rootlen);
	}
	if (n > size)
		n = size;
	return stat_put(e, buf, target, (size_t)n) < 0 ? -EFAULT : (int)n;
}

/* performed (dispatch.c) */
long
kernel_statfs(struct emu *e)
{
	struct statfs sf;
	int r, fd;

	r = stat_resolve(e, AT_FDCWD, kernel_arg(e, 0), 0, false);
	if (r < 0)
		return r;
	fd = sys_openat(e->res.dirfd, e->res.name,
	    O_PATH | (e->res.magic ? 0 : O_NOFOLLOW), 0);
	if (fd < 0)
		return fd;
	r = (int)sys_call2(SYS_fstatfs, fd, &sf);
	sys_close(fd);
	return r < 0 ? r : stat_put(e, kernel_arg(e, 1), &sf, sizeof(sf));
}
