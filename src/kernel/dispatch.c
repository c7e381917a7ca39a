/* worker-safe */
/*
 * The (arch, nr) dispatch: the table of handlers, and the one entry the
 * pool calls. The sandbox filter only lets the native architecture reach
 * us (foreign ones are killed in BPF), so the table is indexed by syscall
 * number alone.
 */
#include <linux/audit.h>

#include "kernel/kernel_int.h"

static kernel_fn table[KERNEL_NR_MAX];

static const struct {
	int nr;
	kernel_fn fn;
	const char *name;
} handlers[] = {
	{ SYS_open, kernel_open, "open" },
	{ SYS_openat, kernel_open, "openat" },
	{ SYS_openat2, kernel_open, "openat2" },
	{ SYS_creat, kernel_open, "creat" },
	{ SYS_stat, kernel_stat, "stat" },
	{ SYS_lstat, kernel_stat, "lstat" },
	{ SYS_newfstatat, kernel_stat, "newfstatat" },
	{ SYS_statx, kernel_stat, "statx" },
	{ SYS_access, kernel_access, "access" },
	{ SYS_faccessat, kernel_access, "faccessat" },
	{ SYS_faccessat2, kernel_access, "faccessat2" },
	{ SYS_readlink, kernel_readlink, "readlink" },
	{ SYS_readlinkat, kernel_readlink, "readlinkat" },
	{ SYS_statfs, kernel_statfs, "statfs" },
	{ SYS_setuid, kernel_setid, "setuid" },
	{ SYS_setgid, kernel_setid, "setgid" },
	{ SYS_setreuid, kernel_setid, "setreuid" },
	{ SYS_setregid, kernel_setid, "setregid" },
	{ SYS_setresuid, kernel_setid, "setresuid" },
	{ SYS_setresgid, kernel_setid, "setresgid" },
	{ SYS_setfsuid, kernel_setid, "setfsuid" },
	{ SYS_setfsgid, kernel_setid, "setfsgid" },
	{ SYS_setgroups, kernel_setid, "setgroups" },
	{ SYS_capset, kernel_setid, "capset" },
	{ SYS_unshare, kernel_setid, "unshare" },
	{ SYS_setns, kernel_setid, "setns" },
	{ SYS_unlink, kernel_unlink, "unlink" },
	{ SYS_unlinkat, kernel_unlink, "unlinkat" },
	{ SYS_rmdir, kernel_unlink, "rmdir" },
	{ SYS_mkdir, kernel_mkdir, "mkdir" },
	{ SYS_mkdirat, kernel_mkdir, "mkdirat" },
	{ SYS_mknod, kernel_mknod, "mknod" },
	{ SYS_mknodat, kernel_mknod, "mknodat" },
	{ SYS_rename, kernel_rename, "rename" },
	{ SYS_renameat, kernel_rename, "renameat" },
	{ SYS_renameat2, kernel_rename, "renameat2" },
	{ SYS_link, kernel_link, "link" },
	{ SYS_linkat, kernel_link, "linkat" },
	{ SYS_symlink, kernel_symlink, "symlink" },
	{ SYS_symlinkat, kernel_symlink, "symlinkat" },
	{ SYS_truncate, kernel_truncate, "truncate" },
	{ SYS_ftruncate, kernel_ftruncate, "ftruncate" },
	{ SYS_fallocate, kernel_ftruncate, "fallocate" },
	{ SYS_chmod, kernel_chmod, "chmod" },
	{ SYS_fchmodat, kernel_chmod, "fchmodat" },
	{ SYS_fchmodat2, kernel_chmod, "fchmodat2" },
	{ SYS_fchmod, kernel_fchmod, "fchmod" },
	{ SYS_chown, kernel_chown, "chown" },
	{ SYS_lchown, kernel_chown, "lchown" },
	{ SYS_fchownat, kernel_chown, "fchownat" },
	{ SYS_fchown, kernel_fchown, "fchown" },
	{ SYS_utime, kernel_utime, "utime" },
	{ SYS_utimes, kernel_utime, "utimes" },
	{ SYS_utimensat, kernel_utime, "utimensat" },
	{ SYS_futimesat, kernel_utime, "futimesat" },
	{ SYS_setxattr, kernel_xattr, "setxattr" },
	{ SYS_lsetxattr, kernel_xattr, "lsetxattr" },
	{ SYS_fsetxattr, kernel_xattr, "fsetxattr" },
	{ SYS_removexattr, kernel_xattr, "removexattr" },
	{ SYS_lremovexattr, kernel_xattr, "lremovexattr" },
	{ SYS_fremovexattr, kernel_xattr, "fremovexattr" },
	{ SYS_getxattr, kernel_xattr, "getxattr" },
	{ SYS_lgetxattr, kernel_xattr, "lgetxattr" },
	{ SYS_listxattr, kernel_xattr, "listxattr" },
	{ SYS_llistxattr, kernel_xattr, "llistxattr" },
	{ SYS_fcntl, kernel_fcntl, "fcntl" },
	{ SYS_ioctl, kernel_ioctl, "ioctl" },
	{ SYS_mmap, kernel_mmap, "mmap" },
	{ SYS_mprotect, kernel_mprotect, "mprotect" },
	{ SYS_pkey_mprotect, kernel_mprotect, "pkey_mprotect" },
	{ SYS_connect, kernel_net_addr, "connect" },
	{ SYS_bind, kernel_net_addr, "bind" },
	{ SYS_sendto, kernel_sendto, "sendto" },
	{ SYS_sendmsg, kernel_sendmsg, "sendmsg" },
	{ SYS_sendmmsg, kernel_sendmsg, "sendmmsg" },
	{ SYS_chdir, kernel_chdir, "chdir" },
	{ SYS_fchdir, kernel_fchdir, "fchdir" },
	{ SYS_chroot, kernel_chroot, "chroot" },
	{ SYS_execve, kernel_exec, "execve" },
	{ SYS_execveat, kernel_exec, "execveat" },
	{ SYS_fork, kernel_fork, "fork" },
	{ SYS_vfork, kernel_fork, "vfork" },
	{ SYS_clone, kernel_fork, "clone" },
};

#define NHANDLERS (sizeof(handlers) / sizeof(handlers[0]))

void
kernel_init(void)
{
	for (size_t i = 0; i < NHANDLERS; i++)
		table[handlers[i].nr] = handlers[i].fn;
}

bool
kernel_has(int nr)
{
	return nr >= 0 && nr < KERNEL_NR_MAX && table[nr] != NULL;
}

static const char *
kernel_sysname(int nr)
{
	for (size_t i = 0; i < NHANDLERS; i++)
		if (handlers[i].nr == nr)
			return handlers[i].name;
	return "?";
}

struct kernel_ans
kernel_handle(struct emu *e)
{
	int nr = e->req.data.nr, r;

	/* The filter never sends these: fail closed if it does. */
	if (e->req.data.arch != AUDIT_ARCH_X86_64 || !kernel_has(nr))
		return kernel_ans_error(ENOSYS);
	e->tgid = 0;
	e->magic = false;
	e->sysname = kernel_sysname(nr);
	/* Every handler acts as the target: set here, so none can act with
	 * what the previous call on this thread left behind. */
	if ((r = kernel_creds(e, false)) < 0)
		return kernel_result(e, r);
	return table[nr](e);
}
