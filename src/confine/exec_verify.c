/* main thread only */
/*
 * Exec verification at the exec stop (DESIGN.md section 6): what the
 * process now runs (/proc/PID/exe, and the name it was started by for a
 * script) must pass the exec rules, force and TPE again, since the check
 * at the execve notification saw only a path another thread could have
 * rewritten; a mismatch is killed before its first instruction.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confine/confine.h"
#include "kernel/kernel.h"
#include "path/path.h"
#include "policy/policy.h"
#include "pool/pool.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"
#include "sys/sys.h"

/*
 * /proc/PID/... of syd's own procfs (sys_proc_fd when it is a detached
 * one, see sys.h): the raw wrappers resolve it; errno as libc sets it.
 */
static int
proc_open(const char *path, int flags)
{
	int fd = sys_openat(AT_FDCWD, path, flags, 0);

	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	return fd;
}

static ssize_t
proc_readlink(const char *path, char *buf, size_t n)
{
	long r = sys_readlinkat(AT_FDCWD, path, buf, n);

	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* force and TPE on the executed image itself (/proc/PID/exe): exe its
 * name as the sandbox sees it, real as syd does (path_hide). */
static enum policy_act
trace_integrity(const struct policy *pol, int pid, const char *exe,
    const char *real)
{
	char path[64], dir[PATH_MAX], *slash;
	enum policy_act act = POLICY_ALLOW;
	struct stat st, proc;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	if (policy_on(pol, POLICY_FORCE)) {
		if ((fd = proc_open(path, O_RDONLY)) < 0)
			return POLICY_KILL;
		act = kernel_force(pol, exe, fd);
		close(fd);
		if (act != POLICY_ALLOW && act != POLICY_WARN)
			return act;
	}
	if (!policy_on(pol, POLICY_TPE))
		return act;
	snprintf(dir, sizeof(dir), "%s", real);
	if ((slash = strrchr(dir, '/')) != NULL)
		slash[slash == dir] = '\0';
	snprintf(path, sizeof(path), "/proc/%d", pid);
	if (stat(dir, &st) < 0 || sys_fstatat(AT_FDCWD, path, &proc, 0) < 0)
		return POLICY_KILL;
	return kernel_tpe(pol, &st, proc.st_uid, proc.st_gid, NULL, 0);
}

/*
 * The file name the exec was started with, as the kernel copied it onto
 * the new image's stack (AT_EXECFN): for a script it names the script,
 * while /proc/PID/exe names its interpreter. Other threads are gone after
 * an exec, so nothing can rewrite it any more. Resolved from the target's
 * cwd into out; false if it cannot be read.
 */
static bool
trace_execfn(struct pool *p, int pid, const char *exe, char *out)
{
	char path[64], name[PATH_MAX];
	uint64_t aux[2 * 64], fn = 0;
	struct path_ctx c = { pid, 0, p->sb->rootfd, NULL, 0, p->sb->tree_root,
	    p->sb->tree_rootlen };
	struct path_res *r;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/auxv", pid);
	if ((fd = proc_open(path, O_RDONLY)) < 0)
		return false;
	n = read(fd, aux, sizeof(aux));
	close(fd);
	for (ssize_t i = 0; i + 1 < n / 8; i += 2)
		if (aux[i] == 31 /* AT_EXECFN */)
			fn = aux[i + 1];
	if (fn == 0 || path_read(pid, fn, name, sizeof(name)) < 0)
		return false;
	/*
	 * The name is the very path the kernel names the executed file by:
	 * no script (its interpreter would be exe), no link on the way, so
	 * resolving it again would name what exe names. Not where a target
	 * chroot'ed (its names are from its own root).
	 */
	if (name[0] == '/' && !p->sb->chrooted && strcmp(name, exe) == 0) {
		memcpy(out, name, strlen(name) + 1);
		return true;
	}
	if (strncmp(name, "/dev/fd/", 8) == 0 && name[8] >= '0' &&
	    name[8] <= '9' && strspn(name + 8, "0123456789") ==
	    strlen(name + 8) && strlen(name + 8) <= 10) {
		/*
		 * The kernel's own name for an exec by fd (fexecve, execveat
		 * with AT_EMPTY_PATH): that fd of the target, wherever /dev/fd
		 * is (an initramfs may have none). A close-on-exec fd is gone:
		 * then only a binary can have run (a script would need the
		 * fd), and /proc/PID/exe is what ran.
		 */
		snprintf(path, sizeof(path), "/proc/%d/fd/%.10s", pid, name + 8);
		n = proc_readlink(path, out, PATH_MAX - 1);
		if (n <= 0) {
			snprintf(path, sizeof(path), "/proc/%d/exe", pid);
			n = proc_readlink(path, out, PATH_MAX - 1);
		}
		if (n <= 0)
			return false;
		out[n] = '\0';
		path_hide(out, (size_t)n, p->sb->tree_root, p->sb->tree_rootlen);
		return true;
	}
	/* Main thread only: one result, not a heap block per exec. */
	static struct path_res res;
	r = &res;
	if (p->sb->chrooted) { /* its own root, as the emulators do */
		static char root[PATH_MAX];
		snprintf(path, sizeof(path), "/proc/%d/root", pid);
		n = proc_readlink(path, root, sizeof(root) - 1);
		c.rootfd = proc_open(path, O_PATH | O_DIRECTORY);
		if (n <= 0 || c.rootfd < 0) {
			if (c.rootfd >= 0)
				close(c.rootfd);
			return false;
		}
		root[n] = '\0';
		n = (ssize_t)path_hide(root, (size_t)n, p->sb->tree_root,
		    p->sb->tree_rootlen);
		c.rootpath = root;
		c.rootlen = (size_t)n;
	}
	n = path_canon(&c, AT_FDCWD, name, 0, r);
	if (c.rootfd != p->sb->rootfd)
		close(c.rootfd);
	if (n == 0) {
		size_t l = strnlen(r->abs, PATH_ABS_MAX - 1);
		memcpy(out, r->abs, l);
		out[l] = '\0';
		path_done(r);
	}
	return n == 0;
}

/*
 * After an exec, before the new image runs its first instruction: what
 * was really executed (/proc/PID/exe) must pass the exec rules too. The
 * check at the execve notification saw only a path, which another thread
 * could have rewritten before the kernel read it (DESIGN.md section 6).
 */
/*
 * The hardening checks (kernel/exec.c) on what really ran: the image's
 * ELF headers through /proc/PID/exe (the very file the kernel mapped),
 * and SegvGuard on its name. Returns why it must not run, or NULL.
 */
static const char *
trace_hardening(struct pool *p, int pid, const char *exe, char *why,
    size_t whysz)
{
	const struct policy *pol = p->sb->policy;
	const char *reason, *hatch = NULL;
	struct kernel_elf elf;
	char path[64];
	int fd, r;

	if (policy_segvguard_on(pol) &&
	    sandbox_segv_suspended(p->sb, exe) > 0 &&
	    pol->segvguard_act != POLICY_WARN &&
	    pol->segvguard_act != POLICY_FILTER)
		return "it is suspended by SegvGuard";
	if (!policy_elf_checks(pol))
		return NULL;
	if (syd_exec_is_ldso(exe) &&
	    !(pol->unsafe & (UINT64_C(1) << POLICY_UNSAFE_EXEC_LDSO)))
		return "the dynamic loader run as a program "
		    "(trace/allow_unsafe_exec_ldso)";
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	if ((fd = proc_open(path, O_RDONLY)) < 0)
		return "syd cannot read it to check its ELF headers";
	r = kernel_elf_read(fd, &elf);
	close(fd);
	if (r < 0)
		return "a malformed or truncated ELF";
	if ((reason = kernel_elf_refused(pol, &elf, &hatch)) == NULL)
		return NULL;
	snprintf(why, whysz, "%s (%s)", reason, hatch);
	return why;
}

/*
 * A name /proc gives for a file that no exec rule can judge by name: a
 * memfd (a file of the kernel's internal shmem mount, "/memfd:NAME
 * (deleted)"), a file unlinked before it ran (" (deleted)"), or an object
 * of another internal mount (no "/" name). As at the execve notification
 * (kernel/exec.c), only trace/allow_unsafe_exec_memfd lets one run.
 */
static bool
trace_anonymous(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '/' || strncmp(name, "/memfd:", 7) == 0 ||
	    (n > 10 && strcmp(name + n - 10, " (deleted)") == 0);
}

/*
 * One file mapped into the new image under another name than the
 * executable's: its interpreter. name is what /proc/PID/maps printed
 * (lo-hi its range); copied to out as rules see it. Why it must not run
 * as an interpreter, or NULL.
 */
static const char *
trace_interp_one(struct pool *p, int pid, const struct kernel_map *m,
    char *out)
{
	const struct policy *pol = p->sb->policy;
	enum policy_act act;
	char link[96];
	size_t n;
	ssize_t l;

	if (strstr(m->name, "\\012") != NULL) {
		/* A newline, or those four characters: only map_files
		 * (which needs CAP_CHECKPOINT_RESTORE) names it exactly. */
		snprintf(link, sizeof(link), "/proc/%d/map_files/%llx-%llx",
		    pid, (unsigned long long)m->lo, (unsigned long long)m->hi);
		if ((l = proc_readlink(link, out, PATH_MAX - 1)) <= 0) {
			snprintf(out, PATH_MAX, "%s", m->name);
			return "syd cannot read its name exactly";
		}
		out[l] = '\0';
	} else {
		snprintf(out, PATH_MAX, "%s", m->name);
	}
	if (trace_anonymous(out) &&
	    !policy_unsafe_on(pol, POLICY_UNSAFE_EXEC_MEMFD))
		return "a memory file, a deleted file or a file of an "
		    "internal mount (trace/allow_unsafe_exec_memfd)";
	n = path_hide(out, strlen(out), p->sb->tree_root,
	    p->sb->tree_rootlen);
	if (n > 10 && strcmp(out + n - 10, " (deleted)") == 0)
		out[n - 10] = '\0'; /* judged by the name it had */
	act = policy_match(pol, POLICY_EXEC, out);
	if (act != POLICY_ALLOW && act != POLICY_WARN)
		return "the exec rules deny it";
	return NULL;
}

/*
 * The program interpreter (PT_INTERP) the kernel loaded with the new
 * image (at AT_BASE): the kernel resolved it itself, so the execve
 * notification never saw it. At the exec stop the image maps only the
 * executable and its interpreter (the rest, stack and vDSO, is memory of
 * no file), so every file mapped under another name than the
 * executable's (real, as /proc names it) is the interpreter, and must
 * pass what executing it directly would: the memfd rule and the exec
 * rules on its name. Why it must not run (its name in name), or NULL.
 */
static const char *
trace_interp(struct pool *p, int pid, const char *real, char *name)
{
	static char buf[8192 + 1];
	char path[64];
	const char *why = NULL;
	bool checked = false;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	if ((fd = proc_open(path, O_RDONLY)) < 0) {
		snprintf(name, PATH_MAX, "%s", path);
		return "syd cannot read its memory map";
	}
	while (why == NULL && (n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		char *line = buf, *nl;
		buf[n] = '\0';
		while (why == NULL && (nl = strchr(line, '\n')) != NULL) {
			struct kernel_map m;
			*nl = '\0';
			if (kernel_maps_line(line, &m) &&
			    (m.inode != 0 || m.name[0] == '/') &&
			    strcmp(m.name, real) != 0 &&
			    !(checked && strcmp(m.name, name) == 0)) {
				why = trace_interp_one(p, pid, &m, name);
				checked = true;
			}
			line = nl + 1;
		}
		/* A line cut at the buffer's end is read again next time. */
		if (why == NULL && line < buf + n)
			lseek(fd, (off_t)(line - (buf + n)), SEEK_CUR);
	}
	if (why == NULL && n < 0) {
		snprintf(name, PATH_MAX, "%s", path);
		why = "syd cannot read its memory map";
	}
	close(fd);
	return why;
}

void
confine_exec_verify(struct pool *p, int pid, char *exe)
{
	const struct policy *pol = p->sb->policy;
	char link[64], real[PATH_MAX], buf[128];
	const char *why = NULL;
	enum policy_act act;
	ssize_t n;
	bool hard = policy_elf_checks(pol) || policy_segvguard_on(pol);

	bool check = policy_on(pol, POLICY_EXEC) ||
	    policy_on(pol, POLICY_FORCE) || policy_on(pol, POLICY_TPE) || hard;

	exe[0] = '\0';
	/* SegvGuard's record wants the name whatever is checked. */
	if (!check && !p->sb->segv_tracked)
		return;
	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	n = proc_readlink(link, exe, PATH_MAX - 1);
	if (n <= 0) {
		exe[0] = '\0';
		if (check)
			kill(pid, SIGKILL); /* cannot verify: fail closed */
		return;
	}
	exe[n] = '\0';
	memcpy(real, exe, (size_t)n + 1);
	path_hide(exe, (size_t)n, p->sb->tree_root, p->sb->tree_rootlen);
	if (!check)
		return;
	if (hard && (why = trace_hardening(p, pid, exe, buf, sizeof(buf))) !=
	    NULL) {
		rt_log_msg(RT_WARN, "access", "exec_verify", "pid %d executed "
		    "%s, which the exec hardening refuses: %s: %s", pid, exe,
		    why, pol->trace ? "allowed (-x)" : "killed");
		if (!pol->trace) {
			kill(pid, SIGKILL);
			return;
		}
	}
	if (!policy_on(pol, POLICY_EXEC) && !policy_on(pol, POLICY_FORCE) &&
	    !policy_on(pol, POLICY_TPE))
		return;
	act = policy_on(pol, POLICY_EXEC) ? policy_match(pol, POLICY_EXEC,
	    exe) : POLICY_ALLOW;
	/* A script (or a link): the name it was run by must pass too. */
	if ((act == POLICY_ALLOW || act == POLICY_WARN) &&
	    policy_on(pol, POLICY_EXEC)) {
		char fn[PATH_ABS_MAX];
		if (!trace_execfn(p, pid, exe, fn))
			act = POLICY_KILL;
		else if (strcmp(fn, exe) != 0)
			act = policy_match(pol, POLICY_EXEC, fn);
	}
	/* What executing a memfd or the interpreter directly would meet. */
	if ((act == POLICY_ALLOW || act == POLICY_WARN) &&
	    policy_on(pol, POLICY_EXEC)) {
		static char interp[PATH_MAX];
		const char *iwhy;

		if (trace_anonymous(real) &&
		    !policy_unsafe_on(pol, POLICY_UNSAFE_EXEC_MEMFD)) {
			rt_log_msg(RT_WARN, "access", "exec_verify", "pid %d "
			    "executed %s, a memory file, a deleted file or a "
			    "file of an internal mount "
			    "(trace/allow_unsafe_exec_memfd): %s", pid, exe,
			    pol->trace ? "allowed (-x)" : "killed");
			act = POLICY_KILL;
		} else if ((iwhy = trace_interp(p, pid, real, interp)) !=
		    NULL) {
			rt_log_msg(RT_WARN, "access", "exec_verify", "pid %d "
			    "executed %s with the interpreter %s, which must "
			    "not run: %s: %s", pid, exe, interp, iwhy,
			    pol->trace ? "allowed (-x)" : "killed");
			act = POLICY_KILL;
		}
		if (act == POLICY_KILL && !pol->trace) {
			kill(pid, SIGKILL);
			return;
		}
	}
	if (act == POLICY_ALLOW || act == POLICY_WARN)
		act = trace_integrity(pol, pid, exe, real);
	if (syd_exec_is_ldso(exe) &&
	    !(pol->unsafe & (UINT64_C(1) << POLICY_UNSAFE_EXEC_LDSO)))
		act = POLICY_KILL;
	if (act == POLICY_ALLOW || act == POLICY_WARN || pol->trace)
		return;
	rt_log_msg(RT_WARN, "access", "exec_verify",
	    "pid %d executed %s, which the exec rules deny: killed", pid, exe);
	kill(pid, SIGKILL);
}
