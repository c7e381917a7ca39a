/* worker-safe */
/*
 * execve and execveat. exec cannot be performed for the target, so the
 * path is checked here and the call continued (the one CONTINUE that reads
 * memory, DESIGN.md section 6; verification of what actually ran after the
 * exec is the ptrace side's job).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "rt/rt.h"

#include "kernel/kernel_int.h"

static bool
exec_allowed(const struct policy *p, enum policy_unsafe u)
{
	return (p->unsafe & (UINT64_C(1) << u)) != 0;
}

/*
 * Running a program through the dynamic loader (ld.so PROGRAM) or from
 * an anonymous file (memfd, a deleted O_TMPFILE) would run code no exec
 * rule ever saw by name: denied unless trace/allow_unsafe_exec_* says so.
 */
static int
exec_unsafe(struct emu *e, const char *path)
{
	const struct policy *p = kernel_policy(e);

	/* ld.so PROGRAM maps PROGRAM itself: the ELF checks (on whatever
	 * the categories) would never see it either. */
	if (syd_exec_is_ldso(path) && policy_elf_checks(p) &&
	    !exec_allowed(p, POLICY_UNSAFE_EXEC_LDSO)) {
		rt_log_msg(RT_WARN, "access", "exec_ldso", "exec of the dynamic "
		    "loader %s denied: the program it would load escapes the "
		    "ELF checks (trace/allow_unsafe_exec_ldso)", path);
		return -EACCES;
	}
	if (!policy_on(p, POLICY_EXEC))
		return 0;
	if (syd_exec_is_ldso(path) &&
	    !exec_allowed(p, POLICY_UNSAFE_EXEC_LDSO)) {
		rt_log_msg(RT_WARN, "access", "exec_ldso", "exec of the dynamic "
		    "loader %s denied (trace/allow_unsafe_exec_ldso)", path);
		return -EACCES;
	}
	if ((strncmp(path, "/memfd:", 7) == 0 || e->res.obj[0] != '\0' ||
	    (e->path[0] == '\0' && strstr(e->res.abs, " (deleted)"))) &&
	    !exec_allowed(p, POLICY_UNSAFE_EXEC_MEMFD)) {
		rt_log_msg(RT_WARN, "access", "exec_memfd", "exec of an "
		    "anonymous file %s denied (trace/allow_unsafe_exec_memfd)",
		    path);
		return -EACCES;
	}
	return 0;
}

/* Our own fd of the file in e->res, as the exec checks read it. */
static int
exec_open(struct emu *e)
{
	return e->path[0] == '\0' ? sys_fcntl(e->res.dirfd, F_DUPFD_CLOEXEC,
	    0) : sys_openat(e->res.dirfd, e->res.name, O_RDONLY | O_NOFOLLOW |
	    O_NONBLOCK, 0);
}

/* The same, readable: an exec by an O_PATH fd (execveat AT_EMPTY_PATH)
 * is read by opening that very file again through our fd of it. */
static int
exec_open_read(struct emu *e)
{
	char p[64];
	int fd = exec_open(e), fl, rfd;

	/* By name it was opened O_RDONLY: only a dup may be O_PATH. */
	if (fd < 0 || e->path[0] != '\0' ||
	    (fl = sys_fcntl(fd, F_GETFL, 0)) < 0 || !(fl & O_PATH))
		return fd;
	snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", fd);
	rfd = sys_openat(AT_FDCWD, p, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
	sys_close(fd);
	return rfd;
}

/*
 * The hardening checks on the file in e->res (what is executed, or a
 * script's interpreter), whatever the categories (syd 3's defaults):
 * SegvGuard, then the ELF checks (elf.c). Checked again on what really
 * ran at the exec stop (confine/exec_verify.c), which kills. *is_elf
 * is set when the headers read were an ELF's (then it is no script:
 * exec_script need not read it again).
 */
static int
exec_hardening(struct emu *e, bool *is_elf)
{
	const struct policy *p = kernel_policy(e);
	const char *path = kernel_match_path(e), *why, *hatch = NULL;
	char tip[160];
	struct kernel_elf elf;
	int64_t left;
	int fd, r;

	if (policy_segvguard_on(p) &&
	    (left = sandbox_segv_suspended(e->sb, path)) > 0) {
		snprintf(tip, sizeof(tip), "SegvGuard: it crashed %llu times "
		    "within segvguard/expiry, suspended for %lld s more",
		    (unsigned long long)p->segvguard_maxcrashes,
		    (long long)(left + 999) / 1000);
		if ((r = kernel_act_why(e, POLICY_EXEC, p->segvguard_act, path,
		    tip)) < 0)
			return r;
	}
	if (!policy_elf_checks(p) || !S_ISREG(e->res.mode))
		return 0;
	if ((fd = exec_open_read(e)) < 0) {
		/* Unreadable to syd (execute-only): its headers cannot be
		 * checked, so it does not run. Other errors: the kernel's. */
		if (fd != -EACCES && fd != -EPERM)
			return 0;
		return kernel_act_why(e, POLICY_EXEC, POLICY_DENY, path,
		    "syd cannot read it to check its ELF headers");
	}
	r = kernel_elf_read(fd, &elf);
	sys_close(fd);
	*is_elf = elf.elf;
	if (r < 0)
		return kernel_act_why(e, POLICY_EXEC, POLICY_DENY, path,
		    "a malformed or truncated ELF");
	if ((why = kernel_elf_refused(p, &elf, &hatch)) == NULL)
		return 0;
	if (strncmp(hatch, "trace/allow_", 12) == 0)
		snprintf(tip, sizeof(tip), "%s: configure `%s:1'", why, hatch);
	else
		snprintf(tip, sizeof(tip), "%s: refused by `%s:1'", why, hatch);
	return kernel_act_why(e, POLICY_EXEC, POLICY_DENY, path, tip);
}

/*
 * A script runs its interpreter: read the #! line of what was checked
 * (through our own fd of it) and check the interpreter too, as the kernel
 * would follow it, up to its own depth of 4.
 */
static int
exec_script(struct emu *e, bool is_elf)
{
	char line[256], *s, *end;
	int fd, r = 0;
	long n;

	for (int depth = 0; depth < 4 && r == 0; depth++) {
		if (!S_ISREG(e->res.mode) || is_elf)
			return 0;
		fd = exec_open_read(e);
		if (fd < 0)
			return 0; /* the kernel will say why */
		n = sys_pread(fd, line, sizeof(line) - 1, 0);
		sys_close(fd);
		if (n < 3 || line[0] != '#' || line[1] != '!')
			return 0;
		line[n] = '\0';
		for (s = line + 2; *s == ' ' || *s == '\t'; s++)
			;
		for (end = s; *end && *end != ' ' && *end != '\t' &&
		    *end != '\n'; end++)
			;
		*end = '\0';
		if (*s != '/')
			return 0;
		path_done(&e->res);
		/* The interpreter in the target's root, as the kernel
		 * finds it. */
		memcpy(e->path, s, (size_t)(end - s) + 1);
		r = kernel_canon(e, AT_FDCWD, e->path, 0, &e->res);
		if (r < 0)
			return r == -ENOENT ? -ENOENT : r;
		if (!e->res.exists)
			return -ENOENT;
		r = kernel_check(e, POLICY_BIT(POLICY_EXEC));
		if (r == 0)
			r = exec_hardening(e, &is_elf);
	}
	return r;
}

/* force and TPE on the resolved binary (checked again at the exec stop). */
static int
exec_integrity(struct emu *e)
{
	const struct policy *p = kernel_policy(e);
	const struct kernel_cred *c;
	struct stat dir;
	unsigned uid, gid;
	int fd, r = 0;

	if (policy_on(p, POLICY_FORCE) && S_ISREG(e->res.mode)) {
		fd = exec_open(e);
		if (fd < 0)
			return fd;
		r = kernel_act(e, POLICY_FORCE,
		    kernel_force(p, kernel_match_path(e), fd));
		sys_close(fd);
		if (r < 0)
			return r;
	}
	if (!policy_on(p, POLICY_TPE) || e->path[0] == '\0')
		return 0;
	if (sys_fstatat(e->res.dirfd, "", &dir, AT_EMPTY_PATH) < 0)
		return -EACCES;
	c = &e->cache[(unsigned)e->req.pid % KERNEL_CRED_CACHE];
	if (e->sb->root && c->tid == (int)e->req.pid) {
		uid = (unsigned)c->fsuid;
		gid = (unsigned)c->fsgid;
		return kernel_act(e, POLICY_TPE, kernel_tpe(p, &dir, uid, gid,
		    c->groups, c->ngroups));
	}
	uid = (unsigned)sys_call0(SYS_geteuid);
	gid = (unsigned)sys_call0(SYS_getegid);
	return kernel_act(e, POLICY_TPE, kernel_tpe(p, &dir, uid, gid, NULL, 0));
}

/* One mapped file's exec check (its " (deleted)" suffix dropped). */
static int
exec_mapped_check(struct emu *e, const char *path)
{
	size_t n = strlen(path);

	if (n >= sizeof(e->res.abs))
		return -EACCES;
	memcpy(e->res.abs, path, n + 1);
	if (n > 10 && strcmp(e->res.abs + n - 10, " (deleted)") == 0)
		e->res.abs[n - 10] = '\0';
	e->res.magic = false;
	e->res.obj[0] = '\0';
	e->res.obj_alt = false;
	return kernel_check(e, POLICY_BIT(POLICY_EXEC));
}

/*
 * A set-id binary the target could execute: a regular file with the
 * set-uid bit, or set-gid with group execute, that the kernel's own
 * check (X_OK as the target, syd acting with its ids) lets through. A
 * set-gid directory or a set-uid file it may not execute gets the
 * kernel's own answer (EACCES), not the refusal.
 */
static bool
exec_setid(struct emu *e)
{
	mode_t m = e->res.mode;
	bool fd = e->path[0] == '\0';

	if (!e->res.st_valid || !S_ISREG(m) || !((m & S_ISUID) ||
	    (m & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)))
		return false;
	return sys_call4(SYS_faccessat2, e->res.dirfd, fd ? "" : e->res.name,
	    X_OK, AT_EACCESS | (fd ? AT_EMPTY_PATH : e->res.magic ? 0 :
	    AT_SYMLINK_NOFOLLOW)) == 0;
}

/* checked, then continued (dispatch.c) */
long
kernel_exec(struct emu *e)
{
	bool at = e->req.data.nr == SYS_execveat;
	int flags = at ? (int)kernel_arg(e, 4) : 0;
	unsigned pf = 0;
	bool is_elf = false;
	int r;

	if (flags & AT_SYMLINK_NOFOLLOW)
		pf |= PATH_NOFOLLOW;
	if (flags & AT_EMPTY_PATH)
		pf |= PATH_EMPTY;
	r = kernel_path(e, at ? (int)kernel_arg(e, 0) : AT_FDCWD,
	    kernel_arg(e, at ? 1 : 0), pf);
	if (r < 0)
		return r;
	if (!kernel_valid(e))
		return -ESRCH;
	/* Nothing to run: answer as the kernel would, nothing to log. */
	if (!e->res.exists)
		return -ENOENT;
	if ((r = kernel_check(e, POLICY_BIT(POLICY_EXEC))) < 0)
		return r;
	if ((r = exec_unsafe(e, kernel_match_path(e))) < 0)
		return r;
	/* no_new_privs: a set-id binary would run without its privileges
	 * and fail in obscure ways. Refuse it with a clear reason. */
	if (policy_on(kernel_policy(e), POLICY_EXEC) && exec_setid(e)) {
		rt_log_msg(RT_WARN, "access", "exec_setid", "%s is set-id: "
		    "under no_new_privs it cannot gain privileges, refused",
		    kernel_match_path(e));
		return -EPERM;
	}
	if ((r = exec_integrity(e)) < 0)
		return r;
	if ((r = exec_hardening(e, &is_elf)) < 0)
		return r;
	if (!policy_on(kernel_policy(e), POLICY_EXEC) &&
	    !policy_elf_checks(kernel_policy(e)) &&
	    !policy_segvguard_on(kernel_policy(e)))
		return 0;
	return exec_script(e, is_elf);
}

/* ld-linux-x86-64.so.2, ld-musl-x86_64.so.1, ld.so... */
bool
syd_exec_is_ldso(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b != NULL ? b + 1 : path;
	return strncmp(b, "ld-linux", 8) == 0 || strncmp(b, "ld-musl", 7) == 0 ||
	    strncmp(b, "ld.so", 5) == 0;
}

/*
 * mmap with PROT_EXEC of a file (how ld.so loads libraries, and how a
 * program could load code without exec): the file must pass the exec
 * rules. Only the fd and flags registers decide (the fd's file is looked
 * up in /proc, nothing is read from the target), so the call continues;
 * a thread that swaps the fd number in between can at most map a file it
 * already had open.
 */
struct kernel_ans
kernel_mmap(struct emu *e)
{
	int fd = (int)kernel_arg(e, 4), r;
	uint64_t prot = kernel_arg(e, 2), flags = kernel_arg(e, 3);

	/* Notified for PROT_EXEC, and for MAP_SHARED while append+ rules
	 * exist (filter.c). */
	if ((flags & MAP_SHARED) && !(flags & MAP_ANONYMOUS) &&
	    (r = kernel_append_map(e, fd)) < 0) {
		return kernel_result(e, r);
	}
	if (!(prot & PROT_EXEC) || (flags & MAP_ANONYMOUS))
		return kernel_ans_continue();
	if ((r = kernel_fdpath(e, fd)) < 0) {
		return kernel_result(e, r == -ESRCH ? r : -EBADF);
	}
	if (!kernel_valid(e)) {
		return kernel_result(e, -ESRCH);
	}
	/* Names without a "/" are objects (memfd:, anon_inode:), not paths;
	 * a file too deep to name ("") is checked as policy_match_any says. */
	r = kernel_is_path(e) ? kernel_check(e, POLICY_BIT(POLICY_EXEC)) : 0;
	return kernel_checked(e, r);
}

/*
 * One line of /proc/PID/maps, "start-end perms offset dev inode   name",
 * cut at its newline: its range, inode (0 for memory of no file) and name
 * (as the kernel prints it: a newline in it shows as "\012"; "" for
 * none). False for a line not of that form.
 */
bool
kernel_maps_line(char *line, struct kernel_map *m)
{
	char *s = line;
	int field;

	memset(m, 0, sizeof(*m));
	for (; *s && *s != '-'; s++)
		m->lo = m->lo << 4 | (uint64_t)(*s <= '9' ? *s - '0' :
		    *s - 'a' + 10);
	if (*s != '-')
		return false;
	for (s++; *s && *s != ' '; s++)
		m->hi = m->hi << 4 | (uint64_t)(*s <= '9' ? *s - '0' :
		    *s - 'a' + 10);
	/* perms, offset, dev: skipped; then the inode in decimal. */
	for (field = 0; field < 3; field++) {
		if (*s != ' ')
			return false;
		for (s++; *s && *s != ' '; s++)
			;
	}
	if (*s != ' ')
		return false;
	for (s++; *s >= '0' && *s <= '9'; s++)
		m->inode = m->inode * 10 + (uint64_t)(*s - '0');
	for (; *s == ' '; s++)
		;
	m->name = s;
	return true;
}

/*
 * Each file mapped in [lo, hi) of tid (from /proc/TID/maps) is checked
 * against the exec rules; returns 0 or the first denial's -errno.
 */
static int
exec_mapped(struct emu *e, uint64_t lo, uint64_t hi)
{
	char p[64], buf[8192];
	long n;
	int fd, r = 0;

	snprintf(p, sizeof(p), "/proc/%d/maps", (int)e->req.pid);
	if ((fd = sys_openat(AT_FDCWD, p, O_RDONLY, 0)) < 0)
		return 0;
	while (r == 0 && (n = sys_read(fd, buf, sizeof(buf) - 1)) > 0) {
		char *line = buf, *nl;
		buf[n] = '\0';
		while (r == 0 && (nl = strchr(line, '\n')) != NULL) {
			struct kernel_map m;
			*nl = '\0';
			if (kernel_maps_line(line, &m) && m.lo < hi &&
			    m.hi > lo && m.name[0] == '/')
				r = exec_mapped_check(e, m.name);
			line = nl + 1;
		}
		/* A line cut at the buffer's end is read again next time. */
		if (r == 0 && line < buf + n)
			sys_lseek(fd, (long)(line - (buf + n)), 1);
	}
	sys_close(fd);
	return r;
}

/*
 * mprotect adding PROT_EXEC: every file mapped in the range must pass the
 * exec rules. Decided from the registers and /proc; continued.
 */
struct kernel_ans
kernel_mprotect(struct emu *e)
{
	uint64_t lo = kernel_arg(e, 0), len = kernel_arg(e, 1);
	return kernel_checked(e, exec_mapped(e, lo, lo + len < lo ? UINT64_MAX :
	    lo + len));
}
