#! /usr/bin/env atf-sh
# Signals: syd forwards SIGTERM/SIGHUP to the sandbox; an emulated open
# blocked on a FIFO is interrupted like a native one (EINTR without
# SA_RESTART, restarted with it); SIGKILL of syd leaves nothing behind.

. "$(atf_get_srcdir)/common.subr"

# True when no process carries the saved tag. (Not "sh -c '! pgrep TAG'":
# that shell's own command line would carry the tag.)
no_tagged()
{
	[ -z "$(tagged_pids)" ]
}

# sleeps_running N: N processes run "sleep 1000.<tag>..." (the commands
# themselves, not the shell that starts them).
sleeps_running()
{
	[ "$(pgrep -f -- "^sleep 1000\.1?$tag" | wc -l)" -ge "$1" ]
}

# forward SIG STATUS: syd running sleep gets SIG and exits STATUS.
forward()
{
	SYD=$(syd_path)
	tag=$(make_tag)
	"$SYD" -poff -- sleep "30.$tag" >out 2>err </dev/null &
	pid=$!
	remember_pid "$pid"
	wait_until 10 pgrep -f -- "^sleep 30\.$tag" >/dev/null ||
	    atf_fail "the sandboxed sleep did not start"
	t0=$(now_ms)
	kill "-$1" "$pid"
	wait_status "$pid" 10
	ms=$(since_ms "$t0")
	echo "syd exited $st after ${ms} ms"
	[ "$st" = "$2" ] || { show err; atf_fail "syd exited $st after SIG$1, expected $2"; }
	[ "$ms" -lt 5000 ] || atf_fail "syd took ${ms} ms to exit"
	wait_until 5 no_tagged || atf_fail "the sandboxed sleep survived"
}

atf_test_case sigterm_forwarded cleanup
sigterm_forwarded_head()
{
	atf_set descr "SIGTERM to syd reaches the sandbox; syd exits 143"
	atf_set timeout 60
}
sigterm_forwarded_body()
{
	forward TERM 143
}
sigterm_forwarded_cleanup()
{
	kill_remembered
	kill_tagged
}

atf_test_case sighup_forwarded cleanup
sighup_forwarded_head()
{
	atf_set descr "SIGHUP to syd reaches the sandbox; syd exits 129"
	atf_set timeout 60
}
sighup_forwarded_body()
{
	forward HUP 129
}
sighup_forwarded_cleanup()
{
	kill_remembered
	kill_tagged
}

# Unblock whatever still waits on the FIFOs named in file "fifos": a
# writer's open completes as soon as the reader is there.
unblock_fifos()
{
	[ -f fifos ] || return 0
	_w=
	while read -r _f; do
		[ -p "$_f" ] || continue
		timeout 5 sh -c "exec 3>'$_f'" 2>/dev/null &
		_w="$_w $!"
	done <fifos
	# Not a bare "wait": syd may be a job of this shell too.
	for _p in $_w; do
		wait "$_p"
	done
	return 0
}

atf_test_case fifo_eintr cleanup
fifo_eintr_head()
{
	atf_set descr "an emulated FIFO open gets EINTR from a SIGALRM whose" \
	    "handler lacks SA_RESTART, within 2 s"
	atf_set timeout 60
}
fifo_eintr_body()
{
	SYD=$(syd_path)
	H=$(helper fifo_open)
	f=$(pwd -P)/fifo
	mkfifo "$f"
	echo "$f" >fifos
	"$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' -- \
	    "$H" "$f" norestart 500 >out 2>err </dev/null &
	pid=$!
	remember_pid "$pid"
	wait_status "$pid" 20
	show out
	if [ "$st" = timeout ]; then
		unblock_fifos
		show err
		atf_fail "the open was not interrupted within 20 s"
	fi
	read -r res ms alarms <out || true
	[ "$res" = EINTR ] || { show err; atf_fail "open gave '$res', not EINTR"; }
	ms=${ms#ms=}
	# 500 ms until the alarm, then at most 2 s until EINTR.
	[ "$ms" -lt 2500 ] || atf_fail "EINTR came after ${ms} ms"
	[ "$alarms" = alarms=1 ] || atf_fail "handler ran: $alarms"
	[ "$st" = 1 ] || atf_fail "syd exited $st, expected 1 (the helper's)"
}
fifo_eintr_cleanup()
{
	unblock_fifos
	kill_remembered
}

atf_test_case fifo_restart cleanup
fifo_restart_head()
{
	atf_set descr "with SA_RESTART the emulated FIFO open stays blocked" \
	    "after the signal and completes when a writer comes"
	atf_set timeout 60
}
fifo_restart_body()
{
	SYD=$(syd_path)
	H=$(helper fifo_open)
	f=$(pwd -P)/fifo
	mkfifo "$f"
	echo "$f" >fifos
	"$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' -- \
	    "$H" "$f" restart 300 >out 2>err </dev/null &
	pid=$!
	remember_pid "$pid"
	# Well after the alarm, the open must still be waiting.
	sleep 2
	pid_alive "$pid" || { show out; show err; atf_fail "syd ended early"; }
	[ ! -s out ] || { show out; atf_fail "the open returned early"; }
	# Open for writing only: the reader closes at once, a write could
	# die of SIGPIPE.
	timeout 10 sh -c "exec 3>'$f'" ||
	    atf_fail "the writer could not open the FIFO"
	wait_status "$pid" 10
	show out
	[ "$st" = 0 ] || { show err; atf_fail "syd exited $st, expected 0"; }
	read -r res ms alarms <out || true
	[ "$res" = OK ] || atf_fail "open gave '$res', not OK"
	[ "$alarms" = alarms=1 ] || atf_fail "handler ran: $alarms"
}
fifo_restart_cleanup()
{
	unblock_fifos
	kill_remembered
}

# kill_syd N CMD...: run CMD (which carries the tag) under syd, SIGKILL
# syd once N sleeps carrying the tag run, and expect no tagged process
# within 5 s.
kill_syd()
{
	_want=$1
	shift
	"$SYD" -poff -- "$@" >out 2>err </dev/null &
	pid=$!
	remember_pid "$pid"
	wait_until 10 sleeps_running "$_want" ||
	    atf_fail "the sandboxed sleeps did not start"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	t0=$(now_ms)
	if ! wait_until 5 no_tagged; then
		ps -o pid,ppid,sid,args -p "$(tagged_pids | tr '\n' ',')0" || true
		atf_fail "sandboxed processes outlived syd by 5 s"
	fi
	echo "gone after $(since_ms "$t0") ms"
}

atf_test_case kill_syd_no_survivors cleanup
kill_syd_no_survivors_head()
{
	atf_set descr "SIGKILL of syd leaves no sandboxed process alive"
	atf_set timeout 60
}
kill_syd_no_survivors_body()
{
	SYD=$(syd_path)
	tag=$(make_tag)
	kill_syd 1 sleep "1000.$tag"
}
kill_syd_no_survivors_cleanup()
{
	kill_remembered
	kill_tagged
}

atf_test_case kill_syd_no_survivors_grandchild cleanup
kill_syd_no_survivors_grandchild_head()
{
	atf_set descr "SIGKILL of syd leaves no sandboxed grandchild alive," \
	    "not even one in its own session (DESIGN.md section 6)"
	atf_set timeout 60
}
kill_syd_no_survivors_grandchild_body()
{
	SYD=$(syd_path)
	tag=$(make_tag)
	kill_syd 2 sh -c "sleep 1000.$tag & setsid sleep 1000.1$tag & wait"
}
kill_syd_no_survivors_grandchild_cleanup()
{
	kill_remembered
	kill_tagged
}

atf_test_case stat_storm
stat_storm_head()
{
	atf_set descr "SIGURG every 10 us without SA_RESTART: no emulated" \
	    "stat returns EINTR (one interrupted before syd received it" \
	    "is restarted)"
	atf_set timeout 120
}
stat_storm_body()
{
	SYD=$(syd_path)
	run env SYD_LOG_FD=-1 "$SYD" -poff -m sandbox/stat:on \
	    -m 'allow/stat+/***' -- "$(helper stat_storm)" /etc/hostname 30000
	show out
	[ "$rc" -eq 0 ] || { show err; atf_fail "stat_storm exited $rc"; }
}

atf_init_test_cases()
{
	atf_add_test_case stat_storm
	atf_add_test_case sigterm_forwarded
	atf_add_test_case sighup_forwarded
	atf_add_test_case fifo_eintr
	atf_add_test_case fifo_restart
	atf_add_test_case kill_syd_no_survivors
	atf_add_test_case kill_syd_no_survivors_grandchild
}
