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

static bool
magic_word(const char *cmd, const char *w)
{
	return strncmp(cmd, w, strlen(w)) == 0;
}

/* lock:drop admits only what makes the policy stricter. */
static bool
magic_stricter(const char *cmd)
{
	static const char *const deny[] = { "deny/", "filter/", "panic/",
	    "stop/", "abort/", "kill/", "exit/" };
	const char *op = strpbrk(cmd, "+-^:");

	if (op == NULL)
		return false;
	if (magic_word(cmd, "sandbox/"))
		return strcmp(op, ":on") == 0 || strcmp(op, ":1") == 0 ||
		    strcmp(op, ":true") == 0;
	if (magic_word(cmd, "allow/"))
		return *op == '-' || *op == '^';
	if (magic_word(cmd, "default/"))
		return *op == ':' && !magic_word(op + 1, "allow") &&
		    !magic_word(op + 1, "warn");
	if (magic_word(cmd, "lock:"))
		return true; /* policy_cmd itself never lets it loosen */
	for (size_t i = 0; i < sizeof(deny) / sizeof(*deny); i++)
		if (magic_word(cmd, deny[i]))
			return *op == '+';
	return false;
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
		return e->tgid == e->pool->child ? 0 : -EPERM;
	case POLICY_LOCK_DROP:
		return !change || magic_stricter(cmd) ? 0 : -EPERM;
	case POLICY_LOCK_READ:
	case POLICY_LOCK_IPC:
		return change ? -EPERM : 0;
	default: /* on, or unset: it became on at the first exec */
		return -ENOENT;
	}
}

/* How strict each lock is: at run time it may only tighten. */
static int
magic_lock_rank(const char *v)
{
	static const char *const order[] = { "off", "exec", "drop", "read",
	    "ipc", "on" };

	for (int i = 0; i < 6; i++)
		if (strcmp(v, order[i]) == 0)
			return i;
	return -1;
}

static int
magic_lock_cur(int lock)
{
	switch (lock) {
	case POLICY_LOCK_OFF: return 0;
	case POLICY_LOCK_EXEC: return 1;
	case POLICY_LOCK_DROP: return 2;
	case POLICY_LOCK_READ: return 3;
	case POLICY_LOCK_IPC: return 4;
	default: return 5;
	}
}

/*
 * Settings this version enforces only from the start (or not at all):
 * accepting them at run time would claim a protection that is not there.
 */
static bool
magic_unsupported(const char *cmd)
{
	static const char *const start[] = { "unshare/", "bind+", "bind-",
	    "bind^", "root:", "name/host:", "ipc:", "timeout:", "rlimit/",
	    "pid/", "mem/", "crypt", "allow/lock/", "force", "tpe/", "mask",
	    "append" };
	static const char *const cats[] = { "lock", "crypt", "pid", "mem",
	    "force", "tpe" };
	const char *colon;

	for (size_t i = 0; i < sizeof(start) / sizeof(*start); i++)
		if (magic_word(cmd, start[i]))
			return true;
	if (!magic_word(cmd, "sandbox/") || (colon = strchr(cmd, ':')) == NULL)
		return false;
	for (size_t i = 0; i < sizeof(cats) / sizeof(*cats); i++) {
		const char *s = cmd + 8;
		size_t n = strlen(cats[i]);
		while (s < colon) {
			const char *end = memchr(s, ',', (size_t)(colon - s));
			if (end == NULL)
				end = colon;
			if ((size_t)(end - s) == n && strncmp(s, cats[i], n) == 0)
				return true;
			s = end + 1;
		}
	}
	return false;
}

/*
 * Run one command against the live policy (from /dev/syd or IPC). The
 * caller holds no policy lock: a query takes the read lock, a change the
 * write lock. Returns 0, -ENOENT for a false query, or -errno.
 */
int
kernel_config(struct pool *pool, const char *cmd, const char *who)
{
	char err[256];
	int r;

	if (strchr(cmd, '?') != NULL) { /* a query changes nothing */
		sys_rdlock(&pool->policy_lock);
		r = policy_cmd(pool->policy, cmd, err, sizeof(err));
		sys_rdunlock(&pool->policy_lock);
		return r;
	}
	if (magic_word(cmd, "lock:") && magic_lock_rank(cmd + 5) >= 0 &&
	    magic_lock_rank(cmd + 5) < magic_lock_cur(pool->policy->lock))
		return -EPERM; /* the lock never loosens */
	if (magic_unsupported(cmd))
		return -EOPNOTSUPP;
	sys_wrlock(&pool->policy_lock);
	r = policy_cmd(pool->policy, cmd, err, sizeof(err));
	if (r == 0 && pool->policy->log_level >= 0)
		rt_log_set_level(pool->policy->log_level);
	if (r == 0 && pool->policy->panic) {
		/* panic: end syd (and with it the sandbox), status 127. */
		__atomic_store_n(&pool->exit_code, 127, __ATOMIC_RELEASE);
		__atomic_store_n(&pool->panicked, 1, __ATOMIC_RELEASE);
		sys_tgkill(pool->syd_pid, pool->syd_pid, SIGUSR1);
	}
	sys_wrunlock(&pool->policy_lock);
	if (r < 0 && r != -ENOENT)
		rt_log_msg(RT_NOTICE, who, "cmd", "%s: %s", cmd, err);
	else
		rt_log_msg(RT_INFO, who, "cmd", "%s", cmd);
	return r;
}

static int
magic_run(struct emu *e, const char *cmd)
{
	int r;

	sys_rdunlock(&e->pool->policy_lock);
	r = kernel_config(e->pool, cmd, "magic");
	sys_rdlock(&e->pool->policy_lock);
	return r;
}

/* stat of /dev/syd[/CMD]: run it; success looks like /dev/null. */
int
kernel_magic_stat(struct emu *e, void *st, bool statx, unsigned mask)
{
	const char *cmd = e->path[8] == '/' ? e->path + 9 : "";
	bool change = *cmd != '\0' && strchr(cmd, '?') == NULL;
	int r = magic_allowed(e, cmd, change);

	if (r < 0)
		return r;
	if (*cmd != '\0') {
		r = magic_run(e, cmd);
		if (r == -ENOENT || r == -EPERM || r == -EOPNOTSUPP)
			return r;
		if (r < 0)
			return -EINVAL;
	}
	if (statx)
		return sys_statx(AT_FDCWD, "/dev/null", 0, mask, st);
	return sys_fstatat(AT_FDCWD, "/dev/null", st, 0);
}

/* Append one rt_json object (its trailing newline is JSON whitespace). */
static void
magic_obj(int fd, struct rt_json *j, bool *first)
{
	size_t n = rt_json_close(j);

	if (!*first)
		sys_write_all(fd, ",", 1);
	*first = false;
	sys_write_all(fd, j->buf, n - 1); /* one line: no newline inside */
}

static void
magic_rules(int fd, const struct policy *p)
{
	char buf[PATH_MAX + 128];
	struct rt_json j;
	bool first = true;

	sys_write_all(fd, ",\"rules\":[", 10);
	for (int c = 0; c < POLICY_NLIST; c++) {
		const struct policy_list *l = &p->list[c];
		for (size_t i = 0; i < l->n; i++) {
			rt_json_open(&j, buf, sizeof(buf));
			rt_json_str(&j, "cap", policy_cat_name(c));
			rt_json_str(&j, "act", policy_act_name(l->v[i].act));
			rt_json_str(&j, "pat", l->v[i].pat);
			magic_obj(fd, &j, &first);
		}
	}
	sys_write_all(fd, "]", 1);
}

static void
magic_cats(int fd, const struct policy *p)
{
	char buf[256];
	struct rt_json j;
	bool first = true;

	sys_write_all(fd, ",\"sandbox\":[", 12);
	for (int c = 0; c < POLICY_NCAT; c++) {
		rt_json_open(&j, buf, sizeof(buf));
		rt_json_str(&j, "cap", policy_cat_name(c));
		rt_json_bool(&j, "on", policy_on(p, c));
		rt_json_str(&j, "default", policy_act_name(p->defact[c]));
		magic_obj(fd, &j, &first);
	}
	sys_write_all(fd, "]", 1);
}

void
kernel_state(int fd, const struct policy *p)
{
	char head[128];
	int n = snprintf(head, sizeof(head), "{\"api\":3,\"lock\":\"%s\","
	    "\"trace\":%s", policy_lock_name(p->lock), p->trace ? "true" :
	    "false");

	sys_write_all(fd, head, (size_t)n);
	magic_cats(fd, p);
	magic_rules(fd, p);
	sys_write_all(fd, "}\n", 2);
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
	fd = (int)sys_call2(SYS_memfd_create, "syd-state",
	    MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return fd;
	kernel_state(fd, p);
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
