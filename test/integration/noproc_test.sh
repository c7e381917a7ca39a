#! /usr/bin/env atf-sh
# syd without /proc (early boot): it mounts a procfs in a mount namespace
# of its own and detaches it, keeping an fd; neither the system nor the
# sandbox sees it, and syd can still landlock its own threads.

. "$(atf_get_srcdir)/common.subr"

atf_test_case private_proc
private_proc_head()
{
	atf_set descr "with /proc unmounted, syd still checks and performs" \
	    "calls, and /proc stays absent for the sandbox and outside"
	atf_set require.user root
	atf_set require.progs unshare
}
private_proc_body()
{
	SYD=$(syd_path)
	BB=/bin/busybox
	echo SECRET >secret
	cat >inner.sh <<EOF2
umount -l /proc || exit 77
test -e /proc/self && exit 78
"$SYD" -poff -m sandbox/read,stat:on -m 'allow/read,stat+/***' \\
    -m "deny/read+$(pwd -P)/secret" -- $BB sh -c '
	$BB cat /etc/hostname >/dev/null && echo read-ok
	$BB cat "$(pwd -P)/secret" 2>/dev/null || echo secret-denied
	test -e /proc/self || echo sandbox-no-proc'
echo "rc=\$?"
test -e /proc/self || echo outside-no-proc
EOF2
	atf_check -o inline:"read-ok\nsecret-denied\nsandbox-no-proc\nrc=0\noutside-no-proc\n" \
	    -e ignore unshare -m sh inner.sh
}

# The calls syd performs through names of its own fds (chmod, truncate,
# utimes, xattrs, a UNIX socket address) and a relative bind, with no
# /proc; then the same under sandbox/lock, with syd's threads landlocked.
write_py()
{
	cat >t.py <<'EOF2'
import os, socket, sys
d = sys.argv[1]
f = d + "/f"
os.chmod(f, 0o600); print("chmod", oct(os.stat(f).st_mode & 0o777))
os.truncate(f, 2); print("truncate", os.stat(f).st_size)
os.utime(f, (1, 1)); print("utime", int(os.stat(f).st_mtime))
os.setxattr(f, "user.k", b"v"); print("xattr", os.getxattr(f, "user.k").decode())
srv = socket.socket(socket.AF_UNIX); srv.bind(d + "/s.sock"); srv.listen(1)
c = socket.socket(socket.AF_UNIX); c.connect(d + "/s.sock"); print("connect")
os.chdir(d); s2 = socket.socket(socket.AF_UNIX); s2.bind("rel.sock")
print("bind", os.path.exists(d + "/rel.sock"))
EOF2
}

EXPECT="chmod 0o600\ntruncate 2\nutime 1\nxattr v\nconnect\nbind True\nrc=0\n"

# noproc_run EXTRA...: t.py under syd with every category it touches on.
noproc_run()
{
	SYD=$(syd_path)
	d=$(pwd -P)
	echo data >f
	write_py
	C=read,write,stat,chmod,truncate,utime,chattr,create,exec
	cat >inner.sh <<EOF2
umount -l /proc || exit 77
"$SYD" -poff -m "sandbox/\$C,net/bind,net/connect:on" $* \\
    -m 'allow/read,write,stat,chmod,truncate,utime,chattr,create,exec+/***' \\
    -m 'allow/net/bind,net/connect+/***' -- python3 "$d/t.py" "$d"
echo "rc=\$?"
EOF2
	C=$C atf_check -o inline:"$EXPECT" -e save:err unshare -m sh inner.sh
}

atf_test_case performed_calls
performed_calls_head()
{
	atf_set descr "with /proc unmounted, calls syd performs by the name" \
	    "of its own fd (chmod, truncate, utimes, xattrs, a UNIX address)" \
	    "and a relative bind still work"
	atf_set require.user root
	atf_set require.progs unshare python3
}
performed_calls_body()
{
	noproc_run
}

atf_test_case landlocked_threads
landlocked_threads_head()
{
	atf_set descr "with /proc unmounted and sandbox/lock on, syd's own" \
	    "threads are landlocked (an open syd performs fails where" \
	    "Landlock denies) and still do their work through the detached" \
	    "procfs"
	atf_set require.user root
	atf_set require.progs unshare python3
}
landlocked_threads_body()
{
	d=$(pwd -P)
	L="-m sandbox/lock:on -m allow/lock/rpath+/usr -m allow/lock/rpath+/etc"
	L="$L -m allow/lock/exec+/usr -m allow/lock/rpath+$d"
	L="$L -m allow/lock/all+$d"
	noproc_run $L
	if grep -q "not landlocked" err; then
		cat err
		atf_fail "syd's threads went without Landlock"
	fi
	SYD=$(syd_path)
	# Rules allow reading everything; Landlock allows only /usr: the
	# open syd performs for cat fails, so syd's own thread is confined.
	cat >inner2.sh <<EOF2
umount -l /proc || exit 77
"$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' -m sandbox/lock:on \\
    -m allow/lock/read+/usr -m allow/lock/exec+/usr -- /bin/busybox cat \\
    /etc/hostname
EOF2
	atf_check -s exit:1 -e match:"Permission denied" unshare -m sh inner2.sh
}

atf_test_case container_profile
container_profile_head()
{
	atf_set descr "with /proc unmounted, -pcontainer (a user and a pid" \
	    "namespace) still gets a procfs of its own: the kernel lets a" \
	    "user namespace mount one only where one is fully visible, so" \
	    "syd's stays mounted under it"
	atf_set require.user root
	atf_set require.progs unshare
}
container_profile_body()
{
	SYD=$(syd_path)
	BB=/bin/busybox
	cat >inner.sh <<EOF2
umount -l /proc || exit 77
"$SYD" -poff -pcontainer -- $BB sh -c \
    'echo \$\$; $BB ls /proc | $BB grep -c "^[0-9]"'
echo "rc=\$?"
test -e /proc/self || echo outside-no-proc
EOF2
	atf_check -o save:out -e ignore unshare -m sh inner.sh
	set -- $(cat out)
	[ "$1" = 1 ] && [ "$2" -ge 1 ] && [ "$2" -lt 10 ] && [ "$3" = rc=0 ] &&
	    [ "$4" = outside-no-proc ] || { cat out; atf_fail "not PID 1 with" \
	    "a procfs of its own"; }
}

atf_init_test_cases()
{
	atf_add_test_case container_profile
	atf_add_test_case private_proc
	atf_add_test_case performed_calls
	atf_add_test_case landlocked_threads
}
