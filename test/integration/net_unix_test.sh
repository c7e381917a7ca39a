#! /usr/bin/env atf-sh
# Network sandboxing of UNIX sockets (issue 5, SPEC.md sections 3 and 6):
# path sockets by their canonical absolute path (globs), abstract sockets
# as @name, and fd passing (SCM_RIGHTS) as net/sendfd. Each case starts its
# own listeners (build/test/helpers/net_server) in its work directory or
# on a unique abstract name; they exit by themselves and are killed by the
# cleanup routine. Denials answer EACCES with a JSON line whose "addr" is
# the path or "@name".

. "$(atf_get_srcdir)/common.subr"

. "$(atf_get_srcdir)/net.subr"

NET_CLEANUP=remove_public_dir

net_setup()
{
	SYD=$(syd_path)
	C=$(helper net_client)
	S=$(helper net_server)
	d=$(pwd -P)
	# A unique abstract name prefix for this run.
	AB="syd-test-$$-$(date +%s%N)"
}

# start_server NAME MODE ADDR: a listener counting into NAME.count.
start_server()
{
	_n=$1
	shift
	rm -f "$_n.count" "$_n.count.port"
	"$S" "$1" "$2" 0 "$SERVER_SECONDS" "$_n.count" >"$_n.log" 2>&1 \
	    </dev/null &
	echo $! >>servers
	if ! wait_until 5 test -f "$_n.count"; then
		show "$_n.log"
		atf_fail "net_server $* did not start"
	fi
}

net_case unix_connect "connect to a UNIX path socket: denied without a" \
    "rule, allowed by path or glob"
unix_connect_body()
{
	net_setup
	start_server s unix "$d/srv.sock"
	run "$C" unix "$d/srv.sock"
	expect_ok "native connect"
	expect_count s 1

	run syd_connect -- "$C" unix "$d/srv.sock"
	expect_eacces "no rule"
	expect_net_denial net/connect "$d/srv.sock"
	run syd_connect -m "allow/net/connect+$d/other.sock" -- \
	    "$C" unix "$d/srv.sock"
	expect_eacces "another path allowed"
	run syd_connect -m 'allow/net/connect+any!0-65535' \
	    -m "allow/net/connect+@$AB*" -- "$C" unix "$d/srv.sock"
	expect_eacces "IP and abstract rules only"
	expect_count s 1

	run syd_connect -m "allow/net/connect+$d/srv.sock" -- \
	    "$C" unix "$d/srv.sock" hello
	expect_ok "exact path allowed"
	expect_no_denial
	expect_count s 2
	run syd_connect -m "allow/net/connect+$d/*.sock" -- \
	    "$C" unix "$d/srv.sock"
	expect_ok "glob allowed"
	run syd_connect -m 'allow/net/connect+/***' -- \
	    "$C" unix "$d/srv.sock"
	expect_ok "/*** allowed"
	expect_count s 4
	run syd_connect -m 'allow/net/connect+/***' \
	    -m "deny/net/connect+$d/srv.sock" -- "$C" unix "$d/srv.sock"
	expect_eacces "deny after allow"
	expect_count s 4
	# Allowed but missing: the kernel's ENOENT.
	run syd_connect -m 'allow/net/connect+/***' -- \
	    "$C" unix "$d/missing.sock"
	expect_result "ERR ENOENT"
	expect_no_denial
}

net_case unix_canonical "UNIX socket paths are checked canonical:" \
    "symlinks, .. and relative paths do not get around a rule"
unix_canonical_body()
{
	net_setup
	mkdir real other
	ln -s real link
	start_server s unix "$d/real/srv.sock"
	ln -s "$d/real/srv.sock" other/alias.sock
	set -- -m 'allow/net/connect+/***' \
	    -m "deny/net/connect+$d/real/srv.sock"
	for p in "$d/link/srv.sock" "$d/other/../real/srv.sock" \
	    "$d/other/alias.sock" "$d//real/./srv.sock"; do
		run syd_connect "$@" -- "$C" unix "$p"
		expect_eacces "connect $p"
		expect_net_denial net/connect "$d/real/srv.sock"
	done
	run in_dir real syd_connect "$@" -- "$C" unix srv.sock
	expect_eacces "connect srv.sock in real/"
	expect_net_denial net/connect "$d/real/srv.sock"
	run in_dir other syd_connect "$@" -- "$C" unix alias.sock
	expect_eacces "connect alias.sock in other/"
	expect_net_denial net/connect "$d/real/srv.sock"
	expect_count s 0
	# A rule on the canonical path allows every spelling.
	run syd_connect -m "allow/net/connect+$d/real/srv.sock" -- \
	    "$C" unix "$d/link/srv.sock"
	expect_ok "allowed through link/"
	run in_dir real syd_connect -m "allow/net/connect+$d/real/srv.sock" \
	    -- "$C" unix srv.sock
	expect_ok "allowed relative"
	expect_count s 2
	# A rule on a symlink's path is not a rule on its target.
	run syd_connect -m "allow/net/connect+$d/link/srv.sock" -- \
	    "$C" unix "$d/link/srv.sock"
	expect_eacces "rule on the symlinked spelling"
	expect_count s 2
}

net_case unix_dgram "sendto a UNIX datagram socket is net/connect"
unix_dgram_body()
{
	net_setup
	start_server g unixdgram "$d/dgram.sock"
	run syd_connect -- "$C" unixdgram "$d/dgram.sock"
	expect_eacces "sendto, no rule"
	expect_net_denial net/connect "$d/dgram.sock"
	expect_count g 0
	run syd_connect -m "allow/net/connect+$d/dgram.sock" -- \
	    "$C" unixdgram "$d/dgram.sock" hello
	expect_ok "sendto allowed"
	expect_count g 1
}

net_case unix_dgram_large "a UNIX datagram larger than 64 KiB is sent" \
    "whole (sendto and sendmsg), as natively"
unix_dgram_large_body()
{
	net_setup
	start_server g unixdgram "$d/big.sock"
	run "$C" unixdgrambig "$d/big.sock" 100000
	if [ "$rc" -ne 0 ]; then
		show out
		atf_skip "natively a 100000-byte datagram fails here"
	fi
	expect_count g 1
	[ "$(cat g.count.size)" -eq 100000 ] ||
	    atf_fail "natively received $(cat g.count.size) bytes"
	n=1
	for m in unixdgrambig unixmsgbig; do
		run syd_connect -m "allow/net/connect+$d/big.sock" -- \
		    "$C" $m "$d/big.sock" 100000
		expect_ok "$m 100000 bytes"
		n=$((n + 1))
		expect_count g $n
		[ "$(cat g.count.size)" -eq 100000 ] || atf_fail "$m: the" \
		    "listener received $(cat g.count.size) of 100000 bytes"
	done
}

net_case unix_bind "binding a UNIX path or abstract socket is net/bind"
unix_bind_body()
{
	net_setup
	run "$SYD" -poff -m sandbox/net/bind:on -- "$C" unixbind "$d/b.sock"
	expect_eacces "bind, no rule"
	expect_net_denial net/bind "$d/b.sock"
	[ ! -e b.sock ] || atf_fail "a denied bind created b.sock"
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m "allow/net/bind+$d/b.sock" -- "$C" unixbind "$d/b.sock"
	expect_ok "bind allowed"
	[ -S b.sock ] || atf_fail "no socket b.sock after an allowed bind"
	rm -f b.sock
	# Relative, checked canonical.
	mkdir sub
	ln -s sub lnk
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+/***' -m "deny/net/bind+$d/sub/***" -- \
	    "$C" unixbind lnk/c.sock
	expect_eacces "bind lnk/c.sock"
	expect_net_denial net/bind "$d/sub/c.sock"
	[ ! -e sub/c.sock ] || atf_fail "a denied bind created sub/c.sock"
	# Abstract.
	run "$SYD" -poff -m sandbox/net/bind:on -m 'allow/net/bind+/***' -- \
	    "$C" abstractbind "$AB-b"
	expect_eacces "abstract bind, only /*** allowed"
	expect_net_denial net/bind "@$AB-b"
	run "$SYD" -poff -m sandbox/net/bind:on \
	    -m "allow/net/bind+@$AB-*" -- "$C" abstractbind "$AB-b"
	expect_ok "abstract bind allowed"
}

net_case unix_bind_name "after an allowed bind getsockname reports the" \
    "name the program bound, as natively"
unix_bind_name_body()
{
	net_setup
	mkdir sub
	for p in "$d/n.sock" n.sock sub/../n.sock; do
		rm -f n.sock
		run "$C" unixbindname "$p"
		expect_rc 0 "native bind $p"
		native=$(tr -d '\0' <out)
		rm -f n.sock
		run "$SYD" -poff -m sandbox/net/bind:on \
		    -m "allow/net/bind+$d/n.sock" -- "$C" unixbindname "$p"
		expect_rc 0 "bind $p"
		got=$(tr -d '\0' <out)
		[ "$got" = "$native" ] || atf_fail "bind $p: getsockname" \
		    "says '$got' under syd, '$native' natively"
	done
}

net_case sendfd_sandboxed_listener "fd passing to a listener that bound" \
    "its socket under syd is decided by the listener's real path"
sendfd_sandboxed_listener_body()
{
	net_setup
	echo data >file.txt
	"$SYD" -poff -m sandbox/net/bind:on -m "allow/net/bind+$d/***" -- \
	    "$S" unixfd "$d/fd.sock" 0 "$SERVER_SECONDS" f.count \
	    >f.log 2>&1 </dev/null &
	echo $! >>servers
	wait_until 5 test -f f.count || { show f.log; atf_fail "no listener"; }
	run "$SYD" -poff -m sandbox/net/sendfd:on \
	    -m "allow/net/sendfd+$d/***" -- \
	    "$C" sendfd "$d/fd.sock" 0 "$d/file.txt"
	expect_ok "sendfd to $d/fd.sock, allowed by $d/***"
	expect_count f 1
	run "$SYD" -poff -m sandbox/net/sendfd:on \
	    -m 'allow/net/sendfd+/***' -m "deny/net/sendfd+$d/fd.sock" -- \
	    "$C" sendfd "$d/fd.sock" 0 "$d/file.txt"
	expect_eacces "sendfd to $d/fd.sock, denied by path"
	expect_net_denial net/sendfd "$d/fd.sock"
	expect_count f 1
}

net_case abstract_connect "abstract sockets: denied without a rule," \
    "logged as @name, allowed by an @glob"
abstract_connect_body()
{
	net_setup
	start_server a abstract "$AB"
	run "$C" abstract "$AB"
	expect_ok "native"
	expect_count a 1
	run syd_connect -- "$C" abstract "$AB"
	expect_eacces "no rule"
	expect_net_denial net/connect "@$AB"
	run syd_connect -m 'allow/net/connect+/***' -- "$C" abstract "$AB"
	expect_eacces "path rules only"
	run syd_connect -m "allow/net/connect+@$AB-other" -- \
	    "$C" abstract "$AB"
	expect_eacces "another name allowed"
	expect_count a 1
	run syd_connect -m "allow/net/connect+@$AB" -- "$C" abstract "$AB"
	expect_ok "exact name"
	run syd_connect -m 'allow/net/connect+@syd-test-*' -- \
	    "$C" abstract "$AB"
	expect_ok "@syd-test-*"
	expect_count a 3
	run syd_connect -m 'allow/net/connect+@syd-test-*' \
	    -m "deny/net/connect+@$AB" -- "$C" abstract "$AB"
	expect_eacces "deny after allow"
	expect_count a 3
}

net_case sendfd_denied "with net/sendfd on and no rule an fd cannot be" \
    "passed over a UNIX socket; nothing arrives"
sendfd_denied_body()
{
	net_setup
	echo data >file.txt
	start_server f unixfd "$d/fd.sock"
	run "$C" sendfd "$d/fd.sock" 0 "$d/file.txt"
	expect_ok "native sendfd"
	expect_count f 1

	run "$SYD" -poff -m sandbox/net/sendfd:on -- \
	    "$C" sendfd "$d/fd.sock" 0 "$d/file.txt"
	expect_eacces "sendfd, no rule"
	has_json err "$(jstr ctx access)" "$(jstr cap net/sendfd)" \
	    "$(jstr act deny)" || {
		show err
		atf_fail "no JSON denial line with cap net/sendfd"
	}
	run "$SYD" -poff -m sandbox/net/sendfd:on \
	    -m 'allow/net/connect+/***' -m 'allow/net/bind+/***' -- \
	    "$C" sendfd "$d/fd.sock" 0 "$d/file.txt"
	expect_eacces "sendfd, connect and bind allowed"
	expect_count f 1
	# Over a socketpair.
	run "$C" sendfdpair - 0 "$d/file.txt"
	expect_ok "native sendfdpair"
	run "$SYD" -poff -m sandbox/net/sendfd:on -- \
	    "$C" sendfdpair - 0 "$d/file.txt"
	expect_eacces "sendfdpair, no rule"
	# sendmsg without SCM_RIGHTS is not fd passing.
	start_server u udp4 127.0.0.1
	run "$SYD" -poff -m sandbox/net/sendfd:on -- \
	    "$C" udpmsg4 127.0.0.1 "$(cat u.count.port)"
	expect_ok "sendmsg without fds under net/sendfd"
	expect_count u 1
}

net_case sendfd_allowed "with an allow/net/sendfd rule the fd is passed"
sendfd_allowed_body()
{
	net_setup
	echo data >file.txt
	start_server f unixfd "$d/fd.sock"
	run "$SYD" -poff -m sandbox/net/sendfd:on -m 'allow/net/sendfd+/***' \
	    -- "$C" sendfd "$d/fd.sock" 0 "$d/file.txt"
	expect_ok "sendfd allowed"
	expect_no_denial
	expect_count f 1
	# net/connect on as well: both rules needed.
	run "$SYD" -poff -m sandbox/net/sendfd,net/connect:on \
	    -m 'allow/net/sendfd+/***' -- \
	    "$C" sendfd "$d/fd.sock" 0 "$d/file.txt"
	expect_eacces "sendfd allowed, connect not"
	expect_net_denial net/connect "$d/fd.sock"
	run "$SYD" -poff -m sandbox/net/sendfd,net/connect:on \
	    -m 'allow/net/sendfd+/***' -m "allow/net/connect+$d/fd.sock" -- \
	    "$C" sendfd "$d/fd.sock" 0 "$d/file.txt"
	expect_ok "sendfd and connect allowed"
	expect_count f 2
}

net_case tip_rule "the rule a denial's tip suggests allows that call" \
    "(paths, abstract names, fd passing, also over a socketpair)"
tip_rule_body()
{
	net_setup
	echo data >file.txt
	start_server s unix "$d/srv.sock"
	start_server a abstract "$AB"
	start_server f unixfd "$d/fd.sock"
	for c in "unix $d/srv.sock" "abstract $AB"; do
		# shellcheck disable=SC2086
		run syd_connect -- "$C" $c
		expect_eacces "$c"
		tip=$(tip_rule)
		[ -n "$tip" ] || { show err; atf_fail "$c: no tip"; }
		# shellcheck disable=SC2086
		run syd_connect -m "$tip" -- "$C" $c
		expect_ok "$c with the tip's rule '$tip'"
	done
	for c in "sendfd $d/fd.sock" "sendfdpair -"; do
		# shellcheck disable=SC2086
		run "$SYD" -poff -m sandbox/net/sendfd:on -- \
		    "$C" $c 0 "$d/file.txt"
		expect_eacces "$c"
		tip=$(tip_rule)
		[ -n "$tip" ] || { show err; atf_fail "$c: no tip"; }
		# shellcheck disable=SC2086
		run "$SYD" -poff -m sandbox/net/sendfd:on -m "$tip" -- \
		    "$C" $c 0 "$d/file.txt"
		expect_ok "$c with the tip's rule '$tip'"
	done
}

net_case unix_unprivileged "syd connects with the target's privileges:" \
    "a socket uid 65534 may not write stays EACCES even when allowed"
unix_unprivileged_body()
{
	net_setup
	p=$(make_public_dir)
	start_server open unix "$p/open.sock"
	start_server shut unix "$p/shut.sock"
	chmod 0777 "$p/open.sock"
	chmod 0700 "$p/shut.sock"
	run $NOBODY "$C" unix "$p/shut.sock"
	expect_eacces "native: nobody connects to a 0700 socket"
	run $NOBODY "$C" unix "$p/open.sock"
	expect_ok "native: nobody connects to a 0777 socket"
	expect_count open 1

	run $NOBODY "$SYD" -poff -m sandbox/net/connect:on \
	    -m 'allow/net/connect+/***' -- "$C" unix "$p/shut.sock"
	expect_eacces "nobody under syd: 0700 socket (allowed by rule)"
	expect_no_denial
	expect_count shut 0
	run $NOBODY "$SYD" -poff -m sandbox/net/connect:on \
	    -m 'allow/net/connect+/***' -- "$C" unix "$p/open.sock"
	expect_ok "nobody under syd: 0777 socket"
	expect_count open 2
	run $NOBODY "$SYD" -poff -m sandbox/net/connect:on -- \
	    "$C" unix "$p/open.sock"
	expect_eacces "nobody under syd: no rule"
	expect_net_denial net/connect "$p/open.sock"
	# bind in a directory nobody may not write.
	mkdir "$p/ro"
	chmod 0755 "$p/ro"
	run $NOBODY "$SYD" -poff -m sandbox/net/bind:on \
	    -m 'allow/net/bind+/***' -- "$C" unixbind "$p/ro/x.sock"
	expect_eacces "nobody under syd: bind in a root-owned directory"
	[ ! -e "$p/ro/x.sock" ] || atf_fail "nobody created $p/ro/x.sock"
}

atf_init_test_cases()
{
	for _t in unix_connect unix_canonical unix_dgram unix_dgram_large \
	    unix_bind unix_bind_name abstract_connect sendfd_denied \
	    sendfd_allowed sendfd_sandboxed_listener tip_rule \
	    unix_unprivileged; do
		atf_add_test_case "$_t"
	done
}
