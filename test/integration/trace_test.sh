#! /usr/bin/env atf-sh
# -x trace mode (SPEC.md section 1): every denial is logged, then allowed.

. "$(atf_get_srcdir)/common.subr"

work_dir()
{
	SYD=$(syd_path)
	d=$(make_public_dir)
	cd "$d" || atf_fail "cd $d"
}

# expect_logged CAP PATH: an access line for CAP and PATH was logged (the
# act may say deny or something else in trace mode).
expect_logged()
{
	has_json err "$(jstr ctx access)" "$(jstr cap "$1")" \
	    "$(jstr path "$2")" && return 0
	show err
	atf_fail "no JSON access line with cap $1 and path $2"
}

atf_test_case trace_read cleanup
trace_read_head()
{
	atf_set descr "-x: a denied read succeeds and is logged"
	atf_set timeout 60
}
trace_read_body()
{
	work_dir
	echo SECRET >secret
	run "$SYD" -x -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m "deny/read+$d/secret" -- $BB cat "$d/secret"
	expect_rc 0 "-x: cat secret"
	expect_out secret
	expect_logged read "$d/secret"
	# Without -x the same is denied.
	run "$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m "deny/read+$d/secret" -- $BB cat "$d/secret"
	expect_rc 1 "cat secret"
	expect_denial read "$d/secret"
}
trace_read_cleanup()
{
	remove_public_dir
}

atf_test_case trace_default_deny cleanup
trace_default_deny_head()
{
	atf_set descr "-x: a denial by the default action is allowed and logged"
	atf_set timeout 60
}
trace_default_deny_body()
{
	work_dir
	echo data >f
	run "$SYD" -x -poff -m sandbox/read:on -- $BB cat "$d/f"
	expect_rc 0 "-x (no allow rule): cat f"
	expect_out f
	expect_logged read "$d/f"
}
trace_default_deny_cleanup()
{
	remove_public_dir
}

atf_test_case trace_stat cleanup
trace_stat_head()
{
	atf_set descr "-x: a hidden path is visible and logged"
	atf_set timeout 60
}
trace_stat_body()
{
	work_dir
	echo data >f
	$BB stat -c '%i %s' f >exp
	run "$SYD" -x -poff -m sandbox/stat:on -m 'allow/stat+/***' \
	    -m "deny/stat+$d/f" -- $BB stat -c '%i %s' "$d/f"
	expect_rc 0 "-x: stat f"
	expect_out exp
	expect_logged stat "$d/f"
}
trace_stat_cleanup()
{
	remove_public_dir
}

atf_test_case trace_write_side cleanup
trace_write_side_head()
{
	atf_set descr "-x: denied write, delete, mkdir and rename are done and logged"
	atf_set timeout 60
}
trace_write_side_body()
{
	work_dir
	W=$d/w
	mkdir "$W"
	echo old >"$W/f"
	echo gone >"$W/g"
	run "$SYD" -x -poff -m 'sandbox/write,delete,mkdir,rename:on' \
	    -m 'allow/write,delete,mkdir,rename+/***' \
	    -m "deny/write,delete,mkdir,rename+$W/***" \
	    -- $BB sh -c "echo more >>$W/f && rm $W/g && mkdir $W/dir &&
	        mv $W/f $W/dir/f"
	expect_rc 0 "-x: append, rm, mkdir, mv"
	expect_logged write "$W/f"
	expect_logged delete "$W/g"
	expect_logged mkdir "$W/dir"
	expect_logged rename "$W/f"
	printf 'old\nmore\n' >exp
	cmp -s "$W/dir/f" exp || atf_fail "dir/f is not old+more"
	[ ! -e "$W/g" ] || atf_fail "g was not removed"
}
trace_write_side_cleanup()
{
	remove_public_dir
}

atf_test_case trace_secure_default
trace_secure_default_head()
{
	atf_set descr "-x with no profile: the command runs, the denials are logged"
	atf_set timeout 60
}
trace_secure_default_body()
{
	SYD=$(syd_path)
	run "$SYD" -x -- $BB echo hello
	expect_rc 0 "-x (secure default): echo hello"
	echo hello >exp
	expect_out exp
	expect_logged exec "$(readlink -f $BB)"
}

atf_test_case trace_quiet_filter cleanup
trace_quiet_filter_head()
{
	atf_set descr "-x: a filter rule's denial is allowed too"
	atf_set timeout 60
}
trace_quiet_filter_body()
{
	work_dir
	echo data >f
	run "$SYD" -x -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m "filter/read+$d/f" -- $BB cat "$d/f"
	expect_rc 0 "-x: cat f (filter)"
	expect_out f
}
trace_quiet_filter_cleanup()
{
	remove_public_dir
}

atf_init_test_cases()
{
	atf_add_test_case trace_read
	atf_add_test_case trace_default_deny
	atf_add_test_case trace_stat
	atf_add_test_case trace_write_side
	atf_add_test_case trace_secure_default
	atf_add_test_case trace_quiet_filter
}
