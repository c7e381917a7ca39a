#! /usr/bin/env atf-sh
# Time-of-check/time-of-use: one thread of the sandboxed program flips the
# path buffer between an allowed and a denied file while another opens it
# in a loop. syd reads the path once and opens what it checked, so the
# denied file's content must never come back.

. "$(atf_get_srcdir)/common.subr"

# toctou_run SECONDS: run the helper under read sandboxing with $d/a.txt
# allowed and $d/d.txt denied. SYD_LOG_FD=-1: thousands of denials would
# be logged otherwise.
toctou_run()
{
	$AS env SYD_LOG_FD=-1 "$SYD" -poff -m sandbox/read:on \
	    -m 'allow/read+/***' -m "deny/read+$d/d.txt" \
	    -- "$H" "$d/a.txt" "$d/d.txt" "$1"
}

toctou_setup()
{
	SYD=$(syd_path)
	H=$(helper toctou_open)
	echo public >"$d/a.txt"
	echo SECRET >"$d/d.txt"
	chmod 0644 "$d/a.txt" "$d/d.txt"
}

# The helper must have done real work: some allowed opens and some denials
# (so the flip raced with the check), and no denied content.
toctou_expect()
{
	show out
	line=$(cat out)
	wins=$(echo "$line" | sed -n 's/.*denied_wins=\([0-9]*\).*/\1/p')
	ok=$(echo "$line" | sed -n 's/.*allowed_ok=\([0-9]*\).*/\1/p')
	eacces=$(echo "$line" | sed -n 's/.*eacces=\([0-9]*\).*/\1/p')
	[ -n "$wins" ] || { show err; atf_fail "no result from the helper"; }
	[ "$wins" -eq 0 ] || atf_fail "the denied file was read $wins times"
	[ "$rc" -eq 0 ] || { show err; atf_fail "helper under syd exited $rc"; }
	[ "$ok" -gt 0 ] || atf_fail "the allowed file was never read"
	[ "$eacces" -gt 0 ] || atf_fail "no open was denied: the race did" \
	    "not reach the denied path"
}

atf_test_case toctou_read
toctou_read_head()
{
	atf_set descr "a path flipped between allowed and denied files never" \
	    "yields the denied file"
	atf_set timeout 120
}
toctou_read_body()
{
	d=$(pwd -P)
	toctou_setup
	# Natively (no sandbox) the helper does reach the secret: it works.
	run "$H" "$d/a.txt" "$d/d.txt" 1
	[ "$rc" -eq 1 ] || { show out; atf_fail "helper found no secret" \
	    "natively (rc $rc)"; }
	run toctou_run 3
	toctou_expect
}

atf_test_case resolve_nosymlinks_race cleanup
resolve_nosymlinks_race_head()
{
	atf_set descr "openat2 RESOLVE_NO_SYMLINKS never follows a symlink" \
	    "exchanged for a directory by a process outside the sandbox: as" \
	    "the kernel, it descends the directory or answers ELOOP"
	atf_set timeout 120
}
resolve_nosymlinks_race_body()
{
	d=$(pwd -P)
	H=$(helper resolve_race)
	mkdir -p w/x out && echo inside >w/x/f && echo OUTSIDE >out/f &&
	    ln -s "$d/out" w/y || atf_fail "setup"
	"$H" swap "$d/w" &
	echo $! >swap.pid
	atf_check -o match:'outside=0$' "$H" open "$d/w" 20000
	atf_check -o match:'outside=0$' "$(syd_path)" -poff \
	    -m sandbox/all:on -m 'allow/all+/***' -- "$H" open "$d/w" 100000
}
resolve_nosymlinks_race_cleanup()
{
	[ -f swap.pid ] && kill "$(cat swap.pid)" 2>/dev/null
	return 0
}

atf_test_case toctou_read_unprivileged cleanup
toctou_read_unprivileged_head()
{
	atf_set descr "the TOCTOU race as an unprivileged user (uid 65534)"
	atf_set require.user root
	atf_set timeout 120
}
toctou_read_unprivileged_body()
{
	d=$(make_public_dir)
	cd "$d"
	toctou_setup
	AS=$NOBODY
	run toctou_run 3
	toctou_expect
}
toctou_read_unprivileged_cleanup()
{
	remove_public_dir
}

atf_init_test_cases()
{
	atf_add_test_case toctou_read
	atf_add_test_case resolve_nosymlinks_race
	atf_add_test_case toctou_read_unprivileged
}
