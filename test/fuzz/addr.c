/*
 * Fuzz target: network address patterns (src/policy/addr.c),
 * ADDR[/PREFIX]!PORT[-PORT] and aliases. For every accepted pattern:
 * each entry is well formed (family, prefix range, no bits past the
 * prefix, ports ordered, no IPv4-mapped IPv6 left), prints back to text
 * that parses to the very same entry, and as a rule it matches its own
 * network and ports and nothing just outside them, under both IPv4 and
 * the IPv4-mapped IPv6 form. The same text as an allow/net/connect rule
 * is accepted exactly when the parser accepts it.
 *
 * Input: the pattern text (NUL ends it), then a byte for max.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "policy/policy.h"

static const uint8_t v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
	0xff };

static void
entry_check(const struct policy_addr *a)
{
	unsigned len = a->family == AF_INET ? 4 : 16;

	FUZZ_CHECK(a->family == AF_INET || a->family == AF_INET6,
	    "family %u", a->family);
	FUZZ_CHECK(a->prefix <= len * 8, "prefix %u", a->prefix);
	FUZZ_CHECK(a->port_lo <= a->port_hi, "ports %u-%u", a->port_lo,
	    a->port_hi);
	for (unsigned i = 0; i < 16; i++) {
		unsigned keep = i >= len ? 0 : a->prefix >= (i + 1) * 8 ?
		    0xff : a->prefix <= i * 8 ? 0 :
		    (0xff00u >> (a->prefix - i * 8)) & 0xff;
		FUZZ_CHECK((a->addr[i] & ~keep) == 0, "bit past the prefix "
		    "in byte %u", i);
	}
	FUZZ_CHECK(a->family == AF_INET || a->prefix < 96 ||
	    memcmp(a->addr, v4mapped, 12) != 0, "IPv4-mapped /%u kept as "
	    "IPv6", a->prefix);
}

static void
roundtrip(const struct policy_addr *a)
{
	char host[INET6_ADDRSTRLEN], text[128];
	struct policy_addr b[POLICY_ALIAS_MAX];

	FUZZ_CHECK(inet_ntop(a->family, a->addr, host, sizeof(host)) != NULL,
	    "inet_ntop");
	snprintf(text, sizeof(text), "%s/%u!%u-%u", host, a->prefix,
	    a->port_lo, a->port_hi);
	FUZZ_CHECK(policy_addr_parse(text, b, POLICY_ALIAS_MAX) == 1,
	    "`%s' does not parse back", text);
	FUZZ_CHECK(memcmp(a, b, sizeof(*a)) == 0, "`%s' parses to another "
	    "entry", text);
}

/* The action for addr:port under p, given as IPv4 or IPv4-mapped IPv6. */
static enum policy_act
decide(const struct policy *p, const struct policy_addr *a,
    const uint8_t *ip, unsigned port, bool mapped)
{
	uint8_t m[16];

	if (a->family == AF_INET6 || !mapped)
		return policy_match_ip(p, POLICY_NET_CONNECT, a->family, ip,
		    (uint16_t)port);
	memcpy(m, v4mapped, 12);
	memcpy(m + 12, ip, 4);
	return policy_match_ip(p, POLICY_NET_CONNECT, AF_INET6, m,
	    (uint16_t)port);
}

/* Under a policy holding only this rule (allow, default deny). */
static void
match_check(const struct policy *p, const struct policy_addr *a, int n,
    const struct policy_addr *all)
{
	uint8_t ip[16];
	unsigned len = a->family == AF_INET ? 4 : 16;

	for (int mapped = 0; mapped < 2; mapped++) {
		FUZZ_CHECK(decide(p, a, a->addr, a->port_lo, mapped) ==
		    POLICY_ALLOW, "own network denied");
		FUZZ_CHECK(decide(p, a, a->addr, a->port_hi, mapped) ==
		    POLICY_ALLOW, "own last port denied");
		memcpy(ip, a->addr, 16);
		if (a->prefix < len * 8) { /* a host bit: still inside */
			unsigned b = len * 8 - 1;
			ip[b / 8] ^= (uint8_t)(0x80 >> (b % 8));
			FUZZ_CHECK(decide(p, a, ip, a->port_lo, mapped) ==
			    POLICY_ALLOW, "host inside /%u denied", a->prefix);
		}
	}
	/* Just outside: the last network bit flipped, the next port. With
	 * several entries (an alias) the outsider may be another's. */
	if (n != 1)
		return;
	(void)all;
	if (a->prefix > 0) {
		unsigned b = a->prefix - 1u;
		memcpy(ip, a->addr, 16);
		ip[b / 8] ^= (uint8_t)(0x80 >> (b % 8));
		FUZZ_CHECK(decide(p, a, ip, a->port_lo, false) == POLICY_DENY,
		    "address outside /%u allowed", a->prefix);
	}
	if (a->port_hi < 65535)
		FUZZ_CHECK(decide(p, a, a->addr, a->port_hi + 1u, false) ==
		    POLICY_DENY, "port %u past the range allowed",
		    a->port_hi + 1u);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_addr out[POLICY_ALIAS_MAX];
	char text[300], cmd[340], err[256];
	size_t tl = strnlen((const char *)data, size);
	unsigned max;
	struct policy p;
	int n, rc;

	if (tl >= sizeof(text))
		return 0;
	memcpy(text, data, tl);
	text[tl] = '\0';
	max = tl + 1 < size ? data[tl + 1] % (POLICY_ALIAS_MAX + 1) :
	    POLICY_ALIAS_MAX;
	memset(out, 0xa5, sizeof(out));
	n = policy_addr_parse(text, out, max);
	FUZZ_CHECK(n == -EINVAL || n == -ENOSPC || (n >= 1 &&
	    (unsigned)n <= max), "`%s' (max %u) gave %d", text, max, n);
	/* With no room at all nothing is parsed: -ENOSPC says only that. */
	if (n == -ENOSPC && max > 0)
		FUZZ_CHECK(policy_addr_parse(text, out, POLICY_ALIAS_MAX) > 0,
		    "-ENOSPC for `%s' with room for every alias", text);
	/* Rules: the same text, unless a UNIX name or a brace group. */
	if (text[0] == '/' || text[0] == '@' || strcmp(text, "!unnamed") == 0 ||
	    strpbrk(text, "{}${\\") != NULL || max < POLICY_ALIAS_MAX)
		return 0;
	policy_init(&p);
	snprintf(cmd, sizeof(cmd), "allow/net/connect+%s", text);
	rc = policy_cmd(&p, cmd, err, sizeof(err));
	FUZZ_CHECK((rc == 0) == (n > 0), "rule `%s' gave %d (%s), parser %d",
	    cmd, rc, err, n);
	for (int i = 0; i < n; i++) {
		entry_check(&out[i]);
		roundtrip(&out[i]);
		match_check(&p, &out[i], n, out);
	}
	policy_free(&p);
	return 0;
}
