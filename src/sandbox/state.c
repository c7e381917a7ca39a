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
		/* trace/compile_landlock: decided at start. */
		if (p->compile_decided && (POLICY_COMPILE_CATS &
		    POLICY_BIT(c)))
			rt_json_str(&j, "enforce", policy_compile_how(p, c));
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

const char *sandbox_ptrace_mode;

void
sandbox_state(int fd, const struct policy *p)
{
	char head[128];
	int n = snprintf(head, sizeof(head), "{\"api\":3,\"lock\":\"%s\","
	    "\"trace\":%s", policy_lock_name(p->lock), p->trace ? "true" :
	    "false");

	sys_write_all(fd, head, (size_t)n);
	/* The ptrace stops the running sandbox got (confine/trace_need.c). */
	if (sandbox_ptrace_mode != NULL) {
		n = snprintf(head, sizeof(head), ",\"ptrace\":\"%s\"",
		    sandbox_ptrace_mode);
		sys_write_all(fd, head, (size_t)n);
	}
	magic_cats(fd, p);
	magic_rules(fd, p);
	magic_netlink(fd, p);
	sandbox_state_opts(fd, p); /* state_opts.c: every other setting */
	sys_write_all(fd, "}\n", 2);
}
