#! /usr/bin/env atf-sh
# exec sandboxing (SPEC.md sections 2 and 3, DESIGN.md section 6): the
# path of execve/execveat and the interpreters of #! scripts are checked at
# the notification; what really ran (/proc/PID/exe) is checked again at
# the ptrace exec stop; ld.so PROGRAM and anonymous files are denied unless
# trace/allow_unsafe_exec_*; the actions of exec rules.

. "$(atf_get_srcdir)/common.subr"
. "$(atf_get_srcdir)/cat.subr"

# exec_setup: $W/ok and $W/no each hold copies of busybox named echo and
# sh (busybox picks its applet from argv[0]); the exec rules of $RULES
# deny $W/no and allow everything else.
exec_setup()
{
	mkdir -p "$W/ok" "$W/no" || atf_fail "mkdir"
	for _p in ok/echo ok/sh no/echo no/sh; do
		cp "$BB" "$W/$_p" || atf_fail "cp $BB $W/$_p"
	done
	own
	RULE="deny/exec+$W/no/***"
}

# exec_on [-m RULE]... -- CMD: exec checking on, everything allowed except
# $W/no (then the RULEs apply).
exec_on()
{
	syd_on exec -m "$RULE" "$@"
}

# expect_access CAP ACT PATH: one access line with CAP, ACT and PATH.
expect_access()
{
	has_json err "$(jstr ctx access)" "$(jstr cap "$1")" \
	    "$(jstr act "$2")" "$(jstr path "$3")" && return 0
	show err
	atf_fail "no JSON access line with cap $1, act $2 and path $3"
}

t_glob()
{
	exec_setup
	run exec_on -- $BB sh -c "$W/ok/echo ALLOWED-RAN"
	expect_ok "exec of an allowed program"
	expect_lines ALLOWED-RAN
	run exec_on -- $BB sh -c "$W/no/echo DENIED-RAN"
	expect_deny exec "$W/no/echo" execve "exec of a denied program"
	expect_out_empty
	[ "$rc" -eq 126 ] || { show err; atf_fail "sh: status $rc, not 126"; }
	# The last matching rule decides: deny a glob, allow part of it.
	run syd_on exec -m "deny/exec+$W/**/ech?" -m "allow/exec+$W/ok/***" \
	    -- $BB sh -c "$W/ok/echo A; $W/no/echo B; echo st=\$?"
	expect_lines A st=126
	expect_err "Permission denied"
	expect_denial exec "$W/no/echo"
	_n=$(json_count err "$(jstr ctx access)")
	[ "$_n" -eq 1 ] || { show err; atf_fail "$_n access lines, not 1"; }
	# The path is canonical: a symlink to a denied program is the program.
	ln -s no/echo "$W/link" && own
	run exec_on -- $BB sh -c "$W/link LINK-RAN"
	expect_deny exec "$W/no/echo" execve "exec through a symlink"
	expect_out_empty
}
both glob "exec allowed and denied by glob, last match wins, symlinks resolved"

t_command()
{
	exec_setup
	# The command itself: syd exits with the errno (13).
	run exec_on -- "$W/no/echo" DENIED-RAN
	expect_rc 13 "syd with a denied command"
	expect_out_empty
	expect_denial exec "$W/no/echo"
	# No allow rule at all: exec is denied by default once on.
	run "$SYD" -poff -m sandbox/exec:on -- "$W/ok/echo" ALLOWED-RAN
	expect_rc 13 "syd with exec on and no rule"
	expect_out_empty
	expect_denial exec "$W/ok/echo"
	# A missing command: ENOENT (2), nothing to log.
	run exec_on -- "$W/ok/missing"
	expect_rc 2 "syd with a missing command"
	expect_no_denial
}
one command "a denied or missing command ends syd with the errno"

t_script()
{
	exec_setup
	printf '#!%s\necho SCRIPT-RAN\n' "$W/no/sh" >"$W/ok/bad"
	printf '#!%s\necho SCRIPT-RAN\n' "$W/ok/sh" >"$W/ok/good"
	# With arguments on the #! line too.
	printf '#! %s -e\necho SCRIPT-RAN\n' "$W/no/sh" >"$W/ok/bad2"
	chmod 0755 "$W/ok/bad" "$W/ok/good" "$W/ok/bad2"
	own
	run exec_on -- $BB sh -c "$W/ok/good"
	expect_ok "a script with an allowed interpreter"
	expect_lines SCRIPT-RAN
	run exec_on -- $BB sh -c "$W/ok/bad"
	expect_deny exec "$W/no/sh" execve "a script with a denied interpreter"
	expect_out_empty
	run exec_on -- $BB sh -c "$W/ok/bad2"
	expect_deny exec "$W/no/sh" execve \
	    "a script with a denied interpreter and an argument"
	expect_out_empty
	# The script itself denied, its interpreter allowed.
	run exec_on -m "deny/exec+$W/ok/good" -- $BB sh -c "$W/ok/good"
	expect_deny exec "$W/ok/good" execve "a denied script"
	expect_out_empty
}
both script "a #! script whose interpreter is denied fails with EACCES"

t_script_nested()
{
	exec_setup
	printf '#!%s\necho INNER-RAN "$@"\n' "$W/no/sh" >"$W/ok/inner_bad"
	printf '#!%s\necho INNER-RAN "$@"\n' "$W/ok/sh" >"$W/ok/inner_good"
	printf '#!%s\n' "$W/ok/inner_bad" >"$W/ok/outer_bad"
	printf '#!%s\n' "$W/ok/inner_good" >"$W/ok/outer_good"
	chmod 0755 "$W"/ok/inner_* "$W"/ok/outer_*
	# The kernel follows a script as the interpreter of a script.
	run "$W/ok/outer_bad"
	expect_rc 0 "natively: a script interpreting a script"
	expect_lines "INNER-RAN $W/ok/outer_bad"
	run exec_on -- $BB sh -c "$W/ok/outer_good"
	expect_ok "nested scripts, all interpreters allowed"
	expect_lines "INNER-RAN $W/ok/outer_good"
	run exec_on -- $BB sh -c "$W/ok/outer_bad"
	expect_deny exec "$W/no/sh" execve \
	    "nested scripts, the innermost interpreter denied"
	expect_out_empty
	# The middle one denied.
	run exec_on -m "deny/exec+$W/ok/inner_good" -- $BB sh -c \
	    "$W/ok/outer_good"
	expect_deny exec "$W/ok/inner_good" execve \
	    "nested scripts, the middle interpreter denied"
	expect_out_empty
}
one script_nested "interpreters of #! scripts are checked recursively"

LDSO=/lib64/ld-linux-x86-64.so.2

t_ldso()
{
	[ -x "$LDSO" ] || atf_skip "$LDSO not found"
	[ -x /usr/bin/echo ] || atf_skip "/usr/bin/echo not found"
	exec_setup
	cp /usr/bin/echo "$W/ok/gecho" && cp /usr/bin/echo "$W/no/gecho" ||
	    atf_fail "cp /usr/bin/echo"
	run "$LDSO" "$W/no/gecho" LDSO-RAN
	expect_rc 0 "natively: ld.so PROGRAM"
	expect_lines LDSO-RAN
	# The dynamic program run the normal way is fine.
	run exec_on -- $BB sh -c "$W/ok/gecho GECHO-RAN"
	expect_ok "a dynamic program"
	expect_lines GECHO-RAN
	run exec_on -- $BB sh -c "$LDSO $W/no/gecho LDSO-RAN"
	expect_rc_not 0 "ld.so with a denied program"
	expect_err "Permission denied"
	expect_out_empty
	run exec_on -- $BB sh -c "$LDSO $W/ok/gecho LDSO-RAN"
	expect_rc_not 0 "ld.so with an allowed program"
	expect_err "Permission denied"
	expect_out_empty
	run exec_on -m trace/allow_unsafe_exec_ldso:1 -- \
	    $BB sh -c "$LDSO $W/ok/gecho LDSO-RAN"
	expect_ok "ld.so PROGRAM with trace/allow_unsafe_exec_ldso:1"
	expect_lines LDSO-RAN
}
one ldso "ld.so PROGRAM is denied unless trace/allow_unsafe_exec_ldso:1"

t_memfd()
{
	exec_setup
	H=$(helper exec_memfd)
	run "$H" "$W/ok/echo" echo MEMFD-RAN
	expect_rc 0 "natively: memfd_create + fexecve"
	expect_lines MEMFD-RAN
	run exec_on -- "$H" "$W/ok/echo" echo MEMFD-RAN
	expect_rc 1 "memfd_create + fexecve"
	expect_lines "ERR execveat EACCES"
	run exec_on -- "$H" "$W/no/echo" echo MEMFD-RAN
	expect_rc 1 "memfd_create + fexecve of a denied program's content"
	expect_lines "ERR execveat EACCES"
	run exec_on -m trace/allow_unsafe_exec_memfd:1 -- \
	    "$H" "$W/ok/echo" echo MEMFD-RAN
	expect_ok "memfd exec with trace/allow_unsafe_exec_memfd:1"
	expect_lines MEMFD-RAN
	# With exec checking off there is nothing to deny.
	run "$SYD" -poff -- "$H" "$W/ok/echo" echo MEMFD-RAN
	expect_ok "memfd exec with exec checking off"
	expect_lines MEMFD-RAN
}
one memfd "memfd_create + fexecve is denied unless trace/allow_unsafe_exec_memfd:1"

t_opath()
{
	exec_setup
	H=$(helper exec_opath)
	run exec_on -- "$H" "$W/ok/echo" echo OPATH-RAN
	expect_ok "execveat(AT_EMPTY_PATH) of an allowed O_PATH fd"
	expect_lines OPATH-RAN
	run exec_on -- "$H" "$W/no/echo" echo OPATH-RAN
	expect_rc 1 "execveat(AT_EMPTY_PATH) of a denied O_PATH fd"
	expect_lines "ERR execveat EACCES"
	expect_denial exec "$W/no/echo"
	has_json err "$(jstr sys execveat)" "$(jstr path "$W/no/echo")" || {
		show err
		atf_fail "the denial's sys is not execveat"
	}
}
both opath "execveat(AT_EMPTY_PATH) on an O_PATH fd of a denied binary"

t_vfork()
{
	exec_setup
	H=$(helper exec_vfork)
	run exec_on -- "$H" "$W/ok/echo" echo VFORK-RAN
	expect_ok "vfork + exec of an allowed program"
	expect_lines VFORK-RAN "child exited 0" PARENT-CARRIED-ON
	run exec_on -- "$H" "$W/no/echo" echo VFORK-RAN
	expect_rc 0 "vfork + exec of a denied program (the parent)"
	expect_lines "child exited 127 errno EACCES" PARENT-CARRIED-ON
	expect_denial exec "$W/no/echo"
	# With kill: the child dies, the parent carries on.
	run syd_on exec -m "kill/exec+$W/no/***" -- \
	    "$H" "$W/no/echo" echo VFORK-RAN
	expect_rc 0 "vfork + exec of a program denied with kill (the parent)"
	expect_lines "child killed by signal 9" PARENT-CARRIED-ON
}
one vfork "vfork + exec of a denied binary fails in the child, the parent carries on"

t_thread()
{
	exec_setup
	H=$(helper exec_thread)
	cp "$(helper exec_marker)" "$W/ok/PERMIT" || atf_fail "cp exec_marker"
	run exec_on -- "$H" "$BB" busybox echo THREAD-EXEC-RAN
	expect_ok "a non-main thread execs busybox"
	expect_lines THREAD-EXEC-RAN
	# What ran is verified at the exec stop: the marker names the file.
	run exec_on -- "$H" "$W/ok/PERMIT" PERMIT
	expect_ok "a non-main thread execs a program"
	expect_lines PERMIT-RAN
	run exec_on -- "$H" "$W/no/echo" echo THREAD-EXEC-RAN
	expect_rc 1 "a non-main thread execs a denied program"
	expect_lines "ERR execve EACCES"
	expect_denial exec "$W/no/echo"
}
one thread "a non-main thread of a multithreaded process execs"

# act_run ACTION: the rule ACTION/exec+$W/no/***; a shell runs a denied
# program and reports its status.
act_run()
{
	exec_setup
	RULE="$1/exec+$W/no/***"
	run exec_on -- $BB sh -c "ulimit -c 0; $W/no/echo DENIED-RAN; echo st=\$?"
}

t_act_kill()
{
	act_run kill
	expect_rc 0 "kill: the shell"
	expect_lines st=137
	expect_access exec kill "$W/no/echo"
	# The command itself: syd reports 128+SIGKILL.
	run exec_on -- "$W/no/echo" DENIED-RAN
	expect_rc 137 "kill: syd with a denied command"
	expect_out_empty
}
one act_kill "kill/exec+: the process is killed with SIGKILL (137)"

t_act_abort()
{
	act_run abort
	expect_rc 0 "abort: the shell"
	expect_lines st=134
	expect_access exec abort "$W/no/echo"
}
one act_abort "abort/exec+: the process gets SIGABRT (134)"

t_act_exit()
{
	act_run exit
	expect_rc 13 "exit: syd"
	grep -q DENIED-RAN out && atf_fail "the denied program ran"
	expect_access exec exit "$W/no/echo"
}
one act_exit "exit/exec+: syd ends with the errno (13)"

t_act_panic()
{
	act_run panic
	expect_rc 127 "panic: syd"
	grep -q DENIED-RAN out && atf_fail "the denied program ran"
	expect_access exec panic "$W/no/echo"
}
one act_panic "panic/exec+: syd ends with 127"

t_act_warn()
{
	act_run warn
	expect_rc 0 "warn"
	expect_lines DENIED-RAN st=0
	expect_access exec warn "$W/no/echo"
}
one act_warn "warn/exec+: the exec is allowed and logged"

t_act_filter()
{
	act_run filter
	expect_rc 0 "filter: the shell"
	expect_lines st=126
	expect_err "Permission denied"
	_n=$(json_count err "$(jstr ctx access)")
	[ "$_n" -eq 0 ] || { show err; atf_fail "filter logged $_n lines"; }
}
one act_filter "filter/exec+: denied with EACCES, nothing logged"

# proc_state PID: the one-letter state of PID.
proc_state()
{
	sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null
}

stopped()
{
	case $(proc_state "$1") in
	T|t) return 0 ;;
	esac
	return 1
}

t_act_stop()
{
	exec_setup
	RULE="stop/exec+$W/no/***"
	"$SYD" -poff -m sandbox/exec:on -m 'allow/exec+/***' -m "$RULE" -- \
	    $BB sh -c "echo \$\$ >$d/sh.pid; exec $W/no/echo DENIED-RAN" \
	    >out 2>err </dev/null &
	_syd=$!
	remember_pid "$_syd" "$d/pids"
	wait_until 20 test -s "$d/sh.pid" || {
		show err
		atf_fail "the shell did not start"
	}
	_sh=$(cat "$d/sh.pid")
	if ! wait_until 20 stopped "$_sh"; then
		_st=$(proc_state "$_sh")
		kill -9 "$_syd" 2>/dev/null
		show err
		atf_fail "the process that exec'd a denied program is in" \
		    "state '$_st', not stopped (T)"
	fi
	grep -q DENIED-RAN out && atf_fail "the denied program ran"
	pid_alive "$_syd" || { show err; atf_fail "syd is gone"; }
	kill -9 "$_syd"
	wait_status "$_syd" 20
	[ "$st" != timeout ] || atf_fail "syd did not die of SIGKILL"
	# PTRACE_O_EXITKILL: the stopped process goes with syd.
	wait_until 20 pid_gone "$_sh" || atf_fail "the stopped process" \
	    "$_sh outlived syd"
	expect_access exec stop "$W/no/echo"
	grep -q DENIED-RAN out && atf_fail "the denied program ran"
	return 0
}
atf_test_case act_stop cleanup
act_stop_head()
{
	atf_set descr "stop/exec+: the process is stopped with SIGSTOP"
	atf_set require.user root
	atf_set timeout 90
}
act_stop_body() { AS=; work_dir; t_act_stop; }
act_stop_cleanup()
{
	[ -f public_dir ] && kill_remembered "$(cat public_dir)/pids"
	remove_public_dir
}
CASES="$CASES act_stop"

# Races (the escape suite's conventions, test/escape/esc_exec_flip.c):
# the flip must make the denied program run natively, and under syd never;
# under syd the race must also have met the denied path (eacces or killed
# above 0), or it proved nothing.
flip_run()
{
	E="$(atf_config_get helpers)/escape/esc_exec_flip"
	[ -x "$E" ] || atf_fail "escape program esc_exec_flip not built at $E"
	run "$E" "$W/x/PERMIT" "$W/x/DENIED" 3
	if [ "$rc" -ne 0 ] || ! grep -q '^ESCAPED' out; then
		show out
		show err
		atf_fail "esc_exec_flip does not run DENIED natively (rc $rc):" \
		    "the attack is broken, not blocked"
	fi
	show out
	run env SYD_LOG_FD=-1 "$SYD" -poff -m sandbox/exec:on \
	    -m 'allow/exec+/***' -m "deny/exec+$W/x/DENIED" -- \
	    "$E" "$W/x/PERMIT" "$W/x/DENIED" 3
	show out
	show err
	if grep -q '^ESCAPED' out || [ "$rc" -eq 0 ]; then
		atf_fail "ESCAPED under syd: $(head -n 1 out)"
	fi
	if [ "$rc" -ne 1 ] || ! grep -q '^BLOCKED' out; then
		show err
		atf_fail "esc_exec_flip under syd: exit $rc, expected BLOCKED" \
		    "and exit 1"
	fi
	_e=$(sed -n 's/.* eacces=\([0-9]*\).*/\1/p' out)
	_k=$(sed -n 's/.* killed=\([0-9]*\).*/\1/p' out)
	_p=$(sed -n 's/.* permit_ran=\([0-9]*\).*/\1/p' out)
	[ $((${_e:-0} + ${_k:-0})) -gt 0 ] || atf_fail "no exec was denied" \
	    "or killed: the race did not reach the denied path"
	[ "${_p:-0}" -gt 0 ] || atf_fail "PERMIT never ran under syd"
}

t_flip()
{
	mkdir -p "$W/x"
	cp "$(helper exec_marker)" "$W/x/PERMIT" &&
	    cp "$(helper exec_marker)" "$W/x/DENIED" || atf_fail "cp exec_marker"
	flip_run
}

# Scripts: what runs (/proc/PID/exe) is the interpreter, allowed for both;
# only the script's own path tells them apart.
t_flip_script()
{
	mkdir -p "$W/x"
	printf '#!%s sh\necho PERMIT-RAN\n' "$BB" >"$W/x/PERMIT"
	printf '#!%s sh\necho DENIED-RAN\n' "$BB" >"$W/x/DENIED"
	chmod 0755 "$W/x/PERMIT" "$W/x/DENIED"
	flip_run
}

# flip_case NAME DESCR
flip_case()
{
	eval "
atf_test_case $1 cleanup
${1}_head() { atf_set descr \"$2\"; atf_set require.user root; atf_set timeout 180; }
${1}_body() { AS=; work_dir; t_$1; }
${1}_cleanup() { remove_public_dir; }
"
	CASES="$CASES $1"
}
flip_case flip "escape: a thread flips the execve path to a denied binary"
flip_case flip_script "escape: a thread flips the execve path to a denied script"
