#! /usr/bin/env atf-sh
# Smaller guarantees that have no test program of their own: connects to
# what the sandbox bound (trace/allow_safe_bind), PROT_EXEC by mprotect
# and mmap next to W^X,
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
	# The exec check of mprotect is what this is about: W^X (which
	# refuses every mprotect adding PROT_EXEC) is lifted.
	atf_check -o inline:"ERR 13\n" -e match:'"cap":"exec"' \
	    "$(SYD_BIN)" -poff -m trace/allow_unsafe_memory:1 \
	    -m sandbox/exec:on -m 'allow/exec+/***' \
	    -m "deny/exec+$(pwd -P)/lib.bin" -- python3 m.py lib.bin
	atf_check -o inline:"OK\n" -e ignore \
	    "$(SYD_BIN)" -poff -m trace/allow_unsafe_memory:1 \
	    -m sandbox/exec:on -m 'allow/exec+/***' \
	    -- python3 m.py lib.bin
	# W^X on (the default): refused in the filter, whatever the rules.
	atf_check -o inline:"ERR 13\n" -e not-match:'"cap":"exec"' \
	    "$(SYD_BIN)" -poff -m sandbox/exec:on -m 'allow/exec+/***' \
	    -- python3 m.py lib.bin
}

atf_test_case wx_mmap_exec
wx_mmap_exec_head()
{
	atf_set descr "with W^X on (the default), a private PROT_EXEC file" \
	    "mapping is still checked against the exec rules, a shared one" \
	    "and a writable one are refused"
	atf_set require.progs python3
}
wx_mmap_exec_body()
{
	cp /bin/busybox ./lib.bin
	cp /bin/busybox ./ok.bin
	cat >m.py <<'PY'
import ctypes, mmap, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                      ctypes.c_int, ctypes.c_int, ctypes.c_long]
fd = os.open(sys.argv[1], os.O_RDONLY)
prot = {'rx': mmap.PROT_READ | mmap.PROT_EXEC,
        'rwx': mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC}
flags = {'private': mmap.MAP_PRIVATE, 'shared': mmap.MAP_SHARED}
p = libc.mmap(None, 4096, prot[sys.argv[2]], flags[sys.argv[3]], fd, 0)
print('OK' if p != ctypes.c_void_p(-1).value else
      'ERR %d' % ctypes.get_errno())
PY
	P="-poff -m sandbox/exec:on -m allow/exec+/*** -m deny/exec+$(pwd -P)/lib.bin"
	# Natively every one of them maps.
	for a in "rx private" "rx shared" "rwx private"; do
		atf_check -o inline:"OK\n" python3 m.py ok.bin $a
	done
	# shellcheck disable=SC2086
	atf_check -o inline:"ERR 13\n" -e match:'"cap":"exec"' \
	    "$(SYD_BIN)" $P -- python3 m.py lib.bin rx private
	# shellcheck disable=SC2086
	atf_check -o inline:"OK\n" -e ignore \
	    "$(SYD_BIN)" $P -- python3 m.py ok.bin rx private
	for a in "rx shared" "rwx private"; do
		# shellcheck disable=SC2086
		atf_check -o inline:"ERR 13\n" -e ignore \
		    "$(SYD_BIN)" $P -- python3 m.py ok.bin $a
		# shellcheck disable=SC2086
		atf_check -o inline:"OK\n" -e ignore "$(SYD_BIN)" $P \
		    -m trace/allow_unsafe_memory:1 -- python3 m.py ok.bin $a
	done
}

atf_test_case mdwe
mdwe_head()
{
	atf_set descr "the sandbox runs with PR_SET_MDWE where the kernel" \
	    "has it (Linux 6.3), not with trace/allow_unsafe_memory;" \
	    "syd --info says which W^X enforcement is in use"
}
mdwe_body()
{
	H=$(helper cpu_prctl)
	atf_check -o save:native "$H" mdwe
	if grep -q '^mdwe -1$' native; then
		atf_check -o match:'W\^X .*: seccomp only' "$(SYD_BIN)" --info
		atf_check -o inline:"mdwe -1\n" "$(SYD_BIN)" -poff -- "$H" mdwe
		atf_skip "no PR_GET_MDWE before Linux 6.3: the filter alone" \
		    "enforces W^X here (checked by escape_test:wx)"
	fi
	atf_check -o inline:"mdwe 0\n" cat native
	atf_check -o match:'W\^X .*: prctl PR_SET_MDWE and seccomp' \
	    "$(SYD_BIN)" --info
	atf_check -o inline:"mdwe 1\n" "$(SYD_BIN)" -poff -- "$H" mdwe
	atf_check -o inline:"mdwe 1\n" "$(SYD_BIN)" -poff -- \
	    /bin/busybox sh -c "exec $H mdwe"
	atf_check -o inline:"mdwe 0\n" "$(SYD_BIN)" -poff \
	    -m trace/allow_unsafe_memory:1 -- "$H" mdwe
	atf_check -o inline:"trace/allow_unsafe_memory:1\n" \
	    "$(syd_bare)" -p nomem --print
	atf_check -o inline:"mdwe 0\n" "$(SYD_BIN)" -poff -p nomem -- "$H" mdwe
}

atf_test_case deny_tsc
deny_tsc_head()
{
	atf_set descr "trace/deny_tsc:1 makes rdtsc fault (PR_TSC_SIGSEGV)" \
	    "for good; off by default; refused where there is no PR_SET_TSC"
}
deny_tsc_body()
{
	H=$(helper cpu_prctl)
	case $(uname -m) in
	x86_64) ;;
	*)
		atf_check -s exit:100 -e match:'not supported on this arch' \
		    "$(SYD_BIN)" -poff -m trace/deny_tsc:1 -- /bin/busybox true
		atf_check "$(SYD_BIN)" -poff -m trace/deny_tsc:0 -- \
		    /bin/busybox true
		return 0 ;;
	esac
	# Off by default: the counter reads as natively.
	atf_check -o inline:"tsc 1\nrdtsc ok\n" "$H" tsc
	atf_check -o inline:"tsc 1\nrdtsc ok\n" "$(SYD_BIN)" -poff -- "$H" tsc
	# On: set for the sandbox, through exec, and it cannot be undone
	# (where the CPU honours it, the rdtsc after the line faults).
	atf_check -s ignore -o match:'^tsc 2$' "$(SYD_BIN)" -poff \
	    -m trace/deny_tsc:1 -- /bin/busybox sh -c "exec $H tsc"
	atf_check -o inline:"settsc 1\n" "$(SYD_BIN)" -poff \
	    -m trace/deny_tsc:1 -- "$H" settsc
	# Whether rdtsc then faults is the CPU's (a hypervisor may not
	# honour CR4.TSD): the kernel is the oracle.
	"$H" selftsc >self 2>&1 && grep -q 'rdtsc ok' self &&
	    atf_skip "rdtsc does not fault here even natively with" \
	    "PR_TSC_SIGSEGV (hypervisor): only the mode is checked"
	atf_check -s exit:139 -o inline:"tsc 2\n" "$(SYD_BIN)" -poff \
	    -m trace/deny_tsc:1 -- "$H" tsc
}

atf_test_case write_exec
write_exec_head()
{
	atf_set descr "a file written through an open syd performed, closed" \
	    "and executed at once does not fail with ETXTBSY (syd's copy is" \
	    "closed before the open returns)"
}
write_exec_body()
{
	H=$(helper write_exec)
	atf_check -o inline:"etxtbsy 0/300\n" "$H" "$(pwd -P)" 300
	# Write opens always reach syd (/proc/PID/mem), with or without the
	# write category.
	atf_check -o inline:"etxtbsy 0/300\n" "$(SYD_BIN)" -poff -- \
	    "$H" "$(pwd -P)" 300
	atf_check -o inline:"etxtbsy 0/300\n" "$(SYD_BIN)" -poff \
	    -m sandbox/write,create:on -m 'allow/write,create+/***' -- \
	    "$H" "$(pwd -P)" 300
}

atf_test_case setid_refused
setid_refused_head()
{
	atf_set descr "a set-id binary is refused with a message naming" \
	    "no_new_privs, executed by name or by an fd of it (execveat" \
	    "AT_EMPTY_PATH, fexecve); EACCES where the kernel refuses first"
	atf_set require.user root
}
setid_refused_body()
{
	cp /bin/busybox ./suid && chmod 4755 ./suid
	atf_check -s not-exit:0 -o empty -e match:'no_new_privs' \
	    "$(SYD_BIN)" -poff -m sandbox/exec:on -m 'allow/exec+/***' \
	    -- ./suid true
	atf_check -s exit:1 -o inline:"ERR execveat EPERM\n" \
	    -e match:'no_new_privs' \
	    "$(SYD_BIN)" -poff -m sandbox/exec:on -m 'allow/exec+/***' \
	    -- "$(helper exec_opath)" ./suid suid true
	# What the kernel refuses anyway keeps its own answer, EACCES, as
	# natively: a set-gid directory, a set-uid file the target may not
	# execute (mode 4700 for uid 65534).
	X=$(helper exec_opath)
	mkdir sgdir && chmod 2775 sgdir
	cp /bin/busybox ./s700 && chmod 4700 ./s700 && chmod 0755 .
	atf_check -s exit:1 -o inline:"ERR execveat EACCES\n" "$X" ./sgdir sg
	atf_check -s exit:1 -o inline:"ERR execveat EACCES\n" \
	    $NOBODY "$X" ./s700 s700 true
	atf_check -s exit:1 -o inline:"ERR execveat EACCES\n" \
	    -e not-match:'no_new_privs' \
	    "$(SYD_BIN)" -poff -m sandbox/exec:on -m 'allow/exec+/***' \
	    -- "$X" ./sgdir sg
	atf_check -s exit:1 -o inline:"ERR execveat EACCES\n" \
	    -e not-match:'no_new_privs' \
	    "$(SYD_BIN)" -poff -m sandbox/exec:on -m 'allow/exec+/***' \
	    -- $NOBODY "$X" ./s700 s700 true
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
	atf_add_test_case wx_mmap_exec
	atf_add_test_case mdwe
	atf_add_test_case deny_tsc
	atf_add_test_case write_exec
	atf_add_test_case setid_refused
	atf_add_test_case loader_env
	atf_add_test_case rlimit_nofile
	atf_add_test_case unenforced_refused
}
