/* worker-safe */
/*
 * The magic interface (SPEC.md section 4): stat("/dev/syd/CMD") runs CMD,
 * open("/dev/syd") reads the state as JSON. Paths are recognised as the
 * target wrote them, before any lookup: /dev/syd never exists on disk for
 * this purpose. The lock decides who may do what; a change takes the
 * policy's write lock, so no emulator ever reads a half-changed rule set.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "config.h"
#include "kernel/kernel_int.h"
#include "rt/rt.h"

bool
kernel_is_magic(const char *path)
{
	return strncmp(path, "/dev/syd", 8) == 0 &&
	    (path[8] == '\0' || path[8] == '/');
}

/* May this target do this now? 0, -ENOENT (no /dev/syd) or -EPERM. */
static int
magic_allowed(struct emu *e, const char *cmd, bool change)
{
	const struct policy *p = kernel_policy(e);

	switch (p->lock) {
	case POLICY_LOCK_OFF:
		return 0;
	case POLICY_LOCK_EXEC:
		if (e->tgid <= 0)
			e->tgid = path_tgid((int)e->req.pid);
		return e->tgid == e->sb->child ? 0 : -EPERM;
	case POLICY_LOCK_DROP:
		return !change || sandbox_cmd_stricter(cmd) ? 0 : -EPERM;
	case POLICY_LOCK_READ:
	case POLICY_LOCK_IPC:
		return change ? -EPERM : 0;
	default: /* on, or unset: it became on at the first exec */
		return -ENOENT;
	}
}

/*
 * Run one command, prepared by sandbox_cmd_prepare (x its expansion, kind
 * the result), against the live policy. The caller holds no policy lock:
 * a query takes the read lock, a change the write lock, under which the
 * lock is checked, so two changes cannot race past it. Returns 0, -ENOENT
 * for a false query, or -errno; cmd is what the log names.
 */
static int
magic_run(struct emu *e, const char *cmd, const char *x, int kind)
{
	int r;

	sys_rdunlock(&e->sb->policy_lock);
	r = sandbox_config(e->sb, cmd, x, kind, "magic");
	sys_rdlock(&e->sb->policy_lock);
	return r;
}

/* What a stat of a command that ran answers: /dev/null's. */
static int
magic_null(void *st, bool statx, unsigned mask)
{
	if (statx)
		return sys_statx(AT_FDCWD, "/dev/null", 0, mask, st);
	return sys_fstatat(AT_FDCWD, "/dev/null", st, 0);
}

/* load/FD: each line of the file is judged as its own /dev/syd stat. */
static int
magic_judge(void *arg, const char *x, bool change)
{
	struct emu *e = arg;
	int r;

	sys_rdlock(&e->sb->policy_lock);
	r = magic_allowed(e, x, change);
	sys_rdunlock(&e->sb->policy_lock);
	return r;
}

/*
 * The run-time actions that are not settings (syd(2) load, cmd/exec,
 * ghost); 1 when cmd is none of them. Called with the read lock held.
 */
static int
magic_action(struct emu *e, const char *cmd)
{
	int r, fd, n;

	if (strncmp(cmd, "load/", 5) == 0) {
		/* Judged per line; lock:drop may load what only tightens. */
		if ((r = magic_allowed(e, "", false)) < 0)
			return r;
		if (kernel_policy(e)->lock == POLICY_LOCK_READ ||
		    kernel_policy(e)->lock == POLICY_LOCK_IPC)
			return -EPERM;
		if (cmd[5] == '\0' || cmd[5 + strspn(cmd + 5, "0123456789")] !=
		    '\0' || (n = path_atoi(cmd + 5)) < 0)
			return -EBADF;
		if ((fd = kernel_getfd(e, n)) < 0)
			return fd == -ESRCH ? fd : -EBADF;
		sys_rdunlock(&e->sb->policy_lock);
		r = sandbox_load(e->sb, fd, magic_judge, e, "magic");
		sys_rdlock(&e->sb->policy_lock);
		sys_close(fd);
		return r;
	}
	if (strncmp(cmd, "cmd/exec!", 9) == 0) {
		if ((r = magic_allowed(e, "cmd/exec", true)) < 0)
			return r;
		sys_rdunlock(&e->sb->policy_lock);
		r = sandbox_cmdexec(cmd + 9, "magic");
		sys_rdlock(&e->sb->policy_lock);
		return r;
	}
	if (strcmp(cmd, "ghost") == 0) {
		if ((r = magic_allowed(e, "ghost", true)) < 0)
			return r;
		sys_rdunlock(&e->sb->policy_lock);
		r = sandbox_ghost(e->sb, "magic");
		sys_rdlock(&e->sb->policy_lock);
		return r;
	}
	return 1;
}

/* stat of /dev/syd[/CMD]: run it; success looks like /dev/null. */
int
kernel_magic_stat(struct emu *e, void *st, bool statx, unsigned mask)
{
	const char *cmd = e->path[8] == '/' ? e->path + 9 : "";
	char x[POLICY_CMD_MAX + 1];
	int kind = SANDBOX_CMD_QUERY, r;

	x[0] = '\0';
	if ((r = magic_action(e, cmd)) <= 0)
		return r < 0 ? r : magic_null(st, statx, mask);
	if (*cmd != '\0')
		kind = sandbox_cmd_prepare(cmd, x, sizeof(x));
	/* One that does not even expand is judged as a change. */
	r = magic_allowed(e, kind < 0 ? "" : x, kind != SANDBOX_CMD_QUERY);
	if (r == 0 && *cmd != '\0')
		r = magic_run(e, cmd, x, kind);
	explicit_bzero(x, sizeof(x)); /* it may hold a ${VAR}'s secret */
	if (r == -ENOENT || r == -EPERM || r == -EOPNOTSUPP)
		return r;
	if (r < 0)
		return -EINVAL;
	return magic_null(st, statx, mask);
}

/* open("/dev/syd"): a sealed memfd holding the state as one object. */
int
kernel_magic_open(struct emu *e, int flags)
{
	const struct policy *p = kernel_policy(e);
	int fd, r = magic_allowed(e, "", false);

	if (r < 0)
		return r;
	if ((flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	fd = (int)sys_memfd_create("syd-state",
	    MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return fd;
	sandbox_state(fd, p);
	sys_fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
	    F_SEAL_SEAL);
	/* Hand out a read-only description of it, not the writable one. */
	{
		char p[48];
		int ro;
		snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", fd);
		ro = sys_openat(AT_FDCWD, p, O_RDONLY, 0);
		sys_close(fd);
		return ro;
	}
}
