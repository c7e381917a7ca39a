#! /usr/bin/env atf-sh
# Stat sandboxing: the stat family is performed by syd; a denied path is
# hidden, so it answers ENOENT ("No such file or directory"), not EACCES.

. "$(atf_get_srcdir)/common.subr"

syd_stat()
{
	$AS "$SYD" -poff -m sandbox/stat:on -m 'allow/stat+/***' \
	    -m 'deny/stat+/etc/shadow' "$@"
}

atf_test_case stat_allowed
stat_allowed_head()
{
	atf_set descr "stat of an allowed path works and gives its metadata"
	atf_set timeout 60
}
stat_allowed_body()
{
	SYD=$(syd_path)
	$BB stat -c '%i %s %a %u %g %F' /etc/hostname >expected
	run syd_stat -- $BB stat -c '%i %s %a %u %g %F' /etc/hostname
	expect_rc 0 "stat /etc/hostname"
	expect_out expected
	expect_no_denial
	$BB stat -c '%i %F' / >expected
	run syd_stat -- $BB stat -c '%i %F' /
	expect_rc 0 "stat /"
	expect_out expected
	run syd_stat -- $BB ls -l /etc/hostname
	expect_rc 0 "ls -l /etc/hostname"
	run syd_stat -- $BB test -e /etc/hostname
	expect_rc 0 "test -e /etc/hostname"
}

atf_test_case stat_hidden
stat_hidden_head()
{
	atf_set descr "stat of a denied path answers ENOENT"
	atf_set timeout 60
}
stat_hidden_body()
{
	SYD=$(syd_path)
	run syd_stat -- $BB stat /etc/shadow
	expect_rc 1 "stat /etc/shadow"
	expect_out_empty
	expect_err "No such file or directory"
	expect_denial stat /etc/shadow
	run syd_stat -- $BB ls -l /etc/shadow
	expect_rc_not 0 "ls -l /etc/shadow"
	expect_err "No such file or directory"
	run syd_stat -- $BB test -e /etc/shadow
	expect_rc 1 "test -e /etc/shadow"
	# Other spellings and a symlink are the same path.
	ln -s /etc/shadow link
	for p in /etc/../etc/shadow //etc/./shadow link; do
		run syd_stat -- $BB stat -L "$p"
		expect_rc 1 "stat -L $p"
		expect_err "No such file or directory"
		expect_denial stat /etc/shadow
	done
	# The host's dynamic stat(1) (statx or newfstatat).
	run syd_stat -- stat /etc/shadow
	expect_rc_not 0 "coreutils stat /etc/shadow"
	expect_err "No such file or directory"
}

atf_test_case stat_relative
stat_relative_head()
{
	atf_set descr "relative stat paths resolve from the sandbox's cwd"
	atf_set timeout 60
}
stat_relative_body()
{
	SYD=$(syd_path)
	run syd_stat -- $BB sh -c 'cd /etc/ssl && stat ../shadow'
	expect_rc 1 "cd /etc/ssl && stat ../shadow"
	expect_err "No such file or directory"
	expect_denial stat /etc/shadow
	run syd_stat -- $BB sh -c 'cd /etc && stat hostname'
	expect_rc 0 "cd /etc && stat hostname"
}

atf_test_case stat_unprivileged cleanup
stat_unprivileged_head()
{
	atf_set descr "stat sandboxing as an unprivileged user (uid 65534)"
	atf_set require.user root
	atf_set timeout 60
}
stat_unprivileged_body()
{
	SYD=$(syd_path)
	AS=$NOBODY
	d=$(make_public_dir)
	cd "$d"
	# Natively, nobody may stat /etc/shadow; under the rule it is gone.
	atf_check -s exit:0 -o ignore $NOBODY $BB stat /etc/shadow
	run syd_stat -- $BB stat /etc/shadow
	expect_rc 1 "nobody: stat /etc/shadow"
	expect_out_empty
	expect_err "No such file or directory"
	expect_denial stat /etc/shadow
	run syd_stat -- $BB ls -l /etc/shadow
	expect_rc_not 0 "nobody: ls -l /etc/shadow"
	expect_err "No such file or directory"
	run syd_stat -- $BB stat /etc/hostname
	expect_rc 0 "nobody: stat /etc/hostname"
}
stat_unprivileged_cleanup()
{
	remove_public_dir
}

atf_init_test_cases()
{
	atf_add_test_case stat_allowed
	atf_add_test_case stat_hidden
	atf_add_test_case stat_relative
	atf_add_test_case stat_unprivileged
}
