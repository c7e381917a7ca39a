/*
 * The rest of syd 3.52's settings surface (test/compat/syd352-keys.tsv):
 * log/verbose, log/syslog, config/expand, the trace/allow_unsafe_* names
 * with more than one bit or a value list, the hatches whose restriction
 * this build does not have, and the keys this build refuses by name, each
 * with its reason ("not supported by this build: WHY"), so that nothing
 * syd 3 accepts is taken and silently ignored.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

#define NOT_HERE "not supported by this build: "

/*
 * trace/allow_unsafe_NAME whose restriction this build does not have:
 * NAME:1 asks for what the sandbox already gets and is kept (JSON
 * "lifted"); NAME:0 would ask for a protection this build cannot give
 * and is refused with the reason.
 */
static const struct {
	const char *name;
	const char *why;
} lifted[] = {
	{ "sigreturn", "no SROP mitigation: sigreturn(2) outside a signal "
	    "handler is not detected (it needs ptrace signal tracking)" },
	{ "sysinfo", "sysinfo(2) answers are not randomised" },
	{ "spec_exec", "speculative-execution controls are not changed" },
	{ "pkey", "memory protection keys are not restricted" },
	{ "cbpf", "classic BPF filters are not restricted (only a second "
	    "seccomp listener is)" },
	{ "prctl", "prctl(2) options other than PR_SET_TSC and the "
	    "personality are not restricted" },
	{ "xattr", "extended attribute names are not restricted" },
	{ "dumpable", "the sandbox stays dumpable" },
	{ "create", "O_CREAT in sticky world-writable directories is not "
	    "restricted beyond the kernel's protected_regular" },
	{ "symlinks", "following symbolic links in sticky world-writable "
	    "directories is not restricted beyond the kernel's "
	    "protected_symlinks" },
	{ "hardlinks", "hard links are not restricted beyond the kernel's "
	    "protected_hardlinks" },
};

/*
 * trace/allow_unsafe_NAME whose protection this build always gives:
 * NAME:0 asks for it and is kept; NAME:1 would lift it, which this
 * build cannot do safely, and is refused with the reason.
 */
static const struct {
	const char *name;
	const char *why;
} given[] = {
	{ "magiclinks", "another process's /proc/PID magic links would be "
	    "followed with syd's own CAP_SYS_PTRACE, not the sandbox's access "
	    "(syd(7), Magic links)" },
};

/* Names that stand for several bits of policy.unsafe. */
static const struct {
	const char *name;
	uint64_t bits;
} multi[] = {
	{ "debug", UINT64_C(1) << POLICY_UNSAFE_PTRACE |
	    UINT64_C(1) << POLICY_UNSAFE_PERF |
	    UINT64_C(1) << POLICY_UNSAFE_PROCESS_VM },
	{ "ebpf", UINT64_C(1) << POLICY_UNSAFE_BPF },
};

/* syd 3.52 keys this build refuses by name (exact key, or a prefix
 * ending in '/'). */
static const struct {
	const char *key;
	const char *why;
} refused[] = {
	{ "trace/allow_unsafe_open", "every open is made by syd and its "
	    "descriptor handed over; letting the kernel open (TOCTOU) is not "
	    "implemented" },
	{ "trace/force_umask", "the mode of the files the sandbox creates is "
	    "not rewritten" },
	{ "trace/memory_access", "sandbox memory is always read through "
	    "process_vm_readv(2) with /proc/PID/mem as the fallback; the "
	    "method cannot be chosen" },
	{ "sandbox/proxy", "no SOCKS proxy (syd-tor) is built in" },
	{ "proxy/", "no SOCKS proxy (syd-tor) is built in" },
	{ "sandbox/pty", "no pseudo-terminal broker (syd-pty) is built in" },
	{ "pty/", "no pseudo-terminal broker (syd-pty) is built in" },
	{ "root/map", "the user namespace maps ids as they are (identity); "
	    "mapping the user to root is not implemented" },
	{ "root/fake", "get*id(2) are not emulated to answer root" },
};

/* Categories of syd 3.52 this build does not have (sandbox/NAME, and
 * NAME in any category list). */
int
policy_surface_refused_cat(struct policy_ctx *c, const char *name, size_t n)
{
	char key[64];

	if (n + 9 > sizeof(key))
		return -ENOENT;
	memcpy(key, "sandbox/", 8);
	memcpy(key + 8, name, n);
	key[n + 8] = '\0';
	return policy_surface_refused(c, key);
}

int
policy_surface_refused(struct policy_ctx *c, const char *key)
{
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		size_t n = strlen(refused[i].key);
		if (refused[i].key[n - 1] == '/' ? strncmp(key, refused[i].key,
		    n) == 0 : strcmp(key, refused[i].key) == 0)
			return policy_fail(c, -EOPNOTSUPP, "%s: " NOT_HERE "%s",
			    key, refused[i].why);
	}
	return -ENOENT;
}

const char *
policy_lifted_name(unsigned i)
{
	return i < sizeof(lifted) / sizeof(*lifted) ? lifted[i].name : NULL;
}

static const struct {
	const char *name;
	uint32_t flag;
} ns_names[] = {
	{ "mount", CLONE_NEWNS }, { "uts", CLONE_NEWUTS },
	{ "ipc", CLONE_NEWIPC }, { "user", CLONE_NEWUSER },
	{ "pid", CLONE_NEWPID }, { "net", CLONE_NEWNET },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

#define NS_ALL (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | \
	CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME)

/* trace/allow_unsafe_namespace: a boolean (all or none), `all', `none'
 * or a comma list of namespace names. */
static int
set_namespace(struct policy_ctx *c, const char *key, const char *val)
{
	uint32_t bits = 0;
	const char *s = val;
	bool b;

	if (strchr(val, ',') == NULL && policy_bool_parse(c, key, val, &b) == 0)
		bits = b ? NS_ALL : 0;
	else if (!strcmp(val, "all"))
		bits = NS_ALL;
	else if (strcmp(val, "none") != 0)
		for (;;) {
			size_t n = strcspn(s, ","), i;
			for (i = 0; i < sizeof(ns_names) / sizeof(*ns_names);
			    i++)
				if (strlen(ns_names[i].name) == n &&
				    !memcmp(ns_names[i].name, s, n))
					break;
			if (i == sizeof(ns_names) / sizeof(*ns_names))
				return policy_fail(c, -EINVAL, "%s: expected a "
				    "boolean, all, none or namespaces (mount, "
				    "uts, ipc, user, pid, net, cgroup, time), "
				    "not `%.*s'", key, (int)n, s);
			bits |= ns_names[i].flag;
			if (s[n] == '\0')
				break;
			s += n + 1;
		}
	c->p->ns_allowed = bits;
	return 0;
}

/*
 * Called by the trace/allow_unsafe_ setter first: 0 when handled here,
 * -ENOENT when name is an ordinary one-bit name, else the error.
 */
int
policy_surface_unsafe(struct policy_ctx *c, const char *key,
    const char *name, const char *val)
{
	bool on;
	int rc;

	if (!strcmp(name, "namespace"))
		return set_namespace(c, key, val);
	for (size_t i = 0; i < sizeof(multi) / sizeof(*multi); i++) {
		if (strcmp(name, multi[i].name) != 0)
			continue;
		if ((rc = policy_bool_parse(c, key, val, &on)) < 0)
			return rc;
		if (on)
			c->p->unsafe |= multi[i].bits;
		else
			c->p->unsafe &= ~multi[i].bits;
		return 0;
	}
	for (size_t i = 0; i < sizeof(lifted) / sizeof(*lifted); i++) {
		if (strcmp(name, lifted[i].name) != 0)
			continue;
		if ((rc = policy_bool_parse(c, key, val, &on)) < 0)
			return rc;
		if (!on)
			return policy_fail(c, -EOPNOTSUPP, "%s:%s: " NOT_HERE
			    "%s", key, val, lifted[i].why);
		c->p->lifted |= UINT64_C(1) << i;
		return 0;
	}
	for (size_t i = 0; i < sizeof(given) / sizeof(*given); i++) {
		if (strcmp(name, given[i].name) != 0)
			continue;
		if ((rc = policy_bool_parse(c, key, val, &on)) < 0)
			return rc;
		if (on)
			return policy_fail(c, -EOPNOTSUPP, "%s:%s: " NOT_HERE
			    "%s", key, val, given[i].why);
		return 0;
	}
	return -ENOENT;
}

/* log/verbose:BOOL (0 or 1 too), log/syslog:BOOL. */
POLICY_SETTER(policy_set_log_opt)
{
	bool on;
	int rc;

	if ((rc = policy_bool_parse(c, key, val, &on)) < 0)
		return rc;
	if (!strcmp(key, "log/verbose"))
		c->p->log_verbose = on;
	else
		c->p->log_syslog = on;
	return 0;
}

/* name/domain:NAME: the NIS domain name in the sandbox's UTS namespace
 * (implied), as name/host sets the host name. */
POLICY_SETTER(policy_set_domainname)
{
	size_t n = strlen(val);
	char *s;

	if (n > 64 || strspn(val, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") != n)
		return policy_fail(c, -EINVAL, "%s: `%s' is not a domain name "
		    "(letters, digits, -, _ and ., at most 64)", key, val);
	if ((s = policy_strdup(c, val)) == NULL)
		return -ENOMEM;
	rt_free(c->p->domainname);
	c->p->domainname = s;
	return 0;
}

/* config/expand: syd 3's timeout for wordexp(3) expansion; 0 is the
 * plain ${VAR} expansion this build does, anything else is refused. */
POLICY_SETTER(policy_set_config_expand)
{
	int64_t ms;

	if (policy_duration(val, &ms) < 0)
		return policy_fail(c, -EINVAL, "%s: `%s' is not a duration",
		    key, val);
	if (ms != 0)
		return policy_fail(c, -EOPNOTSUPP, "%s:%s: " NOT_HERE
		    "wordexp(3) expansion (command substitution, globbing) is "
		    "not done; only ${VAR} is expanded (config/expand:0)", key,
		    val);
	return 0;
}

/* Every word above, for syd --commands. */
void
policy_surface_words(void (*put)(void *, const char *, const char *),
    void *arg)
{
	static const char u[] = "trace/allow_unsafe_";

	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		put(arg, "", refused[i].key);
	for (size_t i = 0; i < sizeof(multi) / sizeof(*multi); i++)
		put(arg, u, multi[i].name);
	for (size_t i = 0; i < sizeof(lifted) / sizeof(*lifted); i++)
		put(arg, u, lifted[i].name);
}
