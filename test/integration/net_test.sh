#! /usr/bin/env atf-sh
# Network sandboxing over IP (issue 5, SPEC.md sections 3 and 6): connect,
# sendto, sendmsg/sendmmsg with a destination and bind, checked against
# ADDR[/PREFIX]!PORT[-PORT] rules and performed by syd on the target's
# socket. Every case starts its own listeners (build/test/helpers/
# net_server) on 127.0.0.0/8 or ::1 on ports the kernel picks; they count
# what reaches them, exit by themselves after SERVER_SECONDS and are killed
# by the cleanup routine. Denials answer EACCES (never ECONNREFUSED) with
# one JSON line carrying "addr" and "ipv". UNIX sockets: net_unix_test.

. "$(atf_get_srcdir)/common.subr"

. "$(atf_get_srcdir)/net.subr"

# net_setup: $SYD, $C (net_client), $S (net_server).
net_setup()
{
	SYD=$(syd_path)
	C=$(helper net_client)
	S=$(helper net_server)
}

# start_server NAME MODE ADDR PORT: a listener counting into NAME.count;
# sets $port to the port it listens on.
start_server()
{
	_n=$1
	shift
	rm -f "$_n.count" "$_n.count.port"
	"$S" "$1" "$2" "$3" "$SERVER_SECONDS" "$_n.count" >"$_n.log" 2>&1 \
	    </dev/null &
	echo $! >>servers
	if ! wait_until 5 test -f "$_n.count"; then
		show "$_n.log"
		atf_fail "net_server $* did not start"
	fi
	port=$(cat "$_n.count.port")
}

net_case connect_default_deny "with net/connect on and no rule every" \
    "connect and sendto is denied with EACCES and nothing arrives"
connect_default_deny_body()
{
	net_setup
	start_server l4 tcp4 127.0.0.1 0
	P4=$port
	start_server l6 tcp6 ::1 0
	P6=$port
	start_server u4 udp4 127.0.0.1 0
	PU=$port
	# Natively the listeners are reachable.
	run "$C" tcp4 127.0.0.1 "$P4"
	expect_ok "native tcp4"
	expect_count l4 1

	run syd_connect -- "$C" tcp4 127.0.0.1 "$P4"
	expect_eacces "tcp4 127.0.0.1!$P4"
	expect_net_denial net/connect "127.0.0.1!$P4" 4
	run syd_connect -- "$C" nbconnect4 127.0.0.1 "$P4"
	expect_eacces "nbconnect4 127.0.0.1!$P4"
	run syd_connect -- "$C" tcp6 ::1 "$P6"
	expect_eacces "tcp6 ::1!$P6"
	expect_net_denial net/connect "::1!$P6" 6
	run syd_connect -- "$C" udp4 127.0.0.1 "$PU"
	expect_eacces "udp4 sendto 127.0.0.1!$PU"
	expect_net_denial net/connect "127.0.0.1!$PU" 4
	expect_count l4 1
	expect_count l6 0
	expect_count u4 0
}

net_case connect_allow_exact "an exact address rule allows that address" \
    "and port only; errors of allowed connects are the kernel's"
connect_allow_exact_body()
{
	net_setup
	start_server a tcp4 127.0.0.1 0
	PA=$port
	start_server b tcp4 127.0.0.1 0
	PB=$port
	start_server a6 tcp6 ::1 0
	PA6=$port
	PC=$("$C" freeport4 127.0.0.1 0)

	run syd_connect -m "allow/net/connect+127.0.0.1!$PA" -- \
	    "$C" tcp4 127.0.0.1 "$PA" hello
	expect_ok "allowed tcp4 127.0.0.1!$PA"
	expect_no_denial
	expect_count a 1
	# Another port on the same address stays denied.
	run syd_connect -m "allow/net/connect+127.0.0.1!$PA" -- \
	    "$C" tcp4 127.0.0.1 "$PB"
	expect_eacces "tcp4 127.0.0.1!$PB"
	expect_net_denial net/connect "127.0.0.1!$PB" 4
	expect_count b 0
	# Allowed but nobody listens: the kernel's answer, ECONNREFUSED.
	run syd_connect -m "allow/net/connect+127.0.0.1!$PC" -- \
	    "$C" tcp4 127.0.0.1 "$PC"
	expect_result "ERR ECONNREFUSED"
	expect_no_denial
	# IPv6.
	run syd_connect -m "allow/net/connect+::1!$PA6" -- \
	    "$C" tcp6 ::1 "$PA6"
	expect_ok "allowed tcp6 ::1!$PA6"
	expect_count a6 1
	run syd_connect -m "allow/net/connect+::1!$PB" -- \
	    "$C" tcp6 ::1 "$PA6"
	expect_eacces "tcp6 ::1!$PA6 with only ::1!$PB allowed"
	expect_count a6 1
	# The last matching rule decides.
	run syd_connect -m 'allow/net/connect+any!0-65535' \
	    -m "deny/net/connect+127.0.0.1!$PA" -- "$C" tcp4 127.0.0.1 "$PA"
	expect_eacces "allow any, deny 127.0.0.1!$PA"
	expect_count a 1
	run syd_connect -m "deny/net/connect+127.0.0.1!$PA" \
	    -m 'allow/net/connect+any!0-65535' -- "$C" tcp4 127.0.0.1 "$PA"
	expect_ok "deny 127.0.0.1!$PA, allow any"
	expect_count a 2
}

net_case connect_allow_cidr "CIDR rules and aliases: 127.0.0.0/8 allows" \
    "127.0.0.2, 127.0.0.1/32 does not"
connect_allow_cidr_body()
{
	net_setup
	start_server two tcp4 127.0.0.2 0
	P2=$port
	start_server six tcp6 ::1 0
	P6=$port

	run syd_connect -m 'allow/net/connect+127.0.0.0/8!0-65535' -- \
	    "$C" tcp4 127.0.0.2 "$P2"
	expect_ok "127.0.0.0/8 allows 127.0.0.2"
	expect_count two 1
	run syd_connect -m 'allow/net/connect+127.0.0.1/32!0-65535' -- \
	    "$C" tcp4 127.0.0.2 "$P2"
	expect_eacces "127.0.0.1/32 vs 127.0.0.2"
	expect_net_denial net/connect "127.0.0.2!$P2" 4
	run syd_connect -m 'allow/net/connect+10.0.0.0/8!0-65535' -- \
	    "$C" tcp4 127.0.0.2 "$P2"
	expect_eacces "10.0.0.0/8 vs 127.0.0.2"
	expect_count two 1
	for r in loopback loopback4 local any any4; do
		run syd_connect -m "allow/net/connect+$r!$P2" -- \
		    "$C" tcp4 127.0.0.2 "$P2"
		expect_ok "alias $r allows 127.0.0.2!$P2"
	done
	expect_count two 6
	for r in loopback6 any6 linklocal multicast; do
		run syd_connect -m "allow/net/connect+$r!0-65535" -- \
		    "$C" tcp4 127.0.0.2 "$P2"
		expect_eacces "alias $r vs 127.0.0.2"
	done
	expect_count two 6
	# IPv6 prefixes.
	run syd_connect -m 'allow/net/connect+::/0!0-65535' -- \
	    "$C" tcp6 ::1 "$P6"
	expect_ok "::/0 allows ::1"
	run syd_connect -m "allow/net/connect+::1/128!$P6" -- \
	    "$C" tcp6 ::1 "$P6"
	expect_ok "::1/128 allows ::1"
	for r in loopback loopback6 any6; do
		run syd_connect -m "allow/net/connect+$r!$P6" -- \
		    "$C" tcp6 ::1 "$P6"
		expect_ok "alias $r allows ::1!$P6"
	done
	expect_count six 5
	for r in 'fe80::/10' loopback4 any4; do
		run syd_connect -m "allow/net/connect+$r!0-65535" -- \
		    "$C" tcp6 ::1 "$P6"
		expect_eacces "$r vs ::1"
	done
	expect_count six 5
}

net_case connect_port_range "a port range allows its ports; a port" \
    "outside it stays denied"
connect_port_range_body()
{
	net_setup
	start_server high tcp4 127.0.0.1 0
	PH=$port
	# A privileged port (root runs the listener), outside 1024-65535.
	start_server low tcp4 127.0.0.1 900-1023
	PL=$port
	[ "$PL" -lt 1024 ] || atf_fail "no free port below 1024"

	run syd_connect -m 'allow/net/connect+127.0.0.1!1024-65535' -- \
	    "$C" tcp4 127.0.0.1 "$PH"
	expect_ok "1024-65535 allows $PH"
	expect_count high 1
	run syd_connect -m 'allow/net/connect+127.0.0.1!1024-65535' -- \
	    "$C" tcp4 127.0.0.1 "$PL"
	expect_eacces "1024-65535 vs $PL"
	expect_net_denial net/connect "127.0.0.1!$PL" 4
	expect_count low 0
	# Bounds are inclusive.
	run syd_connect -m "allow/net/connect+127.0.0.1!$PL-$PL" -- \
	    "$C" tcp4 127.0.0.1 "$PL"
	expect_ok "$PL-$PL allows $PL"
	run syd_connect -m "allow/net/connect+127.0.0.1!$((PH - 5))-$PH" -- \
	    "$C" tcp4 127.0.0.1 "$PH"
	expect_ok "$((PH - 5))-$PH allows $PH"
	run syd_connect -m "allow/net/connect+127.0.0.1!$PH-65535" -- \
	    "$C" tcp4 127.0.0.1 "$PH"
	expect_ok "$PH-65535 allows $PH"
	run syd_connect \
	    -m "allow/net/connect+127.0.0.1!$((PH + 1))-65535" -- \
	    "$C" tcp4 127.0.0.1 "$PH"
	expect_eacces "$((PH + 1))-65535 vs $PH"
	expect_count low 1
	expect_count high 3
}

net_case connect_v4mapped "::ffff:127.0.0.1 from an IPv6 socket is" \
    "decided by the IPv4 rules"
connect_v4mapped_body()
{
	net_setup
	start_server v4 tcp4 127.0.0.1 0
	P=$port
	start_server u4 udp4 127.0.0.1 0
	PU=$port
	# Natively a dual-stack socket reaches the IPv4 listener.
	run "$C" tcp6 ::ffff:127.0.0.1 "$P"
	expect_ok "native tcp6 ::ffff:127.0.0.1"
	expect_count v4 1

	run syd_connect -- "$C" tcp6 ::ffff:127.0.0.1 "$P"
	expect_eacces "no rules: ::ffff:127.0.0.1!$P"
	run syd_connect -m 'allow/net/connect+any!0-65535' \
	    -m "deny/net/connect+127.0.0.1!$P" -- \
	    "$C" tcp6 ::ffff:127.0.0.1 "$P"
	expect_eacces "deny 127.0.0.1!$P: ::ffff:127.0.0.1!$P"
	has_json err "$(jstr cap net/connect)" "$(jstr act deny)" || {
		show err
		atf_fail "no denial line for ::ffff:127.0.0.1"
	}
	run syd_connect -m 'allow/net/connect+any!0-65535' \
	    -m "deny/net/connect+127.0.0.0/8!0-65535" -- \
	    "$C" tcp6 ::ffff:127.0.0.1 "$P"
	expect_eacces "deny 127.0.0.0/8: ::ffff:127.0.0.1!$P"
	# An IPv6 rule does not open the IPv4 address space.
	run syd_connect -m 'allow/net/connect+any6!0-65535' -- \
	    "$C" tcp6 ::ffff:127.0.0.1 "$P"
	expect_eacces "allow any6 only: ::ffff:127.0.0.1!$P"
	run syd_connect -m 'allow/net/connect+::/0!0-65535' -- \
	    "$C" udp6 ::ffff:127.0.0.1 "$PU"
	expect_eacces "allow ::/0 only: udp6 ::ffff:127.0.0.1!$PU"
	expect_count v4 1
	expect_count u4 0
	# The IPv4 rule allows it.
	run syd_connect -m "allow/net/connect+127.0.0.1!$P" -- \
	    "$C" tcp6 ::ffff:127.0.0.1 "$P"
	expect_ok "allow 127.0.0.1!$P: ::ffff:127.0.0.1!$P"
	expect_count v4 2
	run syd_connect -m "allow/net/connect+127.0.0.1!$PU" -- \
	    "$C" udp6 ::ffff:127.0.0.1 "$PU"
	expect_ok "allow 127.0.0.1!$PU: udp6 ::ffff:127.0.0.1!$PU"
	expect_count u4 1
}

net_case udp_sendto "sendto with a destination is net/connect:" \
    "denied datagrams never arrive, allowed ones do"
udp_sendto_body()
{
	net_setup
	start_server u4 udp4 127.0.0.1 0
	P4=$port
	start_server u6 udp6 ::1 0
	P6=$port

	run syd_connect -- "$C" udp4 127.0.0.1 "$P4"
	expect_eacces "udp4 sendto, no rule"
	expect_net_denial net/connect "127.0.0.1!$P4" 4
	run syd_connect -m "allow/net/connect+127.0.0.1!$((P4 + 1))" -- \
	    "$C" udp4 127.0.0.1 "$P4"
	expect_eacces "udp4 sendto, another port allowed"
	run syd_connect -- "$C" udp6 ::1 "$P6"
	expect_eacces "udp6 sendto, no rule"
	expect_net_denial net/connect "::1!$P6" 6
	expect_count u4 0
	expect_count u6 0

	run syd_connect -m "allow/net/connect+127.0.0.1!$P4" -- \
	    "$C" udp4 127.0.0.1 "$P4" datagram
	expect_ok "udp4 sendto allowed"
	expect_no_denial
	expect_count u4 1
	run syd_connect -m "allow/net/connect+::1!$P6" -- \
	    "$C" udp6 ::1 "$P6" datagram
	expect_ok "udp6 sendto allowed"
	expect_count u6 1
}

net_case sendmsg_dest "sendmsg and sendmmsg with msg_name are" \
    "net/connect: denied and allowed"
sendmsg_dest_body()
{
	net_setup
	start_server u4 udp4 127.0.0.1 0
	P4=$port
	start_server u6 udp6 ::1 0
	P6=$port

	for m in udpmsg4 udpmmsg4; do
		run syd_connect -- "$C" $m 127.0.0.1 "$P4"
		expect_eacces "$m, no rule"
		expect_net_denial net/connect "127.0.0.1!$P4" 4
		run syd_connect -m 'allow/net/connect+any6!0-65535' -- \
		    "$C" $m 127.0.0.1 "$P4"
		expect_eacces "$m, only any6 allowed"
	done
	run syd_connect -- "$C" udpmsg6 ::1 "$P6"
	expect_eacces "udpmsg6, no rule"
	expect_net_denial net/connect "::1!$P6" 6
	expect_count u4 0
	expect_count u6 0

	run syd_connect -m "allow/net/connect+127.0.0.1!$P4" -- \
	    "$C" udpmsg4 127.0.0.1 "$P4" one
	expect_ok "udpmsg4 allowed"
	expect_count u4 1
	run syd_connect -m "allow/net/connect+127.0.0.1!$P4" -- \
	    "$C" udpmmsg4 127.0.0.1 "$P4" two
	expect_ok "udpmmsg4 allowed"
	expect_count u4 2
	run syd_connect -m "allow/net/connect+::1!$P6" -- \
	    "$C" udpmsg6 ::1 "$P6" three
	expect_ok "udpmsg6 allowed"
	expect_count u6 1
}

net_case sendmsg_many_iov "sendmsg with a destination and 200 iovecs" \
    "sends one whole datagram, as natively"
sendmsg_many_iov_body()
{
	net_setup
	start_server u udp4 127.0.0.1 0
	P=$port
	run "$C" udpmsgiov 127.0.0.1 "$P" 200
	expect_ok "native"
	expect_count u 1
	run syd_connect -m "allow/net/connect+127.0.0.1!$P" -- \
	    "$C" udpmsgiov 127.0.0.1 "$P" 200
	expect_ok "sendmsg of 200 iovecs"
	expect_count u 2
	[ "$(cat u.count.size)" -eq 200 ] ||
	    atf_fail "the listener received $(cat u.count.size) of 200 bytes"
}

net_case sendmmsg_partial "sendmmsg checks every message: a denied" \
    "second destination gets nothing, the first is sent as natively"
sendmmsg_partial_body()
{
	net_setup
	start_server a udp4 127.0.0.1 0
	A=$port
	start_server b udp4 127.0.0.1 0
	B=$port
	run "$C" udpmmsg2 127.0.0.1 "$A" "$B"
	expect_ok "native sendmmsg of two"
	expect_count a 1
	expect_count b 1

	# Only the first destination allowed: at most the first is sent.
	run syd_connect -m "allow/net/connect+127.0.0.1!$A" -- \
	    "$C" udpmmsg2 127.0.0.1 "$A" "$B"
	case $(head -n 1 out) in
	"PARTIAL 1") expect_count a 2 ;;
	"ERR EACCES") expect_count a 1 ;;
	*)
		show out
		show err
		atf_fail "sendmmsg A allowed, B denied: '$(head -n 1 out)'," \
		    "expected PARTIAL 1 (as the kernel) or ERR EACCES"
		;;
	esac
	expect_count b 1
	# The first denied: nothing is sent.
	run syd_connect -m "allow/net/connect+127.0.0.1!$A" -- \
	    "$C" udpmmsg2 127.0.0.1 "$B" "$A"
	expect_eacces "sendmmsg B denied first"
	expect_count b 1
	# Both allowed: both arrive (perhaps over several calls).
	a=$(count_of a)
	run syd_connect -m "allow/net/connect+127.0.0.1!$A" \
	    -m "allow/net/connect+127.0.0.1!$B" -- \
	    "$C" udpmmsg2 127.0.0.1 "$A" "$B"
	case $(head -n 1 out) in
	OK) expect_count b 2 ;;
	"PARTIAL 1") ;;
	*)
		show out
		show err
		atf_fail "sendmmsg both allowed: '$(head -n 1 out)'"
		;;
	esac
	expect_count a $((a + 1))
}

net_case udp_unspec "connect(AF_UNSPEC) dissolving a UDP association" \
    "works under net/connect"
udp_unspec_body()
{
	net_setup
	start_server u udp4 127.0.0.1 0
	P=$port
	run "$C" udpunspec 127.0.0.1 "$P"
	expect_ok "native"
	run syd_connect -m "allow/net/connect+127.0.0.1!$P" -- \
	    "$C" udpunspec 127.0.0.1 "$P"
	expect_ok "connect 127.0.0.1!$P then AF_UNSPEC"
	expect_no_denial
}

net_case tip_rule "the rule a denial's tip suggests allows that call"
tip_rule_body()
{
	net_setup
	start_server l tcp4 127.0.0.1 0
	P=$port
	start_server l6 tcp6 ::1 0
	P6=$port
	start_server u udp4 127.0.0.1 0
	PU=$port
	B=$("$C" freeport4 127.0.0.1 0)
	for c in "tcp4 127.0.0.1 $P" "tcp6 ::1 $P6" "udp4 127.0.0.1 $PU" \
	    "udpmsg4 127.0.0.1 $PU" "tcp6 ::ffff:127.0.0.1 $P"; do
		# shellcheck disable=SC2086
		run syd_connect -- "$C" $c
		expect_eacces "$c"
		tip=$(tip_rule)
		[ -n "$tip" ] || { show err; atf_fail "$c: no tip"; }
		# shellcheck disable=SC2086
		run syd_connect -m "$tip" -- "$C" $c
		expect_ok "$c with the tip's rule '$tip'"
	done
	run "$SYD" -poff -m sandbox/net/bind:on -- "$C" bind4 127.0.0.1 "$B"
	expect_eacces "bind4"
	tip=$(tip_rule)
	[ -n "$tip" ] || { show err; atf_fail "bind4: no tip"; }
	run "$SYD" -poff -m sandbox/net/bind:on -m "$tip" -- \
	    "$C" bind4 127.0.0.1 "$B"
	expect_ok "bind4 with the tip's rule '$tip'"
}

net_case bind_rules "bind is net/bind: denied without a rule, allowed" \
    "by address, port range and alias"
bind_rules_body()
{
	net_setup
	P=$("$C" freeport4 127.0.0.1 0)
	P6=$("$C" freeport6 ::1 0)
	[ -n "$P" ] && [ -n "$P6" ] || atf_fail "no free port"

	run "$SYD" -poff -m sandbox/net/bind:on -- "$C" bind4 127.0.0.1 "$P"
	expect_eacces "bind4 127.0.0.1!$P, no rule"
	expect_net_denial net/bind "127.0.0.1!$P" 4
	run "$SYD" -poff -m sandbox/net/bind:on -- "$C" bind6 ::1 "$P6"
	expect_eacces "bind6 ::1!$P6, no rule"
	expect_net_denial net/bind "::1!$P6" 6
	# A connect rule is not a bind rule.
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/connect+any!0-65535' -- "$C" bind4 127.0.0.1 "$P"
	expect_eacces "bind4 with only connect allowed"
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m "allow/net/bind+127.0.0.1!$((P + 1))" -- \
	    "$C" bind4 127.0.0.1 "$P"
	expect_eacces "bind4 $P with $((P + 1)) allowed"
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m "allow/net/bind+127.0.0.2!$P" -- "$C" bind4 127.0.0.1 "$P"
	expect_eacces "bind4 127.0.0.1 with 127.0.0.2 allowed"

	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m "allow/net/bind+127.0.0.1!$P" -- "$C" bind4 127.0.0.1 "$P"
	expect_ok "bind4 127.0.0.1!$P allowed"
	expect_no_denial
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+loopback!1024-65535' -- \
	    "$C" bind4 127.0.0.1 "$P"
	expect_ok "bind4 allowed by loopback!1024-65535"
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m "allow/net/bind+::1!$P6" -- "$C" bind6 ::1 "$P6"
	expect_ok "bind6 ::1!$P6 allowed"
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+loopback6!0-65535' -- "$C" bind6 ::1 "$P6"
	expect_ok "bind6 allowed by loopback6"
	# Binding the wildcard address needs a rule for it.
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+loopback!0-65535' -- "$C" bind4 0.0.0.0 "$P"
	expect_eacces "bind4 0.0.0.0 with loopback allowed"
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m "allow/net/bind+0.0.0.0!$P" -- "$C" bind4 0.0.0.0 "$P"
	expect_ok "bind4 0.0.0.0!$P allowed"
	# Port 0 (the kernel picks) is checked as port 0.
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+127.0.0.1!1-65535' -- "$C" bind4 127.0.0.1 0
	expect_eacces "bind4 127.0.0.1!0 with 1-65535 allowed"
	expect_net_denial net/bind "127.0.0.1!0" 4
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+127.0.0.1!0' -- "$C" bind4 127.0.0.1 0
	expect_ok "bind4 127.0.0.1!0 allowed"
	# Kernel errors of an allowed bind are the kernel's.
	start_server busy tcp4 127.0.0.1 0
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+any!0-65535' -- "$C" bind4 127.0.0.1 "$port"
	expect_result "ERR EADDRINUSE"
	# With net/bind off, connect checking does not touch bind.
	run syd_connect -- "$C" bind4 127.0.0.1 "$P"
	expect_ok "bind4 with only net/connect on"
}

net_case bind_unprivileged "syd binds with the target's privileges: a" \
    "port below 1024 stays EACCES for uid 65534 even when allowed"
bind_unprivileged_body()
{
	net_setup
	[ "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" -gt 1000 ] ||
	    atf_skip "ip_unprivileged_port_start is low here"
	PL=
	for p in 1000 1001 1002 1003 1004 1005 1006 1007; do
		run "$C" bind4 127.0.0.1 "$p"
		[ "$rc" -eq 0 ] && { PL=$p; break; }
	done
	[ -n "$PL" ] || atf_skip "no free port in 1000-1007"
	run $NOBODY "$C" bind4 127.0.0.1 "$PL"
	expect_eacces "native: nobody binds $PL"
	run $NOBODY "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+any!0-65535' -- "$C" bind4 127.0.0.1 "$PL"
	expect_eacces "nobody binds $PL under syd (allowed by the rule)"
	expect_no_denial
	P=$("$C" freeport4 127.0.0.1 0)
	run $NOBODY "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+any!0-65535' -- "$C" bind4 127.0.0.1 "$P"
	expect_ok "nobody binds $P under syd"
	run $NOBODY "$SYD" -poff -m sandbox/net/bind:on -- \
	    "$C" bind4 127.0.0.1 "$P"
	expect_eacces "nobody binds $P, no rule"
	expect_net_denial net/bind "127.0.0.1!$P" 4
}

net_case connect_unprivileged "connect checking for uid 65534"
connect_unprivileged_body()
{
	net_setup
	start_server l tcp4 127.0.0.1 0
	P=$port
	run $NOBODY "$SYD" -poff -m sandbox/net/connect:on \
	    -m "allow/net/connect+127.0.0.1!$P" -- "$C" tcp4 127.0.0.1 "$P"
	expect_ok "nobody: allowed connect"
	expect_count l 1
	run $NOBODY "$SYD" -poff -m sandbox/net/connect:on -- \
	    "$C" tcp4 127.0.0.1 "$P"
	expect_eacces "nobody: connect, no rule"
	expect_net_denial net/connect "127.0.0.1!$P" 4
	expect_count l 1
}

net_case profile_noipv4 "the noipv4 profile denies IPv4 connects and" \
    "binds (also IPv4-mapped); IPv6 still works"
profile_noipv4_body()
{
	net_setup
	start_server v4 tcp4 127.0.0.1 0
	P4=$port
	start_server v6 tcp6 ::1 0
	P6=$port
	start_server u4 udp4 127.0.0.1 0
	PU=$port
	B4=$("$C" freeport4 127.0.0.1 0)
	B6=$("$C" freeport6 ::1 0)
	set -- -poff -m sandbox/net/bind,net/connect:on \
	    -m 'allow/net/bind,net/connect+any!0-65535' -pnoipv4

	run "$SYD" "$@" -- "$C" tcp4 127.0.0.1 "$P4"
	expect_eacces "noipv4: tcp4"
	expect_net_denial net/connect "127.0.0.1!$P4" 4
	run "$SYD" "$@" -- "$C" tcp6 ::ffff:127.0.0.1 "$P4"
	expect_eacces "noipv4: tcp6 ::ffff:127.0.0.1"
	run "$SYD" "$@" -- "$C" udp4 127.0.0.1 "$PU"
	expect_eacces "noipv4: udp4"
	run "$SYD" "$@" -- "$C" bind4 127.0.0.1 "$B4"
	expect_eacces "noipv4: bind4"
	expect_net_denial net/bind "127.0.0.1!$B4" 4
	expect_count v4 0
	expect_count u4 0
	run "$SYD" "$@" -- "$C" tcp6 ::1 "$P6"
	expect_ok "noipv4: tcp6 ::1"
	expect_count v6 1
	run "$SYD" "$@" -- "$C" bind6 ::1 "$B6"
	expect_ok "noipv4: bind6"
}

net_case profile_noipv6 "the noipv6 profile denies IPv6 connects and" \
    "binds; IPv4 still works"
profile_noipv6_body()
{
	net_setup
	start_server v4 tcp4 127.0.0.1 0
	P4=$port
	start_server v6 tcp6 ::1 0
	P6=$port
	start_server u6 udp6 ::1 0
	PU=$port
	B4=$("$C" freeport4 127.0.0.1 0)
	B6=$("$C" freeport6 ::1 0)
	set -- -poff -m sandbox/net/bind,net/connect:on \
	    -m 'allow/net/bind,net/connect+any!0-65535' -pnoipv6

	run "$SYD" "$@" -- "$C" tcp6 ::1 "$P6"
	expect_eacces "noipv6: tcp6"
	expect_net_denial net/connect "::1!$P6" 6
	run "$SYD" "$@" -- "$C" udp6 ::1 "$PU"
	expect_eacces "noipv6: udp6"
	run "$SYD" "$@" -- "$C" bind6 ::1 "$B6"
	expect_eacces "noipv6: bind6"
	expect_net_denial net/bind "::1!$B6" 6
	expect_count v6 0
	expect_count u6 0
	run "$SYD" "$@" -- "$C" tcp4 127.0.0.1 "$P4"
	expect_ok "noipv6: tcp4"
	# IPv4-mapped is IPv4.
	run "$SYD" "$@" -- "$C" tcp6 ::ffff:127.0.0.1 "$P4"
	expect_ok "noipv6: tcp6 ::ffff:127.0.0.1"
	expect_count v4 2
	run "$SYD" "$@" -- "$C" bind4 127.0.0.1 "$B4"
	expect_ok "noipv6: bind4"
}

net_case log_fields "a denial logs exactly one JSON line with ctx, cap," \
    "act, sys, addr, ipv and pid"
log_fields_body()
{
	net_setup
	start_server l tcp4 127.0.0.1 0
	P=$port
	start_server l6 tcp6 ::1 0
	P6=$port

	run syd_connect -- "$C" tcp4 127.0.0.1 "$P"
	expect_eacces
	expect_net_denial net/connect "127.0.0.1!$P" 4
	has_json err "$(jstr ctx access)" "$(jstr sys connect)" \
	    '"pid" *: *[0-9]+' '"ipv" *: *4[,}]' || {
		show err
		atf_fail "denial line lacks sys connect, pid or ipv 4"
	}
	n=$(json_count err "$(jstr act deny)")
	[ "$n" -eq 1 ] || { show err; atf_fail "$n denial lines, expected 1"; }

	run syd_connect -- "$C" tcp6 ::1 "$P6"
	expect_eacces
	expect_net_denial net/connect "::1!$P6" 6
	n=$(json_count err "$(jstr act deny)")
	[ "$n" -eq 1 ] || { show err; atf_fail "$n denial lines, expected 1"; }

	run syd_connect -- "$C" udp4 127.0.0.1 "$P"
	expect_eacces
	has_json err "$(jstr cap net/connect)" "$(jstr sys sendto)" \
	    "$(jstr addr "$(ere "127.0.0.1!$P")")" || {
		show err
		atf_fail "no net/connect line with sys sendto"
	}
	run syd_connect -- "$C" udpmsg4 127.0.0.1 "$P"
	expect_eacces
	has_json err "$(jstr cap net/connect)" "$(jstr sys sendmsg)" \
	    "$(jstr addr "$(ere "127.0.0.1!$P")")" || {
		show err
		atf_fail "no net/connect line with sys sendmsg"
	}
	B=$("$C" freeport4 127.0.0.1 0)
	run "$SYD" -poff -m sandbox/net/bind:on -- "$C" bind4 127.0.0.1 "$B"
	expect_eacces
	has_json err "$(jstr cap net/bind)" "$(jstr sys bind)" \
	    "$(jstr addr "$(ere "127.0.0.1!$B")")" '"ipv" *: *4[,}]' || {
		show err
		atf_fail "no net/bind line with sys bind"
	}
	# An allowed connect logs nothing; filter denies silently.
	run syd_connect -m "allow/net/connect+127.0.0.1!$P" -- \
	    "$C" tcp4 127.0.0.1 "$P"
	expect_ok
	expect_no_denial
	run syd_connect -m 'default/net/connect:filter' -- \
	    "$C" tcp4 127.0.0.1 "$P"
	expect_eacces "default/net/connect:filter"
	expect_no_denial
}

net_case connect_interrupted -t 90 "a connect blocked on a full backlog is" \
    "interrupted by a SIGALRM without SA_RESTART within 2 s"
connect_interrupted_body()
{
	net_setup
	start_server full tcp4full 127.0.0.1 0
	P=$port
	# Natively: the connect blocks until the alarm after 1 s.
	run timeout -s KILL 20 "$C" tcp4alarm 127.0.0.1 "$P"
	if [ "$(head -n 1 out)" != "ERR EINTR" ]; then
		show out
		show err
		atf_skip "natively the connect did not block: $(head -n 1 out)"
	fi
	t0=$(now_ms)
	run timeout -s KILL 20 "$SYD" -poff -m sandbox/net/connect:on \
	    -m "allow/net/connect+127.0.0.1!$P" -- "$C" tcp4alarm 127.0.0.1 "$P"
	ms=$(since_ms "$t0")
	expect_result "ERR EINTR"
	expect_rc 1 "tcp4alarm under syd"
	el=$(sed -n 's/^elapsed_ms=//p' err)
	[ -n "$el" ] && [ "$el" -lt 3000 ] || {
		show err
		atf_fail "connect returned after ${el:-?} ms (alarm at 1000)," \
		    "expected within 2 s of the signal"
	}
	[ "$ms" -lt 10000 ] || atf_fail "syd took $ms ms"
	# The sandbox can connect again afterwards (nothing stuck in syd).
	start_server l tcp4 127.0.0.1 0
	run timeout -s KILL 20 "$SYD" -poff -m sandbox/net/connect:on \
	    -m "allow/net/connect+127.0.0.1!$P" \
	    -m "allow/net/connect+127.0.0.1!$port" -- \
	    sh -c "\"$C\" tcp4alarm 127.0.0.1 $P; \"$C\" tcp4 127.0.0.1 $port"
	[ "$(sed -n 2p out)" = OK ] || {
		show out
		show err
		atf_fail "no connect after an interrupted one"
	}
	expect_count l 1
}

net_case connect_nonblocking "a non-blocking connect answers as" \
    "natively (EINPROGRESS) and completes; denied it is EACCES"
connect_nonblocking_body()
{
	net_setup
	start_server l tcp4 127.0.0.1 0
	P=$port
	run "$C" nbconnect4 127.0.0.1 "$P"
	expect_ok "native nbconnect4"
	native=$(grep '^connect:' err)
	expect_count l 1

	run syd_connect -m "allow/net/connect+127.0.0.1!$P" -- \
	    "$C" nbconnect4 127.0.0.1 "$P"
	expect_ok "nbconnect4 allowed"
	got=$(grep '^connect:' err)
	[ "$got" = "$native" ] || {
		show err
		atf_fail "under syd '$got', natively '$native'"
	}
	expect_count l 2
	run syd_connect -- "$C" nbconnect4 127.0.0.1 "$P"
	expect_eacces "nbconnect4 denied"
	expect_net_denial net/connect "127.0.0.1!$P" 4
	expect_count l 2
}

net_case unsupported_family "sockets of unsupported families are" \
    "denied with EAFNOSUPPORT when net is on; AF_NETLINK works"
unsupported_family_body()
{
	net_setup
	tried=0
	for f in "afbind packet" "afconnect xdp" "afconnect appletalk" \
	    "afconnect x25" "afconnect ax25" "afconnect ipx"; do
		# shellcheck disable=SC2086
		run "$C" $f 1
		[ "$rc" -eq 3 ] && continue # the family does not exist here
		case $(head -n 1 out) in
		*EAFNOSUPPORT*) continue ;;
		esac
		tried=$((tried + 1))
		# shellcheck disable=SC2086
		run "$SYD" -poff -m sandbox/net/bind,net/connect:on \
		    -m 'allow/net/bind,net/connect+any!0-65535' \
		    -m 'allow/net/bind,net/connect+/***' -- "$C" $f 1
		case $(head -n 1 out) in
		"ERR EAFNOSUPPORT"|"NOSOCKET EAFNOSUPPORT") ;;
		*)
			show out
			show err
			atf_fail "$f under syd: '$(head -n 1 out)', expected" \
			    "EAFNOSUPPORT"
			;;
		esac
	done
	# Netlink (route): bind and sendto the kernel once allow/net/link
	# names the family (the linux profile does); without it the socket
	# is refused.
	run "$SYD" -poff -m sandbox/net/bind,net/connect:on -- \
	    "$C" netlink - 0
	case $(head -n 1 out) in
	*EAFNOSUPPORT*) ;;
	*) show out; atf_fail "netlink route without allow/net/link+route" ;;
	esac
	run "$SYD" -poff -m sandbox/net/bind,net/connect:on \
	    -m allow/net/link+route -- "$C" netlink - 0
	expect_ok "netlink route under net/bind,net/connect"
	expect_no_denial
	[ "$tried" -gt 0 ] ||
	    atf_skip "no unsupported family can make a socket here"
}

# The flip attack: natively (both listeners reachable) it must reach the
# denied port; under syd never.
flip_check()
{
	_m=$1
	E="$(atf_config_get helpers)/escape/esc_net_flip"
	[ -x "$E" ] || atf_fail "escape program esc_net_flip not built"
	start_server na "${_m}4" 127.0.0.1 0
	NA=$port
	start_server nd "${_m}4" 127.0.0.1 0
	ND=$port
	# Natively (3 s at most; a loaded machine may need it).
	run "$E" "$_m" 127.0.0.1 "$NA" "$ND" 3 nd.count
	if [ "$rc" -ne 0 ] || ! grep -q '^ESCAPED' out; then
		show out
		show err
		atf_skip "the flip does not reach the denied port natively:" \
		    "$(head -n 1 out)"
	fi
	show out
	kill_servers
	start_server a "${_m}4" 127.0.0.1 0
	A=$port
	start_server d "${_m}4" 127.0.0.1 0
	D=$port
	run "$SYD" -poff -m sandbox/net/connect:on \
	    -m "allow/net/connect+127.0.0.1!$A" -- \
	    "$E" "$_m" 127.0.0.1 "$A" "$D" 3 d.count
	show out
	if grep -q '^ESCAPED' out || [ "$(count_of d)" -ne 0 ]; then
		show err
		atf_fail "ESCAPED under syd: $(head -n 1 out), denied" \
		    "listener counted $(count_of d)"
	fi
	grep -q '^BLOCKED .*ok=[1-9]' out || {
		show err
		atf_fail "expected BLOCKED with some allowed calls: $(head -n 1 out)"
	}
	grep -q 'eacces=[1-9]' out || atf_fail "no call was denied"
	expect_count d 0
}

net_case escape_net_flip -t 90 "a port flipped by another thread during" \
    "connect never reaches the denied listener"
escape_net_flip_body()
{
	net_setup
	flip_check tcp
}

net_case escape_net_flip_udp -t 90 "a port flipped by another thread during" \
    "sendto never reaches the denied listener"
escape_net_flip_udp_body()
{
	net_setup
	flip_check udp
}

atf_init_test_cases()
{
	for _t in connect_default_deny connect_allow_exact connect_allow_cidr \
	    connect_port_range connect_v4mapped udp_sendto sendmsg_dest \
	    sendmsg_many_iov sendmmsg_partial udp_unspec tip_rule bind_rules \
	    bind_unprivileged connect_unprivileged profile_noipv4 \
	    profile_noipv6 log_fields connect_interrupted \
	    connect_nonblocking unsupported_family escape_net_flip \
	    escape_net_flip_udp; do
		atf_add_test_case "$_t"
	done
}
