#! /usr/bin/env atf-sh
# Issue 19 items 6, 8 and 9: socket families and netlink protocols
# (trace/allow_unsupp_socket, allow/net/link), mask with a replacement,
# trace/deny_dotdot, trace/force_cloexec, trace/force_rand_fd and
# SafeSetID (setuid+, setgid+). Each case shows the native behaviour
# first (the kernel is the oracle), then syd's default, then the hatch.

. "$(atf_get_srcdir)/common.subr"

SYD_BIN() { echo "$(atf_config_get bindir)/syd"; }

# sock ARGS...: the socket helper, natively.
sock() { "$(helper sock_family)" "$@"; }
# sydnet OPTS... -- ARGS: the helper under -poff with network checking on.
sydnet()
{
	"$(SYD_BIN)" -poff -m sandbox/net:on "$@"
}

atf_test_case packet
packet_head()
{
	atf_set descr "socket(AF_PACKET) answers EAFNOSUPPORT with network" \
	    "checking on, unless trace/allow_unsupp_socket:1"
	atf_set require.user root
}
packet_body()
{
	H=$(helper sock_family)
	run "$H" packet
	[ "$rc" -eq 0 ] || atf_skip "AF_PACKET fails natively: $(cat out)"
	atf_check -s exit:1 -o inline:"ERR packet EAFNOSUPPORT\n" -e ignore \
	    "$(SYD_BIN)" -poff -m sandbox/net:on -- "$H" packet
	# each network category alone turns the check on
	for c in net/bind net/connect net/sendfd; do
		atf_check -s exit:1 -o inline:"ERR packet EAFNOSUPPORT\n" \
		    -e ignore "$(SYD_BIN)" -poff -m sandbox/$c:on -- "$H" packet
	done
	# garbage in the upper half of the register: the kernel reads an int
	atf_check -s exit:1 -o inline:"ERR family64 EAFNOSUPPORT\n" -e ignore \
	    "$(SYD_BIN)" -poff -m sandbox/net:on -- "$H" family64 17
	atf_check -s exit:1 -o inline:"ERR pair EAFNOSUPPORT\n" -e ignore \
	    "$(SYD_BIN)" -poff -m sandbox/net:on -- "$H" pair 17
	atf_check -o match:"^OK packet" -e ignore "$(SYD_BIN)" -poff \
	    -m sandbox/net:on -m trace/allow_unsupp_socket:1 -- "$H" packet
	# network checking off: nothing to understand
	atf_check -o match:"^OK packet" -e ignore "$(SYD_BIN)" -poff -- \
	    "$H" packet
	# unless /dev/syd may turn it on later (lock:off): refused from the
	# start, and the hatch is a start-up setting
	atf_check -s exit:1 -o inline:"ERR packet EAFNOSUPPORT\n" -e ignore \
	    "$(SYD_BIN)" -plib -- "$H" packet
	atf_check -o inline:"refused\n" -e ignore "$(SYD_BIN)" -plib -- sh -c \
	    'test -c /dev/syd/trace/allow_unsupp_socket:1 || echo refused'
	# the families syd understands still work
	atf_check -o match:"^OK family" -e ignore "$(SYD_BIN)" -poff \
	    -m sandbox/net:on -- "$H" family 2
	atf_check -o match:"^OK pair" -e ignore "$(SYD_BIN)" -poff \
	    -m sandbox/net:on -- "$H" pair 1
}

atf_test_case netlink
netlink_head()
{
	atf_set descr "NETLINK_AUDIT answers EAFNOSUPPORT unless" \
	    "allow/net/link+audit; -plinux allows NETLINK_ROUTE"
	atf_set require.user root
}
netlink_body()
{
	H=$(helper sock_family)
	run "$H" netlink 9
	[ "$rc" -eq 0 ] || atf_skip "NETLINK_AUDIT fails natively: $(cat out)"
	atf_check -s exit:1 -o inline:"ERR netlink EAFNOSUPPORT\n" -e ignore \
	    "$(SYD_BIN)" -poff -m sandbox/net:on -- "$H" netlink 9
	atf_check -o match:"^OK netlink" -e ignore "$(SYD_BIN)" -poff \
	    -m sandbox/net:on -m allow/net/link+audit -- "$H" netlink 9
	atf_check -s exit:1 -o inline:"ERR netlink EAFNOSUPPORT\n" -e ignore \
	    "$(SYD_BIN)" -poff -m sandbox/net:on -m allow/net/link+audit \
	    -m allow/net/link-audit -- "$H" netlink 9
	atf_check -o match:"^OK netlink" -e ignore "$(SYD_BIN)" -poff \
	    -m sandbox/net:on -m trace/allow_unsupp_socket:1 -- "$H" netlink 9
	# NETLINK_ROUTE: a real dump natively and under -plinux
	atf_check -o match:"^OK route" "$H" route
	atf_check -s exit:1 -o inline:"ERR socket EAFNOSUPPORT\n" -e ignore \
	    "$(SYD_BIN)" -poff -m sandbox/net:on -- "$H" route
	atf_check -o match:"^OK route" -e ignore "$(SYD_BIN)" -plinux \
	    -m "allow/read,stat,exec+$H" -- "$H" route
	atf_check -s exit:1 -o inline:"ERR netlink EAFNOSUPPORT\n" -e ignore \
	    "$(SYD_BIN)" -plinux -m "allow/read,stat,exec+$H" -- "$H" netlink 9
	# what the profile and the state say
	"$(SYD_BIN)" -plinux --print | grep -qx 'allow/net/link+route' ||
	    atf_fail "syd -plinux --print does not show allow/net/link+route"
	atf_check -o match:'"netlink":\["route","audit"\]' -e ignore \
	    "$(SYD_BIN)" -plinux -m lock:off -m allow/net/link+audit \
	    -m 'allow/read,stat,exec+/***' -- cat /dev/syd
	atf_check -s exit:100 -e match:"unknown netlink family" \
	    "$(SYD_BIN)" -poff -m allow/net/link+nosuch -- true
	atf_check -s exit:100 -e match:"allow/net/link rules only" \
	    "$(SYD_BIN)" -poff -m deny/net/link+route -- true
}

atf_test_case mask_replace
mask_replace_head()
{
	atf_set descr "mask+PATTERN:FILE serves FILE's content, and" \
	    "mask+PATTERN:FILE:DIR DIR for a directory"
}
mask_replace_body()
{
	mkdir -p d rd
	echo real >f
	echo fake >r
	touch d/realfile rd/fakefile
	D=$(pwd -P)
	atf_check -o inline:"real\n" cat f
	atf_check -o inline:"fake\n" -e ignore "$(SYD_BIN)" -poff \
	    -m "mask+$D/f:$D/r" -- cat "$D/f"
	atf_check -o inline:"5\n" -e ignore "$(SYD_BIN)" -poff \
	    -m "mask+$D/f:$D/r" -- stat -c %s "$D/f"
	atf_check -o inline:"fakefile\n" -e ignore "$(SYD_BIN)" -poff \
	    -m "mask+$D/d:$D/r:$D/rd" -- ls "$D/d"
	# the replacement is only ever read
	atf_check -s not-exit:0 -o ignore -e ignore "$(SYD_BIN)" -poff \
	    -m "mask+$D/f:$D/r" -- sh -c "echo x >'$D/f'"
	atf_check -o inline:"real\n" cat f
	atf_check -o inline:"fake\n" cat r
	# without a replacement: /dev/null, as before
	atf_check -o empty -e ignore "$(SYD_BIN)" -poff -m "mask+$D/f" -- \
	    cat "$D/f"
	# removal is by the text as written
	atf_check -o inline:"real\n" -e ignore "$(SYD_BIN)" -poff \
	    -m "mask+$D/f:$D/r" -m "mask-$D/f:$D/r" -- cat "$D/f"
	# a colon of the pattern itself is written \:
	echo colon >'a:b'
	atf_check -o empty -e ignore "$(SYD_BIN)" -poff \
	    -m "mask+$D/a\\:b" -- cat "$D/a:b"
	# forms that would be ignored are refused
	atf_check -s exit:100 -e match:"not an absolute path" \
	    "$(SYD_BIN)" -poff -m "mask+$D/f:r" -- true
	atf_check -s exit:100 -e match:"PATTERN\[:FILE\[:DIR\]\]" \
	    "$(SYD_BIN)" -poff -m "mask+$D/f:/a:/b:/c" -- true
}

atf_test_case deny_dotdot
deny_dotdot_head()
{
	atf_set descr "trace/deny_dotdot:1 refuses .. in open and chdir" \
	    "arguments with EACCES; off by default, as in syd 3"
}
deny_dotdot_body()
{
	mkdir -p a
	echo hi >f
	D=$(pwd -P)
	atf_check -o inline:"hi\n" cat "$D/a/../f"
	atf_check -o inline:"hi\n" -e ignore "$(SYD_BIN)" -poff -- \
	    cat "$D/a/../f"
	atf_check -s not-exit:0 -e match:"Permission denied" "$(SYD_BIN)" \
	    -poff -m trace/deny_dotdot:1 -- cat "$D/a/../f"
	# cd -P hands chdir(2) the argument as written (plain cd would
	# resolve .. in the shell)
	atf_check -o inline:"$D\n" sh -c "cd -P '$D/a/..' && pwd"
	atf_check -s not-exit:0 -e match:"can't cd" "$(SYD_BIN)" -poff \
	    -m trace/deny_dotdot:1 -- sh -c "cd -P '$D/a/..' && pwd"
	# names that only contain dots are not ..
	echo dots >'a/..x'
	atf_check -o inline:"dots\n" -e ignore "$(SYD_BIN)" -poff \
	    -m trace/deny_dotdot:1 -- cat "$D/a/..x"
}

atf_test_case force_cloexec
force_cloexec_head()
{
	atf_set descr "trace/force_cloexec:1: an fd opened without" \
	    "O_CLOEXEC is closed in a program executed after the open"
}
force_cloexec_body()
{
	H=$(helper fd_probe)
	atf_check -o match:"^OPEN " "$H" exec /etc/hostname
	atf_check -o match:"^OPEN " -e ignore "$(SYD_BIN)" -poff -- \
	    "$H" exec /etc/hostname
	atf_check -o match:"^CLOSED " -e ignore "$(SYD_BIN)" -poff \
	    -m trace/force_cloexec:1 -- "$H" exec /etc/hostname
	atf_check -o match:"^CLOSED " -e ignore "$(SYD_BIN)" -plinux \
	    -m "allow/read,stat,exec+$H" -m trace/force_cloexec:1 -- \
	    "$H" exec /etc/hostname
}

atf_test_case force_rand_fd
force_rand_fd_head()
{
	atf_set descr "trace/force_rand_fd:1: opened fds are not the lowest" \
	    "free numbers"
}
force_rand_fd_body()
{
	H=$(helper fd_probe)
	atf_check -o inline:"fd=3 cloexec=0\nfd=4 cloexec=0\nfd=5 cloexec=0\n" \
	    "$H" open /etc/hostname 3
	atf_check -o inline:"fd=3 cloexec=0\nfd=4 cloexec=0\nfd=5 cloexec=0\n" \
	    -e ignore "$(SYD_BIN)" -poff -- "$H" open /etc/hostname 3
	run "$(SYD_BIN)" -poff -m trace/force_rand_fd:1 -- "$H" open \
	    /etc/hostname 4
	[ "$rc" -eq 0 ] || { show out; show err; atf_fail "exit $rc"; }
	low=$(grep -c '^fd=[3-6] ' out)
	[ "$low" -eq 0 ] || { show out; atf_fail "lowest numbers handed out"; }
	[ "$(sort -u out | wc -l)" -eq 4 ] || { show out; atf_fail "not 4 fds"; }
	# and the files opened that way work
	atf_check -o inline:"$(cat /etc/hostname)\n" -e ignore "$(SYD_BIN)" \
	    -poff -m trace/force_rand_fd:1 -- cat /etc/hostname
}

atf_test_case safesetid
safesetid_head()
{
	atf_set descr "SafeSetID: system ids are refused without rules;" \
	    "with setuid+/setgid+ rules only their transitions"
	atf_set require.user root
}
safesetid_body()
{
	H=$(helper setid_try)
	atf_check -o match:"^OK uid uid=65534/" "$H" uid 65534
	atf_check -o match:"^OK uid uid=1/" "$H" uid 1
	atf_check -o match:"^OK gid .*gid=14/" "$H" gid 14
	# no rules: system ids (uid <= 11, gid <= 14) the task does not hold
	# are refused, others not
	for a in "uid 1" "uid 11" "gid 1" "gid 14" "resuid -1 1 -1" \
	    "resgid 5 -1 -1"; do
		# shellcheck disable=SC2086
		atf_check -s exit:1 -o match:"EACCES" -e ignore \
		    "$(SYD_BIN)" -poff -- "$H" $a
	done
	atf_check -o match:"^OK uid uid=12/" -e ignore "$(SYD_BIN)" -poff -- \
	    "$H" uid 12
	atf_check -o match:"^OK uid uid=65534/" -e ignore "$(SYD_BIN)" -poff \
	    -- "$H" uid 65534
	atf_check -o match:"^OK resuid uid=0/0/0" -e ignore "$(SYD_BIN)" \
	    -poff -- "$H" resuid -1 -1 -1
	# an id already held is no switch: root dropping its effective id
	# while passing its real one along (setpriv --euid does)
	atf_check -o match:"^OK uid uid=0/0/0" -e ignore "$(SYD_BIN)" -poff \
	    -- "$H" uid 0
	atf_check -o match:"^OK resuid uid=0/65534/65534" -e ignore \
	    "$(SYD_BIN)" -poff -- "$H" resuid 0 65534 65534
	# the same with the calls notified (root syd, path checking on)
	atf_check -s exit:1 -o match:"EACCES" -e ignore "$(SYD_BIN)" -poff \
	    -m sandbox/stat:on -m 'allow/stat+/***' -- "$H" uid 1
	# rules: only their transitions, and the ids already held
	atf_check -o match:"^OK uid uid=65534/" -e ignore "$(SYD_BIN)" -poff \
	    -m setuid+0:65534 -- "$H" uid 65534
	atf_check -s exit:1 -o match:"EACCES" -e ignore "$(SYD_BIN)" -poff \
	    -m setuid+0:65534 -- "$H" uid 1000
	atf_check -s exit:1 -o match:"EACCES" -e ignore "$(SYD_BIN)" -poff \
	    -m setuid+0:65534 -- "$H" uid 1
	atf_check -o match:"^OK uid uid=1/" -e ignore "$(SYD_BIN)" -poff \
	    -m setuid+0:1 -- "$H" uid 1
	atf_check -o match:"^OK gid .*gid=65534/" -e ignore "$(SYD_BIN)" \
	    -poff -m setgid+0:65534 -- "$H" gid 65534
	atf_check -s exit:1 -o match:"EACCES" -e ignore "$(SYD_BIN)" -poff \
	    -m setgid+0:65534 -- "$H" gid 100
	# removing the only rule brings back the no-rule behaviour
	atf_check -o match:"^OK uid uid=1000/" -e ignore "$(SYD_BIN)" -poff \
	    -m setuid+0:65534 -m setuid-0:65534 -- "$H" uid 1000
	atf_check -s exit:100 -e match:"numeric id" "$(SYD_BIN)" -poff \
	    -m setuid+root:nobody -- true
}

atf_init_test_cases()
{
	atf_add_test_case packet
	atf_add_test_case netlink
	atf_add_test_case mask_replace
	atf_add_test_case deny_dotdot
	atf_add_test_case force_cloexec
	atf_add_test_case force_rand_fd
	atf_add_test_case safesetid
}
