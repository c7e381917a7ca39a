/* worker-safe */
/*
 * The (arch, nr) dispatch: the table of handlers, and the one entry the
 * pool calls. The sandbox filter only lets the native architecture reach
 * us (foreign ones are killed in BPF), so the table is indexed by syscall
 * number alone.
 */
#include <linux/audit.h>

#include "kernel/kernel_int.h"

/*
 * A handler answers itself (ANS: a kernel_ans), or returns the call's
 * result (>= 0, or -errno), which is answered as performed (RUN) or, for
 * a call checked here and done by the kernel, continued (CHECK).
 */
enum { H_ANS, H_RUN, H_CHECK };

struct handler {
	int nr;
	int kind;
	kernel_fn ans;
	long (*run)(struct emu *e);
	const char *name;
};

#define ANS(nr, fn, name) { nr, H_ANS, fn, NULL, name }
#define RUN(nr, fn, name) { nr, H_RUN, NULL, fn, name }
#define CHECK(nr, fn, name) { nr, H_CHECK, NULL, fn, name }

static const struct handler handlers[] = {
	ANS(SYS_openat, kernel_open, "openat"),
	ANS(SYS_openat2, kernel_open, "openat2"),
	RUN(SYS_newfstatat, kernel_stat, "newfstatat"),
	RUN(SYS_statx, kernel_stat, "statx"),
	RUN(SYS_faccessat, kernel_access, "faccessat"),
	RUN(SYS_faccessat2, kernel_access, "faccessat2"),
	RUN(SYS_readlinkat, kernel_readlink, "readlinkat"),
	RUN(SYS_statfs, kernel_statfs, "statfs"),
	ANS(SYS_getdents64, kernel_getdents, "getdents64"),
	ANS(SYS_setuid, kernel_setid, "setuid"),
	ANS(SYS_setgid, kernel_setid, "setgid"),
	ANS(SYS_setreuid, kernel_setid, "setreuid"),
	ANS(SYS_setregid, kernel_setid, "setregid"),
	ANS(SYS_setresuid, kernel_setid, "setresuid"),
	ANS(SYS_setresgid, kernel_setid, "setresgid"),
	ANS(SYS_setfsuid, kernel_setid, "setfsuid"),
	ANS(SYS_setfsgid, kernel_setid, "setfsgid"),
	ANS(SYS_setgroups, kernel_setid, "setgroups"),
	ANS(SYS_capset, kernel_setid, "capset"),
	ANS(SYS_unshare, kernel_setid, "unshare"),
	ANS(SYS_setns, kernel_setid, "setns"),
	RUN(SYS_unlinkat, kernel_unlink, "unlinkat"),
	RUN(SYS_mkdirat, kernel_mkdir, "mkdirat"),
	RUN(SYS_mknodat, kernel_mknod, "mknodat"),
	RUN(SYS_renameat, kernel_rename, "renameat"),
	RUN(SYS_renameat2, kernel_rename, "renameat2"),
	RUN(SYS_linkat, kernel_link, "linkat"),
	RUN(SYS_symlinkat, kernel_symlink, "symlinkat"),
	ANS(SYS_truncate, kernel_truncate, "truncate"),
	ANS(SYS_ftruncate, kernel_ftruncate, "ftruncate"),
	ANS(SYS_fallocate, kernel_ftruncate, "fallocate"),
	ANS(SYS_fchmodat, kernel_chmod, "fchmodat"),
	ANS(SYS_fchmodat2, kernel_chmod, "fchmodat2"),
	ANS(SYS_fchmod, kernel_fchmod, "fchmod"),
	ANS(SYS_fchownat, kernel_chown, "fchownat"),
	ANS(SYS_fchown, kernel_fchown, "fchown"),
	RUN(SYS_utimensat, kernel_utime, "utimensat"),
	ANS(SYS_setxattr, kernel_xattr, "setxattr"),
	ANS(SYS_lsetxattr, kernel_xattr, "lsetxattr"),
	ANS(SYS_fsetxattr, kernel_xattr, "fsetxattr"),
	ANS(SYS_removexattr, kernel_xattr, "removexattr"),
	ANS(SYS_lremovexattr, kernel_xattr, "lremovexattr"),
	ANS(SYS_fremovexattr, kernel_xattr, "fremovexattr"),
	ANS(SYS_getxattr, kernel_xattr, "getxattr"),
	ANS(SYS_lgetxattr, kernel_xattr, "lgetxattr"),
	ANS(SYS_listxattr, kernel_xattr, "listxattr"),
	ANS(SYS_llistxattr, kernel_xattr, "llistxattr"),
	RUN(SYS_fcntl, kernel_fcntl, "fcntl"),
	ANS(SYS_ioctl, kernel_ioctl, "ioctl"),
	ANS(SYS_mmap, kernel_mmap, "mmap"),
	ANS(SYS_mprotect, kernel_mprotect, "mprotect"),
	ANS(SYS_pkey_mprotect, kernel_mprotect, "pkey_mprotect"),
	RUN(SYS_connect, kernel_net_addr, "connect"),
	RUN(SYS_bind, kernel_net_addr, "bind"),
	ANS(SYS_sendto, kernel_sendto, "sendto"),
	ANS(SYS_sendmsg, kernel_sendmsg, "sendmsg"),
	ANS(SYS_sendmmsg, kernel_sendmsg, "sendmmsg"),
	ANS(SYS_chdir, kernel_chdir, "chdir"),
	CHECK(SYS_fchdir, kernel_fchdir, "fchdir"),
	ANS(SYS_chroot, kernel_chroot, "chroot"),
	CHECK(SYS_execve, kernel_exec, "execve"),
	CHECK(SYS_execveat, kernel_exec, "execveat"),
	ANS(SYS_clone, kernel_fork, "clone"),
#if SYD_ARCH_LEGACY
	/* x86_64's legacy calls: not in aarch64's generic table. */
	ANS(SYS_open, kernel_open, "open"),
	ANS(SYS_creat, kernel_open, "creat"),
	RUN(SYS_stat, kernel_stat, "stat"),
	RUN(SYS_lstat, kernel_stat, "lstat"),
	RUN(SYS_access, kernel_access, "access"),
	RUN(SYS_readlink, kernel_readlink, "readlink"),
	ANS(SYS_getdents, kernel_getdents, "getdents"),
	RUN(SYS_unlink, kernel_unlink, "unlink"),
	RUN(SYS_rmdir, kernel_unlink, "rmdir"),
	RUN(SYS_mkdir, kernel_mkdir, "mkdir"),
	RUN(SYS_mknod, kernel_mknod, "mknod"),
	RUN(SYS_rename, kernel_rename, "rename"),
	RUN(SYS_link, kernel_link, "link"),
	RUN(SYS_symlink, kernel_symlink, "symlink"),
	ANS(SYS_chmod, kernel_chmod, "chmod"),
	ANS(SYS_chown, kernel_chown, "chown"),
	ANS(SYS_lchown, kernel_chown, "lchown"),
	RUN(SYS_utime, kernel_utime, "utime"),
	RUN(SYS_utimes, kernel_utime, "utimes"),
	RUN(SYS_futimesat, kernel_utime, "futimesat"),
	ANS(SYS_fork, kernel_fork, "fork"),
	ANS(SYS_vfork, kernel_fork, "vfork"),
#endif
};

#define NHANDLERS (sizeof(handlers) / sizeof(handlers[0]))

static const struct handler *table[KERNEL_NR_MAX];

void
kernel_init(void)
{
	for (size_t i = 0; i < NHANDLERS; i++)
		table[handlers[i].nr] = &handlers[i];
}

bool
kernel_has(int nr)
{
	return nr >= 0 && nr < KERNEL_NR_MAX && table[nr] != NULL;
}

struct kernel_ans
kernel_handle(struct emu *e)
{
	const struct handler *h;
	int nr = e->req.data.nr, r;

	/* The filter never sends these: fail closed if it does. */
	if (e->req.data.arch != SYD_AUDIT_ARCH || !kernel_has(nr))
		return kernel_ans_error(ENOSYS);
	h = table[nr];
	e->tgid = 0;
	e->magic = false;
	e->path_pre = 0;
	e->sysname = h->name;
	/* Every handler acts as the target: set here, so none can act with
	 * what the previous call on this thread left behind. */
	if ((r = kernel_creds(e, false)) < 0)
		return kernel_result(e, r);
	if (h->kind == H_ANS)
		return h->ans(e);
	if (h->kind == H_RUN)
		return kernel_result(e, h->run(e));
	return kernel_checked(e, h->run(e));
}
