/*
 * Network address patterns of the network categories:
 * ADDR[/PREFIX]!PORT[-PORT] with IPv4 or IPv6 ADDR or an alias, and their
 * matching against a socket address. An IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) is the IPv4 address a.b.c.d on both sides, so the IPv4
 * rules decide for it whichever socket family carried it.
 */
/* worker-safe (policy_match_ip); parsing allocates nothing either */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "policy/internal.h"

/* Aliases expand to several networks (at most POLICY_ALIAS_MAX). */
static const struct {
	const char *name;
	const char *nets;
} aliases[] = {
	{ "any", "0.0.0.0/0 ::/0" },
	{ "any4", "0.0.0.0/0" },
	{ "any6", "::/0" },
	{ "loopback", "127.0.0.0/8 ::1/128" },
	{ "loopback4", "127.0.0.0/8" },
	{ "loopback6", "::1/128" },
	/* Everything that is not routed globally: loopback, private
	 * (RFC 1918, unique local fc00::/7) and link-local networks. */
	{ "local", "127.0.0.0/8 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 "
		   "169.254.0.0/16 ::1/128 fe80::/10 fc00::/7" },
	{ "local4", "127.0.0.0/8 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 "
		    "169.254.0.0/16" },
	{ "local6", "::1/128 fe80::/10 fc00::/7" },
	{ "linklocal", "169.254.0.0/16 fe80::/10" },
	{ "linklocal4", "169.254.0.0/16" },
	{ "linklocal6", "fe80::/10" },
	{ "multicast", "224.0.0.0/4 ff00::/8" },
	{ "multicast4", "224.0.0.0/4" },
	{ "multicast6", "ff00::/8" },
};

static const uint8_t v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
	0xff };

/* Clear the bits past the prefix, so equal networks compare equal. */
static void
addr_mask(struct policy_addr *a)
{
	unsigned len = a->family == AF_INET ? 4 : 16;

	for (unsigned i = 0; i < len; i++) {
		if (a->prefix <= i * 8)
			a->addr[i] = 0;
		else if (a->prefix < (i + 1) * 8)
			a->addr[i] &= (uint8_t)(0xff00 >> (a->prefix - i * 8));
	}
}

static int
prefix_parse(const char *s, unsigned max, uint8_t *prefix)
{
	uint64_t v;

	if (policy_u64(s, &v) < 0 || v > max)
		return -EINVAL;
	*prefix = (uint8_t)v;
	return 0;
}

/* "1.2.3.0/24" or "fe80::/10" (n bytes at s) into a. */
static int
net_parse(const char *s, size_t n, struct policy_addr *a)
{
	char buf[64], *slash;
	int rc;

	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	memset(a->addr, 0, sizeof(a->addr));
	if (inet_pton(AF_INET, buf, a->addr) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, a->addr) == 1)
		a->family = AF_INET6;
	else
		return -EINVAL;
	a->prefix = a->family == AF_INET ? 32 : 128;
	if (slash != NULL && (rc = prefix_parse(slash, a->prefix,
	    &a->prefix)) < 0)
		return rc;
	if (a->family == AF_INET6 && a->prefix >= 96 &&
	    !memcmp(a->addr, v4mapped, 12)) {
		memmove(a->addr, a->addr + 12, 4);
		memset(a->addr + 4, 0, 12);
		a->family = AF_INET;
		a->prefix -= 96;
	}
	addr_mask(a);
	return 0;
}

/* "80" or "1024-65535". */
int
policy_ports_parse(const char *s, uint16_t *lo, uint16_t *hi)
{
	char buf[16], *dash;
	uint64_t a, b;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	if ((dash = strchr(buf, '-')) != NULL)
		*dash++ = '\0';
	if (policy_u64(buf, &a) < 0 || a > 65535)
		return -EINVAL;
	b = a;
	if (dash != NULL && (policy_u64(dash, &b) < 0 || b > 65535 || b < a))
		return -EINVAL;
	*lo = (uint16_t)a;
	*hi = (uint16_t)b;
	return 0;
}

/* The alias named by s[0..n), or -1. */
static int
alias_find(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strlen(aliases[i].name) == n &&
		    !memcmp(aliases[i].name, s, n))
			return (int)i;
	return -1;
}

/* The networks of s[0..n): one address or an alias's list. */
static int
nets_parse(const char *s, size_t n, struct policy_addr *out, unsigned max)
{
	const char *p, *e;
	unsigned k = 0;
	int al = alias_find(s, n), rc;

	if (al < 0) {
		if (max == 0)
			return -ENOSPC;
		return (rc = net_parse(s, n, out)) < 0 ? rc : 1;
	}
	for (p = aliases[al].nets; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchrnul(p, ' ');
		if (k == max)
			return -ENOSPC;
		if ((rc = net_parse(p, (size_t)(e - p), &out[k++])) < 0)
			return rc;
	}
	return (int)k;
}

int
policy_addr_parse(const char *s, struct policy_addr *out, unsigned max)
{
	const char *bang = strrchr(s, '!');
	uint16_t lo, hi;
	int n;

	if (bang == NULL || policy_ports_parse(bang + 1, &lo, &hi) < 0)
		return -EINVAL;
	if ((n = nets_parse(s, (size_t)(bang - s), out, max)) < 0)
		return n;
	for (int i = 0; i < n; i++) {
		out[i].port_lo = lo;
		out[i].port_hi = hi;
	}
	return n;
}

static bool
addr_match(const struct policy_addr *a, int family, const uint8_t *ip,
    uint16_t port)
{
	unsigned full = a->prefix / 8, rest = a->prefix % 8;
	uint8_t m;

	if (a->family != family || port < a->port_lo || port > a->port_hi)
		return false;
	if (memcmp(a->addr, ip, full) != 0)
		return false;
	if (rest == 0)
		return true;
	m = (uint8_t)(0xff00 >> rest);
	return (ip[full] & m) == a->addr[full];
}

enum policy_act
policy_match_ip(const struct policy *p, enum policy_cat c, int family,
    const uint8_t *addr, uint16_t port)
{
	const struct policy_list *l;

	if ((unsigned)c >= POLICY_NLIST)
		return (unsigned)c < POLICY_NCAT ? p->defact[c] : POLICY_DENY;
	if (family == AF_INET6 && !memcmp(addr, v4mapped, 12)) {
		family = AF_INET;
		addr += 12;
	}
	l = &p->list[c];
	for (size_t i = l->n; i-- > 0;)
		for (unsigned k = 0; k < l->v[i].naddr; k++)
			if (addr_match(&l->v[i].addr[k], family, addr, port))
				return l->v[i].act;
	return p->defact[c];
}
