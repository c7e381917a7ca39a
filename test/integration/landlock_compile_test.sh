#! /usr/bin/env atf-sh
# trace/compile_landlock (syd(2), syd(7) COMPILING CATEGORIES TO LANDLOCK):
# a path category whose rules Landlock expresses exactly is enforced by a
# Landlock ruleset on the sandbox and its calls are not notified. The
# kernel is the oracle: the same script of calls (the fsops helper of the
# fidelity harness) runs under syd with the notified categories
# (trace/compile_landlock:0, the reference) and with them compiled (:1)
# in identical trees, and every result must be the same; what is allowed
# gives what it gives natively.

. "$(atf_get_srcdir)/common.subr"

setup()
{
	SYD=$(syd_path)
	H="$(atf_config_get helpers)/helpers"
	FSOPS="$H/fsops"
	[ -x "$FSOPS" ] || atf_fail "fsops helper not found"
	ABI=$("$SYD" --info | sed -n 's/^Landlock ABI: \([0-9]*\).*/\1/p')
	[ -n "$ABI" ] || atf_skip "Landlock is not available on this kernel"
	# Rules name canonical directories: the work directory must be one.
	W=$(pwd -P)
	[ "$(readlink -f "$W")" = "$W" ] || atf_skip "no canonical work dir"
	# A bind mount (a mount of a subtree) anywhere refuses compiling.
	awk '$4 != "/" { bad = 1 } END { exit bad }' /proc/self/mountinfo ||
	    atf_skip "a bind mount on this host: nothing is compiled"
	HR=$(readlink -f "$H")
	BBR=$(readlink -f "$BB")
	BBD=${BBR%/*}
}

# The tree: a/ allowed (read, write, readdir, exec), d/ denied; symlinks
# into and out of d/, a hard link in a/ of a file of d/.
mktree()
{
	rm -rf "$1"
	mkdir -p "$1/a/sub" "$1/d"
	echo f >"$1/a/f"
	echo s >"$1/d/secret"
	echo s2 >"$1/d/secret2"
	echo m >"$1/a/mv"
	ln -s ../d/secret "$1/a/link_in"
	ln -s ../a/f "$1/d/link_out"
	ln "$1/d/secret2" "$1/a/hl"
	# busybox runs the applet its name says: true.
	mkdir "$1/a/in"
	cp "$BBR" "$1/a/true"
	cp "$BBR" "$1/d/true"
	ln -s ../../d/true "$1/a/in/true"
}

SCRIPT='open d/secret O_PATH
open a/f O_PATH
open /proc/self/fd/3 O_RDONLY
open /proc/self/fd/4 O_RDONLY
open a/f O_RDONLY
open d/secret O_RDONLY
open a/f O_WRONLY
open d/secret O_WRONLY
open a/f O_RDWR
open d/secret O_RDWR
open a O_RDONLY|O_DIRECTORY
open d O_RDONLY|O_DIRECTORY
open a/sub O_RDONLY
open a/link_in O_RDONLY
open d/link_out O_RDONLY
open a/../d/secret O_RDONLY
open d/../a/f O_RDONLY
open a/sub/../../d/secret O_WRONLY
open a/hl O_RDONLY
open a/new O_WRONLY|O_CREAT 0644
open d/new O_WRONLY|O_CREAT 0644
open d/secret O_WRONLY|O_TRUNC
rename a/mv a/sub/mv
link a/sub/mv a/lnk
rename a/lnk a/sub/lnk2
open /proc/self/mem O_RDWR
open /proc/self/mem O_WRONLY'

# The policy of the matrix in tree $1: only literal trees, all allow.
pol()
{
	echo "-poff -m sandbox/read,write,exec,readdir:on" \
	    "-m allow/read,write,readdir,exec+$1/a/***" \
	    "-m allow/read,exec+$HR/***" "-m allow/read,exec+$BBD/***"
}

# run_mode M: the script under syd with trace/compile_landlock:M in t$M,
# its output in out$M (paths made relative), syd's log in err$M.
run_mode()
{
	mktree "$W/t$1"
	# shellcheck disable=SC2046
	(cd "$W/t$1" && printf '%s\n' "$SCRIPT" | "$SYD" $(pol "$W/t$1") \
	    -m "trace/compile_landlock:$1" -- "$FSOPS" >"$W/out$1" \
	    2>"$W/err$1")
	echo $? >"$W/rc$1"
}

atf_test_case same_as_notified
same_as_notified_head()
{
	atf_set descr "opens, listings, symlinks in and out of a denied" \
	    "directory, .., /proc/self/fd reopen, a hard link, create, rename" \
	    "and link give the same results compiled to Landlock as notified"
	atf_set timeout 120
}
same_as_notified_body()
{
	setup
	run_mode 0
	run_mode 1
	[ "$(cat rc0)" = 0 ] && [ "$(cat rc1)" = 0 ] || {
		show err0; show err1; atf_fail "fsops under syd failed"; }
	if ! cmp -s out0 out1; then
		diff out0 out1
		show err1
		atf_fail "compiled and notified give different results"
	fi
	# The premise: denials happened, and allowed calls worked.
	grep -q '^open d/secret O_RDONLY = -1 EACCES' out1 ||
	    { show out1; atf_fail "reading d/secret was not denied"; }
	grep -q '^open /proc/self/fd/3 O_RDONLY = -1 EACCES' out1 ||
	    { show out1; atf_fail "/proc/self/fd reopen of d/secret allowed"; }
	grep -q '^open a/f O_RDWR = fd' out1 ||
	    { show out1; atf_fail "a/f O_RDWR failed"; }
	grep -q '^rename a/mv a/sub/mv = 0' out1 ||
	    { show out1; atf_fail "rename across directories failed"; }
	grep -q '^link a/sub/mv a/lnk = 0' out1 ||
	    { show out1; atf_fail "link failed"; }
	grep -q '^open d/new O_WRONLY|O_CREAT 0644 = -1 EACCES' out1 ||
	    { show out1; atf_fail "creating d/new was allowed"; }
	[ ! -e t1/d/new ] || atf_fail "d/new was made (compiled)"
	# Not notified for /proc/PID/mem either: Landlock refuses it.
	grep -q '^open /proc/self/mem O_WRONLY = -1 EACCES' out1 ||
	    { show out1; atf_fail "/proc/self/mem opened for writing"; }
	[ "$(cat t1/d/secret)" = s ] || atf_fail "d/secret was truncated"
	# Compiled: the kernel decided the plain reads, syd never saw them
	# (no denial in its log); notified: syd logged them.
	has_json err0 "$(jstr cap read)" "$(jstr act deny)" \
	    "$(jstr path "$W/t0/d/secret")" || {
		show err0; atf_fail "notified: no read denial logged"; }
	if has_json err1 "$(jstr cap read)" "$(jstr act deny)"; then
		show err1
		atf_fail "compiled: syd saw a read (it should not be notified)"
	fi
}

atf_test_case native_allowed
native_allowed_head()
{
	atf_set descr "what the rules allow gives, compiled, what it gives" \
	    "natively"
	atf_set timeout 120
}
native_allowed_body()
{
	setup
	run_mode 1
	mktree "$W/tn"
	(cd tn && printf '%s\n' "$SCRIPT" | "$FSOPS" >"$W/outn" 2>/dev/null)
	# The lines that succeed compiled succeed natively, alike.
	grep -v EACCES out1 | grep -v '^#' >ok1
	grep -Fxf ok1 outn >okn
	cmp -s ok1 okn || { diff ok1 okn; atf_fail "an allowed call differs"
	    " from native"; }
	[ "$(wc -l <ok1)" -gt 10 ] || { show out1; atf_fail "too few allowed"; }
}

atf_test_case exec_matrix
exec_matrix_head()
{
	atf_set descr "exec of an allowed and a denied copy of busybox, and" \
	    "through a symlink into the denied directory: compiled as notified"
	atf_set timeout 120
}
exec_matrix_body()
{
	setup
	for m in 0 1; do
		mktree "$W/t$m"
		# shellcheck disable=SC2046
		(cd "$W/t$m" && "$SYD" $(pol "$W/t$m") $(bb_hatch) \
		    -m "trace/compile_landlock:$m" -- "$BB" sh -c \
		    'a/true; echo a=$?; d/true; echo d=$?;
		     a/in/true; echo in=$?' >"$W/x$m" 2>"$W/xe$m")
	done
	cmp -s x0 x1 || { diff x0 x1; show xe1; atf_fail "exec differs"; }
	grep -qx a=0 x1 || { show x1; show xe1; atf_fail "a/true did not run"; }
	grep -qx d=0 x1 && atf_fail "d/true ran"
	grep -qx in=0 x1 && atf_fail "a/in/true (into d/) ran"
	return 0
}

# enforce CAT OPTIONS...: how syd --json says CAT is enforced.
enforce()
{
	_c=$1
	shift
	"$SYD" "$@" --json | python3 -c 'import json, sys
for c in json.load(sys.stdin)["sandbox"]:
    if c["cap"] == sys.argv[1]:
        print(c.get("enforce", "-"))' "$_c"
}

atf_test_case decision
decision_head()
{
	atf_set descr "--json says landlock for an expressible policy and" \
	    "notify for a deny rule, a glob, a non-canonical path, default" \
	    "warn, -x, lock:off, trace/compile_landlock:0"
	atf_set timeout 60
}
decision_body()
{
	setup
	need_python
	mkdir -p e
	B="-poff -m sandbox/read,exec:on -m allow/read,exec+/usr/***"
	# shellcheck disable=SC2086
	{
	[ "$(enforce read $B)" = landlock ] || atf_fail "plain: not compiled"
	[ "$(enforce exec $B)" = landlock ] || atf_fail "exec not compiled"
	[ "$(enforce write $B)" = off ] || atf_fail "write is not off"
	[ "$(enforce read $B -m "deny/read+/usr/share/***")" = notify ] ||
	    atf_fail "a deny rule compiled"
	[ "$(enforce read $B -m "allow/read+/etc/*.conf")" = notify ] ||
	    atf_fail "a glob compiled"
	[ "$(enforce read $B -m "allow/read+/etc/hostname")" = notify ] ||
	    atf_fail "a single file compiled"
	[ "$(enforce read $B -m "allow/read+$W/e/../e/***")" = notify ] ||
	    atf_fail "a .. path compiled"
	[ "$(enforce read $B -m "allow/read+$W/missing/***")" = notify ] ||
	    atf_fail "a missing directory compiled"
	[ "$(enforce read $B -m "allow/read+/proc/***")" = notify ] ||
	    atf_fail "procfs compiled"
	if [ -L /lib ]; then
		[ "$(enforce read $B -m "allow/read+/lib/***")" = notify ] ||
		    atf_fail "a symlinked /lib compiled"
	fi
	[ "$(enforce read $B -m "allow/read+/***")" = notify ] ||
	    atf_fail "a read rule on / compiled"
	[ "$(enforce read $B -m default/read:warn)" = notify ] ||
	    atf_fail "default warn compiled"
	[ "$(enforce read $B -m default/read:filter)" = landlock ] ||
	    atf_fail "default filter not compiled"
	[ "$(enforce read -x $B)" = notify ] || atf_fail "-x compiled"
	[ "$(enforce read $B -m lock:off)" = notify ] ||
	    atf_fail "lock:off compiled"
	[ "$(enforce read $B -m trace/compile_landlock:0)" = notify ] ||
	    atf_fail "trace/compile_landlock:0 compiled"
	[ "$(enforce read $B -m "bind+tmpfs:$W/e")" = notify ] ||
	    atf_fail "bind+ compiled"
	# Landlock's exec needs the read right: read is compiled only if
	# every exec tree is inside a read tree.
	[ "$(enforce read -poff -m sandbox/read,exec:on \
	    -m "allow/read+/usr/share/***" -m "allow/exec+/usr/***")" = \
	    notify ] || atf_fail "read compiled without covering exec"
	[ "$(enforce read -poff -m sandbox/read:on \
	    -m "allow/read+/usr/***")" = notify ] ||
	    atf_fail "read compiled with exec off"
	[ "$(enforce readdir -poff -m sandbox/readdir:on \
	    -m "allow/readdir+/usr/**")" = notify ] ||
	    atf_fail "readdir /X/** compiled"
	# readdir alone: its read-only opens would reach the kernel
	# unchecked (syd hides its own /proc/PID there), so only with read.
	[ "$(enforce readdir -poff -m sandbox/readdir:on \
	    -m "allow/readdir+/usr/***")" = notify ] ||
	    atf_fail "readdir compiled without read"
	[ "$(enforce readdir -poff -m sandbox/read,readdir,exec:on \
	    -m "allow/read,readdir,exec+/usr/***")" = landlock ] ||
	    atf_fail "readdir not compiled with read"
	}
}

atf_test_case syd_proc_hidden
syd_proc_hidden_head()
{
	atf_set descr "syd's own /proc/PID stays hidden with readdir on and" \
	    "compilation on, as notified (found by review)"
	atf_set timeout 60
}
syd_proc_hidden_body()
{
	setup
	for _m in 0 1; do
		# The parent of the sh is syd: its command line names the policy.
		"$SYD" -poff -m sandbox/readdir:on -m "allow/readdir+$W/***" \
		    -m trace/compile_landlock:$_m -- \
		    sh -c 'cat /proc/$PPID/cmdline' >out.$_m 2>err.$_m &&
		    { cat out.$_m; atf_fail "compile_landlock:$_m: syd's" \
			"command line was read"; }
		grep -q "compile_landlock" out.$_m &&
		    atf_fail "compile_landlock:$_m: syd's command line leaked"
	done
	# Natively, a parent's command line is readable: the premise.
	sh -c 'cat /proc/$PPID/cmdline' >/dev/null ||
	    atf_fail "a parent's /proc/PID/cmdline is not readable natively"
}

# first_openat_action OPTIONS...: the line after the test of openat's
# number in the sandbox filter (syd -E pfc): an action when every openat
# is notified, an argument test when only some flags are.
first_openat_action()
{
	"$SYD" "$@" -E pfc 2>/dev/null | awk '/filter for syscall "openat"/ \
	    { getline; getline; print; exit }'
}

atf_test_case not_notified
not_notified_head()
{
	atf_set descr "compiled, a read-only openat is not notified (syd -E" \
	    "pfc: only O_CREAT and O_TMPFILE are); notified, every openat is"
	atf_set timeout 60
}
not_notified_body()
{
	setup
	P="-poff -m sandbox/read,write,exec:on -m allow/read,exec+/usr/***
	    -m allow/write+/tmp/***"
	# shellcheck disable=SC2086
	a1=$(first_openat_action $P)
	# shellcheck disable=SC2086
	a0=$(first_openat_action $P -m trace/compile_landlock:0)
	case $a0 in *action*) ;; *) atf_fail "notified: openat is '$a0'";;
	esac
	case $a1 in *'$a2'*) ;; *) atf_fail "compiled: openat is '$a1'";; esac
}

atf_test_case dynamic_program
dynamic_program_head()
{
	atf_set descr "a dynamically linked sh and cat with read, write and" \
	    "exec compiled: the allowed write works, a denied one fails"
	atf_set timeout 60
}
dynamic_program_body()
{
	setup
	need_python
	[ -x /bin/sh ] && [ -r /etc/hostname ] || atf_skip "no /bin/sh"
	file -L /bin/sh 2>/dev/null | grep -q dynamic ||
	    atf_skip "/bin/sh is not dynamically linked"
	[ -d /usr/lib ] && [ ! -L /usr ] || atf_skip "no plain /usr"
	mkdir w
	P="-poff -m sandbox/read,write,exec:on -m allow/read,exec+/usr/***
	    -m allow/read+/etc/*** -m allow/read,write+$W/w/***"
	# shellcheck disable=SC2086
	[ "$(enforce write $P)" = landlock ] ||
	    atf_skip "not compiled here (is /usr or /etc canonical?)"
	# shellcheck disable=SC2086
	run "$SYD" $P -- /bin/sh -c "cat /etc/hostname > $W/w/x;
	    echo ok; cat /etc/hostname > $W/y"
	expect_rc 2 "sh writing outside w/"
	grep -qx ok out || { show out; show err; atf_fail "sh failed"; }
	cmp -s w/x /etc/hostname || atf_fail "w/x is not /etc/hostname"
	[ ! -e y ] || atf_fail "y was written"
}

atf_test_case toctou_compiled
toctou_compiled_head()
{
	atf_set descr "toctou_test's race (a path flipped between an allowed" \
	    "and a denied file) with read compiled: never the denied file"
	atf_set timeout 120
}
toctou_compiled_body()
{
	setup
	T=$(helper toctou_open)
	mkdir a d
	echo public >a/x.txt
	echo SECRET >d/x.txt
	P="-poff -m sandbox/read,exec:on -m allow/read,exec+$HR/***
	    -m allow/read+$W/a/***"
	# shellcheck disable=SC2086
	[ "$(enforce read $P)" = landlock ] || atf_fail "read not compiled"
	# shellcheck disable=SC2086
	run env SYD_LOG_FD=-1 "$SYD" $P -- "$T" "$W/a/x.txt" "$W/d/x.txt" 3
	show out
	wins=$(sed -n 's/.*denied_wins=\([0-9]*\).*/\1/p' out)
	ok=$(sed -n 's/.*allowed_ok=\([0-9]*\).*/\1/p' out)
	eacces=$(sed -n 's/.*eacces=\([0-9]*\).*/\1/p' out)
	[ -n "$wins" ] || { show err; atf_fail "no result from the helper"; }
	[ "$wins" -eq 0 ] || atf_fail "the denied file was read $wins times"
	[ "$rc" -eq 0 ] || { show err; atf_fail "helper exited $rc"; }
	[ "$ok" -gt 0 ] || atf_fail "the allowed file was never read"
	[ "$eacces" -gt 0 ] || atf_fail "no open was denied"
}

# esc NAME ARGS...: escape_test's attack NAME under policy $P, compiled
# (checked first) and notified; BLOCKED both times.
esc()
{
	_e=$(readlink -f "$(atf_config_get helpers)/escape/$1")
	shift
	# shellcheck disable=SC2086
	[ "$(enforce read $P)" = landlock ] || atf_fail "read not compiled"
	for m in 1 0; do
		# shellcheck disable=SC2086
		run env SYD_LOG_FD=-1 "$SYD" $P -m "trace/compile_landlock:$m" \
		    -- "$_e" "$@"
		if grep -q '^ESCAPED' out || [ "$rc" -ne 1 ]; then
			show out
			show err
			atf_fail "compile_landlock:$m: not blocked (rc $rc)"
		fi
		grep -Eq 'eacces=[1-9]' out ||
		    { show out; atf_fail "compile_landlock:$m: no denial"; }
	done
}

atf_test_case races_compiled
races_compiled_head()
{
	atf_set descr "escape_test's symlink swap and directory rename races" \
	    "with read and exec compiled: blocked, as notified"
	atf_set timeout 120
}
races_compiled_body()
{
	setup
	need_python
	ESC=$(readlink -f "$(atf_config_get helpers)/escape")
	mkdir -p s/allowed r/a r/t
	echo SECRETX >s/secret.txt
	echo SECRETX >r/secret.txt
	P="-poff -m sandbox/read,exec:on -m allow/read,exec+$ESC/***
	    -m allow/read,exec+$W/s/allowed/***"
	esc esc_symlink_swap "$W/s/allowed" "$W/s/secret.txt" SECRETX 3
	rmdir r/a r/t
	"$ESC/esc_rename_race" "$W/r" SECRETX 1 >/dev/null ||
	    atf_skip "esc_rename_race does not escape natively"
	P="-poff -m sandbox/read,exec:on -m allow/read,exec+$ESC/***
	    -m allow/read,exec+$W/r/a/*** -m allow/read,exec+$W/r/t/***"
	esc esc_rename_race "$W/r" SECRETX 3
}

atf_init_test_cases()
{
	atf_add_test_case not_notified
	atf_add_test_case races_compiled
	atf_add_test_case toctou_compiled
	atf_add_test_case same_as_notified
	atf_add_test_case native_allowed
	atf_add_test_case exec_matrix
	atf_add_test_case decision
	atf_add_test_case dynamic_program
	atf_add_test_case syd_proc_hidden
}
