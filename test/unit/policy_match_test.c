/*
 * Rule resolution: per category the last matching rule of any action
 * decides, removal with - and ^, defaults; network addresses (CIDR, port
 * ranges, aliases, IPv4-mapped IPv6, UNIX sockets) and ioctl requests.
 */
#include <arpa/inet.h>
#include <atf-c.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "policy/policy.h"

static void
cmd(struct policy *p, const char *c)
{
	char err[256];
	int rc = policy_cmd(p, c, err, sizeof(err));

	ATF_REQUIRE_EQ_MSG(rc, 0, "`%s': %s", c, err);
}

static enum policy_act
read_act(const struct policy *p, const char *path)
{
	return policy_match(p, POLICY_READ, path);
}

ATF_TC_WITHOUT_HEAD(last_match_wins);
ATF_TC_BODY(last_match_wins, tc)
{
	struct policy p;

	policy_init(&p);
	cmd(&p, "allow/read+/etc/***");
	cmd(&p, "deny/read+/etc/shadow");
	ATF_CHECK_EQ(read_act(&p, "/etc/passwd"), POLICY_ALLOW);
	ATF_CHECK_EQ(read_act(&p, "/etc"), POLICY_ALLOW);
	ATF_CHECK_EQ(read_act(&p, "/etc/shadow"), POLICY_DENY);
	ATF_CHECK_EQ(read_act(&p, "/usr/bin/ls"), POLICY_DENY);
	/* A later broad allow overrides the earlier deny. */
	cmd(&p, "allow/read+/etc/**");
	ATF_CHECK_EQ(read_act(&p, "/etc/shadow"), POLICY_ALLOW);
	cmd(&p, "warn/read+/etc/s*");
	ATF_CHECK_EQ(read_act(&p, "/etc/shadow"), POLICY_WARN);
	ATF_CHECK_EQ(read_act(&p, "/etc/passwd"), POLICY_ALLOW);
	/* Other categories are separate lists. */
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/etc/passwd"),
	    POLICY_DENY);
	cmd(&p, "default/write:filter");
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/etc/passwd"),
	    POLICY_FILTER);
	/* Brace alternatives each match. */
	cmd(&p, "kill/read+/{usr,opt}/bin/{nc,ncat}");
	ATF_CHECK_EQ(read_act(&p, "/opt/bin/ncat"), POLICY_KILL);
	ATF_CHECK_EQ(read_act(&p, "/usr/bin/nc"), POLICY_KILL);
	ATF_CHECK_EQ(read_act(&p, "/usr/bin/ls"), POLICY_DENY);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(removal);
ATF_TC_BODY(removal, tc)
{
	struct policy p;

	policy_init(&p);
	cmd(&p, "allow/read+/tmp/***");
	cmd(&p, "deny/read+/tmp/secret");
	cmd(&p, "allow/read+/tmp/secret");
	cmd(&p, "deny/read+/tmp/secret");
	ATF_CHECK_EQ(read_act(&p, "/tmp/secret"), POLICY_DENY);
	/* - removes the last equal rule: the allow below it decides. */
	cmd(&p, "deny/read-/tmp/secret");
	ATF_CHECK_EQ(p.list[POLICY_READ].n, 3);
	ATF_CHECK_EQ(read_act(&p, "/tmp/secret"), POLICY_ALLOW);
	/* Removal needs the same action. */
	cmd(&p, "warn/read-/tmp/secret");
	ATF_CHECK_EQ(p.list[POLICY_READ].n, 3);
	cmd(&p, "allow/read-/tmp/secret");
	ATF_CHECK_EQ(read_act(&p, "/tmp/secret"), POLICY_DENY);
	/* ^ removes every equal rule. */
	cmd(&p, "deny/read+/tmp/secret");
	cmd(&p, "deny/read+/tmp/secret");
	cmd(&p, "deny/read^/tmp/secret");
	ATF_CHECK_EQ(p.list[POLICY_READ].n, 1);
	ATF_CHECK_EQ(read_act(&p, "/tmp/secret"), POLICY_ALLOW);
	/* The pattern as written is the key, not its expansion. */
	cmd(&p, "deny/read+/tmp/{a,b}");
	cmd(&p, "deny/read-/tmp/a");
	ATF_CHECK_EQ(read_act(&p, "/tmp/a"), POLICY_DENY);
	cmd(&p, "deny/read-/tmp/{a,b}");
	ATF_CHECK_EQ(read_act(&p, "/tmp/a"), POLICY_ALLOW);
	/* Removing what is not there is harmless. */
	cmd(&p, "deny/read^/nowhere");
	cmd(&p, "allow/read,write-/tmp/***");
	ATF_CHECK_EQ(read_act(&p, "/tmp/x"), POLICY_DENY);
	policy_free(&p);
}

static enum policy_act
ip4(const struct policy *p, enum policy_cat c, const char *a, uint16_t port)
{
	uint8_t b[4];

	ATF_REQUIRE(inet_pton(AF_INET, a, b) == 1);
	return policy_match_ip(p, c, AF_INET, b, port);
}

static enum policy_act
ip6(const struct policy *p, enum policy_cat c, const char *a, uint16_t port)
{
	uint8_t b[16];

	ATF_REQUIRE(inet_pton(AF_INET6, a, b) == 1);
	return policy_match_ip(p, c, AF_INET6, b, port);
}

#define CONN POLICY_NET_CONNECT

ATF_TC_WITHOUT_HEAD(ip_cidr_ports);
ATF_TC_BODY(ip_cidr_ports, tc)
{
	struct policy p;

	policy_init(&p);
	cmd(&p, "allow/net/connect+10.1.0.0/16!443");
	cmd(&p, "allow/net/connect+192.168.1.7!8000-8080");
	cmd(&p, "allow/net/connect+2001:db8::/32!22");
	cmd(&p, "deny/net/connect+10.1.2.0/24!443");
	ATF_CHECK_EQ(ip4(&p, CONN, "10.1.9.9", 443), POLICY_ALLOW);
	ATF_CHECK_EQ(ip4(&p, CONN, "10.1.2.3", 443), POLICY_DENY);
	ATF_CHECK_EQ(ip4(&p, CONN, "10.2.0.1", 443), POLICY_DENY);
	ATF_CHECK_EQ(ip4(&p, CONN, "10.1.9.9", 80), POLICY_DENY);
	ATF_CHECK_EQ(ip4(&p, CONN, "192.168.1.7", 8000), POLICY_ALLOW);
	ATF_CHECK_EQ(ip4(&p, CONN, "192.168.1.7", 8080), POLICY_ALLOW);
	ATF_CHECK_EQ(ip4(&p, CONN, "192.168.1.7", 8081), POLICY_DENY);
	ATF_CHECK_EQ(ip4(&p, CONN, "192.168.1.8", 8000), POLICY_DENY);
	ATF_CHECK_EQ(ip6(&p, CONN, "2001:db8:1::5", 22), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "2001:db9::5", 22), POLICY_DENY);
	/* Non-octet prefixes and host bits in the rule. */
	cmd(&p, "allow/net/bind+172.16.5.5/12!0-65535");
	ATF_CHECK_EQ(ip4(&p, POLICY_NET_BIND, "172.31.255.1", 1), POLICY_ALLOW);
	ATF_CHECK_EQ(ip4(&p, POLICY_NET_BIND, "172.32.0.1", 1), POLICY_DENY);
	/* Categories are separate. */
	ATF_CHECK_EQ(ip4(&p, POLICY_NET_BIND, "10.1.9.9", 443), POLICY_DENY);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(ip_aliases);
ATF_TC_BODY(ip_aliases, tc)
{
	struct policy p;

	policy_init(&p);
	cmd(&p, "allow/net/connect+loopback!53");
	ATF_CHECK_EQ(ip4(&p, CONN, "127.0.0.53", 53), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "::1", 53), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "::2", 53), POLICY_DENY);
	cmd(&p, "allow/net/connect+local!80");
	ATF_CHECK_EQ(ip4(&p, CONN, "10.0.0.1", 80), POLICY_ALLOW);
	ATF_CHECK_EQ(ip4(&p, CONN, "172.20.0.1", 80), POLICY_ALLOW);
	ATF_CHECK_EQ(ip4(&p, CONN, "192.168.0.1", 80), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "fd00::1", 80), POLICY_ALLOW);
	ATF_CHECK_EQ(ip4(&p, CONN, "8.8.8.8", 80), POLICY_DENY);
	ATF_CHECK_EQ(ip6(&p, CONN, "2a00::1", 80), POLICY_DENY);
	cmd(&p, "allow/net/connect+linklocal!1");
	ATF_CHECK_EQ(ip4(&p, CONN, "169.254.1.1", 1), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "fe80::1", 1), POLICY_ALLOW);
	cmd(&p, "allow/net/connect+multicast!5353");
	ATF_CHECK_EQ(ip4(&p, CONN, "224.0.0.251", 5353), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "ff02::fb", 5353), POLICY_ALLOW);
	cmd(&p, "allow/net/connect+any4!7");
	ATF_CHECK_EQ(ip4(&p, CONN, "1.2.3.4", 7), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "2a00::1", 7), POLICY_DENY);
	cmd(&p, "allow/net/connect+any6!7");
	ATF_CHECK_EQ(ip6(&p, CONN, "2a00::1", 7), POLICY_ALLOW);
	cmd(&p, "deny/net/connect+any!0-65535");
	ATF_CHECK_EQ(ip4(&p, CONN, "127.0.0.1", 53), POLICY_DENY);
	ATF_CHECK_EQ(ip6(&p, CONN, "::1", 53), POLICY_DENY);
	cmd(&p, "allow/net/connect+loopback4!53");
	ATF_CHECK_EQ(ip4(&p, CONN, "127.0.0.1", 53), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "::1", 53), POLICY_DENY);
	cmd(&p, "allow/net/connect+loopback6!53");
	ATF_CHECK_EQ(ip6(&p, CONN, "::1", 53), POLICY_ALLOW);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(ip_v4_mapped);
ATF_TC_BODY(ip_v4_mapped, tc)
{
	struct policy p;

	policy_init(&p);
	cmd(&p, "allow/net/connect+127.0.0.1!80");
	ATF_CHECK_EQ(ip6(&p, CONN, "::ffff:127.0.0.1", 80), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "::ffff:127.0.0.2", 80), POLICY_DENY);
	/* A v4-mapped rule is an IPv4 rule. */
	cmd(&p, "allow/net/connect+::ffff:10.0.0.0/104!80");
	ATF_CHECK_EQ(ip4(&p, CONN, "10.9.9.9", 80), POLICY_ALLOW);
	ATF_CHECK_EQ(ip6(&p, CONN, "::ffff:10.9.9.9", 80), POLICY_ALLOW);
	cmd(&p, "deny/net/connect+any4!80");
	ATF_CHECK_EQ(ip6(&p, CONN, "::ffff:127.0.0.1", 80), POLICY_DENY);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(addr_parse);
ATF_TC_BODY(addr_parse, tc)
{
	struct policy_addr a[8];

	ATF_REQUIRE_EQ(policy_addr_parse("1.2.3.4/24!80-90", a, 8), 1);
	ATF_CHECK_EQ(a[0].family, AF_INET);
	ATF_CHECK_EQ(a[0].prefix, 24);
	ATF_CHECK_EQ(a[0].port_lo, 80);
	ATF_CHECK_EQ(a[0].port_hi, 90);
	ATF_CHECK(a[0].addr[0] == 1 && a[0].addr[3] == 0);
	ATF_REQUIRE_EQ(policy_addr_parse("fe80::1!0", a, 8), 1);
	ATF_CHECK_EQ(a[0].family, AF_INET6);
	ATF_CHECK_EQ(a[0].prefix, 128);
	ATF_CHECK_EQ(policy_addr_parse("any!1", a, 8), 2);
	ATF_CHECK_EQ(policy_addr_parse("local!1", a, 8), 8);
	ATF_CHECK_EQ(policy_addr_parse("local!1", a, 2), -ENOSPC);
	ATF_CHECK_EQ(policy_addr_parse("any/8!1", a, 8), -EINVAL);
	ATF_CHECK_EQ(policy_addr_parse("1.2.3.4", a, 8), -EINVAL);
	ATF_CHECK_EQ(policy_addr_parse("1.2.3.4!-1", a, 8), -EINVAL);
	ATF_CHECK_EQ(policy_addr_parse("1.2.3.4!1-", a, 8), -EINVAL);
	ATF_CHECK_EQ(policy_addr_parse("1.2.3.4/!1", a, 8), -EINVAL);
	ATF_CHECK_EQ(policy_addr_parse("host!1", a, 8), -EINVAL);
}

ATF_TC_WITHOUT_HEAD(unix_sockets);
ATF_TC_BODY(unix_sockets, tc)
{
	struct policy p;

	policy_init(&p);
	cmd(&p, "allow/net/connect+/run/user/*/bus");
	cmd(&p, "allow/net/connect+@/tmp/.X11-unix/X*");
	cmd(&p, "allow/net/bind+{/tmp/s.sock,127.0.0.1!8080}");
	ATF_CHECK_EQ(policy_match(&p, CONN, "/run/user/1000/bus"),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, CONN, "/run/user/1000/x/bus"),
	    POLICY_DENY);
	ATF_CHECK_EQ(policy_match(&p, CONN, "@/tmp/.X11-unix/X0"),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, CONN, "/tmp/.X11-unix/X0"),
	    POLICY_DENY);
	/* One rule with a UNIX and an IP alternative. */
	ATF_CHECK_EQ(policy_match(&p, POLICY_NET_BIND, "/tmp/s.sock"),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(ip4(&p, POLICY_NET_BIND, "127.0.0.1", 8080),
	    POLICY_ALLOW);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(ioctl);
ATF_TC_BODY(ioctl, tc)
{
	struct policy p;

	policy_init(&p);
	ATF_CHECK_EQ(policy_match_ioctl(&p, 0x5413), POLICY_ALLOW);
	cmd(&p, "deny/ioctl+TIOCGWINSZ");
	ATF_CHECK_EQ(policy_match_ioctl(&p, 0x5413), POLICY_DENY);
	cmd(&p, "allow/ioctl+0x5413");
	ATF_CHECK_EQ(policy_match_ioctl(&p, 0x5413), POLICY_ALLOW);
	/* Requests compare on all 64 bits. */
	ATF_CHECK_EQ(policy_match_ioctl(&p, 0x100005413ULL), POLICY_ALLOW);
	cmd(&p, "default/ioctl:deny");
	ATF_CHECK_EQ(policy_match_ioctl(&p, 0x100005413ULL), POLICY_DENY);
	ATF_CHECK_EQ(policy_match_ioctl(&p, 0x5413), POLICY_ALLOW);
	/* Removal by value, whatever spelling added it. */
	cmd(&p, "allow/ioctl-TIOCGWINSZ");
	ATF_CHECK_EQ(policy_match_ioctl(&p, 0x5413), POLICY_DENY);
	cmd(&p, "deny/ioctl^21523");
	ATF_CHECK_EQ(p.list[POLICY_IOCTL].n, 0);
	cmd(&p, "kill/ioctl+TIOCSTI");
	ATF_CHECK_EQ(policy_match_ioctl(&p, 0x5412), POLICY_KILL);
	policy_free(&p);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, last_match_wins);
	ATF_TP_ADD_TC(tp, removal);
	ATF_TP_ADD_TC(tp, ip_cidr_ports);
	ATF_TP_ADD_TC(tp, ip_aliases);
	ATF_TP_ADD_TC(tp, ip_v4_mapped);
	ATF_TP_ADD_TC(tp, addr_parse);
	ATF_TP_ADD_TC(tp, unix_sockets);
	ATF_TP_ADD_TC(tp, ioctl);
	return atf_no_error();
}
