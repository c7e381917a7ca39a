/*
 * The words of the rule language: categories, actions, booleans, lock
 * states, log levels and trace/allow_unsafe_* names.
 */
/* worker-safe: tables and lookups only */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"

static const char *const cat_names[POLICY_NCAT] = {
	"stat", "read", "write", "exec", "create", "delete", "rename",
	"symlink", "truncate", "chdir", "readdir", "mkdir", "rmdir", "chown",
	"chgrp", "chmod", "chattr", "chroot", "utime", "mkdev", "mkfifo",
	"mktemp", "net/bind", "net/connect", "net/sendfd", "ioctl", "lock",
	"force", "tpe", "crypt", "pid", "mem",
};

static const char *const act_names[POLICY_NACT] = {
	"allow", "warn", "filter", "deny", "panic", "stop", "abort", "kill",
	"exit",
};

static const char *const lock_names[] = {
	"unset", "off", "exec", "drop", "read", "on", "ipc",
};

/* Indexed by syslog level. "err" and "warning" are accepted too. */
static const char *const level_names[] = {
	"emerg", "alert", "crit", "error", "warn", "notice", "info", "debug",
};

static const char *const unsafe_names[POLICY_NUNSAFE] = {
	"ptrace", "process_vm", "exec_ldso", "exec_memfd", "io_uring", "perf",
	"bpf", "kexec", "module", "mount", "swap", "reboot", "userfaultfd",
	"open_by_handle", "nested_seccomp", "foreign_arch", "ioctl",
	"sigreturn", "prlimit", "personality", "keyring", "syslog", "time",
	"namespace", "filename", "exec_nopie", "exec_stack", "memory",
	"proc_mem", "env", "caps", "deprecated", "page_cache", "oob", "nice",
	"sync",
};

/* Older syd 3 spellings of renamed trace/allow_unsafe_* options. */
static const struct {
	const char *old;
	enum policy_unsafe u;
} unsafe_aliases[] = {
	{ "nopie", POLICY_UNSAFE_EXEC_NOPIE },
	{ "stack", POLICY_UNSAFE_EXEC_STACK },
	{ "exec_memory", POLICY_UNSAFE_MEMORY },
};

static bool
word_eq(const char *w, const char *s, size_t n)
{
	return strlen(w) == n && memcmp(w, s, n) == 0;
}

static int
table_lookup(const char *const *t, size_t nt, const char *s, size_t n)
{
	for (size_t i = 0; i < nt; i++)
		if (t[i] != NULL && word_eq(t[i], s, n))
			return (int)i;
	return -EINVAL;
}

const char *
policy_cat_name(enum policy_cat c)
{
	return (unsigned)c < POLICY_NCAT ? cat_names[c] : NULL;
}

const char *
policy_act_name(enum policy_act a)
{
	return (unsigned)a < POLICY_NACT ? act_names[a] : NULL;
}

const char *
policy_lock_name(enum policy_lock l)
{
	return (unsigned)l <= POLICY_LOCK_IPC ? lock_names[l] : NULL;
}

const char *
policy_unsafe_name(enum policy_unsafe u)
{
	return (unsigned)u < POLICY_NUNSAFE ? unsafe_names[u] : NULL;
}

/*
 * One category word to its bits: a name of the table, "all" (every path
 * and network category) or "net" (the three network ones).
 */
int
policy_cat_lookup(const char *s, size_t n, uint64_t *mask)
{
	int i;

	if (word_eq("all", s, n)) {
		*mask = POLICY_PATH_MASK | POLICY_NET_MASK;
		return 0;
	}
	if (word_eq("net", s, n)) {
		*mask = POLICY_NET_MASK;
		return 0;
	}
	i = table_lookup(cat_names, POLICY_NCAT, s, n);
	if (i < 0)
		return i;
	*mask = POLICY_BIT(i);
	return 0;
}

/* "read,write,net/connect" -> bits; each must be within allowed, else
 * the reason says the category `what' ("takes no rules"). */
int
policy_cats_parse(struct policy_ctx *c, const char *s, size_t n,
    uint64_t allowed, const char *what, uint64_t *mask)
{
	size_t i, w;
	uint64_t m;

	*mask = 0;
	for (i = 0; i <= n; i += w + 1) {
		for (w = 0; i + w < n && s[i + w] != ','; w++)
			;
		if (w == 0)
			return policy_fail(c, -EINVAL, "empty category name");
		if (policy_cat_lookup(s + i, w, &m) < 0 &&
		    policy_surface_refused_cat(c, s + i, w) != -ENOENT)
			return -EOPNOTSUPP;
		if (policy_cat_lookup(s + i, w, &m) < 0)
			return policy_fail(c, -EINVAL, "unknown category `%.*s'",
			    (int)w, s + i);
		if ((m & ~allowed) != 0)
			return policy_fail(c, -EINVAL, "category `%.*s' %s",
			    (int)w, s + i, what);
		*mask |= m;
	}
	return 0;
}

int
policy_act_lookup(const char *s, size_t n)
{
	return table_lookup(act_names, POLICY_NACT, s, n);
}

int
policy_act_parse(struct policy_ctx *c, const char *s)
{
	int a = policy_act_lookup(s, strlen(s));

	if (a < 0)
		return policy_fail(c, -EINVAL, "unknown action `%s'", s);
	return a;
}

int
policy_bool_parse(struct policy_ctx *c, const char *key, const char *s,
    bool *b)
{
	if (!strcmp(s, "on") || !strcmp(s, "1") || !strcmp(s, "true")) {
		*b = true;
		return 0;
	}
	if (!strcmp(s, "off") || !strcmp(s, "0") || !strcmp(s, "false")) {
		*b = false;
		return 0;
	}
	return policy_fail(c, -EINVAL,
	    "%s: expected on, off, 1, 0, true or false, not `%s'", key, s);
}

/* The settable lock states: "unset" is a state, not a value. */
int
policy_lock_lookup(const char *s)
{
	int l = table_lookup(lock_names, sizeof(lock_names) /
	    sizeof(lock_names[0]), s, strlen(s));

	return l == POLICY_LOCK_UNSET ? -EINVAL : l;
}

int
policy_level_lookup(const char *s)
{
	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		return s[0] - '0';
	if (!strcmp(s, "err"))
		return 3;
	if (!strcmp(s, "warning"))
		return 4;
	return table_lookup(level_names, 8, s, strlen(s));
}

/* exec_memory: a later syd 3 spelling of memory (man/syd.2). */
int
policy_unsafe_lookup(const char *s)
{
	for (size_t i = 0; i < sizeof(unsafe_aliases) /
	    sizeof(unsafe_aliases[0]); i++)
		if (strcmp(s, unsafe_aliases[i].old) == 0)
			return (int)unsafe_aliases[i].u;
	return table_lookup(unsafe_names, POLICY_NUNSAFE, s, strlen(s));
}
