#! /usr/bin/env atf-sh
# Trusted path execution (SPEC.md section 3): with sandbox/tpe:on, exec
# from a directory writable by group or others is denied; tpe/root_owned
# also denies directories not owned by root, tpe/user_owned those owned by
# neither root nor the user; tpe/gid:GID limits TPE to members of GID,
# tpe/negate:on makes GID the trusted group instead.

. "$(atf_get_srcdir)/common.subr"
. "$(atf_get_srcdir)/cat.subr"

# tpe_dir NAME MODE [OWNER]: $W/NAME with MODE (and OWNER) holding a copy
# of busybox named echo; prints nothing.
tpe_dir()
{
	mkdir -p "$W/$1" || atf_fail "mkdir $W/$1"
	cp "$BB" "$W/$1/echo" || atf_fail "cp $BB"
	chmod 0755 "$W/$1/echo"
	chmod "$2" "$W/$1" || atf_fail "chmod $2 $W/$1"
	[ -z "$3" ] || chown "$3" "$W/$1" || atf_fail "chown $3 $W/$1"
}

# tpe_on [-m RULE]... -- CMD: only TPE on, then the RULEs. $AS as usual.
tpe_on()
{
	$AS "$SYD" -poff -m sandbox/tpe:on "$@"
}

# runs DIR [-m RULE]...: under TPE (and the RULEs) a shell runs
# $W/DIR/echo; it must run.
runs()
{
	_dir=$1
	shift
	run tpe_on "$@" -- $BB sh -c "$W/$_dir/echo TPE-RAN"
	expect_ok "exec from $W/$_dir ($(meta "$W/$_dir"))${1:+ with $*}"
	expect_lines TPE-RAN
}

# denied DIR [-m RULE]...: the same must fail with EACCES and one denial
# for the program (or its directory) logged.
denied()
{
	_dir=$1
	shift
	run tpe_on "$@" -- $BB sh -c "$W/$_dir/echo TPE-RAN; echo st=\$?"
	_what="exec from $W/$_dir ($(meta "$W/$_dir"))${1:+ with $*}"
	expect_rc 0 "$_what: the shell"
	expect_err "Permission denied"
	[ "$(cat out)" = st=126 ] || {
		show out
		show err
		atf_fail "$_what: ran or was not refused with EACCES"
	}
	has_json err "$(jstr ctx access)" "$(jstr act deny)" \
	    "$(jstr path "$W/$_dir(/echo)?")" || {
		show err
		atf_fail "$_what: no denial logged for $W/$_dir/echo"
	}
}

t_world_writable()
{
	tpe_dir ww 1777
	tpe_dir ww_nosticky 0777
	tpe_dir safe 0755
	run "$W/ww/echo" NATIVE
	expect_rc 0 "natively: the copy in the world-writable directory"
	# busybox itself, from a root-owned 0755 directory, runs.
	run tpe_on -- $BB echo BUSYBOX-RAN
	expect_ok "$BB under TPE"
	expect_lines BUSYBOX-RAN
	runs safe
	denied ww
	denied ww_nosticky
	# The command itself.
	run tpe_on -- "$W/ww/echo" TPE-RAN
	expect_rc 13 "syd with a command in a world-writable directory"
	expect_out_empty
	# TPE off: the same runs.
	run "$SYD" -poff -- $BB sh -c "$W/ww/echo TPE-RAN"
	expect_ok "TPE off"
	expect_lines TPE-RAN
}
one world_writable "TPE: exec from a world-writable directory is denied, /bin/busybox runs"

t_group_writable()
{
	tpe_dir gw 0775
	tpe_dir gws 2775
	tpe_dir safe 0755
	runs safe
	denied gw
	denied gws
}
one group_writable "TPE: exec from a group-writable directory is denied"

t_script()
{
	tpe_dir ww 1777
	tpe_dir safe 0755
	printf '#!%s sh\necho TPE-RAN\n' "$BB" >"$W/ww/script"
	printf '#!%s sh\necho TPE-RAN\n' "$BB" >"$W/safe/script"
	chmod 0755 "$W/ww/script" "$W/safe/script"
	run tpe_on -- $BB sh -c "$W/safe/script"
	expect_ok "a script in a safe directory"
	expect_lines TPE-RAN
	run tpe_on -- $BB sh -c "$W/ww/script; echo st=\$?"
	expect_rc 0 "a script in a world-writable directory: the shell"
	expect_lines st=126
	expect_err "Permission denied"
	# A safe script whose interpreter is in a world-writable directory:
	# refused at the notification (EACCES) or killed at the exec stop.
	printf '#!%s sh\necho TPE-RAN\n' "$W/ww/echo" >"$W/safe/script2"
	chmod 0755 "$W/safe/script2"
	run tpe_on -- $BB sh -c "$W/safe/script2; echo st=\$?"
	expect_rc 0 "an interpreter in a world-writable directory: the shell"
	case $(cat out) in
	st=126|st=137) ;;
	*)
		show out
		show err
		atf_fail "a script whose interpreter is in a world-writable" \
		    "directory was not refused (expected st=126 or st=137)" ;;
	esac
}
one script "TPE: scripts and interpreters in world-writable directories are denied"

t_root_owned()
{
	tpe_dir theirs 0755 65534:65534
	tpe_dir safe 0755
	# By default only writability counts.
	runs theirs
	runs safe -m tpe/root_owned:on
	denied theirs -m tpe/root_owned:on
	# user_owned: root or the user (root here): 65534's is not trusted.
	runs safe -m tpe/user_owned:on
	denied theirs -m tpe/user_owned:on
}
one root_owned "TPE: tpe/root_owned and tpe/user_owned deny directories owned by others"

t_user_owned()
{
	# syd and the sandbox as uid 65534: its own directory is trusted with
	# user_owned, not with root_owned.
	AS=$NOBODY
	tpe_dir mine 0755 65534:65534
	tpe_dir safe 0755
	tpe_dir other 0755 1:1
	runs mine -m tpe/user_owned:on
	runs safe -m tpe/user_owned:on
	denied other -m tpe/user_owned:on
	denied mine -m tpe/root_owned:on
	runs safe -m tpe/root_owned:on
}
one user_owned "TPE: tpe/user_owned trusts the user's own directories (as uid 65534)"

t_gid()
{
	tpe_dir ww 1777
	_g=$(id -g)
	_other=54321
	id -G | tr ' ' '\n' | grep -qx "$_other" && atf_skip "in group $_other"
	# TPE applies to members of tpe/gid only.
	denied ww -m "tpe/gid:$_g"
	runs ww -m "tpe/gid:$_other"
	# negate: members of tpe/gid are trusted, everybody else is not.
	runs ww -m "tpe/gid:$_g" -m tpe/negate:on
	denied ww -m "tpe/gid:$_other" -m tpe/negate:on
}
one gid "TPE: tpe/gid limits TPE to a group, tpe/negate makes it the trusted group"

# The exec path flipped between a program in a safe directory and one in
# a world-writable directory (test/escape/esc_exec_flip.c, names of equal
# length): the untrusted one must never run.
t_flip()
{
	flip_prog
	mkdir -p "$W/ok" "$W/ww" && chmod 1777 "$W/ww" || atf_fail "mkdir"
	cp "$(helper exec_marker)" "$W/ok/PERMIT" &&
	    cp "$(helper exec_marker)" "$W/ww/DENIED" || atf_fail "cp exec_marker"
	flip_check TPE untrusted "$W/ok/PERMIT" "$W/ww/DENIED" -m sandbox/tpe:on
}
flip_case "escape: the execve path flipped to a world-writable directory"
