/*
 * allow/net/link{+,-,^}NAME: the netlink families (NETLINK_* protocols of
 * socket(AF_NETLINK, type, protocol)) the sandbox may open while network
 * checking is on, by syd 3's names. The decision is the kernel filter's
 * (src/confine/filter.c): the protocol is a register.
 */
/* worker-safe: the table and lookups; the command: main thread only, or
 * under the policy writer lock */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"

/* Indexed by NETLINK_* (linux/netlink.h); NULL: no name. */
static const char *const nl_names[32] = {
	[0] = "route", [2] = "usersock", [3] = "firewall", [4] = "sock_diag",
	[5] = "nflog", [6] = "xfrm", [7] = "selinux", [8] = "iscsi",
	[9] = "audit", [10] = "fib_lookup", [11] = "connector",
	[12] = "netfilter", [13] = "ip6_fw", [14] = "dnrtmsg",
	[15] = "kobject_uevent", [16] = "generic", [18] = "scsitransport",
	[19] = "ecryptfs", [20] = "rdma", [21] = "crypto", [22] = "smc",
};

int
policy_netlink_lookup(const char *s)
{
	for (int i = 0; i < 32; i++)
		if (nl_names[i] != NULL && strcmp(nl_names[i], s) == 0)
			return i;
	return -EINVAL;
}

const char *
policy_netlink_name(unsigned proto)
{
	return proto < 32 ? nl_names[proto] : NULL;
}

/* NAME, or "all" for every named family. */
static int
nl_bits(struct policy_ctx *c, const char *val, uint32_t *bits)
{
	int n;

	if (strcmp(val, "all") == 0) {
		*bits = 0;
		for (int i = 0; i < 32; i++)
			if (nl_names[i] != NULL)
				*bits |= UINT32_C(1) << i;
		return 0;
	}
	if ((n = policy_netlink_lookup(val)) < 0)
		return policy_fail(c, -EINVAL, "net/link: unknown netlink "
		    "family `%s' (route, audit, generic, ... or all)", val);
	*bits = UINT32_C(1) << n;
	return 0;
}

int
policy_netlink_cmd(struct policy_ctx *c, int act, char op, const char *val)
{
	uint32_t bits = 0;
	int rc;

	if (act != POLICY_ALLOW)
		return policy_fail(c, -EINVAL, "net/link takes allow/net/link "
		    "rules only (families not allowed are refused)");
	if (op != '+' && op != '-' && op != '^')
		return policy_fail(c, -EINVAL, "allow/net/link takes +, - or "
		    "^ and a family name");
	if (*val == '\0')
		return policy_fail(c, -EINVAL, "allow/net/link: missing name");
	if ((rc = nl_bits(c, val, &bits)) < 0)
		return rc;
	if (op == '+')
		c->p->netlink |= bits;
	else
		c->p->netlink &= ~bits;
	return 0;
}
