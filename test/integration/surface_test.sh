#! /usr/bin/env atf-sh
# syd 3.52's settings surface (test/compat/syd352-keys.tsv, README): every
# key either works with syd 3's meaning (its state shows in the /dev/syd
# JSON) or is refused, exit 100, "not supported by this build: WHY", from
# -m, -P and /dev/syd alike; the restrictions behind the trace/allow_unsafe
# names hold against the kernel; logs: one record per event, id and sid,
# log/verbose, log/syslog.

. "$(atf_get_srcdir)/common.subr"

TOP() { atf_config_get bindir; }
TSV() { echo "$(TOP)/test/compat/syd352-keys.tsv"; }


# One row's example as -m words: "A ;; B" is two commands.
mwords()
{
	printf '%s\n' "$1" | sed 's/ ;; /\n/g' | while IFS= read -r c; do
		printf -- '-m\n%s\n' "$c"
	done
}

atf_test_case table_walk
table_walk_head()
{
	atf_set descr "each key of syd352-keys.tsv: yes changes the" \
	    "/dev/syd JSON state (or is accepted), no exits 100 with" \
	    "'not supported by this build'"
	atf_set timeout 600
}
table_walk_body()
{
	SYD=$(syd_bare)
	: >empty.syd-3
	tab=$(printf '\t')
	fails=
	n=0
	while IFS="$tab" read -r key ex state check src; do
		case $key in '#'*|'') continue ;; esac
		n=$((n + 1))
		IFS='
'
		# shellcheck disable=SC2046
		set -- $(mwords "$ex")
		unset IFS
		case $check in
		json)
			"$SYD" -m allow/write+/surface-marker -m stat "$@" \
			    -m stat -- true </dev/null >/dev/null 2>err
			rc=$?
			grep '^{"api"' err >js
			ok=yes
			[ "$rc" != 100 ] && [ "$(wc -l <js)" = 2 ] &&
			    [ "$(sed -n 1p js)" != "$(sed -n 2p js)" ] || ok=no
			;;
		accept)
			"$SYD" "$@" -- true </dev/null >/dev/null 2>err
			rc=$?
			ok=yes
			[ "$rc" != 100 ] || ok=no
			;;
		file)
			printf '%s\n' "$ex" >f.syd-3
			"$SYD" -P f.syd-3 -- true </dev/null >/dev/null 2>err
			rc=$?
			ok=yes
			[ "$rc" != 100 ] || ok=no
			;;
		refuse)
			"$SYD" "$@" -- true </dev/null >/dev/null 2>err
			rc=$?
			ok=yes
			[ "$rc" = 100 ] &&
			    grep -q 'not supported by this build: .' err || ok=no
			;;
		exit:*)
			"$SYD" "$@" -- true </dev/null >/dev/null 2>err
			rc=$?
			ok=yes
			[ "$rc" = "${check#exit:}" ] || ok=no
			;;
		skip:*)
			continue ;;
		*)
			atf_fail "$key: unknown check '$check'" ;;
		esac
		[ $ok = yes ] && continue
		fails="$fails
$key ($check, rc $rc): $(grep -v '^{' err | head -1)"
	done <"$(TSV)"
	[ "$n" -gt 200 ] || atf_fail "only $n rows in $(TSV)"
	[ -z "$fails" ] || atf_fail "rows that do not hold:$fails"
}

atf_test_case refused_everywhere
refused_everywhere_head()
{
	atf_set descr "a refused key is refused from a -P file and at run" \
	    "time through /dev/syd too, where the state stays as it was"
	atf_set timeout 300
}
refused_everywhere_body()
{
	SYD=$(syd_path)
	tab=$(printf '\t')
	fails=
	while IFS="$tab" read -r key ex state check src; do
		[ "$check" = refuse ] || continue
		printf '%s\n' "$ex" >r.syd-3
		"$SYD" -P r.syd-3 -- true </dev/null >/dev/null 2>err
		rc=$?
		[ "$rc" = 100 ] && grep -q 'not supported by this build' err ||
		    fails="$fails
-P $ex: rc $rc $(head -1 err)"
		"$SYD" -poff -m lock:exec -- "$BB" sh -c \
		    'cat /dev/syd >a; stat "/dev/syd/$1" >/dev/null 2>&1 &&
		     echo took; cat /dev/syd >b; cmp -s a b || echo changed' \
		    sh "$ex" </dev/null >out 2>err
		[ ! -s out ] || fails="$fails
/dev/syd/$ex: $(cat out | tr '\n' ' ')"
	done <"$(TSV)"
	[ -z "$fails" ] || atf_fail "not refused:$fails"
}

atf_test_case start_only
start_only_head()
{
	atf_set descr "the hatches the filter or the start applies are" \
	    "refused at run time through /dev/syd, the state unchanged"
}
start_only_body()
{
	SYD=$(syd_path)
	for k in keyring syslog time namespace env caps debug ebpf ptrace \
	    deprecated page_cache oob nice sync; do
		"$SYD" -poff -m lock:off -- "$BB" sh -c 'cat /dev/syd >a
		    stat "/dev/syd/trace/allow_unsafe_$1:1" >/dev/null 2>&1 &&
		    echo took; cat /dev/syd >b; cmp -s a b || echo changed' \
		    sh "$k" >out 2>err
		[ ! -s out ] || atf_fail "$k at run time: $(cat out)"
	done
	"$SYD" -poff -m lock:off -- "$BB" sh -c \
	    'stat /dev/syd/trace/allow_unsafe_sysinfo:1 >/dev/null && echo took' \
	    >out 2>err
	[ "$(cat out)" = took ] || atf_fail "sysinfo:1 at run time: $(cat err)"
}

atf_test_case readme_in_sync
readme_in_sync_head()
{
	atf_set descr "README's key table is the one syd352-keys.tsv makes"
	atf_set require.progs python3
}
readme_in_sync_body()
{
	python3 "$(TOP)/mk/surface_table.py" "$(TSV)" >want ||
	    atf_fail "surface_table.py failed"
	awk '/<!-- syd352-keys:begin/{on=1; next} /<!-- syd352-keys:end/{on=0}
	    on && NF' "$(TOP)/README.md" >have
	diff -u want have >d || atf_fail "README table differs (make" \
	    "surface-table): $(head -20 d)"
}

atf_test_case keywords_in_table
keywords_in_table_head()
{
	atf_set descr "every keyword syd --commands prints that is a key is" \
	    "a row of syd352-keys.tsv"
}
keywords_in_table_body()
{
	"$(syd_bare)" --commands | grep / | sort -u >words
	cut -f1 "$(TSV)" | sed 's/ (.*//; s/:0$//' | sort -u >keys
	missing=
	while read -r w; do
		case $w in
		allow/lock/*|trace/allow_unsafe_*|segvguard/*|tpe/|rlimit/|\
		    unshare/|crypt/*|mem/*|pid/*|log/*|config/*|name/*|root/*|\
		    proxy/|pty/|trace/*|sandbox/*)
			;;
		*) continue ;;
		esac
		case $w in
		*/) grep -q "^${w}" keys || missing="$missing $w" ;;
		*) grep -qxF "$w" keys || missing="$missing $w" ;;
		esac
	done <words
	[ -z "$missing" ] || atf_fail "keywords with no row:$missing"
}

# ---- the restrictions behind trace/allow_unsafe_* -------------------------

# py CODE: python3 -c CODE natively, printing OK or the errno name.
PYCALL='import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
def call(nr, *a):
    r = libc.syscall(nr, *[ctypes.c_long(x) for x in a])
    print("OK" if r >= 0 else errno.errorcode[ctypes.get_errno()])
'

# hatch NAME CODE: CODE succeeds natively, fails with EPERM in the sandbox,
# succeeds again with trace/allow_unsafe_NAME:1 (and the extra words).
hatch()
{
	_name=$1 _code=$2
	shift 2
	SYD=$(syd_bare)
	python3 -c "$PYCALL$_code" >native 2>&1
	[ "$(cat native)" = OK ] || atf_skip "$_name: natively: $(cat native)"
	"$SYD" -poff -- python3 -c "$PYCALL$_code" >boxed 2>&1
	[ "$(cat boxed)" = EPERM ] ||
	    atf_fail "$_name: in the sandbox: $(cat boxed), not EPERM"
	"$SYD" -poff -m "trace/allow_unsafe_$_name:1" "$@" -- \
	    python3 -c "$PYCALL$_code" >hatch 2>&1
	[ "$(cat hatch)" = OK ] ||
	    atf_fail "$_name: with trace/allow_unsafe_$_name:1: $(cat hatch)"
}

atf_test_case unsafe_keyring
unsafe_keyring_head()
{
	atf_set descr "keyctl(2) is EPERM unless trace/allow_unsafe_keyring"
	atf_set require.progs python3
}
unsafe_keyring_body()
{
	# keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 1)
	hatch keyring "call(250 if os.uname().machine == 'x86_64' else 219,
	    0, -3, 1)"
}

atf_test_case unsafe_syslog
unsafe_syslog_head()
{
	atf_set descr "syslog(2) is EPERM unless trace/allow_unsafe_syslog"
	atf_set require.progs python3
}
unsafe_syslog_body()
{
	# SYSLOG_ACTION_SIZE_BUFFER (10): with dmesg_restrict it needs
	# CAP_SYSLOG, which syd drops unless trace/allow_unsafe_caps.
	hatch syslog "call(103 if os.uname().machine == 'x86_64' else 116,
	    10, 0, 0)" -m trace/allow_unsafe_caps:1
}

atf_test_case unsafe_time
unsafe_time_head()
{
	atf_set descr "adjtimex(2), even a read, is EPERM unless" \
	    "trace/allow_unsafe_time"
	atf_set require.progs python3
}
unsafe_time_body()
{
	# struct timex with modes 0: a query that changes nothing.
	hatch time "buf = ctypes.create_string_buffer(512)
call(159 if os.uname().machine == 'x86_64' else 171, ctypes.addressof(buf))"
}

atf_test_case unsafe_deprecated
unsafe_deprecated_head()
{
	atf_set descr "sysfs(2), a deprecated call, is EPERM unless" \
	    "trace/allow_unsafe_deprecated"
	atf_set require.progs python3
}
unsafe_deprecated_body()
{
	[ "$(uname -m)" = x86_64 ] ||
	    atf_skip "sysfs(2) is not a call of $(uname -m)"
	# sysfs(3): the number of filesystem types the kernel knows.
	hatch deprecated "call(139, 3)"
}

atf_test_case unsafe_page_cache
unsafe_page_cache_head()
{
	atf_set descr "mincore(2) and cachestat(2) are EPERM unless" \
	    "trace/allow_unsafe_page_cache"
	atf_set require.progs python3
}
unsafe_page_cache_body()
{
	# mincore over one page of an anonymous mapping.
	hatch page_cache "import mmap
m = mmap.mmap(-1, 4096)
vec = ctypes.create_string_buffer(8)
call(27 if os.uname().machine == 'x86_64' else 232,
    ctypes.addressof(ctypes.c_char.from_buffer(m)), 4096,
    ctypes.addressof(vec))"
	# cachestat (Linux 6.5) of a file's first byte range.
	hatch page_cache "fd = os.open('/proc/self/exe', os.O_RDONLY)
rng = (ctypes.c_uint64 * 2)(0, 0)
cs = (ctypes.c_uint64 * 5)()
call(451, fd, ctypes.addressof(rng), ctypes.addressof(cs), 0)"
}

# MSG_OOB over an AF_UNIX stream pair (CONFIG_AF_UNIX_OOB): send, then
# receive the urgent byte; OK or the first errno name.
OOB='import errno, socket
a, b = socket.socketpair()
try:
    a.send(b"x", socket.MSG_OOB)
    print("OK" if b.recv(1, socket.MSG_OOB) == b"x" else "lost")
except OSError as e:
    print(errno.errorcode[e.errno])
'

atf_test_case unsafe_oob
unsafe_oob_head()
{
	atf_set descr "send and recv with MSG_OOB are EPERM unless" \
	    "trace/allow_unsafe_oob, with the send calls notified too"
	atf_set require.progs python3
}
unsafe_oob_body()
{
	SYD=$(syd_bare)
	python3 -c "$OOB" >native 2>&1
	[ "$(cat native)" = OK ] || atf_skip "MSG_OOB natively: $(cat native)"
	"$SYD" -poff -- python3 -c "$OOB" >boxed 2>&1
	[ "$(cat boxed)" = EPERM ] || atf_fail "in the sandbox: $(cat boxed)"
	# sendto/sendmsg notified for net/connect: still refused in BPF.
	"$SYD" -poff -m sandbox/net/connect:on -m 'allow/net/connect+/***' \
	    -- python3 -c "$OOB" >boxed 2>&1
	[ "$(cat boxed)" = EPERM ] ||
	    atf_fail "with net/connect on: $(cat boxed)"
	# The receive side alone: recv(MSG_OOB) with nothing urgent fails
	# natively too, but not with EPERM.
	python3 -c 'import errno, socket
a, b = socket.socketpair()
try:
    b.recv(1, socket.MSG_OOB | socket.MSG_DONTWAIT)
except OSError as e:
    print(errno.errorcode[e.errno])' >native 2>&1
	"$SYD" -poff -- python3 -c 'import errno, socket
a, b = socket.socketpair()
try:
    b.recv(1, socket.MSG_OOB | socket.MSG_DONTWAIT)
except OSError as e:
    print(errno.errorcode[e.errno])' >boxed 2>&1
	[ "$(cat native)" != EPERM ] && [ "$(cat boxed)" = EPERM ] ||
	    atf_fail "recv MSG_OOB: native $(cat native), boxed $(cat boxed)"
	"$SYD" -poff -m trace/allow_unsafe_oob:1 -- python3 -c "$OOB" \
	    >hatch 2>&1
	[ "$(cat hatch)" = OK ] || atf_fail "with the hatch: $(cat hatch)"
	# Without MSG_OOB nothing changes, notified or not.
	"$SYD" -poff -m sandbox/net/connect:on -m 'allow/net/connect+/***' \
	    -- python3 -c 'import socket
a, b = socket.socketpair()
a.sendmsg([b"y"]); a.send(b"z"); print(b.recv(2).decode())' >plain 2>&1
	[ "$(cat plain)" = yz ] || atf_fail "plain send: $(cat plain)"
}

# noop NAME CODE [WORDS...]: CODE prints "OK" and what the call changed;
# in the sandbox (with WORDS) it prints OK with another result (the call
# returned 0 and did nothing), with trace/allow_unsafe_NAME:1 the native
# one again.
noop()
{
	_name=$1 _code=$2
	shift 2
	SYD=$(syd_bare)
	python3 -c "$PYCALL$_code" >native 2>&1
	"$SYD" -poff "$@" -- python3 -c "$PYCALL$_code" >boxed 2>&1
	"$SYD" -poff "$@" -m "trace/allow_unsafe_$_name:1" -- \
	    python3 -c "$PYCALL$_code" >hatch 2>&1
	case $(cat native) in
	"OK "*) ;;
	*) atf_skip "$_name: natively: $(cat native)" ;;
	esac
	[ "$(cat native)" != "$(cat boxed)" ] ||
	    atf_fail "$_name: the sandbox's call did the same: $(cat boxed)"
	case $(cat boxed) in
	"OK "*) ;;
	*) atf_fail "$_name: in the sandbox: $(cat boxed), not 0" ;;
	esac
	[ "$(cat hatch)" = "$(cat native)" ] ||
	    atf_fail "$_name: with the hatch: $(cat hatch), natively" \
	    "$(cat native)"
}

atf_test_case unsafe_nice
unsafe_nice_head()
{
	atf_set descr "setpriority(2) returns 0 and changes nothing unless" \
	    "trace/allow_unsafe_nice"
	atf_set require.progs python3
}
unsafe_nice_body()
{
	# One step nicer (allowed to anyone below 19), then read it back.
	noop nice "import sys
cur = os.getpriority(os.PRIO_PROCESS, 0)
if cur >= 19: print('already 19'); sys.exit()
r = libc.syscall(141 if os.uname().machine == 'x86_64' else 140, 0, 0,
    cur + 1)
print('OK' if r == 0 else 'rc %d' % r,
    os.getpriority(os.PRIO_PROCESS, 0) - cur)"
}

atf_test_case unsafe_sync
unsafe_sync_head()
{
	atf_set descr "syncfs(2) returns 0 and leaves dirty pages unless" \
	    "trace/allow_unsafe_sync (cachestat counts them)"
	atf_set require.progs python3
}
unsafe_sync_body()
{
	# A file's dirty pages after syncfs: none natively; written data
	# stays dirty within the writeback delay when syncfs did nothing.
	noop sync "import sys
fd = os.open('f', os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, b'x' * (1 << 20))
def dirty():
    cs = (ctypes.c_uint64 * 5)()
    rng = (ctypes.c_uint64 * 2)(0, 0)
    if libc.syscall(451, fd, ctypes.byref(rng), ctypes.byref(cs), 0) < 0:
        print('cachestat', errno.errorcode[ctypes.get_errno()]); sys.exit()
    return cs[1]
if dirty() == 0: print('no dirty pages here'); sys.exit()
r = libc.syscall(306 if os.uname().machine == 'x86_64' else 267, fd)
print('OK' if r == 0 else 'rc %d' % r, 'dirty' if dirty() else 'clean')" \
	    -m trace/allow_unsafe_page_cache:1
}

atf_test_case unsafe_namespace
unsafe_namespace_head()
{
	atf_set descr "unshare(2) of a namespace is EPERM unless" \
	    "trace/allow_unsafe_namespace names it"
	atf_set require.progs python3
}
unsafe_namespace_body()
{
	# unshare(CLONE_NEWUSER), then (CLONE_NEWUSER|CLONE_NEWNET) with only
	# user allowed.
	u="call(272 if os.uname().machine == 'x86_64' else 97, 0x10000000)"
	hatch namespace "$u"
	SYD=$(syd_bare)
	"$SYD" -poff -m trace/allow_unsafe_namespace:user -- python3 -c \
	    "${PYCALL}call(272 if os.uname().machine == 'x86_64' else 97,
	    0x50000000)" >out 2>&1
	[ "$(cat out)" = EPERM ] || atf_fail "user,net with user only: $(cat out)"
	"$SYD" -poff -m trace/allow_unsafe_namespace:user,net -- python3 -c \
	    "${PYCALL}call(272 if os.uname().machine == 'x86_64' else 97,
	    0x50000000)" >out 2>&1
	[ "$(cat out)" = OK ] || atf_fail "user,net allowed: $(cat out)"
}

atf_test_case unsafe_namespace_root
unsafe_namespace_root_head()
{
	atf_set descr "unshare(2) stays EPERM with syd as root and a path" \
	    "category on (unshare is then notified for the credential cache)"
	atf_set require.progs python3
}
unsafe_namespace_root_body()
{
	[ "$(id -u)" -eq 0 ] || atf_skip "needs syd to run as root"
	n="call(272 if os.uname().machine == 'x86_64' else 97, 0x40000000)"
	python3 -c "$PYCALL$n" >native 2>&1
	[ "$(cat native)" = OK ] || atf_skip "unshare(CLONE_NEWNET) natively: \
$(cat native)"
	SYD=$(syd_bare)
	"$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' -- python3 -c \
	    "$PYCALL$n" >out 2>&1
	[ "$(cat out)" = EPERM ] || atf_fail "net with read on: $(cat out)"
	"$SYD" -poff -m sandbox/read:on -m 'allow/read+/***' \
	    -m trace/allow_unsafe_namespace:net -- python3 -c "$PYCALL$n" \
	    >out 2>&1
	[ "$(cat out)" = OK ] || atf_fail "net allowed, read on: $(cat out)"
}

atf_test_case unsafe_namespace_clone_pid
unsafe_namespace_clone_pid_head()
{
	atf_set descr "clone(2) with CLONE_NEWUSER or CLONE_UNTRACED stays" \
	    "EPERM under sandbox/pid:on (whose notify rule for clone overlaps" \
	    "the refusals: the refusals must come first)"
	atf_set require.progs python3
}
unsafe_namespace_clone_pid_body()
{
	# clone(FLAGS | SIGCHLD) without a stack, as fork: the child exits.
	c="import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
def clone(f):
    r = libc.syscall(56 if os.uname().machine == 'x86_64' else 220,
        ctypes.c_long(f | 17), *[ctypes.c_long(0)] * 4)
    if r == 0:
        os._exit(0)
    if r > 0:
        os.waitpid(r, 0)
    print('OK' if r >= 0 else errno.errorcode[ctypes.get_errno()])
"
	SYD=$(syd_bare)
	for f in 0x10000000 0x00800000; do
		python3 -c "${c}clone($f)" >native 2>&1
		[ "$(cat native)" = OK ] || atf_skip "clone($f) natively: \
$(cat native)"
		"$SYD" -poff -m sandbox/pid:on -m pid/max:1000 -- python3 -c \
		    "${c}clone($f)" >out 2>&1
		[ "$(cat out)" = EPERM ] || atf_fail "clone($f), pid on: $(cat out)"
	done
	"$SYD" -poff -m sandbox/pid:on -m pid/max:1000 \
	    -m trace/allow_unsafe_namespace:user -- python3 -c \
	    "${c}clone(0x10000000)" >out 2>&1
	[ "$(cat out)" = OK ] || atf_fail "user allowed, pid on: $(cat out)"
}

atf_test_case unsafe_env
unsafe_env_head()
{
	atf_set descr "LD_PRELOAD is scrubbed unless trace/allow_unsafe_env"
}
unsafe_env_body()
{
	SYD=$(syd_path)
	LD_PRELOAD=/surface-none.so "$SYD" -poff -- "$BB" sh -c \
	    'echo "[$LD_PRELOAD]"' >out 2>/dev/null
	[ "$(cat out)" = "[]" ] || atf_fail "kept without the hatch: $(cat out)"
	LD_PRELOAD=/surface-none.so "$SYD" -poff -m trace/allow_unsafe_env:1 \
	    -- "$BB" sh -c 'echo "[$LD_PRELOAD]"' >out 2>/dev/null
	[ "$(cat out)" = "[/surface-none.so]" ] ||
	    atf_fail "scrubbed with the hatch: $(cat out)"
}

atf_test_case unsafe_caps
unsafe_caps_head()
{
	atf_set descr "the bounding set loses CAP_SYS_PTRACE & co. unless" \
	    "trace/allow_unsafe_caps (then it is syd's own)"
}
unsafe_caps_body()
{
	SYD=$(syd_path)
	native=$(grep CapBnd /proc/self/status)
	"$SYD" -poff -- "$BB" grep CapBnd /proc/self/status >out 2>/dev/null
	[ "$(cat out)" != "$native" ] ||
	    atf_skip "the bounding set has nothing to drop here: $native"
	"$SYD" -poff -m trace/allow_unsafe_caps:1 -- "$BB" grep CapBnd \
	    /proc/self/status >out 2>/dev/null
	[ "$(cat out)" = "$native" ] ||
	    atf_fail "with the hatch: $(cat out), natively: $native"
}

atf_test_case bind_noatime
bind_noatime_head()
{
	atf_set descr "bind+SRC:DST:noatime,nodiratime mounts with those" \
	    "options (as root)"
	atf_set require.user root
}
bind_noatime_body()
{
	SYD=$(syd_path)
	mkdir src
	"$SYD" -poff -m unshare/mount:1 -m "bind+$PWD/src:/mnt:noatime,nodiratime" \
	    -- "$BB" grep ' /mnt ' /proc/self/mountinfo >out 2>err ||
	    atf_fail "run: $(cat err)"
	grep -q 'noatime,nodiratime' out || atf_fail "mount: $(cat out)"
}

atf_test_case name_domain
name_domain_head()
{
	atf_set descr "name/domain:NAME sets the domain name in the" \
	    "sandbox's own UTS namespace, the host keeps its own"
}
name_domain_body()
{
	SYD=$(syd_path)
	native=$(cat /proc/sys/kernel/domainname)
	"$SYD" -poff -m name/domain:surface.example -- "$BB" cat \
	    /proc/sys/kernel/domainname >out 2>err || atf_fail "$(cat err)"
	[ "$(cat out)" = surface.example ] || atf_fail "in the sandbox: $(cat out)"
	[ "$(cat /proc/sys/kernel/domainname)" = "$native" ] ||
	    atf_fail "the host's changed"
}

atf_test_case safe_kcapi
safe_kcapi_head()
{
	atf_set descr "with a network category on, AF_ALG sockets are" \
	    "refused unless trace/allow_safe_kcapi"
	atf_set require.progs python3
}
safe_kcapi_body()
{
	SYD=$(syd_bare)
	alg='import socket
try:
    socket.socket(38, socket.SOCK_SEQPACKET, 0); print("OK")
except OSError as e:
    print(e.errno)'
	[ "$(python3 -c "$alg")" = OK ] ||
	    atf_skip "no AF_ALG natively: $(python3 -c "$alg")"
	"$SYD" -poff -m sandbox/net/connect:on -- python3 -c "$alg" >out
	[ "$(cat out)" = 97 ] || atf_fail "without the option: $(cat out)"
	"$SYD" -poff -m sandbox/net/connect:on -m trace/allow_safe_kcapi:1 \
	    -- python3 -c "$alg" >out
	[ "$(cat out)" = OK ] || atf_fail "with the option: $(cat out)"
}

# ---- logs -------------------------------------------------------------------

# A program the exec rules deny: a copy of $BB beside the test.
denied()
{
	cp "$BB" surface-denied || atf_fail "cannot copy $BB"
	D="$PWD/surface-denied"
	BBR=$(readlink -f "$BB")
}

# A denied program in $1/d1, found through PATH=$1/d2:$1/d1 where d2 is a
# link to d1: the same file twice on the PATH.
atf_test_case exec_denial_once
exec_denial_once_head()
{
	atf_set descr "a denied exec of COMMAND found twice on PATH (a" \
	    "directory and a link to it) is logged once"
}
exec_denial_once_body()
{
	SYD=$(syd_path)
	mkdir d1 && ln -s d1 d2 && cp "$BB" d1/surface-prog
	PATH="$PWD/d2:$PWD/d1:$PATH" "$SYD" -poff -m sandbox/exec:on \
	    -m 'allow/exec+/usr/**' -- surface-prog true >/dev/null 2>err
	n=$(grep -c '"cap":"exec".*surface-prog' err)
	[ "$n" = 1 ] || atf_fail "$n exec records: $(cat err)"
}

atf_test_case log_id_sid
log_id_sid_head()
{
	atf_set descr "records carry id (SYD_ID when given) and sid (the" \
	    "sandbox's session: the pid of the denied process's leader)"
}
log_id_sid_body()
{
	SYD=$(syd_path)
	denied
	SYD_ID=00c0ffee "$SYD" -poff -m sandbox/exec:on -m 'allow/exec+/usr/**' \
	    -m "allow/exec+$BBR" -- "$BB" sh -c \
	    'echo $$ >leader; exec "$0" true' "$D" 2>err
	grep -q '"id":"00c0ffee","sid":'"$(cat leader)"',"ctx":"access"' err ||
	    atf_fail "leader $(cat leader): $(cat err)"
	"$SYD" -poff -m sandbox/exec:on -m 'allow/exec+/usr/**' \
	    -m "allow/exec+$BBR" -- "$BB" sh -c 'exec "$0" true' "$D" 2>err
	grep -Eq '"id":"[0-9a-f]{32}"' err || atf_fail "no random id: $(cat err)"
}

atf_test_case log_verbose
log_verbose_head()
{
	atf_set descr "log/verbose:0 leaves cmd and cwd out of access records"
}
log_verbose_body()
{
	SYD=$(syd_path)
	denied
	for v in 1 0; do
		"$SYD" -poff -m log/verbose:$v -m sandbox/exec:on \
		    -m "allow/exec+$BBR" -- "$BB" sh -c 'exec "$0" true' "$D" \
		    2>err$v
		grep -q "\"path\":\"$D\"" err$v ||
		    atf_fail "no record with log/verbose:$v: $(cat err$v)"
	done
	grep -q '"cmd":.*"cwd":' err1 || atf_fail "verbose: $(cat err1)"
	! grep -q '"cmd":\|"cwd":' err0 || atf_fail "not verbose: $(cat err0)"
}

atf_test_case log_syslog_socket
log_syslog_socket_head()
{
	atf_set descr "log/syslog:1 sends each record as one datagram" \
	    "<PRI>syd[PID]: JSON to the syslog socket (SYD_SYSLOG_PATH)"
	atf_set require.progs python3
}
log_syslog_socket_body()
{
	SYD=$(syd_path)
	denied
	python3 - "$SYD" "$BB" "$D" >got 2>err <<'EOF' || atf_fail "$(cat err)"
import os, socket, subprocess, sys
syd, bb, d = sys.argv[1], sys.argv[2], sys.argv[3]
path = os.path.join(os.getcwd(), "log.sock")
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(10)
env = dict(os.environ, SYD_SYSLOG_PATH=path)
subprocess.run([syd, "-poff", "-m", "log/syslog:1", "-m", "sandbox/exec:on",
                "-m", "allow/exec+" + os.path.realpath(bb), "--", bb,
                "sh", "-c",
                'exec "$0" true', d], env=env, stderr=subprocess.DEVNULL)
print(s.recv(65536).decode())
EOF
	grep -Eq '^<12>syd\[[0-9]+\]: \{.*"path":"'"$D"'"' got ||
	    atf_fail "datagram: $(cat got)"
}

atf_test_case log_syslog_kmsg
log_syslog_kmsg_head()
{
	atf_set descr "log/syslog:1 with no syslog socket writes to" \
	    "/dev/kmsg (early boot), read back with dmesg"
	atf_set require.user root
}
log_syslog_kmsg_body()
{
	SYD=$(syd_path)
	[ -w /dev/kmsg ] || atf_skip "/dev/kmsg is not writable here"
	dmesg >/dev/null 2>&1 || atf_skip "dmesg cannot read the kernel log"
	m="$PWD/surface-kmsg-$$-$(date +%s)"
	cp "$BB" "$m"
	SYD_SYSLOG_PATH=/nonexistent/log "$SYD" -poff -m log/syslog:1 \
	    -m sandbox/exec:on -m "allow/exec+$(readlink -f "$BB")" -- \
	    "$BB" sh -c 'exec "$0" true' "$m" 2>err
	dmesg | grep -F "\"path\":\"$m\"" >got ||
	    atf_fail "no kernel log line with $m: $(cat err)"
	grep -q 'syd\[[0-9]*\]: {' got || atf_fail "line: $(cat got)"
}

atf_test_case log_syslog_runtime
log_syslog_runtime_head()
{
	atf_set descr "log/syslog:1 set at run time (lock:off) reaches" \
	    "records of every thread: the sink was opened by main at start," \
	    "so the timeout thread's record arrives too"
	atf_set require.progs python3
	atf_set timeout 60
}
log_syslog_runtime_body()
{
	SYD=$(syd_path)
	python3 - "$SYD" "$BB" >got 2>err <<'EOF' || atf_fail "$(cat err)"
import os, socket, subprocess, sys
syd, bb = sys.argv[1], sys.argv[2]
path = os.path.join(os.getcwd(), "log.sock")
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(5)
env = dict(os.environ, SYD_SYSLOG_PATH=path)
# The emulator that runs the command is not the thread that logs the
# timeout (syd_out): its record must reach the socket as well.
r = subprocess.run([syd, "-poff", "-m", "lock:off", "-m", "timeout:2s",
                    "--", bb, "sh", "-c",
                    'test -c /dev/syd/log/syslog:1 && echo on >&2; '
                    'exec "$0" sleep 30', bb],
                   env=env, stderr=subprocess.PIPE)
sys.stderr.write(r.stderr.decode())
print("rc", r.returncode)
try:
    while True:
        print(s.recv(65536).decode())
except socket.timeout:
    pass
EOF
	show got
	show err
	grep -qx on err || atf_fail "log/syslog:1 at run time failed"
	grep -qx "rc 124" got || atf_fail "not ended by the timeout"
	grep -Eq '^<12>syd\[[0-9]+\]: \{.*"ctx":"timeout"' got ||
	    atf_fail "no datagram from the timeout thread"
}

atf_test_case log_syslog_runtime_refused
log_syslog_runtime_refused_head()
{
	atf_set descr "log/syslog:1 at run time with no sink opened at" \
	    "start (no syslog socket, /dev/kmsg not writable) is refused:" \
	    "EOPNOTSUPP, 'not supported by this build', not taken"
	atf_set timeout 60
}
log_syslog_runtime_refused_body()
{
	SYD=$(syd_path)
	# No sink at start: no socket there and, as nobody, no /dev/kmsg.
	U=
	[ "$(id -u)" -ne 0 ] || { U=$NOBODY; chmod 0755 . 2>/dev/null; }
	$U "$BB" sh -c ': >/dev/kmsg' 2>/dev/null &&
	    atf_skip "/dev/kmsg is writable by $($U id -un) here"
	$U env SYD_LOG=notice SYD_SYSLOG_PATH=/nonexistent/log "$SYD" -poff \
	    -m lock:off -- "$BB" sh -c '
	    "$0" stat /dev/syd/log/syslog:1 >/dev/null 2>&1 && echo taken
	    "$0" stat /dev/syd/log/syslog:1 2>&1 | "$0" grep -io "not supported"
	    "$0" cat /dev/syd | "$0" grep -o "\"log_syslog\":-1"' "$BB" \
	    >out 2>err
	rc=$?
	show out
	show err
	[ $rc -eq 0 ] || atf_fail "syd exited $rc"
	! grep -q taken out || atf_fail "log/syslog:1 was taken"
	grep -qix "not supported" out || atf_fail "no EOPNOTSUPP"
	grep -qx '"log_syslog":-1' out || atf_fail "the state changed"
	grep -q 'log/syslog:1: not supported by this build: ' err ||
	    atf_fail "no refusal logged"
}

atf_init_test_cases()
{
	atf_add_test_case table_walk
	atf_add_test_case refused_everywhere
	atf_add_test_case start_only
	atf_add_test_case readme_in_sync
	atf_add_test_case keywords_in_table
	atf_add_test_case unsafe_keyring
	atf_add_test_case unsafe_syslog
	atf_add_test_case unsafe_time
	atf_add_test_case unsafe_deprecated
	atf_add_test_case unsafe_page_cache
	atf_add_test_case unsafe_oob
	atf_add_test_case unsafe_nice
	atf_add_test_case unsafe_sync
	atf_add_test_case unsafe_namespace
	atf_add_test_case unsafe_namespace_root
	atf_add_test_case unsafe_namespace_clone_pid
	atf_add_test_case unsafe_env
	atf_add_test_case unsafe_caps
	atf_add_test_case bind_noatime
	atf_add_test_case name_domain
	atf_add_test_case safe_kcapi
	atf_add_test_case exec_denial_once
	atf_add_test_case log_id_sid
	atf_add_test_case log_verbose
	atf_add_test_case log_syslog_socket
	atf_add_test_case log_syslog_kmsg
	atf_add_test_case log_syslog_runtime
	atf_add_test_case log_syslog_runtime_refused
}
