/* worker-safe */
/*
 * execve and execveat. exec cannot be performed for the target, so the
 * path is checked here and the call continued (the one CONTINUE that reads
 * memory, DESIGN.md section 6; verification of what actually ran after the
 * exec is the ptrace side's job).
 */
#include <fcntl.h>

#include "kernel/kernel_int.h"

static int
exec_run(struct emu *e)
{
	bool at = e->req.data.nr == SYS_execveat;
	int flags = at ? (int)kernel_arg(e, 4) : 0;
	unsigned pf = 0;
	int r;

	if (flags & AT_SYMLINK_NOFOLLOW)
		pf |= PATH_NOFOLLOW;
	if (flags & AT_EMPTY_PATH)
		pf |= PATH_EMPTY;
	if ((r = kernel_creds(e, false, false)) < 0)
		return r;
	r = kernel_path(e, at ? (int)kernel_arg(e, 0) : AT_FDCWD,
	    kernel_arg(e, at ? 1 : 0), pf);
	if (r < 0)
		return r;
	if (!kernel_valid(e))
		return -ESRCH;
	/* Nothing to run: answer as the kernel would, nothing to log. */
	if (!e->res.exists)
		return -ENOENT;
	return kernel_check(e, POLICY_BIT(POLICY_EXEC));
}

void
kernel_exec(struct emu *e)
{
	int r = exec_run(e);

	path_done(&e->res);
	if (r == -ESRCH)
		e->answered = true;
	else if (r < 0)
		kernel_error(e, r);
	else
		kernel_continue(e);
}
