/* worker-safe */
/*
 * chdir, fchdir and chroot change the calling process itself: syd cannot
 * do that on its behalf. The path is checked and the call continued; a
 * directory swapped in after the check only moves where later calls start,
 * and every later call is checked by its own canonical path.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "kernel/kernel_int.h"


static long
chdir_run(struct emu *e, enum policy_cat cat)
{
	int r = kernel_prepare(e, AT_FDCWD, kernel_arg(e, 0),
	    cat == POLICY_CHDIR ? KERNEL_PATH_DOTDOT : 0, false);

	if (r < 0)
		return r;
	if (!e->res.exists)
		return -ENOENT;
	if (!S_ISDIR(e->res.mode))
		return -ENOTDIR;
	return kernel_check(e, POLICY_BIT(cat));
}

struct kernel_ans
kernel_chdir(struct emu *e)
{
	return kernel_checked(e, chdir_run(e, POLICY_CHDIR));
}

struct kernel_ans
kernel_chroot(struct emu *e)
{
	long r = chdir_run(e, POLICY_CHROOT);

	/* From now on a target's root may not be syd's: look it up. */
	if (r == 0)
		__atomic_store_n(&e->sb->chrooted, 1, __ATOMIC_RELEASE);
	return kernel_checked(e, r);
}

/* checked, then continued (dispatch.c) */
long
kernel_fchdir(struct emu *e)
{
	int r;

	if ((r = kernel_fdpath(e, (int)kernel_arg(e, 0))) < 0)
		return r;
	if (!kernel_valid(e))
		return -ESRCH;
	if (!S_ISDIR(e->res.mode))
		return -ENOTDIR;
	return kernel_check(e, POLICY_BIT(POLICY_CHDIR));
}
