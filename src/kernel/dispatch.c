/* worker-safe */
/*
 * The (arch, nr) dispatch. The sandbox filter only lets the native
 * architecture reach us (foreign ones are killed in BPF), so the table is
 * indexed by syscall number alone.
 */
#include <fcntl.h>
#include <linux/audit.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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

const char *
kernel_sysname(int nr)
{
	for (size_t i = 0; i < NHANDLERS; i++)
		if (handlers[i].nr == nr)
			return handlers[i].name;
	return "?";
}

bool
kernel_valid(struct emu *e)
{
	return sys_notif_id_valid(e->fd, e->req.id) == 0;
}

void
kernel_handle(struct emu *e)
{
	int nr = e->req.data.nr, r;

	if (e->req.data.arch != AUDIT_ARCH_X86_64 || !kernel_has(nr)) {
		/* The filter never sends these: fail closed if it does. */
		kernel_error(e, ENOSYS);
		return;
	}
	e->tgid = 0;
	if ((r = kernel_creds(e, false)) < 0) {
		kernel_answer(e, r);
		return;
	}
	table[nr](e);
}

/* ioctl with rules the BPF cannot express: the request register alone
 * decides (low 32 bits, as the kernel reads it). */
void
kernel_ioctl(struct emu *e)
{
	const struct policy *p = kernel_policy(e);
	uint32_t req = (uint32_t)kernel_arg(e, 1);
	char what[32];
	int r;

	snprintf(what, sizeof(what), "0x%x", req);
	r = kernel_act_name(e, POLICY_IOCTL, policy_match_ioctl(p, req), "req",
	    what);
	if (r < 0)
		kernel_error(e, r);
	else
		kernel_continue(e);
}

/*
 * sandbox/pid: a new task past pid/max takes default/pid's action (deny:
 * EAGAIN, as the kernel's own limits answer). Below it the call goes on,
 * counted as pending until main sees the child (pool/pids.c).
 */
void
kernel_fork(struct emu *e)
{
	const struct policy *p = kernel_policy(e);
	char what[32];
	int r;

	if (sandbox_pid_reserve(e->sb, (int)e->req.pid)) {
		/* Killed meanwhile (perhaps reaped already): no fork comes,
		 * and no exit would clear the reservation any more. */
		if (!kernel_valid(e))
			sandbox_pid_event(e->sb, SANDBOX_PID_CANCEL,
			    (int)e->req.pid, 0);
		kernel_continue(e);
		return;
	}
	snprintf(what, sizeof(what), "%llu", (unsigned long long)p->pid_max);
	r = kernel_act_name(e, POLICY_PID, p->defact[POLICY_PID], "pid_max",
	    what);
	if (r < 0)
		kernel_error(e, r);
	else
		kernel_continue(e);
}

/*
 * A credential change is about to happen: cached credentials are stale
 * from now on. The call itself is the kernel's: registers decide nothing
 * here, so CONTINUE.
 */
void
kernel_setid(struct emu *e)
{
	__atomic_add_fetch(&e->sb->cred_gen, 1, __ATOMIC_ACQ_REL);
	kernel_continue(e);
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

int
kernel_canon(struct emu *e, int dirfd, const char *buf, unsigned flags,
    struct path_res *res)
{
	struct path_ctx c = {
		.tid = (int)e->req.pid,
		.tgid = e->tgid,
		.rootfd = e->sb->rootfd,
		.hide = e->sb->tree_root,
		.hidelen = e->sb->tree_rootlen,
	};
	int r, rootfd = -1;

	if (__atomic_load_n(&e->sb->chrooted, __ATOMIC_ACQUIRE) &&
	    (rootfd = kernel_root(e, &c)) < 0)
		return rootfd;
	r = path_canon(&c, dirfd, buf, flags, res);
	e->tgid = c.tgid;
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
	if (r == 0 && (flags & PATH_LASTNAME) && res->dirslash && res->exists &&
	    !S_ISDIR(res->mode))
		r = -ENOTDIR;
	return r;
}

static int
kernel_path_into(struct emu *e, int dirfd, uint64_t addr, unsigned flags,
    char *buf, struct path_res *res)
{
	long n = path_read((int)e->req.pid, addr, buf, PATH_MAX);

	if (n < 0)
		return (int)n;
	/* The magic interface, as written; never looked up on disk. */
	if (buf == e->path && kernel_is_magic(buf))
		return KERNEL_MAGIC;
	return kernel_canon(e, dirfd, buf, flags, res);
}

int
kernel_path(struct emu *e, int dirfd, uint64_t addr, unsigned flags)
{
	e->res2.dirfd = -1;
	return kernel_path_into(e, dirfd, addr, flags, e->path, &e->res);
}

int
kernel_path2(struct emu *e, int dirfd, uint64_t addr, unsigned flags)
{
	return kernel_path_into(e, dirfd, addr, flags, e->path2, &e->res2);
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

void
kernel_answer(struct emu *e, long r)
{
	path_done(&e->res);
	path_done(&e->res2);
	if (kernel_gone(e, r))
		e->answered = true; /* the target is gone: nobody to answer */
	else if (r < 0)
		kernel_error(e, (int)r);
	else
		kernel_value(e, r);
}

int
kernel_opath(const struct path_res *r)
{
	return sys_openat(r->dirfd, r->name,
	    O_PATH | (r->magic ? 0 : O_NOFOLLOW), 0);
}

void
kernel_procfd(char *buf, size_t size, int fd)
{
	sys_proc_name(buf, size, fd);
}

int
kernel_getfd(struct emu *e, int fd)
{
	struct path_ctx c = { .tid = (int)e->req.pid, .tgid = e->tgid };
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
	e->res.st_valid = false;
	if ((*ours = kernel_getfd(e, fd)) < 0)
		return *ours;
	snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", *ours);
	n = sys_readlinkat(AT_FDCWD, p, e->res.abs, sizeof(e->res.abs) - 1);
	if (n < 0) {
		r = (int)n;
		sys_close(*ours);
		*ours = -1;
		return r;
	}
	e->res.abs[n] = '\0';
	n = (long)path_hide(e->res.abs, (size_t)n, e->sb->tree_root,
	    e->sb->tree_rootlen);
	if (n > 10 && strcmp(e->res.abs + n - 10, " (deleted)") == 0) {
		memcpy(e->res.obj, e->res.abs, (size_t)n - 10);
		e->res.obj[n - 10] = '\0';
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
	struct path_ctx c = {
		.tid = (int)e->req.pid,
		.tgid = e->tgid,
		.rootfd = e->sb->rootfd,
		.hide = e->sb->tree_root,
		.hidelen = e->sb->tree_rootlen,
	};
	int r;

	e->path[0] = '\0';
	e->res2.dirfd = -1;
	r = path_canon(&c, fd, "", PATH_EMPTY, &e->res);
	e->tgid = c.tgid;
	return r;
}
