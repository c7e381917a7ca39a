/* worker-safe */
/*
 * The state of the policy as one JSON object on one line: what
 * open("/dev/syd") reads and what IPC `stat' answers. Every rule pattern
 * goes through the JSON writer, which keeps the line valid whatever bytes
 * a pattern holds.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "policy/policy.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"
#include "sys/sys.h"

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

/* allow/net/link: the netlink families allowed, by name. */
static void
magic_netlink(int fd, const struct policy *p)
{
	bool first = true;

	sys_write_all(fd, ",\"netlink\":[", 12);
	for (unsigned i = 0; i < 32; i++) {
		const char *n = policy_netlink_name(i);
		if (n == NULL || !(p->netlink & (UINT32_C(1) << i)))
			continue;
		if (!first)
			sys_write_all(fd, ",", 1);
		first = false;
		sys_write_all(fd, "\"", 1);
		sys_write_all(fd, n, strlen(n));
		sys_write_all(fd, "\"", 1);
	}
	sys_write_all(fd, "]", 1);
}

/* A JSON array of names into out (at most cap bytes). */
static void
names_json(char *out, size_t cap, const char *(*name)(unsigned, void *),
    void *arg)
{
	size_t n = 0;
	const char *w;

	n += (size_t)snprintf(out, cap, "[");
	for (unsigned i = 0; (w = name(i, arg)) != NULL && n < cap; i++)
		if (*w != '\0')
			n += (size_t)snprintf(out + n, cap - n, "%s\"%s\"",
			    n > 1 ? "," : "", w);
	if (n < cap)
		snprintf(out + n, cap - n, "]");
	else
		snprintf(out, cap, "[]");
}

static const char *
unsafe_at(unsigned i, void *arg)
{
	const struct policy *p = arg;

	if (i >= POLICY_NUNSAFE)
		return NULL;
	return (p->unsafe & (UINT64_C(1) << i)) ? policy_unsafe_name(i) : "";
}

static const char *
lifted_at(unsigned i, void *arg)
{
	const struct policy *p = arg;
	const char *w = i < 64 ? policy_lifted_name(i) : NULL;

	return w == NULL ? NULL : (p->lifted & (UINT64_C(1) << i)) ? w : "";
}

static const char *
ns_at(unsigned i, void *arg)
{
	const uint32_t *bits = arg;
	uint32_t f;
	const char *w = policy_ns_name(i, &f);

	return w == NULL ? NULL : (*bits & f) ? w : "";
}

/*
 * The settings beyond categories and rules, each as its command sets it
 * (sizes as numbers, lists as counts or names), so that every accepted
 * setting shows in the state (test/integration/surface_test.sh).
 */
static void
magic_options(int fd, const struct policy *p)
{
	char buf[4096], arr[1024];
	struct rt_json j;
	uint32_t ns = p->ns_allowed, unshare = p->unshare;

	rt_json_open(&j, buf, sizeof(buf));
	rt_json_int(&j, "timeout_ms", p->timeout_ms);
	rt_json_int(&j, "log_level", p->log_level);
	rt_json_int(&j, "log_verbose", p->log_verbose);
	rt_json_int(&j, "log_syslog", p->log_syslog);
	rt_json_int(&j, "pid_max", (long long)p->pid_max);
	rt_json_int(&j, "mem_max", (long long)p->mem_max);
	rt_json_int(&j, "mem_vm_max", (long long)p->mem_vm_max);
	rt_json_str(&j, "ipc", p->ipc != NULL ? p->ipc : "");
	names_json(arr, sizeof(arr), unsafe_at, (void *)p);
	rt_json_raw(&j, "unsafe", arr);
	names_json(arr, sizeof(arr), lifted_at, (void *)p);
	rt_json_raw(&j, "lifted", arr);
	names_json(arr, sizeof(arr), ns_at, &ns);
	rt_json_raw(&j, "namespace", arr);
	names_json(arr, sizeof(arr), ns_at, &unshare);
	rt_json_raw(&j, "unshare", arr);
	rt_json_bool(&j, "exit_wait_all", p->exit_wait_all);
	rt_json_bool(&j, "allow_safe_bind", p->safe_bind);
	rt_json_bool(&j, "allow_unsupp_socket", p->allow_unsupp_socket);
	rt_json_bool(&j, "allow_safe_kcapi", p->safe_kcapi);
	rt_json_bool(&j, "deny_dotdot", p->deny_dotdot);
	rt_json_bool(&j, "force_cloexec", p->force_cloexec);
	rt_json_bool(&j, "force_rand_fd", p->force_rand_fd);
	rt_json_bool(&j, "deny_tsc", p->deny_tsc);
	rt_json_int(&j, "deny_elf", p->elf_deny);
	rt_json_int(&j, "segvguard_expiry_ms", p->segvguard_expiry_ms);
	rt_json_int(&j, "segvguard_suspension_ms",
	    p->segvguard_suspension_ms);
	rt_json_str(&j, "segvguard_act", policy_act_name(p->segvguard_act));
	rt_json_int(&j, "segvguard_maxcrashes",
	    (long long)p->segvguard_maxcrashes);
	rt_json_int(&j, "bind", (long long)p->nbind);
	rt_json_str(&j, "root", p->root != NULL ? p->root : "");
	rt_json_str(&j, "name_host", p->hostname != NULL ? p->hostname : "");
	rt_json_str(&j, "name_domain", p->domainname != NULL ?
	    p->domainname : "");
	rt_json_int(&j, "rlimit_set", p->rlimit_set);
	rt_json_int(&j, "mask", (long long)p->mask.n);
	rt_json_int(&j, "append", (long long)p->append.n);
	rt_json_int(&j, "force", (long long)p->nforce);
	rt_json_int(&j, "tpe_gid", p->tpe_gid);
	rt_json_bool(&j, "tpe_negate", p->tpe_negate);
	rt_json_bool(&j, "tpe_root_owned", p->tpe_root_owned);
	rt_json_bool(&j, "tpe_user_owned", p->tpe_user_owned);
	rt_json_int(&j, "crypt", (long long)p->crypt.n);
	rt_json_bool(&j, "crypt_key", p->crypt_key_set || p->crypt_key_fd >= 0);
	rt_json_str(&j, "crypt_tmp", p->crypt_tmp != NULL ? p->crypt_tmp : "");
	rt_json_int(&j, "lock_paths", (long long)(p->lpath[0].n +
	    p->lpath[1].n + p->lpath[2].n));
	rt_json_int(&j, "lock_ports", (long long)(p->lport[0].n +
	    p->lport[1].n));
	rt_json_int(&j, "setuid", (long long)p->setuid.n);
	rt_json_int(&j, "setgid", (long long)p->setgid.n);
	sys_write_all(fd, ",\"options\":", 11);
	sys_write_all(fd, j.buf, rt_json_close(&j) - 1);
}

void
sandbox_state(int fd, const struct policy *p)
{
	char head[128];
	int n = snprintf(head, sizeof(head), "{\"api\":3,\"lock\":\"%s\","
	    "\"trace\":%s", policy_lock_name(p->lock), p->trace ? "true" :
	    "false");

	sys_write_all(fd, head, (size_t)n);
	magic_cats(fd, p);
	magic_rules(fd, p);
	magic_netlink(fd, p);
	magic_options(fd, p);
	sys_write_all(fd, "}\n", 2);
}
