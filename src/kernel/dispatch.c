/* worker-safe */
/*
 * The (arch, nr) dispatch. The sandbox filter only lets the native
 * architecture reach us (foreign ones are killed in BPF), so the table is
 * indexed by syscall number alone.
 */
#include <fcntl.h>
#include <linux/audit.h>
#include <stdio.h>

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
	{ SYS_execve, kernel_exec, "execve" },
	{ SYS_execveat, kernel_exec, "execveat" },
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
	int nr = e->req.data.nr;

	if (e->req.data.arch != AUDIT_ARCH_X86_64 || !kernel_has(nr)) {
		/* The filter never sends these: fail closed if it does. */
		kernel_error(e, ENOSYS);
		return;
	}
	e->tgid = 0;
	table[nr](e);
}

/*
 * A credential change is about to happen: cached credentials are stale
 * from now on. The call itself is the kernel's: registers decide nothing
 * here, so CONTINUE.
 */
void
kernel_setid(struct emu *e)
{
	__atomic_add_fetch(&e->pool->cred_gen, 1, __ATOMIC_ACQ_REL);
	kernel_continue(e);
}

int
kernel_path(struct emu *e, int dirfd, uint64_t addr, unsigned flags)
{
	struct path_ctx c = {
		.tid = (int)e->req.pid,
		.tgid = e->tgid,
		.rootfd = e->pool->rootfd,
	};
	long n = path_read(c.tid, addr, e->path, sizeof(e->path));
	int r;

	if (n < 0)
		return (int)n;
	r = path_canon(&c, dirfd, e->path, flags, &e->res);
	e->tgid = c.tgid;
	return r;
}
