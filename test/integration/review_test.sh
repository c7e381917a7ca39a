#! /usr/bin/env atf-sh
# Escapes found by a review of the emulation code, each fixed after the
# fact: these tests keep them closed.

. "$(atf_get_srcdir)/common.subr"

SYD_BIN() { syd_path; }

atf_test_case unix_addr_overflow
unix_addr_overflow_head()
{
	atf_set descr "an AF_UNIX address of 128 bytes with a NUL early does" \
	    "not overflow syd's buffer: EINVAL, syd lives"
	atf_set require.progs python3
}
unix_addr_overflow_body()
{
	cat >o.py <<'PY'
import ctypes, socket, struct
libc = ctypes.CDLL(None, use_errno=True)
s = socket.socket(socket.AF_UNIX)
addr = struct.pack('H', socket.AF_UNIX) + b'/x\0' + b'A' * 123
r = libc.connect(s.fileno(), addr, len(addr))
print('rc', r, 'errno', ctypes.get_errno())
PY
	atf_check -o inline:"rc -1 errno 22\n" -e ignore "$(SYD_BIN)" -poff \
	    -m sandbox/net:on -m 'allow/net/connect+/***' -- python3 o.py
}

atf_test_case ipc_from_inside
ipc_from_inside_head()
{
	atf_set descr "the sandbox cannot configure syd through its IPC" \
	    "socket, with or without network checking"
	atf_set require.progs python3
	atf_set timeout 60
}
ipc_from_inside_body()
{
	cat >i.py <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect('\0' + sys.argv[1][1:])
except OSError as e:
    print('connect', e.errno); sys.exit(0)
try:
    s.sendall(b'sandbox/read:off\n')
except (BrokenPipeError, ConnectionResetError):
    pass  # refused peers get their answer, then the door closes
print('reply', s.recv(100).decode().strip())
PY
	sock="@syd-review-$$"
	atf_check -o inline:"connect 13\n" -e ignore "$(SYD_BIN)" -plib \
	    -m "ipc:$sock" -m sandbox/net:on -m 'allow/net/connect+@**' -- \
	    python3 i.py "$sock"
	# Without net checking: an IPC socket lets rules change under any
	# lock, so connect is notified (syd(2) ipc) and syd refuses the
	# sandbox its own socket all the same.
	atf_check -o inline:"connect 13\n" -e ignore \
	    "$(SYD_BIN)" -poff -m "ipc:$sock" -- python3 i.py "$sock"
}

atf_test_case userns_caps
userns_caps_head()
{
	atf_set descr "capabilities gained in a new user namespace do not" \
	    "open files outside it"
	atf_set require.user root
}
userns_caps_body()
{
	py=/usr/bin/python3
	[ -x "$py" ] || atf_skip "no system python3"
	echo TOPSECRET >secret && chmod 0600 secret
	chmod 0755 .
	cat >u.py <<'PY'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.unshare(0x10000000) != 0:   # CLONE_NEWUSER
    print('nouserns'); sys.exit(0)
try:
    os.setgroups([])
except OSError:
    pass
try:
    print(open(sys.argv[1]).read().strip())
except OSError as e:
    print('denied', e.errno)
PY
	chmod 0644 u.py
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$py" u.py \
	    "$(pwd -P)/secret" 2>/dev/null)
	[ "$out" = nouserns ] && atf_skip "user namespaces are not allowed" \
	    "natively"
	# By default the sandbox makes no user namespace at all
	# (trace/allow_unsafe_namespace); with it allowed, the capabilities
	# gained there still open nothing outside it.
	out=$("$(SYD_BIN)" -poff -m sandbox/read:on -m 'allow/read+/***' -- \
	    setpriv --reuid=65534 --regid=65534 --clear-groups "$py" u.py \
	    "$(pwd -P)/secret" 2>/dev/null)
	[ "$out" = nouserns ] || atf_fail "default: got: $out"
	out=$("$(SYD_BIN)" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m trace/allow_unsafe_namespace:user -- \
	    setpriv --reuid=65534 --regid=65534 --clear-groups "$py" u.py \
	    "$(pwd -P)/secret" 2>/dev/null)
	[ "$out" = "denied 13" ] || atf_fail "got: $out"
}

atf_test_case rename_dir_out
rename_dir_out_head()
{
	atf_set descr "renaming a directory cannot carry a denied file out" \
	    "from under its rule; RENAME_EXCHANGE checks both sides"
	atf_set require.progs python3
}
rename_dir_out_body()
{
	W=$(pwd -P)
	mkdir -p x/secretdir ok
	echo SECRET >x/secretdir/secret
	echo a >ok/a
	cat >r.py <<'PY'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
w = sys.argv[1]
try:
    os.rename(w + '/x/secretdir', w + '/x/moved'); print('rename ok')
except OSError as e:
    print('rename', e.errno)
r = libc.renameat2(-100, (w + '/ok/a').encode(), -100,
    (w + '/x/secretdir/secret').encode(), 2)
print('exchange', 0 if r == 0 else ctypes.get_errno())
for p in ('/x/moved/secret', '/ok/a'):
    try:
        print(p, open(w + p).read().strip())
    except OSError as e:
        print(p, e.errno)
PY
	atf_check -o inline:"rename 13\nexchange 13\n/x/moved/secret 2\n/ok/a a\n" \
	    -e ignore "$(SYD_BIN)" -poff -m sandbox/read,rename:on \
	    -m 'allow/read,rename+/***' -m "deny/read+$W/x/secretdir/***" -- \
	    python3 r.py "$W"
}

atf_test_case mprotect_range
mprotect_range_head()
{
	atf_set descr "mprotect(PROT_EXEC) over several mappings checks each"
	atf_set require.progs python3
}
mprotect_range_body()
{
	cp /bin/busybox ./denied.bin
	cat >m.py <<'PY'
import ctypes, mmap, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                      ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
base = libc.mmap(None, 8192, mmap.PROT_READ, mmap.MAP_PRIVATE |
                 mmap.MAP_ANONYMOUS, -1, 0)
fd = os.open(sys.argv[1], os.O_RDONLY)
libc.mmap(base + 4096, 4096, mmap.PROT_READ, mmap.MAP_PRIVATE | 0x10, fd, 0)
r = libc.mprotect(base, 8192, mmap.PROT_READ | mmap.PROT_EXEC)
print('OK' if r == 0 else 'ERR %d' % ctypes.get_errno())
PY
	# The exec check is what this is about: W^X (which refuses every
	# mprotect adding PROT_EXEC) is lifted.
	atf_check -o inline:"ERR 13\n" -e match:'"cap":"exec"' \
	    "$(SYD_BIN)" -poff -m trace/allow_unsafe_memory:1 \
	    -m sandbox/exec:on -m 'allow/exec+/***' \
	    -m "deny/exec+$(pwd -P)/denied.bin" -- python3 m.py denied.bin
}

atf_init_test_cases()
{
	atf_add_test_case unix_addr_overflow
	atf_add_test_case ipc_from_inside
	atf_add_test_case userns_caps
	atf_add_test_case rename_dir_out
	atf_add_test_case mprotect_range
}
