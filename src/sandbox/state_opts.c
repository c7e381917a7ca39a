/* worker-safe */
/*
 * The rest of the policy in the /dev/syd JSON state: every setting that
 * is not a category, a default or a path/address rule (state.c writes
 * those), so that each command a configuration gives shows in the state
 * (test/integration/compat_test.sh checks it line by line).
 *
 *   "flags":    the trace/ switches that are on, by their names
 *   "unshare":  namespaces; "bind": mounts; "root", "hostname"
 *   "rlimit":   rlimit/RES values ("inf" for no limit)
 *   "mask", "append", "crypt": the patterns of those lists
 *   "force":    force+ entries (path and action); "tpe": tpe/ settings
 *   "lock_rules": allow/lock/ paths and ports
 *   "setuid", "setgid": SafeSetID transitions
 *   "namespace": trace/allow_unsafe_namespace's types
 *   scalars:    pid_max, mem_max, mem_vm_max, timeout_ms, log_level,
 *               log_verbose, log_syslog, domainname,
 *               ipc, crypt_key (set or not, never the key), crypt_tmp,
 *               segvguard_expiry_ms, segvguard_suspension_ms,
 *               segvguard_maxcrashes, segvguard_act
 */
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "policy/policy.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"
#include "sys/sys.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct {
	const char *name;
	unsigned long bit;
} ns_names[] = {
	{ "user", CLONE_NEWUSER }, { "mount", CLONE_NEWNS },
	{ "pid", CLONE_NEWPID }, { "net", CLONE_NEWNET },
	{ "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

static const char *const rlimit_names[POLICY_NRLIMIT] = {
	[RLIMIT_AS] = "as", [RLIMIT_CORE] = "core", [RLIMIT_CPU] = "cpu",
	[RLIMIT_DATA] = "data", [RLIMIT_FSIZE] = "fsize",
	[RLIMIT_LOCKS] = "locks", [RLIMIT_MEMLOCK] = "memlock",
	[RLIMIT_MSGQUEUE] = "msgqueue", [RLIMIT_NICE] = "nice",
	[RLIMIT_NOFILE] = "nofile", [RLIMIT_NPROC] = "nproc",
	[RLIMIT_RSS] = "rss", [RLIMIT_RTPRIO] = "rtprio",
	[RLIMIT_RTTIME] = "rttime", [RLIMIT_SIGPENDING] = "sigpending",
	[RLIMIT_STACK] = "stack",
};

static const char *const lpath_names[POLICY_NLPATH] = { "read", "write",
	"exec" };
static const char *const lport_names[POLICY_NLPORT] = { "bind", "connect" };

/* An array of words that need no escaping: ,"key":["a","b"] */
struct words {
	int fd;
	bool first;
};

static void
words_open(struct words *w, int fd, const char *key)
{
	w->fd = fd;
	w->first = true;
	sys_write_all(fd, ",\"", 2);
	sys_write_all(fd, key, strlen(key));
	sys_write_all(fd, "\":[", 3);
}

static void
words_add(struct words *w, const char *word)
{
	if (!w->first)
		sys_write_all(w->fd, ",", 1);
	w->first = false;
	sys_write_all(w->fd, "\"", 1);
	sys_write_all(w->fd, word, strlen(word));
	sys_write_all(w->fd, "\"", 1);
}

static void
words_close(struct words *w)
{
	sys_write_all(w->fd, "]", 1);
}

/* An array of objects: ,"key":[{..},{..}] with rt_json doing escapes. */
static void
objs_open(int fd, const char *key, bool *first)
{
	*first = true;
	sys_write_all(fd, ",\"", 2);
	sys_write_all(fd, key, strlen(key));
	sys_write_all(fd, "\":[", 3);
}

static void
objs_add(int fd, struct rt_json *j, bool *first)
{
	size_t n = rt_json_close(j);

	if (!*first)
		sys_write_all(fd, ",", 1);
	*first = false;
	sys_write_all(fd, j->buf, n - 1);
}

static void
flags(int fd, const struct policy *p)
{
	char name[64];
	struct words w;

	words_open(&w, fd, "flags");
	for (int u = 0; u < POLICY_NUNSAFE; u++)
		if (policy_unsafe_on(p, (enum policy_unsafe)u)) {
			snprintf(name, sizeof(name), "allow_unsafe_%s",
			    policy_unsafe_name((enum policy_unsafe)u));
			words_add(&w, name);
		}
	if (p->safe_bind)
		words_add(&w, "allow_safe_bind");
	if (p->allow_unsupp_socket)
		words_add(&w, "allow_unsupp_socket");
	if (p->exit_wait_all)
		words_add(&w, "exit_wait_all");
	if (p->deny_tsc)
		words_add(&w, "deny_tsc");
	if (p->deny_dotdot)
		words_add(&w, "deny_dotdot");
	if (p->force_cloexec)
		words_add(&w, "force_cloexec");
	if (p->force_rand_fd)
		words_add(&w, "force_rand_fd");
	if (p->elf_deny & POLICY_ELF_DENY_32)
		words_add(&w, "deny_elf32");
	if (p->elf_deny & POLICY_ELF_DENY_STATIC)
		words_add(&w, "deny_elf_static");
	if (p->elf_deny & POLICY_ELF_DENY_DYNAMIC)
		words_add(&w, "deny_elf_dynamic");
	if (p->safe_kcapi)
		words_add(&w, "allow_safe_kcapi");
	if (p->compile_landlock)
		words_add(&w, "compile_landlock");
	/* syd 3 hatches of restrictions this build does not have (kept at
	 * :1, surface.c). */
	for (unsigned i = 0; policy_lifted_name(i) != NULL; i++)
		if (p->lifted & (UINT64_C(1) << i)) {
			snprintf(name, sizeof(name), "allow_unsafe_%s",
			    policy_lifted_name(i));
			words_add(&w, name);
		}
	words_close(&w);

	/* trace/allow_unsafe_namespace: the types the sandbox may create. */
	words_open(&w, fd, "namespace");
	for (size_t i = 0; i < sizeof(ns_names) / sizeof(ns_names[0]); i++)
		if (p->ns_allowed & ns_names[i].bit)
			words_add(&w, ns_names[i].name);
	words_close(&w);

	words_open(&w, fd, "unshare");
	for (size_t i = 0; i < sizeof(ns_names) / sizeof(ns_names[0]); i++)
		if (p->unshare & ns_names[i].bit)
			words_add(&w, ns_names[i].name);
	words_close(&w);
}

static void
patterns(int fd, const char *key, const struct policy_list *l)
{
	char buf[PATH_MAX * 2 + 64];
	struct rt_json j;
	bool first;

	objs_open(fd, key, &first);
	for (size_t i = 0; i < l->n; i++) {
		rt_json_open(&j, buf, sizeof(buf));
		rt_json_str(&j, "pat", l->v[i].pat);
		if (l->v[i].repl != NULL)
			rt_json_str(&j, "file", l->v[i].repl);
		if (l->v[i].repl_dir != NULL)
			rt_json_str(&j, "dir", l->v[i].repl_dir);
		objs_add(fd, &j, &first);
	}
	sys_write_all(fd, "]", 1);
}

static void
mounts_and_limits(int fd, const struct policy *p)
{
	char buf[PATH_MAX * 2 + 64], num[32];
	struct rt_json j;
	bool first;

	objs_open(fd, "bind", &first);
	for (size_t i = 0; i < p->nbind; i++) {
		rt_json_open(&j, buf, sizeof(buf));
		rt_json_str(&j, "src", p->bind[i].src);
		rt_json_str(&j, "dst", p->bind[i].dst);
		rt_json_int(&j, "flags", (long long)p->bind[i].flags);
		objs_add(fd, &j, &first);
	}
	sys_write_all(fd, "]", 1);

	objs_open(fd, "rlimit", &first);
	for (int r = 0; r < POLICY_NRLIMIT; r++) {
		if (!(p->rlimit_set & (UINT32_C(1) << r)))
			continue;
		rt_json_open(&j, buf, sizeof(buf));
		rt_json_str(&j, "res", rlimit_names[r] != NULL ?
		    rlimit_names[r] : "?");
		if (p->rlimit[r] == POLICY_RLIM_INF)
			snprintf(num, sizeof(num), "inf");
		else
			snprintf(num, sizeof(num), "%llu",
			    (unsigned long long)p->rlimit[r]);
		rt_json_str(&j, "value", num);
		objs_add(fd, &j, &first);
	}
	sys_write_all(fd, "]", 1);
}

static void
exec_and_ids(int fd, const struct policy *p)
{
	char buf[PATH_MAX + 128];
	struct rt_json j;
	bool first;

	objs_open(fd, "force", &first);
	for (size_t i = 0; i < p->nforce; i++) {
		rt_json_open(&j, buf, sizeof(buf));
		rt_json_str(&j, "path", p->force[i].path);
		rt_json_int(&j, "bits", p->force[i].len * 8);
		rt_json_str(&j, "act", policy_act_name(p->force[i].act));
		objs_add(fd, &j, &first);
	}
	sys_write_all(fd, "]", 1);

	for (int k = 0; k < 2; k++) {
		const struct policy_setids *s = k ? &p->setgid : &p->setuid;
		objs_open(fd, k ? "setgid" : "setuid", &first);
		for (size_t i = 0; i < s->n; i++) {
			rt_json_open(&j, buf, sizeof(buf));
			rt_json_int(&j, "src", s->v[i].src);
			rt_json_int(&j, "dst", s->v[i].dst);
			objs_add(fd, &j, &first);
		}
		sys_write_all(fd, "]", 1);
	}

	objs_open(fd, "lock_rules", &first);
	for (int c = 0; c < POLICY_NLPATH; c++)
		for (size_t i = 0; i < p->lpath[c].n; i++) {
			rt_json_open(&j, buf, sizeof(buf));
			rt_json_str(&j, "cap", lpath_names[c]);
			rt_json_str(&j, "pat", p->lpath[c].v[i].pat);
			objs_add(fd, &j, &first);
		}
	for (int c = 0; c < POLICY_NLPORT; c++)
		for (size_t i = 0; i < p->lport[c].n; i++) {
			const struct policy_rule *r = &p->lport[c].v[i];
			rt_json_open(&j, buf, sizeof(buf));
			rt_json_str(&j, "cap", lport_names[c]);
			if (r->pat != NULL)
				rt_json_str(&j, "pat", r->pat);
			rt_json_int(&j, "port_lo", r->port_lo);
			rt_json_int(&j, "port_hi", r->port_hi);
			objs_add(fd, &j, &first);
		}
	sys_write_all(fd, "]", 1);
}

/* Scalars, written flat into the state object. */
static void
scalars(int fd, const struct policy *p)
{
	char buf[PATH_MAX * 3 + 512];
	struct rt_json j;
	size_t n;

	rt_json_open(&j, buf, sizeof(buf));
	rt_json_int(&j, "timeout_ms", (long long)p->timeout_ms);
	rt_json_int(&j, "log_level", p->log_level);
	rt_json_int(&j, "log_verbose", p->log_verbose);
	rt_json_int(&j, "log_syslog", p->log_syslog);
	rt_json_int(&j, "pid_max", (long long)p->pid_max);
	rt_json_int(&j, "mem_max", (long long)p->mem_max);
	rt_json_int(&j, "mem_vm_max", (long long)p->mem_vm_max);
	rt_json_int(&j, "tpe_gid", (long long)p->tpe_gid);
	rt_json_bool(&j, "tpe_negate", p->tpe_negate);
	rt_json_bool(&j, "tpe_root_owned", p->tpe_root_owned);
	rt_json_bool(&j, "tpe_user_owned", p->tpe_user_owned);
	rt_json_bool(&j, "crypt_key", p->crypt_key_set ||
	    p->crypt_key_fd >= 0);
	if (p->crypt_tmp != NULL)
		rt_json_str(&j, "crypt_tmp", p->crypt_tmp);
	if (p->ipc != NULL)
		rt_json_str(&j, "ipc", p->ipc);
	if (p->root != NULL)
		rt_json_str(&j, "root", p->root);
	if (p->hostname != NULL)
		rt_json_str(&j, "hostname", p->hostname);
	if (p->domainname != NULL)
		rt_json_str(&j, "domainname", p->domainname);
	rt_json_int(&j, "segvguard_expiry_ms",
	    (long long)p->segvguard_expiry_ms);
	rt_json_int(&j, "segvguard_suspension_ms",
	    (long long)p->segvguard_suspension_ms);
	rt_json_int(&j, "segvguard_maxcrashes",
	    (long long)p->segvguard_maxcrashes);
	rt_json_str(&j, "segvguard_act", policy_act_name(p->segvguard_act));
	n = rt_json_close(&j); /* "{...}\n": write ",..." */
	if (n > 3) {
		buf[0] = ',';
		sys_write_all(fd, buf, n - 2);
	}
}

void
sandbox_state_opts(int fd, const struct policy *p)
{
	flags(fd, p);
	mounts_and_limits(fd, p);
	patterns(fd, "mask", &p->mask);
	patterns(fd, "append", &p->append);
	patterns(fd, "crypt", &p->crypt);
	exec_and_ids(fd, p);
	scalars(fd, p);
}
