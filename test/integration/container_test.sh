#! /usr/bin/env atf-sh
# Containers (SPEC.md section 3): unshare/..., bind+SRC:DST[:OPTS], root:,
# name/host:, the container and immutable profiles. Each case runs as root
# and as an unprivileged user (through a user namespace). Path checking is
# off (-poff) unless a case says otherwise: what is shown is the kernel's
# doing, in namespaces syd made.

. "$(atf_get_srcdir)/common.subr"

setup()
{
	SYD=$(syd_path)
	export BB
}

cleanup_dir()
{
	remove_public_dir
}

# both BODY: run the shell function BODY with AS empty, then "$NOBODY".
both()
{
	AS=
	WHO=root
	"$1"
	AS=$NOBODY
	WHO=nobody
	"$1"
}

pid1()
{
	run $AS "$SYD" -poff -m unshare/pid:on -- $BB sh -c 'echo $$'
	expect_rc 0 "$WHO: unshare/pid"
	expect_lines 1
	# Its /proc is the namespace's own: only its processes are there.
	run $AS "$SYD" -poff -m unshare/pid:on -- $BB sh -c \
	    "$BB ls /proc | $BB grep -c '^[0-9]'"
	expect_rc 0 "$WHO: unshare/pid: ls /proc"
	[ "$(cat out)" -le 3 ] || { show out; atf_fail "$WHO: /proc shows" \
	    "$(cat out) processes, expected the namespace's own (<= 3)"; }
	# With path checking on, /proc/self names the process as its own
	# namespace numbers it.
	run in_dir / $AS "$SYD" -plinux -m unshare/pid:on -- \
	    $BB cut -d' ' -f1 /proc/self/stat
	expect_rc 0 "$WHO: -plinux: /proc/self/stat"
	expect_lines 1
}

atf_test_case unshare_pid
unshare_pid_head()
{
	atf_set descr "unshare/pid:on makes the command PID 1 of a pid" \
	    "namespace with a /proc of its own"
	atf_set timeout 60
}
unshare_pid_body()
{
	setup
	run "$SYD" -poff -- $BB sh -c 'echo $$'
	expect_rc 0 "without unshare/pid"
	[ "$(cat out)" != 1 ] || atf_fail "PID 1 without unshare/pid"
	both pid1
}

net_lo()
{
	run $AS "$SYD" -poff -m unshare/net:on -- $BB ip -o link
	expect_rc 0 "$WHO: unshare/net: ip link"
	[ "$(wc -l <out)" -eq 1 ] && grep -q '^1: lo: <LOOPBACK,UP' out || {
		show out; atf_fail "$WHO: expected only lo, up"; }
}

atf_test_case unshare_net
unshare_net_head()
{
	atf_set descr "unshare/net:on leaves only the loopback interface, up"
	atf_set timeout 60
}
unshare_net_body()
{
	setup
	[ "$($BB ip -o link | wc -l)" -gt 1 ] ||
	    atf_skip "the host has only a loopback interface"
	both net_lo
}

bind_ro()
{
	run $AS "$SYD" -poff -m "bind+$D/rw:$D/rw:ro" -- $BB touch "$D/rw/x"
	expect_rc 1 "$WHO: touch under bind ro"
	expect_err "Read-only file system"
	[ ! -e "$D/rw/x" ] || atf_fail "$WHO: the file was created"
	run $AS "$SYD" -poff -- $BB touch "$D/rw/y"
	expect_rc 0 "$WHO: the same touch without the bind"
	rm -f "$D/rw/y"
}

atf_test_case bind_readonly
bind_readonly_head()
{
	atf_set descr "bind+/usr:/usr:ro makes writes there fail with EROFS"
	atf_set timeout 60
	atf_set require.user root
}
bind_readonly_body()
{
	setup
	D=$(make_public_dir)
	mkdir "$D/rw" && chmod 0777 "$D/rw"
	run "$SYD" -poff -m bind+/usr:/usr:ro -- $BB touch /usr/syd-test-$$
	rm -f /usr/syd-test-$$
	expect_rc 1 "root: touch /usr under bind+/usr:/usr:ro"
	expect_err "Read-only file system"
	both bind_ro
}
bind_readonly_cleanup()
{
	cleanup_dir
}

bind_opts()
{
	run $AS "$SYD" -poff -m "bind+$D/x:$D/x:noexec" -- "$D/x/busybox" true
	expect_rc 13 "$WHO: exec from a noexec bind (EACCES)"
	run $AS "$SYD" -poff -- "$D/x/busybox" true
	expect_rc 0 "$WHO: the same exec without the bind"
	run $AS "$SYD" -poff -m "bind+$D/x:$D/x:nosymfollow" -- $BB cat \
	    "$D/x/link"
	expect_rc 1 "$WHO: following a link in a nosymfollow bind"
	expect_err "Too many levels of symbolic links"
	run $AS "$SYD" -poff -m "bind+$D/x:$D/x:nosymfollow" -- $BB readlink \
	    "$D/x/link"
	expect_lines "$D/x/file"
}

atf_test_case bind_options
bind_options_head()
{
	atf_set descr "bind+ options noexec and nosymfollow hold in the bind"
	atf_set timeout 60
}
bind_options_body()
{
	setup
	D=$(make_public_dir)
	mkdir "$D/x"
	cp $BB "$D/x/busybox"
	echo data >"$D/x/file"
	ln -s "$D/x/file" "$D/x/link"
	chmod -R a+rX "$D/x"
	both bind_opts
}
bind_options_cleanup()
{
	cleanup_dir
}

tmp_tmpfs()
{
	run $AS "$SYD" -poff -m bind+tmpfs:/tmp -- $BB sh -c \
	    "$BB ls -A /tmp | $BB wc -l; echo hi >/tmp/syd-t-$$ &&
	    $BB cat /tmp/syd-t-$$"
	expect_rc 0 "$WHO: bind+tmpfs:/tmp"
	expect_lines 0 hi
	[ ! -e /tmp/syd-t-$$ ] || atf_fail "$WHO: the file reached the host"
}

atf_test_case bind_tmpfs
bind_tmpfs_head()
{
	atf_set descr "bind+tmpfs:/tmp gives an empty, writable, private /tmp"
	atf_set timeout 60
}
bind_tmpfs_body()
{
	setup
	touch /tmp/syd-t-visible-$$
	both tmp_tmpfs
	rm -f /tmp/syd-t-visible-$$
}

root_tree()
{
	run $AS "$SYD" -poff -m "root:$D/r" -- /bin/sh -c \
	    'ls /; echo ok >/dev/null && echo null; cat /etc/hostname'
	expect_rc 0 "$WHO: root:"
	expect_lines bin dev etc proc tmp null syd-root
	run $AS "$SYD" -poff -m "root:$D/r" -m unshare/pid:on -- /bin/sh -c \
	    'echo $$; ls /proc | grep -c "^[0-9]"'
	expect_rc 0 "$WHO: root: and unshare/pid"
	[ "$(head -1 out)" = 1 ] && [ "$(tail -1 out)" -le 3 ] || {
		show out; atf_fail "$WHO: not PID 1 with a private /proc"; }
}

atf_test_case root_unix_paths
root_unix_paths_head()
{
	atf_set descr "root:DIR with net sandboxing: a UNIX socket path is" \
	    "the tree's, not the host's: connect cannot reach a host" \
	    "socket and bind does not make one outside the tree"
	atf_set require.user root
	atf_set timeout 60
}
root_unix_paths_body()
{
	setup
	C=$(helper net_client)
	S=$(helper net_server)
	d=$(pwd -P)
	mkdir -p "$d/r/bin" "$d/r/proc" "$d/r/dev" "$d/r/$d"
	cp "$C" "$d/r/bin/net_client"
	"$S" unix "$d/host.sock" 0 10 "$d/host.count" >/dev/null 2>&1 &
	wait_until 5 test -S "$d/host.sock" || atf_fail "no host socket"
	for l in "" "-m sandbox/lock:on -m allow/lock/all+/"; do
		run "$SYD" -poff $l -m sandbox/net:on \
		    -m 'allow/net/connect+/***' -m "root:$d/r" -- \
		    /bin/net_client unix "$d/host.sock"
		expect_rc 1 "connect to a host socket from root: [$l]"
		expect_lines "ERR ENOENT"
		run "$SYD" -poff $l -m sandbox/net:on -m 'allow/net/bind+/***' \
		    -m "root:$d/r" -- /bin/net_client unixbind "$d/bound.sock"
		expect_rc 0 "bind in root: [$l]"
		[ ! -e "$d/bound.sock" ] && [ -S "$d/r/$d/bound.sock" ] ||
		    atf_fail "bind in root: [$l] made a socket outside the tree"
		rm -f "$d/r/$d/bound.sock"
	done
	kill %1 2>/dev/null
}

atf_test_case root_busybox
root_busybox_head()
{
	atf_set descr "root:DIR runs the command in a busybox tree with" \
	    "a /proc and a /dev of its own"
	atf_set timeout 60
}
root_busybox_body()
{
	setup
	D=$(make_public_dir)
	mkdir -p "$D/r/bin" "$D/r/proc" "$D/r/dev" "$D/r/etc" "$D/r/tmp"
	cp $BB "$D/r/bin/busybox"
	for x in sh ls cat grep; do ln -s busybox "$D/r/bin/$x"; done
	echo syd-root >"$D/r/etc/hostname"
	chmod -R a+rX "$D/r"
	both root_tree
}
root_busybox_cleanup()
{
	cleanup_dir
}

host_name()
{
	run $AS "$SYD" -poff -m name/host:syd-test-host -- $BB uname -n
	expect_rc 0 "$WHO: name/host"
	expect_lines syd-test-host
}

atf_test_case name_host
name_host_head()
{
	atf_set descr "name/host:NAME is what uname -n shows, in a UTS" \
	    "namespace of its own"
	atf_set timeout 60
}
name_host_body()
{
	setup
	h=$(uname -n)
	both host_name
	[ "$(uname -n)" = "$h" ] || atf_fail "the host's name changed"
}

container_profile()
{
	run $AS "$SYD" -poff -pcontainer -- $BB sh -c \
	    "echo \$\$; $BB ip -o link | $BB wc -l; $BB readlink /proc/self/ns/user"
	expect_rc 0 "$WHO: -pcontainer"
	[ "$(sed -n 1p out)" = 1 ] && [ "$(sed -n 2p out)" = 1 ] || {
		show out; atf_fail "$WHO: -pcontainer: not PID 1 with only lo"; }
	[ "$(sed -n 3p out)" != "$(readlink /proc/self/ns/user)" ] || atf_fail \
	    "$WHO: -pcontainer: the host's user namespace"
	# Every namespace the profile names is a new one.
	for ns in user mnt pid net uts ipc cgroup time; do
		run $AS "$SYD" -poff -pcontainer -- $BB readlink /proc/self/ns/$ns
		expect_rc 0 "$WHO: -pcontainer: readlink ns/$ns"
		[ "$(cat out)" != "$(readlink /proc/self/ns/$ns)" ] || atf_fail \
		    "$WHO: -pcontainer: the host's $ns namespace"
	done
}

atf_test_case profile_container
profile_container_head()
{
	atf_set descr "-pcontainer: own user, pid and network namespaces"
	atf_set timeout 60
}
profile_container_body()
{
	setup
	both container_profile
}

atf_test_case profile_immutable
profile_immutable_head()
{
	atf_set descr "-pimmutable: system directories read-only, /tmp a" \
	    "private tmpfs"
	atf_set timeout 60
	atf_set require.user root
}
profile_immutable_body()
{
	setup
	run "$SYD" -poff -pimmutable -- $BB touch /etc/syd-test-$$
	rm -f /etc/syd-test-$$
	expect_rc 1 "-pimmutable: touch /etc"
	expect_err "Read-only file system"
	run "$SYD" -poff -pimmutable -- $BB sh -c \
	    "$BB ls -A /tmp | $BB wc -l; $BB touch /tmp/x && echo ok"
	expect_rc 0 "-pimmutable: /tmp"
	expect_lines 0 ok
}

atf_test_case setup_errors
setup_errors_head()
{
	atf_set descr "a bind or root that cannot be made stops syd with one" \
	    "line naming it; the command does not run"
	atf_set timeout 60
}
setup_errors_body()
{
	setup
	for m in bind+/usr:/nonexistent-$$ bind+/nonexistent-$$:/tmp \
	    root:/nonexistent-$$; do
		run "$SYD" -poff -m "$m" -- $BB touch marker
		expect_rc 111 "$m"
		expect_err "syd: ${m%%:/non*}"
		expect_err "No such file or directory"
		[ "$(wc -l <err)" -eq 1 ] || { show err; atf_fail "$m: not" \
		    "one line"; }
		[ ! -e marker ] || atf_fail "$m: the command ran"
	done
}

term_pid1()
{
	$AS "$SYD" -poff -m unshare/pid:on -- $BB sleep 30 >out 2>err &
	p=$!
	remember_pid $p
	sleep 0.5
	kill -TERM $p
	wait_status $p 10
	[ "$st" = 137 ] || atf_fail "$WHO: SIGTERM to syd: status $st, expected" \
	    "137 (the command killed)"
	# A command with a handler gets the signal itself.
	$AS "$SYD" -poff -m unshare/pid:on -- $BB sh -c \
	    'trap "exit 3" TERM; '"$BB"' sleep 30 & wait' >out 2>err &
	p=$!
	remember_pid $p
	sleep 0.5
	kill -TERM $p
	wait_status $p 10
	[ "$st" = 3 ] || atf_fail "$WHO: SIGTERM to a trapping PID 1: status" \
	    "$st, expected 3"
}

atf_test_case signal_pid1
signal_pid1_head()
{
	atf_set descr "SIGTERM to syd ends a command that is PID 1 of its pid" \
	    "namespace and has no handler (the kernel would drop it)"
	atf_set timeout 60
}
signal_pid1_body()
{
	setup
	both term_pid1
}
signal_pid1_cleanup()
{
	kill_remembered
}

atf_test_case userns_disabled
userns_disabled_head()
{
	atf_set descr "where user namespaces cannot be made, unshare/user" \
	    "stops syd with one line saying why"
	atf_set require.progs unshare
	atf_set timeout 60
}
userns_disabled_body()
{
	setup
	# user.max_user_namespaces is per user namespace: 0 in a throw-away
	# one, for syd run inside it.
	unshare -r true 2>/dev/null || atf_skip "no user namespaces here"
	run unshare -r sh -c 'echo 0 >/proc/sys/user/max_user_namespaces &&
	    exec "$1" -poff -m unshare/user:on -- "$2" touch marker' sh \
	    "$SYD" $BB
	expect_rc 111 "unshare/user with user.max_user_namespaces=0"
	expect_err "syd: unshare/user: cannot create a user namespace"
	[ "$(wc -l <err)" -eq 1 ] || { show err; atf_fail "not one line"; }
	[ ! -e marker ] || atf_fail "the command ran"
}

atf_init_test_cases()
{
	atf_add_test_case userns_disabled
	atf_add_test_case signal_pid1
	atf_add_test_case unshare_pid
	atf_add_test_case unshare_net
	atf_add_test_case bind_readonly
	atf_add_test_case bind_tmpfs
	atf_add_test_case bind_options
	atf_add_test_case root_busybox
	atf_add_test_case root_unix_paths
	atf_add_test_case name_host
	atf_add_test_case profile_container
	atf_add_test_case profile_immutable
	atf_add_test_case setup_errors
}
