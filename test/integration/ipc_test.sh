#! /usr/bin/env atf-sh
# The IPC socket (SPEC.md section 4) and syd's own confinement
# (DESIGN.md section 8).

. "$(atf_get_srcdir)/common.subr"

SYD_BIN() { syd_path; }

# ipc_client SOCKET LINE...: send each line, print each answer line.
write_client()
{
	cat >client.py <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
addr = sys.argv[1]
s.connect('\0' + addr[1:] if addr.startswith('@') else addr)
f = s.makefile('rwb')
for line in sys.argv[2:]:
    try:
        f.write(line.encode() + b'\n'); f.flush()
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused peers get their answer, then the door closes
    print(f.readline().decode().strip())
PY
}

atf_test_case ipc_rules
ipc_rules_head()
{
	atf_set descr "an IPC client adds a rule that the sandbox then obeys," \
	    "and reads the state"
	atf_set require.progs python3
	atf_set timeout 60
}
ipc_rules_body()
{
	write_client
	sock="$(pwd -P)/syd.sock"
	"$(SYD_BIN)" -plib -m "ipc:$sock" -- /bin/busybox sh -c '
	    while [ ! -e go ]; do sleep 0.1; done
	    /bin/busybox cat /etc/hostname >/dev/null && echo read-ok
	    >ready
	    while [ ! -e go2 ]; do sleep 0.1; done
	    /bin/busybox cat /etc/hostname >/dev/null 2>&1 || echo read-denied
	    ' >out 2>err &
	pid=$!
	for i in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	atf_check -o inline:'{"ok":true}\n{"ok":true}\n{"ok":false,"errno":2}\n' \
	    python3 client.py "$sock" 'sandbox/read:on' 'allow/read+/***' \
	    'sandbox/stat?'
	python3 client.py "$sock" stat >state.json
	python3 -m json.tool state.json >/dev/null ||
	    atf_fail "stat is not JSON: $(cat state.json)"
	grep -q '"pat":"/\*\*\*"' state.json || atf_fail "rule not listed"
	# First read allowed, then deny it and signal the second read.
	touch go
	for i in $(seq 100); do [ -e ready ] && break; sleep 0.1; done
	atf_check -o inline:'{"ok":true}\n' \
	    python3 client.py "$sock" "deny/read+/etc/hostname"
	touch go2
	wait $pid
	grep -q read-ok out || atf_fail "first read: $(cat out err)"
	grep -q read-denied out || atf_fail "second read: $(cat out err)"
}

atf_test_case ipc_bounds
ipc_bounds_head()
{
	atf_set descr "a 1 MB line and 1000 connections neither crash nor" \
	    "block syd; a line with a NUL is refused; another uid is refused"
	atf_set require.progs python3
	atf_set require.user root
	atf_set timeout 120
}
ipc_bounds_body()
{
	write_client
	sock="@syd-ipc-test-$$"
	"$(SYD_BIN)" -plib -m "ipc:$sock" -- /bin/busybox sleep 30 &
	pid=$!
	sleep 0.5
	cat >abuse.py <<'PY'
import socket, sys
addr = '\0' + sys.argv[1][1:]
s = socket.socket(socket.AF_UNIX); s.connect(addr)
s.sendall(b'x' * (1 << 20) + b'\n'); s.settimeout(5)
print('long:', s.recv(100).decode().split('\n')[0])
# A NUL would cut the command short: the whole line is refused.
s.sendall(b'sandbox/read:on\0junk\n')
print('nul:', s.recv(100).decode().split('\n')[0])
held = []
for i in range(1000):
    c = socket.socket(socket.AF_UNIX)
    try:
        c.connect(addr); held.append(c)
    except OSError:
        pass
t = socket.socket(socket.AF_UNIX); t.settimeout(5)
for c in held:
    c.close()
t.connect(addr); t.sendall(b'sandbox/read?\n')
print('after:', t.recv(100).decode().strip())
PY
	atf_check -o match:'long: \{"ok":false,"errno":7\}' \
	    -o match:'nul: \{"ok":false,"errno":22\}' \
	    -o match:'after: \{"ok":false,"errno":2\}' python3 abuse.py "$sock"
	# Another uid: a python it can run (the system's, not root's own).
	py=/usr/bin/python3
	if [ -x "$py" ]; then
		chmod 0755 . && chmod 0644 client.py
		atf_check -o match:'"errno":13' setpriv --reuid=65534 \
		    --regid=65534 --clear-groups "$py" client.py "$sock" \
		    'sandbox/read:on'
	fi
	kill $pid
	wait $pid || true
	# syd as nobody: root may still talk to it, although syd may not
	# signal root (the peer's liveness check must not take EPERM for
	# gone).
	nsock="@syd-ipc-nobody-$$"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$(SYD_BIN)" \
	    -plib -m "ipc:$nsock" -- /bin/busybox sleep 30 &
	pid=$!
	sleep 0.5
	atf_check -o inline:'{"ok":false,"errno":2}\n' \
	    python3 client.py "$nsock" 'sandbox/read?'
	kill $pid
	wait $pid || true
}

atf_test_case threads_confined
threads_confined_head()
{
	atf_set descr "every syd thread but main runs under its own seccomp" \
	    "filter, and an emulator cannot make a call outside its list"
}
threads_confined_body()
{
	"$(SYD_BIN)" -poff -m sandbox/read:on -m 'allow/read+/***' -- \
	    /bin/busybox sleep 3 2>/dev/null &
	pid=$!
	sleep 1
	n=0
	for t in /proc/$pid/task/*; do
		[ "${t##*/}" = "$pid" ] && continue
		grep -q '^Seccomp:[[:space:]]*2' "$t/status" ||
		    atf_fail "thread ${t##*/} is not filtered"
		n=$((n + 1))
	done
	[ "$n" -ge 3 ] || atf_fail "only $n syd threads"
	wait $pid
	# The open is notified: an emulator serves it, after its fault test
	# (true alone may end before any emulator started).
	SYD_FAULT_FORBIDDEN=1 "$(SYD_BIN)" -poff -m sandbox/read:on \
	    -m 'allow/read+/***' -- /bin/busybox cat /etc/hostname \
	    >/dev/null 2>err
	grep -q '"op":"fault".*returned -1"' err ||
	    atf_fail "the forbidden call did not fail with EPERM: $(cat err)"
}

atf_test_case export_filters
export_filters_head()
{
	atf_set descr "-E pfc prints one section per filter, -E bpf writes" \
	    "them and refuses to overwrite"
}
export_filters_body()
{
	atf_check -o save:pfc "$(SYD_BIN)" -E pfc -poff -- true
	for t in sandbox monitor emulator interrupter timeout ipc; do
		grep -q "^# syd $t rules" pfc || atf_fail "no $t section"
	done
	atf_check "$(SYD_BIN)" -E bpf -poff -- true
	for t in sandbox monitor emulator interrupter timeout ipc; do
		[ -s "syd_$t.bpf" ] || atf_fail "no syd_$t.bpf"
	done
	atf_check -s exit:100 -e match:'syd_sandbox.bpf' \
	    "$(SYD_BIN)" -E bpf -poff -- true
}

atf_init_test_cases()
{
	atf_add_test_case ipc_rules
	atf_add_test_case ipc_bounds
	atf_add_test_case threads_confined
	atf_add_test_case export_filters
}
