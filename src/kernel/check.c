/* worker-safe */
/*
 * Decisions and their consequences: the policy's action for each category
 * an access touches, the access-violation log line (SPEC.md section 6) and
 * the signal or exit the action asks for.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "kernel/kernel_int.h"
#include "sys/exitcode.h"
#include "rt/rt.h"

/* Read a small /proc file of the target (cmdline: NULs become spaces). */
static void
check_proc(int pid, const char *what, char *out, size_t size, bool link)
{
	char p[64];
	long n;
	int fd;

	out[0] = '\0';
	snprintf(p, sizeof(p), "/proc/%d/%s", pid, what);
	if (link) {
		n = sys_readlinkat(AT_FDCWD, p, out, size - 1);
	} else {
		if ((fd = sys_openat(AT_FDCWD, p, O_RDONLY, 0)) < 0)
			return;
		n = sys_read(fd, out, size - 1);
		sys_close(fd);
		for (long i = 0; i < n; i++)
			if (out[i] == '\0')
				out[i] = ' ';
		while (n > 0 && out[n - 1] == ' ')
			n--;
	}
	out[n > 0 ? n : 0] = '\0';
}

static int
check_uid(int pid)
{
	char buf[1024];
	const char *s;

	check_proc(pid, "status", buf, sizeof(buf), false);
	s = strstr(buf, "Uid:");
	return s != NULL ? path_atoi(s + 4) : -1;
}

/* One access line; tip NULL: the category's own advice. */
static void
check_log_tip(struct emu *e, enum policy_cat cat, enum policy_act act,
    const char *key, const char *path, int ipv, const char *why)
{
	char line[SYD_LOG_LINE_MAX], cmd[256], cwd[PATH_MAX], tip[PATH_MAX + 64];
	int pid = (int)e->req.pid;
	struct rt_json j;

	if (!rt_log_enabled(RT_WARN))
		return;
	rt_log_begin(&j, line, sizeof(line), RT_WARN, "access");
	rt_json_str(&j, "cap", policy_cat_name(cat));
	rt_json_str(&j, "act", policy_act_name(act));
	rt_json_str(&j, "sys", e->sysname);
	rt_json_str(&j, key, path);
	if (ipv != 0)
		rt_json_int(&j, "ipv", ipv);
	rt_json_int(&j, "pid", pid);
	rt_json_int(&j, "uid", check_uid(pid));
	if (rt_log_verbose()) { /* log/verbose */
		check_proc(pid, "cmdline", cmd, sizeof(cmd), false);
		rt_json_str(&j, "cmd", cmd);
		check_proc(pid, "cwd", cwd, sizeof(cwd), true);
		rt_json_str(&j, "cwd", cwd);
	}
	if (why != NULL)
		snprintf(tip, sizeof(tip), "%s", why);
	else if (cat == POLICY_FORCE)
		snprintf(tip, sizeof(tip), "configure `force+%s:<syd --sum>'",
		    path);
	else if (cat == POLICY_TPE)
		snprintf(tip, sizeof(tip), "run it from a directory only "
		    "root may write");
	else
		snprintf(tip, sizeof(tip), "configure `allow/%s+%s'",
		    policy_cat_name(cat), path);
	rt_json_str(&j, "tip", tip);
	rt_log_end(&j);
}

static void
check_log_as(struct emu *e, enum policy_cat cat, enum policy_act act,
    const char *key, const char *path, int ipv)
{
	check_log_tip(e, cat, act, key, path, ipv, NULL);
}

static void
check_log(struct emu *e, enum policy_cat cat, enum policy_act act,
    const char *path)
{
	check_log_as(e, cat, act, "path", path, 0);
}

/* The consequence beyond the errno; returns the errno to answer. */
static int
check_act(struct emu *e, enum policy_cat cat, enum policy_act act)
{
	struct sandbox *p = e->sb;
	int pid = (int)e->req.pid;
	int err = cat == POLICY_STAT ? ENOENT : cat == POLICY_PID ? EAGAIN :
	    EACCES;

	switch (act) {
	case POLICY_STOP:
		sys_kill(pid, SIGSTOP);
		break;
	case POLICY_ABORT:
		sys_kill(pid, SIGABRT);
		break;
	case POLICY_KILL:
		sys_kill(pid, SIGKILL);
		break;
	case POLICY_PANIC:
	case POLICY_EXIT:
		/* main ends syd: 127 for panic, the errno for exit. */
		__atomic_store_n(&p->exit_code,
		    act == POLICY_PANIC ? SYD_EX_PANIC : err, __ATOMIC_RELEASE);
		__atomic_store_n(&p->panicked, 1, __ATOMIC_RELEASE);
		sys_tgkill(p->syd_pid, p->syd_pid, SIGUSR1);
		break;
	default:
		break;
	}
	return err;
}

static const char *
check_digits(const char *s, int *v)
{
	*v = path_atoi(s);
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/*
 * Rules name the target's own /proc entries as /proc/self and
 * /proc/thread-self (as its program did); the walk resolved them to
 * numbers, so map them back before matching.
 */
const char *
kernel_match_path(struct emu *e)
{
	const char *s = e->res.abs, *rest, *after;
	int pid, tid, me, my_tid;

	if (e->res.obj[0] != '\0')
		return e->res.obj; /* a deleted file: judged by its old path */
	if (strncmp(s, "/proc/", 6) != 0 || s[6] < '0' || s[6] > '9')
		return s;
	rest = check_digits(s + 6, &pid);
	if (*rest != '\0' && *rest != '/')
		return s;
	if (e->tgid <= 0 && (e->tgid = path_tgid((int)e->req.pid)) <= 0)
		return s;
	me = e->tgid;
	my_tid = (int)e->req.pid;
	/* Resolved in the target's root: numbered as its pid namespace. */
	if (__atomic_load_n(&e->sb->chrooted, __ATOMIC_ACQUIRE) &&
	    (me = path_tgid_ns(my_tid, &my_tid)) <= 0)
		return s;
	if (pid != me)
		return s;
	if (strncmp(rest, "/task/", 6) == 0) {
		after = check_digits(rest + 6, &tid);
		if (tid == my_tid && (*after == '\0' || *after == '/')) {
			snprintf(e->match, sizeof(e->match),
			    "/proc/thread-self%s", after);
			return e->match;
		}
	}
	snprintf(e->match, sizeof(e->match), "/proc/self%s", rest);
	return e->match;
}

/*
 * Where path_gone could not tell a removed name from a live one
 * (obj_alt), e->res's other name: obj with " (deleted)" put on, in
 * place (true; *n is where check_alt_off takes it off again).
 */
static bool
check_alt_on(struct emu *e, size_t *n)
{
	*n = strlen(e->res.obj);
	if (!e->res.obj_alt || *n == 0 || *n + 11 > sizeof(e->res.obj))
		return false;
	memcpy(e->res.obj + *n, " (deleted)", 11);
	return true;
}

static void
check_alt_off(struct emu *e, size_t n)
{
	e->res.obj[n] = '\0';
}

/* Does the list l match e->res's name, or its other name? */
static bool
check_globs(struct emu *e, const struct policy_list *l)
{
	size_t n;
	bool m;

	if (l->n == 0)
		return false;
	if (policy_globs_match(l, kernel_match_path(e)))
		return true;
	if (!check_alt_on(e, &n))
		return false;
	m = policy_globs_match(l, e->res.obj);
	check_alt_off(e, n);
	return m;
}

bool
kernel_masked(struct emu *e)
{
	return check_globs(e, &kernel_policy(e)->mask);
}

const char *
kernel_mask_repl(struct emu *e)
{
	const struct policy *pol = kernel_policy(e);
	const struct policy_rule *r;

	size_t n;

	if (pol->mask.n == 0)
		return NULL;
	if ((r = policy_mask_find(pol, kernel_match_path(e))) == NULL &&
	    check_alt_on(e, &n)) {
		r = policy_mask_find(pol, e->res.obj);
		check_alt_off(e, n);
	}
	if (r == NULL)
		return NULL;
	if (r->repl_dir != NULL && e->res.exists && S_ISDIR(e->res.mode))
		return r->repl_dir;
	return r->repl != NULL ? r->repl : "/dev/null";
}

bool
kernel_appendonly(struct emu *e)
{
	const struct policy *pol = kernel_policy(e);

	/* A file too deep to name may be one of them: treated as one. */
	return pol->append.n > 0 && (kernel_match_path(e)[0] == '\0' ||
	    check_globs(e, &pol->append));
}

/* One decision: log and act; 0 to go on, -errno to answer. */
static int
check_one(struct emu *e, enum policy_cat cat, enum policy_act act,
    const char *key, const char *what, int ipv)
{
	if (act == POLICY_ALLOW)
		return 0;
	if (act != POLICY_FILTER)
		check_log_as(e, cat, act, key, what, ipv);
	if (act == POLICY_WARN || kernel_policy(e)->trace)
		return 0;
	return -check_act(e, cat, act);
}

int
kernel_act(struct emu *e, enum policy_cat cat, enum policy_act act)
{
	return check_one(e, cat, act, "path", kernel_match_path(e), 0);
}

int
kernel_act_why(struct emu *e, enum policy_cat cat, enum policy_act act,
    const char *path, const char *why)
{
	if (act == POLICY_ALLOW)
		return 0;
	if (act != POLICY_FILTER)
		check_log_tip(e, cat, act, "path", path, 0, why);
	if (act == POLICY_WARN || kernel_policy(e)->trace)
		return 0;
	return -check_act(e, cat, act);
}

int
kernel_act_name(struct emu *e, enum policy_cat cat, enum policy_act act,
    const char *key, const char *what)
{
	return check_one(e, cat, act, key, what, 0);
}

int
kernel_check_ip(struct emu *e, enum policy_cat cat, int family,
    const uint8_t *addr, uint16_t port)
{
	const struct policy *pol = kernel_policy(e);
	char what[INET6_ADDRSTRLEN + 8], ip[INET6_ADDRSTRLEN];

	if (!policy_on(pol, cat))
		return 0;
	if (inet_ntop(family, addr, ip, sizeof(ip)) == NULL)
		ip[0] = '\0';
	snprintf(what, sizeof(what), "%s!%u", ip, port);
	return check_one(e, cat, policy_match_ip(pol, cat, family, addr, port),
	    "addr", what, family == AF_INET ? 4 : 6);
}

int
kernel_check_name(struct emu *e, enum policy_cat cat, const char *name)
{
	const struct policy *pol = kernel_policy(e);

	if (!policy_on(pol, cat))
		return 0;
	return check_one(e, cat, policy_match(pol, cat, name), "addr", name, 0);
}

/*
 * syd's own /proc/PID and /proc/TID entries do not exist for the sandbox:
 * its memory, fds and environment are no business of the sandbox's.
 */
static bool
check_is_syd(struct emu *e)
{
	const char *s = e->res.abs;
	int pid, tgid;

	if (strncmp(s, "/proc/", 6) != 0 || s[6] < '0' || s[6] > '9')
		return false;
	s = check_digits(s + 6, &pid);
	if (*s != '\0' && *s != '/')
		return false;
	if (pid == e->sb->syd_pid)
		return true;
	if (pid == e->tgid || pid == (int)e->req.pid)
		return false;
	tgid = path_tgid(pid);
	return tgid == e->sb->syd_pid;
}

/*
 * Another process's memory through /proc/PID/mem (or .../task/TID/mem)
 * is what process_vm_readv/writev give, which the filter denies unless
 * trace/allow_unsafe_process_vm: e.g. the text of a sibling running a
 * file the read rules deny. The caller's own process is its own.
 */
static bool
check_foreign_mem(struct emu *e, const struct policy *pol)
{
	const char *s = e->res.abs;
	int pid, tid;

	if (strncmp(s, "/proc/", 6) != 0 || s[6] < '0' || s[6] > '9' ||
	    (pol->unsafe & (UINT64_C(1) << POLICY_UNSAFE_PROCESS_VM)))
		return false;
	s = check_digits(s + 6, &pid);
	if (strncmp(s, "/task/", 6) == 0 && s[6] >= '0' && s[6] <= '9')
		s = check_digits(s + 6, &tid);
	if (strcmp(s, "/mem") != 0)
		return false;
	if (e->tgid <= 0)
		e->tgid = path_tgid((int)e->req.pid);
	return e->tgid <= 0 || pid != e->tgid;
}

int
kernel_newname(struct emu *e, const char *name, const char *path)
{
	const struct policy *pol = kernel_policy(e);
	char line[SYD_LOG_LINE_MAX];
	struct rt_json j;

	if (policy_unsafe_on(pol, POLICY_UNSAFE_FILENAME) || path_last_safe(name))
		return 0;
	if (rt_log_enabled(RT_WARN)) {
		rt_log_begin(&j, line, sizeof(line), RT_WARN, "filename");
		rt_json_str(&j, "act", pol->trace ? "warn" : "deny");
		rt_json_str(&j, "sys", e->sysname);
		rt_json_str(&j, "path", path);
		rt_json_int(&j, "pid", (int)e->req.pid);
		rt_json_str(&j, "tip", "choose a safe name or configure "
		    "`trace/allow_unsafe_filename:1'");
		rt_log_end(&j);
	}
	return pol->trace ? 0 : -EINVAL;
}

/* An unsafe name (syd(7)) is hidden as a deny/stat rule hides a path:
 * where the stat category is on and decides, it does not exist. A memory
 * file's name (/proc/self/fd/N of a memfd: "/memfd:NAME") is no file
 * name: not judged. */
static bool
check_hidden_name(struct emu *e, const struct policy *pol, uint64_t caps,
    const char *path)
{
	return (caps & pol->sandbox & POLICY_BIT(POLICY_STAT)) != 0 &&
	    !pol->trace && e->res.exists && path[0] != '\0' &&
	    !(e->res.magic && strncmp(e->res.obj, "/memfd:", 7) == 0) &&
	    !policy_unsafe_on(pol, POLICY_UNSAFE_FILENAME) &&
	    !path_last_safe(path);
}

/* The rules of caps for path (alt: a second name of an object reached
 * through its fd, path_res.obj_alt, judged by the rules alone). */
static int
check_path(struct emu *e, uint64_t caps, const char *path, bool alt)
{
	const struct policy *pol = kernel_policy(e);

	if (!alt && (check_is_syd(e) || check_hidden_name(e, pol, caps, path)))
		return -ENOENT;
	if ((caps & pol->sandbox & (POLICY_BIT(POLICY_READ) |
	    POLICY_BIT(POLICY_WRITE))) != 0 && check_foreign_mem(e, pol)) {
		check_log(e, (caps & POLICY_BIT(POLICY_READ)) ? POLICY_READ :
		    POLICY_WRITE, POLICY_DENY, path);
		return -EACCES;
	}
	caps &= pol->sandbox;
	for (int cat = 0; caps != 0 && cat < POLICY_NLIST; cat++) {
		enum policy_act act;

		if (!(caps & POLICY_BIT(cat)))
			continue;
		caps &= ~POLICY_BIT(cat);
		if (path[0] == '\0') {
			/* A file too deep to name: only a decision that is
			 * the same for every name can be made for it. */
			int any = policy_match_any(pol, (enum policy_cat)cat);
			if (any < 0)
				return -ENAMETOOLONG;
			act = (enum policy_act)any;
			path = "!unnamed";
		} else {
			act = policy_match(pol, (enum policy_cat)cat, path);
		}
		if (act == POLICY_ALLOW)
			continue;
		if (act != POLICY_FILTER)
			check_log(e, (enum policy_cat)cat, act, path);
		if (act == POLICY_WARN || pol->trace)
			continue;
		return -check_act(e, (enum policy_cat)cat, act);
	}
	return 0;
}

int
kernel_check(struct emu *e, uint64_t caps)
{
	size_t n;
	int r = check_path(e, caps, kernel_match_path(e), false);

	/* A removed name or a live one "NAME (deleted)" (path_gone could
	 * not tell): judged by both. */
	if (r == 0 && check_alt_on(e, &n)) {
		r = check_path(e, caps, e->res.obj, true);
		check_alt_off(e, n);
	}
	return r;
}
