/* worker-safe */
/*
 * Calls that add or remove a directory entry: unlink, rmdir, mkdir and
 * mknod. Each acts on the resolved parent fd and the final name, never
 * following a final symlink, with the target's credentials and umask, so
 * what syd creates is owned and moded as if the target had made it.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/kernel_int.h"

/* performed (dispatch.c) */
long
kernel_unlink(struct emu *e)
{
	int nr = e->req.data.nr, dirfd = AT_FDCWD, flags = 0, r;
	uint64_t path = kernel_arg(e, 0);
	enum policy_cat cat;

	if (nr == SYS_unlinkat) {
		dirfd = (int)kernel_arg(e, 0);
		path = kernel_arg(e, 1);
		flags = (int)kernel_arg(e, 2);
		if (flags & ~AT_REMOVEDIR)
			return -EINVAL;
	} else if (nr == SYS_rmdir) {
		flags = AT_REMOVEDIR;
	}
	cat = (flags & AT_REMOVEDIR) ? POLICY_RMDIR : POLICY_DELETE;
	r = kernel_prepare(e, dirfd, path, PATH_NOFOLLOW | PATH_LASTNAME,
	    false);
	if (r < 0)
		return r;
	if (!e->res.exists)
		return -ENOENT;
	if ((r = kernel_check(e, POLICY_BIT(cat))) < 0)
		return r;
	/* "name/" is a directory's (the kernel refuses a file so named). */
	if (e->res.name[strlen(e->res.name) - 1] != '/')
		kernel_crypt_unlink(e->res.abs);
	return sys_unlinkat(e->res.dirfd, e->res.name, flags);
}

/* performed (dispatch.c) */
long
kernel_mkdir(struct emu *e)
{
	bool at = e->req.data.nr == SYS_mkdirat;
	int dirfd = at ? (int)kernel_arg(e, 0) : AT_FDCWD, r;
	unsigned mode = (unsigned)kernel_arg(e, at ? 2 : 1);

	r = kernel_prepare_new(e, dirfd, kernel_arg(e, at ? 1 : 0),
	    POLICY_MKDIR, true);
	if (r < 0)
		return r;
	return sys_call3(SYS_mkdirat, e->res.dirfd, e->res.name, mode);
}

/* mknod makes regular files (create), FIFOs (mkfifo), devices (mkdev). */
static enum policy_cat
mknod_cat(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFIFO:
		return POLICY_MKFIFO;
	case S_IFCHR:
	case S_IFBLK:
		return POLICY_MKDEV;
	default:
		return POLICY_CREATE;
	}
}

/* performed (dispatch.c) */
long
kernel_mknod(struct emu *e)
{
	bool at = e->req.data.nr == SYS_mknodat;
	int dirfd = at ? (int)kernel_arg(e, 0) : AT_FDCWD, r;
	unsigned mode = (unsigned)kernel_arg(e, at ? 2 : 1);
	unsigned dev = (unsigned)kernel_arg(e, at ? 3 : 2);

	r = kernel_prepare_new(e, dirfd, kernel_arg(e, at ? 1 : 0),
	    mknod_cat(mode), true);
	if (r < 0)
		return r;
	return sys_call4(SYS_mknodat, e->res.dirfd, e->res.name, mode, dev);
}
