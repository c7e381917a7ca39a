#! /usr/bin/env atf-sh
# Lock sandboxing (sandbox/lock, SPEC.md section 3): the allow/lock/ rules
# become a Landlock ruleset the kernel enforces on the sandbox, and on
# syd's own threads. -poff keeps every seccomp category off, so a denial
# seen here comes from the kernel.

. "$(atf_get_srcdir)/common.subr"

setup()
{
	SYD=$(syd_path)
	export BB
	ABI=$("$SYD" --info | sed -n 's/^Landlock ABI: \([0-9]*\).*/\1/p')
	[ -n "$ABI" ] || atf_skip "Landlock is not available on this kernel"
}

# Only /usr readable and executable: enough for the static busybox
# (/bin is a link to /usr/bin here) and nothing else.
USR="-m sandbox/lock:on -m allow/lock/read+/usr -m allow/lock/exec+/usr"

read_etc()
{
	run $AS "$SYD" -poff $USR -- $BB cat /etc/hostname
	expect_rc 1 "$WHO: cat /etc/hostname under Landlock"
	expect_err "Permission denied"
	run $AS "$SYD" -poff $USR -- $BB sh -c "$BB cat /usr/lib/os-release \
	    >/dev/null 2>&1 || $BB cat /usr/bin/busybox | $BB wc -c"
	expect_rc 0 "$WHO: reading under /usr"
	run $AS "$SYD" -poff -- $BB cat /etc/hostname
	expect_rc 0 "$WHO: the same without sandbox/lock"
}

atf_test_case read_enforced
read_enforced_head()
{
	atf_set descr "with only /usr readable, reading /etc fails with" \
	    "EACCES although no seccomp category is on"
	atf_set timeout 60
}
read_enforced_body()
{
	setup
	[ "$(readlink -f /bin/busybox)" = /usr/bin/busybox ] ||
	    atf_skip "busybox is not under /usr"
	AS= WHO=root read_etc
	AS=$NOBODY WHO=nobody read_etc
}

atf_test_case write_enforced
write_enforced_head()
{
	atf_set descr "allow/lock/write,create+DIR: writes there work, elsewhere" \
	    "they fail, even for root"
	atf_set timeout 60
}
write_enforced_body()
{
	setup
	mkdir w o
	run "$SYD" -poff $USR -m "allow/lock/write,create+$PWD/w" -- \
	    $BB sh -c 'echo a >w/f && echo b >o/f'
	expect_rc 1 "writing outside allow/lock/write"
	expect_err "Permission denied"
	[ -s w/f ] || atf_fail "w/f was not written"
	[ ! -e o/f ] || atf_fail "o/f was written"
}

atf_test_case info_abi
info_abi_head()
{
	atf_set descr "syd --info names the Landlock ABI, and a sandbox with" \
	    "sandbox/lock logs the same ABI and what it enforces"
	atf_set timeout 60
}
info_abi_body()
{
	setup
	run env SYD_LOG=info "$SYD" -poff $USR -- $BB true
	expect_rc 0 "SYD_LOG=info with sandbox/lock"
	has_json err "$(jstr ctx confine)" "$(jstr op landlock)" \
	    "Landlock ABI $ABI: file rights" || { show err; atf_fail \
	    "no log line naming Landlock ABI $ABI"; }
}

atf_test_case syd_threads
syd_threads_head()
{
	atf_set descr "syd's own threads are landlocked: an open syd performs" \
	    "for the sandbox fails where Landlock denies, even when the" \
	    "path rules allow it"
	atf_set timeout 60
}
syd_threads_body()
{
	setup
	# read is on (syd opens on the sandbox's behalf) and allows /etc.
	run in_dir / "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    $USR -- $BB cat /etc/hostname
	expect_rc 1 "an emulated open of /etc under Landlock"
	expect_err "Permission denied"
	run in_dir / "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -- $BB cat /etc/hostname
	expect_rc 0 "the same without sandbox/lock"
}

with_ns()
{
	run $AS "$SYD" -poff $USR -m unshare/net:on -m name/host:syd-ll -- \
	    $BB sh -c "$BB uname -n; $BB ip -o link | $BB wc -l; \
	    $BB cat /etc/hostname"
	expect_rc 1 "$WHO: Landlock with namespaces"
	expect_lines syd-ll 1
	expect_err "Permission denied"
	# A mount tree. As root syd makes it in its own mount namespace
	# before Landlock and stays landlocked: an open it performs fails
	# where Landlock denies although the read rules allow it. Without
	# root (a user namespace) its threads go without, and say so; the
	# sandbox itself is landlocked all the same.
	if [ -z "$AS" ]; then
		run "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' $USR \
		    -m bind+tmpfs:/tmp -- $BB sh -c \
		    "echo \$\$; $BB cat /etc/hostname"
		expect_rc 1 "$WHO: Landlock with bind+"
		expect_lines 1
		expect_err "Permission denied"
		! grep -q "not landlocked" err ||
		    { show err; atf_fail "root: syd's threads went without"; }
	else
		run $AS "$SYD" -poff $USR -m bind+tmpfs:/tmp -- \
		    $BB cat /etc/hostname
		expect_rc 1 "$WHO: Landlock with bind+"
		expect_err "syd's own threads are not landlocked"
	fi
}

atf_test_case root_tree
root_tree_head()
{
	atf_set descr "sandbox/lock with root: as root: the sandbox is PID 1" \
	    "chrooted into the tree with its own /proc and /dev, cannot" \
	    "chroot again, and syd's threads are landlocked"
	atf_set require.user root
	atf_set timeout 60
}
root_tree_body()
{
	setup
	t=$(pwd -P)/tree
	mkdir -p "$t/bin" "$t/proc" "$t/dev" "$t/etc"
	cp "$BB" "$t/bin/busybox"
	echo inside >"$t/etc/hostname"
	run "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m sandbox/lock:on -m allow/lock/rpath,exec+/ \
	    -m "root:$t" -- /bin/busybox sh -c '/bin/busybox cat /etc/hostname
	    echo $$; /bin/busybox ls /proc | /bin/busybox grep -c "^[0-9]"
	    /bin/busybox test -c /dev/null && echo dev
	    /bin/busybox chroot / /bin/busybox true || echo no-chroot'
	expect_rc 0 "root: under sandbox/lock"
	# The tree's file, PID 1, a /proc of its own (a few pids, not the
	# host's hundreds), /dev, no second chroot.
	n=$(sed -n 3p out)
	[ "$(sed -n 1p out)" = inside ] && [ "$(sed -n 2p out)" = 1 ] &&
	    [ "$n" -ge 1 ] && [ "$n" -lt 10 ] &&
	    [ "$(sed -n 4p out)" = dev ] && [ "$(sed -n 5p out)" = no-chroot ] ||
	    { show out; show err; atf_fail "not the expected tree"; }
	! grep -q "not landlocked" err || { show err; atf_fail "syd's threads" \
	    "went without Landlock"; }
	# Landlock allowing only the tree's /bin: syd's own open of the
	# tree's /etc/hostname (read rules allow it) fails.
	run "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m sandbox/lock:on -m "allow/lock/read+$t/bin" \
	    -m "allow/lock/exec+$t/bin" -m "root:$t" -- /bin/busybox cat \
	    /etc/hostname
	expect_rc 1 "root: syd's open under Landlock"
	expect_err "Permission denied"
}

atf_test_case root_tree_rules
root_tree_rules_head()
{
	atf_set descr "root: as root: path rules name what the sandbox sees" \
	    "(its /etc, its /proc/self) with sandbox/lock as without it, so" \
	    "adding Landlock does not turn deny rules off"
	atf_set require.user root
	atf_set timeout 60
}
root_tree_rules_body()
{
	setup
	t=$(pwd -P)/tree
	mkdir -p "$t/bin" "$t/proc" "$t/dev" "$t/etc"
	cp "$BB" "$t/bin/busybox"
	cp "$BB" "$t/bin/bb2"
	echo inside >"$t/etc/hostname"
	LOCK="-m sandbox/lock:on -m allow/lock/rpath,exec+/"
	for l in "" "$LOCK"; do
		w=${l:+"under sandbox/lock"}
		run "$SYD" -poff $l -m sandbox/read:on -m 'allow/read+/***' \
		    -m deny/read+/etc/hostname -m "root:$t" -- \
		    /bin/busybox cat /etc/hostname
		expect_rc 1 "deny/read+/etc/hostname in root: $w"
		expect_err "Permission denied"
		run "$SYD" -poff $l -m sandbox/read:on -m 'allow/read+/***' \
		    -m 'deny/read+/proc/self/status' -m "root:$t" -- \
		    /bin/busybox cat /proc/self/status
		expect_rc 1 "deny/read+/proc/self/status in root: $w"
		expect_err "Permission denied"
		run "$SYD" -poff $l -m sandbox/exec:on -m 'allow/exec+/***' \
		    -m deny/exec+/bin/bb2 -m "root:$t" -- /bin/busybox sh -c \
		    '/bin/bb2 echo ran'
		! grep -q ran out || { show out; show err; atf_fail \
		    "deny/exec+/bin/bb2 in root: $w: it ran"; }
		# Links of its /proc name its objects as it sees them.
		run "$SYD" -poff $l -m sandbox/stat:on -m 'allow/stat+/***' \
		    -m sandbox/read:on -m 'allow/read+/***' -m "root:$t" -- \
		    /bin/busybox sh -c 'cd /etc; for f in cwd root exe; do
		    /bin/busybox readlink /proc/self/$f; done
		    /bin/busybox cat /proc/self/cwd/hostname'
		expect_rc 0 "magic links in root: $w"
		expect_lines /etc / /bin/busybox inside
	done
}

atf_test_case namespaces
namespaces_head()
{
	atf_set descr "Landlock with namespaces, as root and unprivileged"
	atf_set timeout 60
}
namespaces_body()
{
	setup
	AS= WHO=root with_ns
	AS=$NOBODY WHO=nobody with_ns
}

# ABI 4 or skip; C the TCP client helper, L its Landlock options, p a
# port to start from.
tcp_setup()
{
	setup
	[ "$ABI" -ge 4 ] || atf_skip "Landlock ABI $ABI has no TCP rights"
	C=$(helper net_client)
	H=$(dirname "$C")
	L="-poff $USR -m allow/lock/read+$H -m allow/lock/exec+$H"
	p=$((40000 + $$ % 20000))
}

atf_test_case tcp_ports
tcp_ports_head()
{
	atf_set descr "Landlock ABI 4: allow/lock/bind and allow/lock/connect" \
	    "ports, enforced by the kernel with net checking off"
	atf_set timeout 60
}
tcp_ports_body()
{
	tcp_setup
	run "$SYD" $L -m "allow/lock/connect+$p" -- "$C" tcp4 127.0.0.1 $p
	expect_lines "ERR ECONNREFUSED"
	run "$SYD" $L -m "allow/lock/connect+$p" -- "$C" tcp4 127.0.0.1 \
	    $((p + 1))
	expect_lines "ERR EACCES"
	run "$SYD" $L -m "allow/lock/bind+$p-$((p + 1))" -- \
	    "$C" bind4 127.0.0.1 $((p + 1))
	grep -qE '^(OK|ERR EADDRINUSE)$' out || { show out; atf_fail \
	    "bind to an allowed port: $(cat out)"; }
	run "$SYD" $L -m "allow/lock/bind+$p" -- "$C" bind4 127.0.0.1 \
	    $((p + 2))
	expect_lines "ERR EACCES"
	# Without port rules TCP is left alone.
	run "$SYD" $L -- "$C" tcp4 127.0.0.1 $((p + 1))
	expect_lines "ERR ECONNREFUSED"
}

atf_test_case mask_under_lock
mask_under_lock_head()
{
	atf_set descr "mask+ still hands out /dev/null when syd is landlocked"
	atf_set timeout 60
}
mask_under_lock_body()
{
	setup
	run in_dir / "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m mask+/usr/lib/os-release $USR -- $BB cat /usr/lib/os-release
	expect_rc 0 "cat of a masked file under Landlock"
	expect_out_empty
}

atf_test_case ipc_socket_removed
ipc_socket_removed_head()
{
	atf_set descr "under Landlock syd still removes its ipc:PATH socket" \
	    "when it ends"
	atf_set timeout 60
}
ipc_socket_removed_body()
{
	setup
	run "$SYD" -poff $USR -m "ipc:$PWD/s.sock" -- $BB test -S "$PWD/s.sock"
	expect_rc 0 "the socket exists while the sandbox runs"
	[ ! -e s.sock ] || atf_fail "s.sock is left behind"
}

atf_test_case profile_landlock
profile_landlock_head()
{
	atf_set descr "-plandlock: system directories read-only, /tmp writable"
	atf_set timeout 60
	atf_set require.user root
}
profile_landlock_body()
{
	setup
	run "$SYD" -poff -plandlock -- $BB sh -c \
	    "echo a >/tmp/syd-ll-$$ && $BB cat /tmp/syd-ll-$$"
	rm -f /tmp/syd-ll-$$
	expect_rc 0 "-plandlock: /tmp"
	expect_lines a
	run "$SYD" -poff -plandlock -- $BB touch /etc/syd-ll-$$
	rm -f /etc/syd-ll-$$
	expect_rc 1 "-plandlock: touch /etc as root"
	expect_err "Permission denied"
}

atf_test_case scope_signal
scope_signal_head()
{
	atf_set descr "Landlock ABI 6: the sandbox cannot signal a process" \
	    "outside it"
	atf_set timeout 60
}
scope_signal_body()
{
	setup
	[ "$ABI" -ge 6 ] || atf_skip "Landlock ABI $ABI has no scopes"
	$BB sleep 30 &
	p=$!
	remember_pid $p
	run "$SYD" -poff $USR -- $BB kill -0 $p
	expect_rc 1 "kill -0 of an outside process"
	run "$SYD" -poff -- $BB kill -0 $p
	expect_rc 0 "the same without sandbox/lock"
	kill $p
}
scope_signal_cleanup()
{
	kill_remembered
}

# ll_case CAT OP ARG...: OP needs exactly the Landlock right of CAT. Done
# natively it gives R (not EACCES); under a ruleset granting every path
# category but CAT on the work directory the kernel refuses it with
# EACCES ($DENY); with CAT too it gives R again. $PREP makes the objects first
# (again before each run), $XTRA adds rules to both runs.
ll_case()
{
	_cat=$1
	shift
	eval "$PREP"
	run "$O" "$@"
	_r=$(cat out)
	case $_r in
	"ERR EACCES"|"")
		atf_fail "$_cat: $* natively: '$_r'" ;;
	esac
	_all="read write exec ioctl create delete rename symlink truncate
	    readdir mkdir rmdir mkbdev mkcdev mkfifo bind"
	_but=$(echo $_all | tr ' ' '\n' | grep -vx "$_cat" | paste -sd, -)
	eval "$PREP"
	run "$SYD" $L -m "allow/lock/$_but+$W" $XTRA -- "$O" "$@"
	[ "$(cat out)" = "ERR ${DENY:-EACCES}" ] || { show out; show err; \
	    atf_fail "$_cat: $* without allow/lock/$_cat: '$(cat out)'," \
	    "not ${DENY:-EACCES}"; }
	eval "$PREP"
	run "$SYD" $L -m "allow/lock/$_but,$_cat+$W" $XTRA -- "$O" "$@"
	[ "$(cat out)" = "$_r" ] || { show out; show err; atf_fail \
	    "$_cat: $* with allow/lock/$_cat: '$(cat out)', natively '$_r'"; }
}

atf_test_case categories
categories_head()
{
	atf_set descr "each of syd 3's Landlock path categories is its own" \
	    "right: an operation needing only it works natively, fails with" \
	    "EACCES under a ruleset granting all the others, and works again" \
	    "with it (the kernel is the oracle)"
	atf_set require.user root
	atf_set timeout 120
}
categories_body()
{
	setup
	[ "$ABI" -ge 3 ] || atf_skip "Landlock ABI $ABI lacks truncate"
	O=$(helper ll_op)
	H=$(dirname "$O")
	W=$(pwd -P)/w
	mkdir -p "$W" "$W/a" "$W/b"
	L="-poff -m sandbox/lock:on -m allow/lock/read,exec+/usr"
	L="$L -m allow/lock/read,exec+$H"
	XTRA=
	PREP='rm -rf "$W"/*; mkdir "$W/a" "$W/b" "$W/d"; echo x >"$W/f"
	    cp "$O" "$W/prog"; echo y >"$W/a/m"'
	ll_case read read "$W/f"
	ll_case write write "$W/f"
	ll_case exec exec "$W/prog"
	ll_case create create "$W/new"
	ll_case delete delete "$W/f"
	# Landlock refuses a rename across directories without REFER with
	# EXDEV, so that programs fall back to copying (landlock(7)).
	DENY=EXDEV
	ll_case rename rename "$W/a/m" "$W/b/m"
	DENY=
	ll_case symlink symlink "$W/l"
	ll_case truncate truncate "$W/f"
	ll_case readdir readdir "$W/d"
	ll_case mkdir mkdir "$W/e"
	ll_case rmdir rmdir "$W/d"
	ll_case mkbdev mkbdev "$W/blk"
	ll_case mkcdev mkcdev "$W/chr"
	ll_case mkfifo mkfifo "$W/fifo"
	# bind with a path: making UNIX sockets beneath it.
	ll_case bind bind "$W/sock"
	# ioctl (ABI 5): a device's ioctl; handled once a rule names ioctl.
	if [ "$ABI" -ge 5 ]; then
		W=/dev/null
		XTRA="-m allow/lock/ioctl+/dev/zero"
		PREP=:
		ll_case ioctl ioctl /dev/null
	fi
}

atf_test_case bind_socket_path
bind_socket_path_head()
{
	atf_set descr "allow/lock/bind+SOCKET (a socket's own path, syd-lock(1)):" \
	    "sockets may be bound in its directory (the widening logged), not" \
	    "in another; a path that does not exist grants nothing"
	atf_set timeout 60
}
bind_socket_path_body()
{
	setup
	O=$(helper ll_op)
	H=$(dirname "$O")
	W=$(pwd -P)
	mkdir s o
	L="-poff $USR -m allow/lock/read,exec+$H"
	# The socket of a server that ran before: bound natively.
	run "$O" bind "$W/s/app.sock"
	expect_lines OK
	[ -S s/app.sock ] || atf_fail "no socket left at s/app.sock"
	run "$SYD" $L -m "allow/lock/bind+$W/s/app.sock" -- "$O" bind \
	    "$W/s/new.sock"
	expect_lines OK
	grep -q "sockets may be bound beneath $W/s " err || { show err;
	    atf_fail "the per-directory widening is not logged"; }
	run "$SYD" $L -m "allow/lock/bind+$W/s/app.sock" -- "$O" bind \
	    "$W/o/app.sock"
	expect_lines "ERR EACCES"
	# A missing path may be a directory: its parent is not granted.
	run "$SYD" $L -m "allow/lock/bind+$W/s/missing" -- "$O" bind \
	    "$W/s/other.sock"
	expect_lines "ERR EACCES"
}

atf_test_case sets
sets_head()
{
	atf_set descr "allow/lock/ category sets (all, rpath, wpath, cpath," \
	    "tpath, spath, dpath) grant their members"
	atf_set require.user root
	atf_set timeout 60
}
sets_body()
{
	setup
	[ "$ABI" -ge 3 ] || atf_skip "Landlock ABI $ABI lacks truncate"
	O=$(helper ll_op)
	H=$(dirname "$O")
	W=$(pwd -P)/w
	L="-poff -m sandbox/lock:on -m allow/lock/read,exec+/usr"
	L="$L -m allow/lock/read,exec+$H"
	for c in "rpath readdir ." "wpath truncate f" "cpath create n" \
	    "tpath mkdir e" "spath mkfifo p" "dpath mkcdev c" "all symlink l" \
	    "rpath,wpath write f"; do
		set -- $c
		rm -rf "$W"; mkdir "$W"; echo x >"$W/f"
		run "$SYD" $L -m "allow/lock/$1+$W" -- "$O" $2 "$W/$3"
		expect_lines OK
		rm -rf "$W"; mkdir "$W"; echo x >"$W/f"
		run "$SYD" $L -m "allow/lock/mkbdev+$W" -- "$O" $2 "$W/$3"
		expect_lines "ERR EACCES"
	done
}

atf_test_case port_lists
port_lists_head()
{
	atf_set descr "allow/lock/bind and connect take comma lists of ports" \
	    "and ranges"
	atf_set timeout 60
}
port_lists_body()
{
	tcp_setup
	R="$p,$((p + 2))-$((p + 3)),$((p + 5))"
	for q in $p $((p + 2)) $((p + 3)) $((p + 5)); do
		run "$SYD" $L -m "allow/lock/connect+$R" -- "$C" tcp4 \
		    127.0.0.1 $q
		expect_lines "ERR ECONNREFUSED"
	done
	for q in $((p + 1)) $((p + 4)) $((p + 6)); do
		run "$SYD" $L -m "allow/lock/connect+$R" -- "$C" tcp4 \
		    127.0.0.1 $q
		expect_lines "ERR EACCES"
	done
	# Removing one of the list.
	run "$SYD" $L -m "allow/lock/connect+$R" \
	    -m "allow/lock/connect-$((p + 5))" -- "$C" tcp4 127.0.0.1 $((p + 5))
	expect_lines "ERR EACCES"
	run "$SYD" $L -m "allow/lock/bind,connect+$R" -- "$C" bind4 \
	    127.0.0.1 $((p + 3))
	grep -qE '^(OK|ERR EADDRINUSE)$' out || { show out; atf_fail \
	    "bind to a listed port: $(cat out)"; }
	run "$SYD" $L -m "allow/lock/bind,connect+$R" -- "$C" bind4 \
	    127.0.0.1 $((p + 4))
	expect_lines "ERR EACCES"
}

atf_test_case scope_abstract
scope_abstract_head()
{
	atf_set descr "Landlock ABI 6: the sandbox cannot connect to an" \
	    "abstract UNIX socket made outside it"
	atf_set timeout 60
}
scope_abstract_body()
{
	setup
	[ "$ABI" -ge 6 ] || atf_skip "Landlock ABI $ABI has no scopes"
	O=$(helper ll_op)
	H=$(dirname "$O")
	n=syd-ll-$$
	"$O" abslisten $n 20 >listen.out &
	remember_pid $!
	wait_until 5 grep -q OK listen.out || atf_fail "no listener"
	run "$O" absconnect $n
	expect_lines OK
	run "$SYD" -poff $USR -m allow/lock/read,exec+$H -- "$O" absconnect $n
	expect_lines "ERR EPERM"
	run "$SYD" -poff -- "$O" absconnect $n
	expect_lines OK
}
scope_abstract_cleanup()
{
	kill_remembered
}

atf_test_case no_downgrade
no_downgrade_head()
{
	atf_set descr "on a kernel with Landlock ABI 6 or later nothing is" \
	    "dropped, so no downgrade is logged"
	atf_set timeout 60
}
no_downgrade_body()
{
	setup
	[ "$ABI" -ge 6 ] || atf_skip "Landlock ABI $ABI: a downgrade is due"
	run env SYD_LOG=info "$SYD" -poff $USR -m allow/lock/connect+80 \
	    -m allow/lock/ioctl+/dev/null -- $BB true
	expect_rc 0 "SYD_LOG=info with sandbox/lock"
	! grep -q "not enforced" err || { show err; atf_fail \
	    "a downgrade was logged on ABI $ABI"; }
}

atf_test_case file_rights
file_rights_head()
{
	atf_set descr "a directory right on a file is left out, said once"
	atf_set timeout 60
}
file_rights_body()
{
	setup
	echo x >f
	run "$SYD" -poff $USR -m "allow/lock/read,readdir+$PWD/f" -- \
	    $BB cat "$PWD/f"
	expect_rc 0 "read of a file with read,readdir on it"
	expect_lines x
	[ "$(grep -c "$PWD/f: not a directory" err)" = 1 ] || { show err
	    atf_fail "the left-out readdir right is not said once"; }
}

atf_init_test_cases()
{
	atf_add_test_case read_enforced
	atf_add_test_case write_enforced
	atf_add_test_case info_abi
	atf_add_test_case syd_threads
	atf_add_test_case ipc_socket_removed
	atf_add_test_case mask_under_lock
	atf_add_test_case tcp_ports
	atf_add_test_case namespaces
	atf_add_test_case root_tree
	atf_add_test_case root_tree_rules
	atf_add_test_case profile_landlock
	atf_add_test_case scope_signal
	atf_add_test_case categories
	atf_add_test_case bind_socket_path
	atf_add_test_case sets
	atf_add_test_case port_lists
	atf_add_test_case scope_abstract
	atf_add_test_case no_downgrade
	atf_add_test_case file_rights
}
