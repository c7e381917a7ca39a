#! /usr/bin/env atf-sh
# Which ptrace stops syd asks for (man/syd.7, "Ptrace stops"): fork
# events always (every sandboxed process is a tracee, so none outlives a
# SIGKILLed syd), the exec stop only where a feature needs it, no exit
# stop. The state (syd --json, /dev/syd) says which under "ptrace".

. "$(atf_get_srcdir)/common.subr"

# Options under which nothing needs the exec stop (syd unprivileged):
# every category off, the ELF checks and SegvGuard off.
NOEXEC="-poff -m trace/allow_unsafe_exec_nopie:1
    -m trace/allow_unsafe_exec_stack:1 -m segvguard/expiry:0"

# stops AS WANT OPTS...: syd --json (as AS: "" or "$NOBODY") reports
# "ptrace":"WANT".
stops()
{
	_as=$1 _want=$2
	shift 2
	# shellcheck disable=SC2086
	$_as "$(syd_bare)" "$@" --json >out 2>err || {
		show err
		atf_fail "syd $* --json failed"
	}
	grep -q "\"ptrace\":\"$_want\"" out || {
		show out
		atf_fail "syd $*: not \"ptrace\":\"$_want\""
	}
}

atf_test_case stops_by_policy
stops_by_policy_head()
{
	atf_set descr "the exec stop is asked for exactly where a feature" \
	    "needs it; the state says so"
	atf_set require.user root
	atf_set timeout 60
}
stops_by_policy_body()
{
	# shellcheck disable=SC2086
	stops "$NOBODY" fork $NOEXEC
	# shellcheck disable=SC2086
	stops "$NOBODY" fork $NOEXEC -m lock:read
	# Each feature that looks at what an exec runs.
	stops "$NOBODY" fork,exec -poff
	for _m in trace/allow_unsafe_exec_nopie:0 \
	    trace/allow_unsafe_exec_stack:0 segvguard/expiry:1m \
	    sandbox/exec:on,trace/compile_landlock:0 sandbox/force:on \
	    sandbox/tpe:on \
	    sandbox/pid:on,pid/max:64 lock:off lock:exec lock:drop \
	    lock:ipc; do
		# shellcheck disable=SC2086,SC2046
		stops "$NOBODY" fork,exec $NOEXEC $(printf -- '-m %s ' \
		    $(echo "$_m" | tr , ' '))
	done
	# exec compiled to Landlock (trace/compile_landlock, syd.7): the
	# kernel checks the exec rules at use, but not on memfds (internal
	# mounts): the stop stays unless memfds may run.
	# shellcheck disable=SC2086
	if "$(syd_bare)" $NOEXEC -m sandbox/exec:on -m 'allow/exec+/usr/***' \
	    --json | grep -q '"cap":"exec"[^}]*"enforce":"landlock"'; then
		# shellcheck disable=SC2086
		stops "$NOBODY" fork,exec $NOEXEC -m sandbox/exec:on \
		    -m 'allow/exec+/usr/***'
		# shellcheck disable=SC2086
		stops "$NOBODY" fork $NOEXEC -m sandbox/exec:on \
		    -m 'allow/exec+/usr/***' \
		    -m trace/allow_unsafe_exec_memfd:1
	fi
	# syd as root acts with credentials an exec may change.
	# shellcheck disable=SC2086
	stops "" fork,exec $NOEXEC
	# The running sandbox reads the same (lock:read lets it read).
	# shellcheck disable=SC2086
	run $NOBODY "$(syd_bare)" $NOEXEC -m lock:read -- "$BB" cat /dev/syd
	grep -q '"ptrace":"fork"' out || {
		show out
		show err
		atf_fail "/dev/syd does not say \"ptrace\":\"fork\""
	}
}

atf_test_case no_exec_stop_lock
no_exec_stop_lock_head()
{
	atf_set descr "without exec stops an unset lock is on for COMMAND" \
	    "all the same: /dev/syd refuses it a change"
	atf_set require.user root
	atf_set timeout 60
}
no_exec_stop_lock_body()
{
	# lock:off (with exec stops): the change is taken.
	# shellcheck disable=SC2086
	run $NOBODY "$(syd_bare)" $NOEXEC -m lock:off -- "$BB" sh -c \
	    'test -e /dev/syd/sandbox/stat:on && echo TAKEN || echo REFUSED'
	[ "$(cat out)" = TAKEN ] || { show err; atf_fail "lock:off: $(cat out)"; }
	# Unset, no exec stop: refused, as after COMMAND's exec.
	# shellcheck disable=SC2086
	run $NOBODY "$(syd_bare)" $NOEXEC -- "$BB" sh -c \
	    'test -e /dev/syd/sandbox/stat:on && echo TAKEN || echo REFUSED'
	[ "$(cat out)" = REFUSED ] || { show err; atf_fail "unset: $(cat out)"; }
}

# sleeps_running N: N processes run "sleep 1000.<tag>...".
sleeps_running()
{
	[ "$(pgrep -f -- "^sleep 1000\.1?$tag" | wc -l)" -ge "$1" ]
}

no_tagged()
{
	[ -z "$(tagged_pids)" ]
}

atf_test_case kill_syd_fork_only cleanup
kill_syd_fork_only_head()
{
	atf_set descr "with fork stops only (no exec, no exit stops), a" \
	    "SIGKILLed syd leaves no setsid'd grandchild alive, where" \
	    "natively one outlives its killed parent"
	atf_set require.user root
	atf_set timeout 60
}
kill_syd_fork_only_body()
{
	tag=$(make_tag)
	# Natively: the grandchild in its own session outlives the shell.
	"$BB" sh -c "setsid sleep 1000.1$tag & wait" >/dev/null 2>&1 &
	pid=$!
	wait_until 10 sleeps_running 1 || atf_fail "the native sleep did not start"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	sleep 1
	no_tagged && atf_fail "premise: natively the grandchild died too"
	kill_tagged
	wait_until 5 no_tagged || atf_fail "cannot clean up the native sleep"
	# Under syd, traced with fork stops only.
	# shellcheck disable=SC2086
	$NOBODY "$(syd_bare)" $NOEXEC -- "$BB" sh -c \
	    "sleep 1000.$tag & setsid sleep 1000.1$tag & wait" \
	    >out 2>err </dev/null &
	pid=$!
	remember_pid "$pid"
	wait_until 10 sleeps_running 2 || {
		show err
		atf_fail "the sandboxed sleeps did not start"
	}
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	wait_until 5 no_tagged ||
	    atf_fail "a sandboxed process outlived syd by 5 s"
}
kill_syd_fork_only_cleanup()
{
	kill_remembered
	kill_tagged
}

atf_init_test_cases()
{
	atf_add_test_case stops_by_policy
	atf_add_test_case no_exec_stop_lock
	atf_add_test_case kill_syd_fork_only
}
