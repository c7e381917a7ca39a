/*
 * KEY:VALUE and KEY+VALUE settings: the table from key to handler, and the
 * handlers of scalar settings (lock, timeout, log level, limits, IPC,
 * trace options). Families with more structure live in ns.c, force.c,
 * crypt.c and landlock.c.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"
#include "sys/sys.h"

#define UNIX_PATH_MAX 108 /* sizeof(sun_path) */

static bool
lock_strict(int l)
{
	return l == POLICY_LOCK_ON || l == POLICY_LOCK_IPC;
}

/* The lock never loosens once on: from on or ipc only on or ipc. */
static int
set_lock(struct policy_ctx *c, const char *key, char op, const char *val)
{
	int l = policy_lock_lookup(val);

	if (l < 0)
		return policy_fail(c, -EINVAL, "lock: expected off, exec, drop, "
		    "read, on or ipc, not `%s'", val);
	if (lock_strict(c->p->lock) && !lock_strict(l))
		return policy_fail(c, -EPERM, "lock is on");
	c->p->lock = (uint8_t)l;
	return 0;
}

static int
set_timeout(struct policy_ctx *c, const char *key, char op, const char *val)
{
	int rc = policy_duration(val, &c->p->timeout_ms);

	if (rc == -ERANGE)
		return policy_fail(c, rc, "timeout: `%s' is too long", val);
	if (rc < 0)
		return policy_fail(c, rc, "timeout: `%s' is not a duration "
		    "(10s, 500ms, 2m, 1h, 1d)", val);
	return 0;
}

static POLICY_SETTER(set_log_level)
{
	int l = policy_level_lookup(val);

	if (l < 0)
		return policy_fail(c, -EINVAL, "log/level: expected emerg, "
		    "alert, crit, error, warn, notice, info or debug, not `%s'",
		    val);
	c->p->log_level = l;
	return 0;
}

static int
set_pid_max(struct policy_ctx *c, const char *key, char op, const char *val)
{
	if (policy_u64(val, &c->p->pid_max) < 0)
		return policy_fail(c, -EINVAL, "pid/max: `%s' is not a number",
		    val);
	return 0;
}

static int
set_mem(struct policy_ctx *c, const char *key, char op, const char *val)
{
	uint64_t *v = strcmp(key, "mem/max") ? &c->p->mem_vm_max :
	    &c->p->mem_max;
	int rc = policy_size(val, v);

	if (rc < 0)
		return policy_fail(c, rc, "%s: `%s' is not a size (4096, 64k, "
		    "256M, 1G)%s", key, val, rc == -ERANGE ? " or too big" : "");
	return 0;
}

static int
set_ipc(struct policy_ctx *c, const char *key, char op, const char *val)
{
	char *s;

	if ((val[0] != '/' && !(val[0] == '@' && val[1] != '\0')) ||
	    strlen(val) >= UNIX_PATH_MAX)
		return policy_fail(c, -EINVAL, "ipc: expected an absolute path "
		    "or @name shorter than %d bytes, not `%s'", UNIX_PATH_MAX,
		    val);
	if ((s = policy_strdup(c, val)) == NULL)
		return -ENOMEM;
	rt_free(c->p->ipc);
	c->p->ipc = s;
	return 0;
}

/* Booleans of struct policy named by their syd 3 key. */
static const struct {
	const char *key;
	size_t off;
} bools[] = {
	{ "trace/exit_wait_all", offsetof(struct policy, exit_wait_all) },
	{ "trace/allow_safe_bind", offsetof(struct policy, safe_bind) },
	{ "trace/allow_unsupp_socket",
	    offsetof(struct policy, allow_unsupp_socket) },
	{ "trace/deny_dotdot", offsetof(struct policy, deny_dotdot) },
	{ "trace/force_cloexec", offsetof(struct policy, force_cloexec) },
	{ "trace/force_rand_fd", offsetof(struct policy, force_rand_fd) },
	{ "trace/allow_safe_kcapi", offsetof(struct policy, safe_kcapi) },
	{ "trace/compile_landlock",
	    offsetof(struct policy, compile_landlock) },
};

static POLICY_SETTER(set_bool)
{
	for (size_t i = 0; i < sizeof(bools) / sizeof(*bools); i++)
		if (strcmp(key, bools[i].key) == 0)
			return policy_bool_parse(c, key, val,
			    (bool *)((char *)c->p + bools[i].off));
	return policy_fail(c, -EINVAL, "unknown option `%s'", key);
}

/* trace/deny_elf32, trace/deny_elf_static, trace/deny_elf_dynamic */
static POLICY_SETTER(set_deny_elf)
{
	const char *w = key + strlen("trace/deny_elf");
	uint8_t bit = !strcmp(w, "32") ? POLICY_ELF_DENY_32 :
	    !strcmp(w, "_static") ? POLICY_ELF_DENY_STATIC :
	    POLICY_ELF_DENY_DYNAMIC;
	bool on;
	int rc;

	if ((rc = policy_bool_parse(c, key, val, &on)) < 0)
		return rc;
	if (on)
		c->p->elf_deny |= bit;
	else
		c->p->elf_deny &= (uint8_t)~bit;
	return 0;
}

/* segvguard/expiry and segvguard/suspension: durations (plain seconds
 * as in syd 3, or 10s, 2m...); segvguard/maxcrashes: a count >= 1. */
static POLICY_SETTER(set_segvguard)
{
	int64_t *ms = !strcmp(key, "segvguard/expiry") ?
	    &c->p->segvguard_expiry_ms : &c->p->segvguard_suspension_ms;
	uint64_t n;
	int rc;

	if (!strcmp(key, "segvguard/maxcrashes")) {
		if (policy_u64(val, &n) < 0 || n == 0 || n > UINT32_MAX)
			return policy_fail(c, -EINVAL, "%s: expected a number "
			    "from 1 to %u, not `%s'", key, UINT32_MAX, val);
		c->p->segvguard_maxcrashes = n;
		return 0;
	}
	if ((rc = policy_duration(val, ms)) < 0)
		return policy_fail(c, rc, "%s: `%s' is not a duration (120, "
		    "10s, 2m, 1h)%s", key, val, rc == -ERANGE ? " or too long" :
		    "");
	return 0;
}

/* PR_SET_TSC exists on x86 only: asked for elsewhere, it is refused
 * rather than accepted and not done. */
static POLICY_SETTER(set_deny_tsc)
{
	bool on;
	int rc;

	if ((rc = policy_bool_parse(c, key, val, &on)) < 0)
		return rc;
#if !defined(__x86_64__)
	if (on)
		return policy_fail(c, -EINVAL, "%s: not supported on this "
		    "architecture (no PR_SET_TSC)", key);
#endif
	c->p->deny_tsc = on;
	return 0;
}

static int
set_unsafe(struct policy_ctx *c, const char *key, char op, const char *val)
{
	const char *name = key + strlen("trace/allow_unsafe_");
	int u, rc;
	bool on;

	if ((rc = policy_surface_unsafe(c, key, name, val)) != -ENOENT)
		return rc;
	if ((u = policy_unsafe_lookup(name)) < 0 &&
	    policy_surface_refused(c, key) != -ENOENT)
		return -EOPNOTSUPP;
	if (u < 0)
		return policy_fail(c, -EINVAL, "unknown option `%s'", key);
	if ((rc = policy_bool_parse(c, key, val, &on)) < 0)
		return rc;
	if (on)
		c->p->unsafe |= UINT64_C(1) << u;
	else
		c->p->unsafe &= ~(UINT64_C(1) << u);
	return 0;
}

static POLICY_SETTER(set_append)
{
	return policy_globs_cmd(c, &c->p->append, op, val);
}

static const struct setting {
	const char *key;
	bool family; /* key is a prefix: "unshare/" + NAME */
	const char *ops;
	policy_setfn *fn;
} settings[] = {
	{ "lock", false, ":", set_lock },
	{ "timeout", false, ":", set_timeout },
	{ "log/level", false, ":", set_log_level },
	{ "log/verbose", false, ":", policy_set_log_opt },
	{ "log/syslog", false, ":", policy_set_log_opt },
	{ "config/expand", false, ":", policy_set_config_expand },
	{ "pid/max", false, ":", set_pid_max },
	{ "mem/max", false, ":", set_mem },
	{ "mem/vm_max", false, ":", set_mem },
	{ "ipc", false, ":", set_ipc },
	{ "trace/exit_wait_all", false, ":", set_bool },
	{ "trace/allow_safe_bind", false, ":", set_bool },
	{ "trace/allow_unsupp_socket", false, ":", set_bool },
	{ "trace/deny_dotdot", false, ":", set_bool },
	{ "trace/force_cloexec", false, ":", set_bool },
	{ "trace/force_rand_fd", false, ":", set_bool },
	{ "trace/allow_safe_kcapi", false, ":", set_bool },
	{ "trace/compile_landlock", false, ":", set_bool },
	{ "trace/deny_tsc", false, ":", set_deny_tsc },
	{ "trace/allow_unsafe_", true, ":", set_unsafe },
	{ "trace/deny_elf32", false, ":", set_deny_elf },
	{ "trace/deny_elf_static", false, ":", set_deny_elf },
	{ "trace/deny_elf_dynamic", false, ":", set_deny_elf },
	{ "segvguard/expiry", false, ":", set_segvguard },
	{ "segvguard/suspension", false, ":", set_segvguard },
	{ "segvguard/maxcrashes", false, ":", set_segvguard },
	{ "mask", false, "+-^", policy_set_mask },
	{ "append", false, "+-^", set_append },
	{ "setuid", false, "+-^", policy_set_setid },
	{ "setgid", false, "+-^", policy_set_setid },
	{ "unshare/", true, ":", policy_set_unshare },
	{ "bind", false, "+-^", policy_set_bind },
	{ "root", false, ":", policy_set_root },
	{ "name/host", false, ":", policy_set_hostname },
	{ "name/domain", false, ":", policy_set_domainname },
	{ "rlimit/", true, ":", policy_set_rlimit },
	{ "force", false, "+-^", policy_set_force },
	{ "tpe/", true, ":", policy_set_tpe },
	{ "crypt", false, "+-^", policy_set_crypt },
	{ "crypt/key", false, ":", policy_set_crypt_key },
	{ "crypt/key/fd", false, ":", policy_set_crypt_fd },
	{ "crypt/tmp", false, ":", policy_set_crypt_tmp },
};

static const struct setting *
setting_find(const char *key, size_t kl)
{
	const struct setting *s;
	size_t n;

	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		s = &settings[i];
		n = strlen(s->key);
		if (s->family ? kl > n && !memcmp(key, s->key, n) :
		    kl == n && !memcmp(key, s->key, n))
			return s;
	}
	return NULL;
}

int
policy_setting(struct policy_ctx *c, const char *key, size_t kl, char op,
    const char *val)
{
	const struct setting *s = setting_find(key, kl);
	char name[128];

	if (kl >= sizeof(name))
		return policy_fail(c, -EINVAL, "unknown setting `%.*s'", 64,
		    key);
	memcpy(name, key, kl);
	name[kl] = '\0';
	if (s == NULL && policy_surface_refused(c, name) != -ENOENT)
		return -EOPNOTSUPP;
	if (s == NULL)
		return policy_fail(c, -EINVAL, "unknown command or setting "
		    "`%s'", name);
	if (strchr(s->ops, op) == NULL)
		return policy_fail(c, -EINVAL, "%s takes %s", name,
		    s->ops[0] == ':' ? "`:VALUE'" : "+, - or ^ and a value");
	if (*val == '\0' && !(op == '^' && s->fn == policy_set_force))
		return policy_fail(c, -EINVAL, "%s: missing value", name);
	return s->fn(c, name, op, val);
}

/*
 * Every word the parser knows, for documentation checks (syd --commands):
 * the settings above, then commands, categories, actions and the
 * trace/allow_unsafe_* names. Writes one per line into fd.
 */
static void
keyword_put(void *arg, const char *pre, const char *w)
{
	char line[128];
	int fd = *(int *)arg;

	snprintf(line, sizeof(line), "%s%s\n", pre, w);
	sys_write_all(fd, line, strlen(line));
}

void
policy_keywords(int fd)
{
	static const char *const words[] = { "sandbox", "default", "reset",
	    "panic", "stat", "include_profile", "include", "load",
	    "cmd/exec", "ghost" };
	char line[128];

	for (size_t i = 0; i < sizeof(settings) / sizeof(*settings); i++) {
		if (strcmp(settings[i].key, "trace/allow_unsafe_") == 0)
			continue;
		snprintf(line, sizeof(line), "%s\n", settings[i].key);
		sys_write_all(fd, line, strlen(line));
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		snprintf(line, sizeof(line), "%s\n", words[i]);
		sys_write_all(fd, line, strlen(line));
	}
	for (int c = 0; c < POLICY_NCAT; c++) {
		snprintf(line, sizeof(line), "%s\n", policy_cat_name(c));
		sys_write_all(fd, line, strlen(line));
	}
	for (int a = 0; a < POLICY_NACT; a++) {
		snprintf(line, sizeof(line), "%s\n", policy_act_name(a));
		sys_write_all(fd, line, strlen(line));
	}
	for (int u = 0; u < POLICY_NUNSAFE; u++) {
		snprintf(line, sizeof(line), "trace/allow_unsafe_%s\n",
		    policy_unsafe_name(u));
		sys_write_all(fd, line, strlen(line));
	}
	policy_surface_words(keyword_put, &fd);
}
