#! /usr/bin/env atf-sh
# /dev/syd's run-time actions (syd(2) load, cmd/exec, ghost, reset), the
# shell integration (syd --sh: esyd, syd --el: syd.el) and syd as a login
# shell (-c, -l). Scripts inside the sandbox use "$BB" (exported); "$BB
# stat" prints strerror of a failed stat, so the errno is checked too.

. "$(atf_get_srcdir)/common.subr"

EPERM_MSG="Operation not permitted"
ENOENT_MSG="No such file or directory"

setup()
{
	SYD=$(syd_path)
	export BB
}

# json_has FILE PYTHON-EXPR: the JSON object in FILE (as d) makes it true.
json_has()
{
	python3 -c 'import json, sys
d = json.loads(open(sys.argv[1]).read())
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}

PATS='[r["pat"] for r in d["rules"]]'

# ---- load/FD ---------------------------------------------------------------

atf_test_case load_fd
load_fd_head()
{
	atf_set descr "load/FD runs the configuration in a sandboxed" \
	    "process's fd: its rules show in /dev/syd; reset undoes them"
	atf_set timeout 60
}
load_fd_body()
{
	need_python
	setup
	printf '%s\n' '# from load/3' '' 'allow/read+/loaded/marker' \
	    '  deny/write+/loaded/other  ' 'sandbox/ioctl:off' >cfg.syd-3
	run "$SYD" -plib -m lock:off -- $BB sh -c '
	    exec 3<cfg.syd-3
	    test -c /dev/syd/load/3 && echo loaded
	    $BB cat /dev/syd >after-load.json
	    test -c /dev/syd/reset && echo reset
	    # Nothing is allowed after reset: the state goes out on stderr.
	    IFS= read -r state </dev/syd; echo "$state" >&2'
	expect_rc 0
	expect_lines loaded reset
	tail -n1 err >after-reset.json
	json_has after-load.json "'/loaded/marker' in $PATS and \
'/loaded/other' in $PATS" || { show after-load.json;
	    atf_fail "the loaded rules are not in /dev/syd"; }
	json_has after-load.json '[s["on"] for s in d["sandbox"]
if s["cap"] == "ioctl"] == [False]' || { show after-load.json;
	    atf_fail "sandbox/ioctl:off from the file did not apply"; }
	json_has after-reset.json "'/loaded/marker' not in $PATS" ||
	    { show after-reset.json; atf_fail "reset kept the loaded rule"; }
}

atf_test_case load_errors
load_errors_head()
{
	atf_set descr "load/FD: a closed fd is EBADF, a pipe EINVAL, a bad" \
	    "line stops the load there (lines before it stay)"
	atf_set timeout 60
}
load_errors_body()
{
	need_python
	setup
	printf '%s\n' 'allow/read+/first/line' 'no such command' \
	    'allow/read+/after/bad' >bad.syd-3
	run "$SYD" -plib -m lock:off -- $BB sh -c '
	    $BB stat /dev/syd/load/9 2>&1 | $BB grep -o "Bad file descriptor"
	    echo x | { $BB stat /dev/syd/load/0 2>&1 |
	        $BB grep -o "Invalid argument"; }
	    $BB stat /dev/syd/load/3x 2>&1 | $BB grep -o "Bad file descriptor"
	    exec 3<bad.syd-3
	    test -c /dev/syd/load/3 || echo bad-refused
	    $BB cat /dev/syd >state.json'
	expect_rc 0
	expect_lines "Bad file descriptor" "Invalid argument" \
	    "Bad file descriptor" bad-refused
	json_has state.json "'/first/line' in $PATS and \
'/after/bad' not in $PATS" || { show state.json;
	    atf_fail "a failing line must stop the load there"; }
}

atf_test_case load_lock
load_lock_head()
{
	atf_set descr "load/FD obeys the lock: refused (EPERM) under" \
	    "lock:read, absent (ENOENT) once on; lock:drop loads only what" \
	    "tightens; a lock:on line stops what follows"
	atf_set timeout 60
}
load_lock_body()
{
	need_python
	setup
	printf 'deny/read+/tight\n' >tight.syd-3
	printf 'allow/read+/loose\n' >loose.syd-3
	printf 'deny/read+/one\nlock:on\ndeny/read+/two\n' >locks.syd-3
	run "$SYD" -plib -m lock:read -- $BB sh -c '
	    exec 3<tight.syd-3; $BB stat /dev/syd/load/3 2>&1'
	grep -qF "$EPERM_MSG" out || { show out;
	    atf_fail "load under lock:read: expected $EPERM_MSG"; }
	run "$SYD" -plib -m lock:on -- $BB sh -c '
	    exec 3<tight.syd-3; $BB stat /dev/syd/load/3 2>&1'
	grep -qF "$ENOENT_MSG" out || { show out;
	    atf_fail "load with the lock on: expected $ENOENT_MSG"; }
	run "$SYD" -plib -m lock:drop -- $BB sh -c '
	    exec 3<tight.syd-3 4<loose.syd-3
	    test -c /dev/syd/load/3 && echo tight-ok
	    $BB stat /dev/syd/load/4 2>&1 | $BB grep -o "'"$EPERM_MSG"'"'
	expect_lines tight-ok "$EPERM_MSG"
	run "$SYD" -plib -m lock:off -- $BB sh -c '
	    exec 3<locks.syd-3
	    test -c /dev/syd/load/3 || echo stopped
	    test -c /dev/syd/stat || echo locked'
	expect_lines stopped locked
}

# ---- cmd/exec ----------------------------------------------------------------

atf_test_case cmd_exec
cmd_exec_head()
{
	atf_set descr "cmd/exec!PROG\\037ARG... runs PROG outside the sandbox:" \
	    "it writes where the sandbox may not, untraced, in its own session"
	atf_set timeout 60
}
cmd_exec_body()
{
	setup
	mkdir walled
	# What runs outside: where it is traced from and its session.
	printf '%s\n' "$BB grep '^TracerPid:' /proc/self/status >walled/outside" \
	    "$BB cut -d' ' -f6 /proc/self/stat >>walled/outside" >outside.sh
	US=$(printf '\037')
	export US
	run "$SYD" -plib -m lock:off -m sandbox/write,create:on \
	    -m 'allow/write,create+/dev/null' -- $BB sh -c '
	    echo in >walled/inside 2>/dev/null || echo sandbox-denied
	    test -c "/dev/syd/cmd/exec!$BB${US}sh${US}$PWD/outside.sh" &&
	        echo exec-ok
	    $BB stat "/dev/syd/cmd/exec!/no/such/program" 2>&1 |
	        $BB grep -o "'"$ENOENT_MSG"'"'
	expect_rc 0
	expect_lines sandbox-denied exec-ok "$ENOENT_MSG"
	for i in $(seq 50); do
		[ "$(wc -l <walled/outside 2>/dev/null)" = 2 ] && break
		sleep 0.1
	done
	[ ! -e walled/inside ] || atf_fail "the sandbox wrote walled/inside"
	[ -s walled/outside ] || atf_fail "the program run by cmd/exec wrote nothing"
	grep -q '^TracerPid:[[:space:]]*0$' walled/outside ||
	    { show walled/outside; atf_fail "the program is traced (by syd)"; }
	sid=$(tail -n1 walled/outside)
	[ "$sid" != "$(cut -d' ' -f6 /proc/$$/stat)" ] ||
	    atf_fail "the program is in our session, not its own"
}

atf_test_case cmd_exec_lock
cmd_exec_lock_head()
{
	atf_set descr "cmd/exec obeys the lock: absent once the lock is on," \
	    "refused under lock:drop; over IPC it runs"
	atf_set timeout 60
}
cmd_exec_lock_body()
{
	setup
	run "$SYD" -plib -m lock:on -- $BB sh -c '
	    $BB stat "/dev/syd/cmd/exec!$BB" 2>&1 | $BB grep -o "'"$ENOENT_MSG"'"'
	expect_lines "$ENOENT_MSG"
	run "$SYD" -plib -m lock:drop -- $BB sh -c '
	    $BB stat "/dev/syd/cmd/exec!$BB" 2>&1 | $BB grep -o "'"$EPERM_MSG"'"'
	expect_lines "$EPERM_MSG"
	command -v python3 >/dev/null 2>&1 || return 0
	sock="$(pwd -P)/syd.sock"
	"$SYD" -plib -m "ipc:$sock" -- $BB sleep 5 >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	ipc_send "$sock" "cmd/exec!$BB$(printf '\037')touch$(printf '\037')$(pwd -P)/by-ipc" \
	    'load/3' >ipc.out
	kill $pid 2>/dev/null
	wait $pid
	printf '%s\n' '{"ok":true}' '{"ok":false,"errno":95}' >ipc.exp
	cmp -s ipc.out ipc.exp || { show ipc.out;
	    atf_fail "IPC: cmd/exec must run, load/FD be refused (EOPNOTSUPP)"; }
	for i in $(seq 50); do [ -e by-ipc ] && break; sleep 0.1; done
	[ -e by-ipc ] || atf_fail "cmd/exec over IPC did not run the program"
}

# ipc_send SOCKET LINE...: each line to syd's IPC socket, each answer out.
ipc_send()
{
	python3 - "$@" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile('rwb')
for line in sys.argv[2:]:
    f.write(line.encode() + b'\n'); f.flush()
    print(f.readline().decode().strip())
PY
}

# ipc_run LINES...: syd with an IPC socket runs `sleep 3; exit 5`; the
# lines are sent once it listens; syd's status in rc, answers in ipc.out.
ipc_run()
{
	sock="$(pwd -P)/syd.sock"
	rm -f "$sock"
	env SYD_LOG=notice "$SYD" -plib -m "ipc:$sock" -- $BB sh -c \
	    '$BB sleep 3; exit 5' >out 2>err &
	pid=$!
	for i in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	ipc_send "$sock" "$@" >ipc.out
	wait $pid
	rc=$?
}

atf_test_case ipc_actions
ipc_actions_head()
{
	atf_set descr "reset, ghost and panic over IPC: reset leaves syd" \
	    "whole, ghost lets go (the command's status), panic ends syd (127)"
	atf_set timeout 60
}
ipc_actions_body()
{
	need_python
	setup
	ipc_run allow/read+/x reset
	expect_rc 5 "syd after an IPC reset"
	[ ! -e syd.sock ] || atf_fail "syd left its socket behind"
	ipc_run ghost
	expect_rc 5 "syd after an IPC ghost"
	grep -q '"op":"done"' err || { show err; atf_fail "ghost over IPC: syd did not let go"; }
	ipc_run panic
	expect_rc 127 "syd after an IPC panic"
	# syd may end before its answer leaves: none, or {"ok":true}.
	case $(cat ipc.out) in
	''|'{"ok":true}') ;;
	*) show ipc.out; atf_fail "panic answered something else" ;;
	esac
}

# ---- ghost -----------------------------------------------------------------

atf_test_case ghost
ghost_head()
{
	atf_set descr "ghost: syd stops supervising; a call the filter" \
	    "notified now fails with ENOSYS from the kernel (the denied file" \
	    "stays unread, no program runs); the exit status is the command's"
	atf_set timeout 60
}
ghost_body()
{
	setup
	echo s3cret >secret
	run env SYD_LOG=notice "$SYD" -plib -m lock:off -m sandbox/read:on \
	    -m "deny/read+$(pwd -P)/secret" -- $BB sh -c '
	    $BB cat secret 2>&1 | $BB grep -o "Permission denied"
	    test -c /dev/syd/ghost && echo ghosted
	    n=0
	    while test -c /dev/syd/stat && [ $n -lt 500 ]; do n=$((n + 1)); done
	    read x <secret || echo still-unread
	    $BB true || echo no-exec
	    exit 7'
	expect_rc 7 "syd after ghost"
	expect_lines "Permission denied" ghosted still-unread no-exec
	grep -q "Function not implemented" err ||
	    { show err; atf_fail "after ghost: expected ENOSYS from the kernel"; }
	grep -q '"op":"done"' err ||
	    { show err; atf_fail "syd did not log that it let go"; }
	grep -q s3cret out && atf_fail "the secret was read"
	return 0
}

atf_test_case ghost_filter_stays
ghost_filter_stays_head()
{
	atf_set descr "after ghost the filter's own rules stay: ptrace is" \
	    "still refused by the filter (EPERM, not ENOSYS), a denied file" \
	    "stays unread (ENOSYS), syd exits with the command's status"
	atf_set timeout 60
}
ghost_filter_stays_body()
{
	setup
	echo s3cret >secret
	run "$SYD" -plib -m lock:off -m sandbox/read:on \
	    -m "deny/read+$(pwd -P)/secret" -- "$(helper ghost_probe)" \
	    "$(pwd -P)/secret"
	expect_rc 0 "ghost_probe under syd"
	expect_lines "ghost OK" "open ERR ENOSYS" "ptrace ERR EPERM"
}

atf_test_case ghost_timeout
ghost_timeout_head()
{
	atf_set descr "ghost keeps timeout: the sandbox that ghosted is" \
	    "still killed when the timeout expires (exit 124), not let run"
	atf_set timeout 60
}
ghost_timeout_body()
{
	setup
	mkfifo fifo || atf_fail "mkfifo"
	# The read waits on a FIFO the shell itself holds open for writing:
	# nothing but the timeout ends it before its own 20 s.
	t0=$(now_ms)
	run env SYD_LOG=notice "$SYD" -poff -m lock:off -m timeout:3s -- \
	    $BB sh -c '
	    exec 3<>fifo
	    test -c /dev/syd/ghost && echo ghosted
	    m=$($BB true 2>&1) || echo no-exec
	    case $m in *"Function not implemented"*) echo ENOSYS ;; esac
	    read -t 20 x <&3
	    echo not-killed
	    exit 7'
	ms=$(since_ms "$t0")
	expect_rc 124 "syd with timeout:3s after ghost"
	# The timeout thread dropped its copy of the notification fd: an
	# exec fails at once (ENOSYS) instead of waiting for an answer.
	expect_lines ghosted no-exec ENOSYS
	grep -q '"op":"done"' err ||
	    { show err; atf_fail "syd did not log that it let go"; }
	grep -q '"ctx":"timeout"' err ||
	    { show err; atf_fail "no timeout record"; }
	[ "$ms" -lt 15000 ] || atf_fail "timeout:3s ended syd after $ms ms"
}

# ---- syd --sh, syd --el --------------------------------------------------------

atf_test_case esyd
esyd_head()
{
	atf_set descr "syd --sh prints esyd; sourced in a sandboxed sh it" \
	    "toggles categories, adds rules, reads the state, runs cmd/exec"
	atf_set timeout 60
}
esyd_body()
{
	need_python
	setup
	"$SYD" --sh >esyd.sh || atf_fail "syd --sh failed"
	sh -n esyd.sh || atf_fail "esyd.sh is not valid sh"
	$BB sh -n esyd.sh || atf_fail "esyd.sh is not valid for busybox sh"
	run "$SYD" -plib -m lock:off -- $BB sh -c '
	    . ./esyd.sh
	    esyd api
	    esyd check && echo check
	    esyd enabled_read || echo read-off
	    esyd enable_read && esyd enabled_read && echo read-on
	    esyd allow_read "/esyd/a*" /esyd/b && echo allowed
	    esyd deny_net_bind "127.0.0.1!9" && echo net-denied
	    esyd disallow_read /esyd/b && echo disallowed
	    esyd disable_read && { esyd enabled_read || echo read-off-again; }
	    PATH=/nonexistent esyd info >state.json
	    esyd exec $BB touch esyd-exec && echo exec
	    esyd nosuchverb 2>/dev/null || echo unknown
	    esyd lock && { esyd check || echo gone; }'
	expect_rc 0
	expect_lines 3 check read-off read-on allowed net-denied disallowed \
	    read-off-again exec unknown gone
	json_has state.json "'/esyd/a*' in $PATS and '/esyd/b' not in $PATS \
and [r['cap'] for r in d['rules'] if r['pat'].startswith('127.0.0.1')] == \
['net/bind']" || { show state.json; atf_fail "esyd's rules are not in the state"; }
	for i in $(seq 50); do [ -e esyd-exec ] && break; sleep 0.1; done
	[ -e esyd-exec ] || atf_fail "esyd exec did not run the program"
}

atf_test_case syd_el
syd_el_head()
{
	atf_set descr "syd --el prints syd.el: it loads in emacs where emacs" \
	    "is installed, else its parentheses and strings balance"
}
syd_el_body()
{
	setup
	"$SYD" --el >syd.el || atf_fail "syd --el failed"
	for f in syd-api syd-check syd-info syd-lock syd-exec syd-load \
	    syd-panic syd-reset syd-enable-read syd-read-add syd-net-bind-add; do
		grep -q "^(defun $f " syd.el || atf_fail "no (defun $f ...)"
	done
	if command -v emacs >/dev/null 2>&1; then
		atf_check -o ignore -e ignore emacs --batch -Q -l ./syd.el \
		    --eval '(unless (fboundp (quote syd-lock)) (kill-emacs 1))'
		return 0
	fi
	need_python
	# No emacs here: a reader of Lisp's lexical shape (strings with
	# escapes, ; comments, ?c characters) checks the balance.
	python3 - syd.el <<'PY' || atf_fail "syd.el does not balance"
import sys
s = open(sys.argv[1]).read()
depth, i, n = 0, 0, len(s)
while i < n:
    c = s[i]
    if c == ';':
        while i < n and s[i] != '\n': i += 1
    elif c == '"':
        i += 1
        while i < n and s[i] != '"':
            i += 2 if s[i] == '\\' else 1
        if i >= n: sys.exit("unterminated string")
    elif c == '?':
        i += 2 if i + 1 < n and s[i + 1] == '\\' else 1
    elif c == '(': depth += 1
    elif c == ')':
        depth -= 1
        if depth < 0: sys.exit("unbalanced )")
    i += 1
sys.exit(0 if depth == 0 else "unbalanced (")
PY
}

# ---- login shell ---------------------------------------------------------------

# A HOME whose .user.syd-3 denies reading ./secret.
user_home()
{
	mkdir -p home
	echo s3cret >secret
	printf 'deny/read+%s/secret\n' "$(pwd -P)" >home/.user.syd-3
}

atf_test_case shell_c
shell_c_head()
{
	atf_set descr "syd -c CMD runs \$SYD_SHELL -c CMD under the user" \
	    "profile, with ~/.user.syd-3 applied"
	atf_set timeout 60
}
shell_c_body()
{
	setup
	user_home
	run env HOME="$(pwd -P)/home" SYD_SHELL=/bin/sh "$SYD" -c \
	    '$BB cat secret || echo denied; echo "$0 $1"' zero one
	expect_rc 0
	expect_lines denied "zero one"
	grep -q '"act":"deny"' err || { show err;
	    atf_fail "the denial is not logged"; }
	# The log settings of ~/.user.syd-3 apply too.
	echo log/level:emerg >>home/.user.syd-3
	run env HOME="$(pwd -P)/home" SYD_SHELL=/bin/sh "$SYD" -c \
	    '$BB cat secret || echo denied'
	expect_lines denied
	! grep -q '"act":"deny"' err || { show err;
	    atf_fail "log/level:emerg of ~/.user.syd-3 is not applied"; }
	: >home/.user.syd-3
	run env HOME="$(pwd -P)/home" SYD_SHELL=/bin/sh "$SYD" -c '$BB cat secret'
	expect_rc 0
	expect_lines s3cret
}

atf_test_case login_shell
login_shell_head()
{
	atf_set descr "as a login shell (argv[0] -syd, or -l) syd runs" \
	    "\$SYD_SHELL -l under the user profile; su -s syd works"
	atf_set timeout 90
}
login_shell_body()
{
	need_python
	setup
	user_home
	printf '%s\n' 'echo "login $0"' '$BB cat secret || echo denied' \
	    'exit 3' >script
	# login(1) runs the shell as "-NAME"; that is how syd knows.
	HOME="$(pwd -P)/home" SYD_SHELL=/bin/sh python3 -c '
import os, sys
os.execv(sys.argv[1], ["-syd"] + sys.argv[2:])' "$(syd_bare)" $(bb_hatch) \
	    <script >out 2>err
	rc=$?
	expect_rc 3 "syd as -syd"
	expect_lines "login /bin/sh" denied
	run env HOME="$(pwd -P)/home" SYD_SHELL=/bin/sh sh -c \
	    '"$0" -l <script' "$SYD"
	expect_rc 3 "syd -l"
	expect_lines "login /bin/sh" denied
	# su -s: the way chsh's users reach it (/etc/shells is not edited).
	command -v su >/dev/null 2>&1 || atf_skip "no su(1)"
	id nobody >/dev/null 2>&1 || atf_skip "no user nobody"
	[ "$(id -u)" -eq 0 ] || atf_skip "su needs root here"
	chmod 0755 . 2>/dev/null
	run su -s "$SYD" -c '$BB grep "^TracerPid:" /proc/self/status; id -u' \
	    nobody
	expect_rc 0 "su -s syd"
	grep -q '^TracerPid:[[:space:]]*[1-9]' out ||
	    { show out; show err; atf_fail "su -s syd: the command is not under syd"; }
	grep -qx 65534 out || { show out; atf_fail "su -s syd: not run as nobody"; }
}

atf_init_test_cases()
{
	atf_add_test_case load_fd
	atf_add_test_case load_errors
	atf_add_test_case load_lock
	atf_add_test_case cmd_exec
	atf_add_test_case cmd_exec_lock
	atf_add_test_case ghost
	atf_add_test_case ghost_filter_stays
	atf_add_test_case ghost_timeout
	atf_add_test_case ipc_actions
	atf_add_test_case esyd
	atf_add_test_case syd_el
	atf_add_test_case shell_c
	atf_add_test_case login_shell
}
