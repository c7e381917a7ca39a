#! /usr/bin/env atf-sh
# Smaller guarantees that have no test program of their own: connects to
# what the sandbox bound (trace/allow_safe_bind), PROT_EXEC by mprotect,
# set-id binaries, loader variables, rlimits, refusing unenforced settings.

. "$(atf_get_srcdir)/common.subr"

SYD_BIN() { syd_path; }

atf_test_case safe_bind
safe_bind_head()
{
	atf_set descr "trace/allow_safe_bind allows connects to what the" \
	    "sandbox bound itself, and nothing else"
	atf_set require.progs python3
}
safe_bind_body()
{
	cat >c.py <<'PY'
import socket, sys
l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
c = socket.socket()
try:
    c.connect(('127.0.0.1', l.getsockname()[1])); print('own:OK')
except OSError as e:
    print('own:ERR', e.errno)
d = socket.socket()
try:
    d.connect(('127.0.0.1', 1)); print('other:OK')
except OSError as e:
    print('other:ERR', e.errno)
PY
	atf_check -o inline:"own:OK\nother:ERR 13\n" -e ignore \
	    "$(SYD_BIN)" -poff -m sandbox/net:on -m trace/allow_safe_bind:1 \
	    -m 'allow/net/bind+loopback!0' -- python3 c.py
	atf_check -o inline:"own:ERR 13\nother:ERR 13\n" -e ignore \
	    "$(SYD_BIN)" -poff -m sandbox/net:on \
	    -m 'allow/net/bind+loopback!0' -- python3 c.py
}

atf_test_case mprotect_exec
mprotect_exec_head()
{
	atf_set descr "mprotect adding PROT_EXEC to a file mapping is" \
	    "checked against the exec rules"
	atf_set require.progs python3
}
mprotect_exec_body()
{
	cp /bin/busybox ./lib.bin
	cat >m.py <<'PY'
import ctypes, mmap, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                      ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
fd = os.open(sys.argv[1], os.O_RDONLY)
p = libc.mmap(None, 4096, mmap.PROT_READ, mmap.MAP_PRIVATE, fd, 0)
r = libc.mprotect(p, 4096, mmap.PROT_READ | mmap.PROT_EXEC)
print('OK' if r == 0 else 'ERR %d' % ctypes.get_errno())
PY
	atf_check -o inline:"ERR 13\n" -e match:'"cap":"exec"' \
	    "$(SYD_BIN)" -poff -m sandbox/exec:on -m 'allow/exec+/***' \
	    -m "deny/exec+$(pwd -P)/lib.bin" -- python3 m.py lib.bin
	atf_check -o inline:"OK\n" -e ignore \
	    "$(SYD_BIN)" -poff -m sandbox/exec:on -m 'allow/exec+/***' \
	    -- python3 m.py lib.bin
}

atf_test_case setid_refused
setid_refused_head()
{
	atf_set descr "a set-id binary is refused with a message naming" \
	    "no_new_privs"
	atf_set require.user root
}
setid_refused_body()
{
	cp /bin/busybox ./suid && chmod 4755 ./suid
	atf_check -s not-exit:0 -o empty -e match:'no_new_privs' \
	    "$(SYD_BIN)" -poff -m sandbox/exec:on -m 'allow/exec+/***' \
	    -- ./suid true
}

atf_test_case loader_env
loader_env_head()
{
	atf_set descr "LD_PRELOAD and friends are scrubbed unless -e sets them"
}
loader_env_body()
{
	atf_check -o inline:"[][]\n" env LD_PRELOAD=/x.so LD_AUDIT=/y.so \
	    "$(SYD_BIN)" -poff -- /bin/busybox sh -c \
	    'echo "[$LD_PRELOAD][$LD_AUDIT]"'
	atf_check -o inline:"[/z.so]\n" -e ignore env LD_PRELOAD=/x.so \
	    "$(SYD_BIN)" -poff -e LD_PRELOAD=/z.so -- /bin/busybox sh -c \
	    'echo "[$LD_PRELOAD]"'
}

atf_test_case rlimit_nofile
rlimit_nofile_head()
{
	atf_set descr "rlimit/nofile:16 is what the command sees"
}
rlimit_nofile_body()
{
	atf_check -o inline:"16\n" "$(SYD_BIN)" -poff -m rlimit/nofile:16 -- \
	    /bin/busybox sh -c 'ulimit -n'
}

atf_test_case unenforced_refused
unenforced_refused_head()
{
	atf_set descr "a setting syd cannot enforce as configured (crypt" \
	    "without a key) stops syd before the command runs"
}
unenforced_refused_body()
{
	for m in sandbox/crypt:on; do
		atf_check -s exit:100 -e match:"^syd: .*needs a key" \
		    "$(SYD_BIN)" -poff -m "$m" -m "crypt+$(pwd)/**" -- \
		    /bin/busybox touch marker
		[ ! -e marker ] || atf_fail "$m: the command ran"
	done
}

atf_init_test_cases()
{
	atf_add_test_case safe_bind
	atf_add_test_case mprotect_exec
	atf_add_test_case setid_refused
	atf_add_test_case loader_env
	atf_add_test_case rlimit_nofile
	atf_add_test_case unenforced_refused
}
