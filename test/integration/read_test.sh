#! /usr/bin/env atf-sh
# Read sandboxing end to end: syd performs the open itself, so what is
# checked is the canonical path the kernel would open (symlinks, "..",
# relative paths, dirfds), and a denial answers EACCES with a JSON line.

. "$(atf_get_srcdir)/common.subr"

# The rules of the issue: everything readable except /etc/shadow. $AS is
# empty, or "$NOBODY" for the unprivileged runs.
syd_read()
{
	$AS "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m 'deny/read+/etc/shadow' "$@"
}

atf_test_case read_allowed
read_allowed_head()
{
	atf_set descr "an allowed file reads normally under read sandboxing"
	atf_set timeout 60
}
read_allowed_body()
{
	SYD=$(syd_path)
	run syd_read -- $BB cat /etc/hostname
	expect_rc 0 "cat /etc/hostname"
	expect_out /etc/hostname
	expect_no_denial
	# A dynamic program: its loader's opens are read opens too.
	run syd_read -- cat /etc/hostname
	expect_rc 0 "coreutils cat /etc/hostname"
	expect_out /etc/hostname
}

atf_test_case read_denied
read_denied_head()
{
	atf_set descr "a denied file gives Permission denied and a JSON line"
	atf_set timeout 60
}
read_denied_body()
{
	SYD=$(syd_path)
	run syd_read -- $BB cat /etc/shadow
	expect_rc 1 "cat /etc/shadow"
	expect_out_empty
	expect_err "Permission denied"
	expect_denial read /etc/shadow
	# O_RDWR is a read open too.
	run syd_read -- $BB sh -c 'exec 3<>/etc/shadow'
	expect_rc_not 0 "sh: exec 3<>/etc/shadow"
	expect_denial read /etc/shadow
}

atf_test_case read_off_unchecked
read_off_unchecked_head()
{
	atf_set descr "with -poff nothing is checked (root reads /etc/shadow)"
	atf_set timeout 60
}
read_off_unchecked_body()
{
	SYD=$(syd_path)
	run "$SYD" -poff -- $BB cat /etc/shadow
	expect_rc 0 "-poff cat /etc/shadow"
	expect_out /etc/shadow
	expect_no_denial
}

atf_test_case read_symlink
read_symlink_head()
{
	atf_set descr "symlinks in an allowed directory pointing at a denied" \
	    "file are denied; the log names the target"
	atf_set timeout 60
}
read_symlink_body()
{
	SYD=$(syd_path)
	ln -s /etc/shadow link
	ln -s link link2
	ln -s /etc etcdir
	ln -s ../../../../../../../../etc/shadow rellink
	for p in "$(pwd -P)/link" link ./link2 etcdir/shadow rellink; do
		run syd_read -- $BB cat "$p"
		expect_rc 1 "cat $p"
		expect_out_empty
		expect_err "Permission denied"
		expect_denial read /etc/shadow
	done
	# The same links to an allowed file work.
	ln -s /etc/hostname okay
	run syd_read -- $BB cat okay
	expect_rc 0 "cat okay (-> /etc/hostname)"
	expect_out /etc/hostname
	run syd_read -- $BB cat etcdir/hostname
	expect_rc 0 "cat etcdir/hostname"
	expect_out /etc/hostname
}

atf_test_case read_dotdot
read_dotdot_head()
{
	atf_set descr "/etc/../etc/shadow and other spellings are denied"
	atf_set timeout 60
}
read_dotdot_body()
{
	SYD=$(syd_path)
	for p in /etc/../etc/shadow //etc//shadow /etc/./shadow \
	    /../../etc/shadow /etc/ssl/../shadow /usr/../etc/../etc/shadow; do
		run syd_read -- $BB cat "$p"
		expect_rc 1 "cat $p"
		expect_out_empty
		expect_err "Permission denied"
		expect_denial read /etc/shadow
	done
	run syd_read -- $BB cat /etc/../etc/hostname
	expect_rc 0 "cat /etc/../etc/hostname"
	expect_out /etc/hostname
}

atf_test_case read_relative
read_relative_head()
{
	atf_set descr "relative paths resolve from the sandbox's cwd"
	atf_set timeout 60
}
read_relative_body()
{
	SYD=$(syd_path)
	top=$(pwd)
	# The cwd syd starts in (out and err stay in the work directory).
	run in_dir /etc syd_read -- $BB cat shadow
	expect_rc 1 "cat shadow in /etc"
	expect_err "Permission denied"
	expect_denial read /etc/shadow
	run in_dir /etc syd_read -- $BB cat hostname
	expect_rc 0 "cat hostname in /etc"
	expect_out /etc/hostname

	# A cwd the sandboxed program moved to itself.
	run syd_read -- $BB sh -c 'cd /etc/ssl && cat ../shadow'
	expect_rc 1 "cd /etc/ssl && cat ../shadow"
	expect_err "Permission denied"
	expect_denial read /etc/shadow
	run syd_read -- $BB sh -c 'cd /etc && cat ./hostname'
	expect_rc 0 "cd /etc && cat ./hostname"
	expect_out /etc/hostname
	# A cwd entered through a symlink.
	ln -s /etc etcdir
	run syd_read -- $BB sh -c "cd $top/etcdir && cat shadow"
	expect_rc 1 "cd etcdir && cat shadow"
	expect_denial read /etc/shadow
}

atf_test_case read_dirfd
read_dirfd_head()
{
	atf_set descr "openat relative to a directory fd resolves from that" \
	    "directory, not from the cwd"
	atf_set timeout 60
}
read_dirfd_body()
{
	SYD=$(syd_path)
	H=$(helper openat_at)
	run syd_read -- "$H" /etc shadow
	expect_rc 1 "openat(/etc, shadow)"
	expect_out_empty
	expect_err "Permission denied"
	expect_denial read /etc/shadow
	run syd_read -- "$H" /etc/ssl ../shadow
	expect_rc 1 "openat(/etc/ssl, ../shadow)"
	expect_denial read /etc/shadow
	run syd_read -- "$H" /etc hostname
	expect_rc 0 "openat(/etc, hostname)"
	expect_out /etc/hostname
	# The helper chdirs to /: "hostname" there would not exist.
	run syd_read -- "$H" /usr/../etc hostname
	expect_rc 0 "openat(/usr/../etc, hostname)"
	expect_out /etc/hostname
}

atf_test_case read_last_match_wins
read_last_match_wins_head()
{
	atf_set descr "the last matching rule decides"
	atf_set timeout 60
}
read_last_match_wins_body()
{
	SYD=$(syd_path)
	run "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m 'deny/read+/etc/***' -m 'allow/read+/etc/hostname' \
	    -- $BB cat /etc/hostname
	expect_rc 0 "allow after deny: cat /etc/hostname"
	expect_out /etc/hostname
	run "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m 'deny/read+/etc/***' -m 'allow/read+/etc/hostname' \
	    -- $BB cat /etc/passwd
	expect_rc 1 "deny /etc/***: cat /etc/passwd"
	expect_denial read /etc/passwd
	run "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m 'allow/read+/etc/hostname' -m 'deny/read+/etc/***' \
	    -- $BB cat /etc/hostname
	expect_rc 1 "deny after allow: cat /etc/hostname"
	expect_denial read /etc/hostname
}

atf_test_case read_unprivileged cleanup
read_unprivileged_head()
{
	atf_set descr "read sandboxing as an unprivileged user (uid 65534)"
	atf_set require.user root
	atf_set timeout 60
}
read_unprivileged_body()
{
	SYD=$(syd_path)
	AS=$NOBODY
	d=$(make_public_dir)
	echo public >"$d/pub.txt"
	echo SECRET >"$d/secret.txt"
	chmod 0644 "$d/pub.txt" "$d/secret.txt"
	ln -s "$d/secret.txt" "$d/link"
	# nobody may not enter kyua's work directory.
	cd "$d"

	run syd_read -m "deny/read+$d/secret.txt" -- $BB cat "$d/pub.txt"
	expect_rc 0 "nobody: cat pub.txt"
	expect_out "$d/pub.txt"
	run syd_read -- $BB cat /etc/hostname
	expect_rc 0 "nobody: cat /etc/hostname"
	expect_out /etc/hostname
	# Natively readable by nobody, denied by the rule.
	run syd_read -m "deny/read+$d/secret.txt" -- $BB cat "$d/secret.txt"
	expect_rc 1 "nobody: cat secret.txt"
	expect_out_empty
	expect_err "Permission denied"
	expect_denial read "$d/secret.txt"
	run syd_read -m "deny/read+$d/secret.txt" -- $BB cat "$d/link"
	expect_rc 1 "nobody: cat link (-> secret.txt)"
	expect_out_empty
	expect_denial read "$d/secret.txt"
	run syd_read -m "deny/read+$d/secret.txt" -- \
	    $BB cat "$d/../$(basename "$d")/secret.txt"
	expect_rc 1 "nobody: cat dir/../dir/secret.txt"
	expect_denial read "$d/secret.txt"
	# The rule decides before the kernel would.
	run syd_read -- $BB cat /etc/shadow
	expect_rc 1 "nobody: cat /etc/shadow"
	expect_err "Permission denied"
	expect_denial read /etc/shadow
}
read_unprivileged_cleanup()
{
	remove_public_dir
}

atf_init_test_cases()
{
	atf_add_test_case read_allowed
	atf_add_test_case read_denied
	atf_add_test_case read_off_unchecked
	atf_add_test_case read_symlink
	atf_add_test_case read_dotdot
	atf_add_test_case read_relative
	atf_add_test_case read_dirfd
	atf_add_test_case read_last_match_wins
	atf_add_test_case read_unprivileged
}
