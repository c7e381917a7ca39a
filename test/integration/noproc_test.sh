#! /usr/bin/env atf-sh
# syd without /proc (early boot): it mounts a procfs in a mount namespace
# of its own; neither the system nor the sandbox sees it.

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
	SYD="$(atf_config_get bindir)/syd"
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

atf_init_test_cases()
{
	atf_add_test_case private_proc
}
