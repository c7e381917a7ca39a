#! /usr/bin/env atf-sh
# Resource limits (rlimit/RES:VALUE, SPEC.md section 3) are applied to the
# sandboxed command, not to syd; settings this version cannot enforce yet
# (namespaces, bind mounts, root, hostname, Landlock, pid, mem)
# are refused with exit 100 and one "syd: " line instead of running a
# weaker sandbox than configured.

. "$(atf_get_srcdir)/common.subr"

setup()
{
	SYD=$(syd_path)
	export BB
}

# expect_usage_error TEXT WHAT: the last run exited 100 with exactly one
# line on stderr, starting with "syd: " and containing TEXT.
expect_usage_error()
{
	expect_rc 100 "$2"
	_n=$(wc -l <err | tr -d ' ')
	if [ "$_n" -ne 1 ] || ! head -n 1 err | grep -q '^syd: '; then
		show err
		atf_fail "$2: expected one stderr line starting with 'syd: '"
	fi
	expect_err "$1"
}

# ---- rlimits ----------------------------------------------------------------

atf_test_case rlimit_nofile
rlimit_nofile_head()
{
	atf_set descr "rlimit/nofile:16 is the command's soft and hard limit"
	atf_set timeout 60
}
rlimit_nofile_body()
{
	setup
	run "$SYD" -poff -m rlimit/nofile:16 -- $BB sh -c 'ulimit -n'
	expect_rc 0 "rlimit/nofile:16: ulimit -n"
	echo 16 >exp
	expect_out exp
	run "$SYD" -poff -m rlimit/nofile:16 -- $BB sh -c 'ulimit -Hn'
	expect_rc 0 "rlimit/nofile:16: ulimit -Hn"
	expect_out exp
	# Children inherit it; suffixes and inf.
	run "$SYD" -poff -m rlimit/nofile:16 -- $BB sh -c "$BB sh -c 'ulimit -n'"
	expect_rc 0 "rlimit/nofile:16: a grandchild's ulimit -n"
	expect_out exp
	run "$SYD" -poff -m rlimit/nofile:1k -- $BB sh -c 'ulimit -n'
	expect_rc 0 "rlimit/nofile:1k"
	echo 1024 >exp
	expect_out exp
}

atf_test_case rlimit_nofile_enforced
rlimit_nofile_enforced_head()
{
	atf_set descr "under rlimit/nofile:16 the 17th fd fails with EMFILE" \
	    "(also when syd performs the open); syd itself is not limited"
	atf_set timeout 90
}
rlimit_nofile_enforced_body()
{
	setup
	command -v python3 >/dev/null 2>&1 || atf_skip "python3 not installed"
	cat >openmany.py <<'EOF'
import os
fds = []
try:
    while True:
        fds.append(os.open("/etc/hostname", os.O_RDONLY))
except OSError as e:
    print(max(fds), e.errno)
EOF
	# syd opens the files and adds them to the target (read checking).
	run "$SYD" -poff -m rlimit/nofile:16 -m sandbox/read:on \
	    -m 'allow/read+/***' -- python3 openmany.py
	expect_rc 0 "rlimit/nofile:16, read sandboxing: open until EMFILE"
	echo "15 24" >exp
	expect_out exp
	run "$SYD" -poff -m rlimit/nofile:16 -- python3 openmany.py
	expect_rc 0 "rlimit/nofile:16, -poff: open until EMFILE"
	expect_out exp

	# Many processes at once, each checked by syd: syd's own fds are
	# not bound by the sandbox's limit.
	run "$SYD" -poff -m rlimit/nofile:16 -m sandbox/read:on \
	    -m 'allow/read+/***' -m 'deny/read+/etc/shadow' -- $BB sh -c '
	    i=0
	    while [ $i -lt 40 ]; do
		( "$BB" cat /etc/hostname >/dev/null || echo FAIL
		  "$BB" sleep 1
		  "$BB" cat /etc/hostname >/dev/null || echo FAIL ) &
		i=$((i + 1))
	    done
	    wait
	    "$BB" cat /etc/shadow 2>/dev/null && echo SHADOW
	    echo done'
	expect_rc 0 "rlimit/nofile:16: 40 processes"
	echo done >exp
	expect_out exp
}

atf_test_case rlimit_core
rlimit_core_head()
{
	atf_set descr "rlimit/core:0 is seen by the command"
	atf_set require.user root
	atf_set timeout 60
}
rlimit_core_body()
{
	setup
	# Make sure the inherited limit is not already 0.
	ulimit -c unlimited 2>/dev/null || ulimit -c 1024 ||
	    atf_skip "cannot raise the core limit"
	run "$SYD" -poff -- $BB sh -c 'ulimit -c'
	expect_rc 0 "no rlimit: ulimit -c"
	grep -qx 0 out && atf_fail "ulimit -c is 0 without rlimit/core"
	run "$SYD" -poff -m rlimit/core:0 -- $BB sh -c 'ulimit -c; ulimit -Hc'
	expect_rc 0 "rlimit/core:0: ulimit -c"
	printf '0\n0\n' >exp
	expect_out exp
}

atf_test_case rlimit_others
rlimit_others_head()
{
	atf_set descr "fsize, cpu, stack, as, data, memlock are applied"
	atf_set timeout 90
}
rlimit_others_body()
{
	setup
	run "$SYD" -poff -m rlimit/stack:8M -- $BB sh -c 'ulimit -s'
	expect_rc 0 "rlimit/stack:8M"
	echo 8192 >exp
	expect_out exp
	run "$SYD" -poff -m rlimit/as:1G -- $BB sh -c 'ulimit -v'
	expect_rc 0 "rlimit/as:1G"
	echo 1048576 >exp
	expect_out exp
	run "$SYD" -poff -m rlimit/data:64M -- $BB sh -c 'ulimit -d'
	expect_rc 0 "rlimit/data:64M"
	echo 65536 >exp
	expect_out exp
	run "$SYD" -poff -m rlimit/memlock:64k -- $BB sh -c 'ulimit -l'
	expect_rc 0 "rlimit/memlock:64k"
	echo 64 >exp
	expect_out exp
	run "$SYD" -poff -m rlimit/as:inf -- $BB sh -c 'ulimit -v'
	expect_rc 0 "rlimit/as:inf"
	echo unlimited >exp
	expect_out exp

	# fsize: the write past 1024 bytes kills the writer (SIGXFSZ).
	run "$SYD" -poff -m rlimit/fsize:1024 -- $BB sh -c \
	    '"$BB" head -c 4096 /dev/zero >big; echo "head $?"'
	expect_rc 0 "rlimit/fsize:1024"
	echo "head 153" >exp
	expect_out exp
	[ "$(wc -c <big | tr -d ' ')" -eq 1024 ] ||
	    atf_fail "rlimit/fsize:1024: big has $(wc -c <big) bytes"

	# cpu: a busy loop is killed within a few seconds (SIGXCPU or
	# SIGKILL at the hard limit).
	t0=$(now_ms)
	run "$SYD" -poff -m rlimit/cpu:1 -- $BB sh -c 'while :; do :; done'
	el=$(since_ms "$t0")
	case "$rc" in
	137|152) ;;
	*) expect_rc 152 "rlimit/cpu:1: busy loop" ;;
	esac
	[ "$el" -lt 20000 ] || atf_fail "rlimit/cpu:1: ran for $el ms"
}

atf_test_case rlimit_bad
rlimit_bad_head()
{
	atf_set descr "an unknown resource or a bad value is a usage error"
	atf_set timeout 60
}
rlimit_bad_body()
{
	setup
	run "$SYD" -poff -m rlimit/bogus:1 -- $BB touch marker
	expect_usage_error "rlimit/bogus:1" "rlimit/bogus:1"
	run "$SYD" -poff -m rlimit/nofile:abc -- $BB touch marker
	expect_usage_error "rlimit/nofile:abc" "rlimit/nofile:abc"
	run "$SYD" -poff -m rlimit/nofile:-1 -- $BB touch marker
	expect_usage_error "rlimit/nofile:-1" "rlimit/nofile:-1"
	[ ! -e marker ] || atf_fail "the command ran"
}

# ---- settings not supported yet --------------------------------------------

# unsupported_one NAME WHAT ARGS...: syd ARGS -- touch marker exits 100,
# says one line naming NAME and "not supported", and runs nothing.
unsupported_one()
{
	_name=$1
	_what=$2
	shift 2
	rm -f marker
	run "$SYD" "$@" -- $BB touch marker
	expect_usage_error "$_name" "$_what"
	expect_err "not supported"
	expect_out_empty
	[ ! -e marker ] || atf_fail "$_what: the command ran"
}

atf_test_case unsupported_settings
unsupported_settings_head()
{
	atf_set descr "settings that cannot be enforced yet: exit 100, one" \
	    "line naming the setting, the command does not run"
	atf_set timeout 120
}
unsupported_settings_body()
{
	setup
	for s in unshare/net:on unshare/user:on unshare/mount,pid:on \
	    bind+tmpfs:/tmp bind+/usr:/mnt:ro root:/x name/host:x \
	    sandbox/lock:on sandbox/pid:on sandbox/mem:on; do
		case $s in
		unshare/*) n=unshare ;;
		bind+*) n=bind ;;
		root:*) n=root ;;
		name/host:*) n=name/host ;;
		*) n=${s%:on} ;;
		esac
		unsupported_one "$n" "-m $s" -poff -m "$s"
		# The same in a configuration file.
		echo "$s" >conf.syd-3
		unsupported_one "$n" "-P (file with $s)" -poff -P conf.syd-3
	done
	# A profile that needs namespaces.
	unsupported_one unshare "-pcontainer" -pcontainer
	unsupported_one unshare "-poff -pcontainer" -poff -pcontainer
	# The default (everything on) is fine with them off.
	for s in unshare/net:off sandbox/pid:off sandbox/mem:off \
	    sandbox/crypt:off sandbox/lock:off; do
		run "$SYD" -poff -m "$s" -- $BB touch marker
		expect_rc 0 "-m $s"
		[ -e marker ] || atf_fail "-m $s: the command did not run"
		rm -f marker
	done
}

atf_test_case unsupported_runtime
unsupported_runtime_head()
{
	atf_set descr "through /dev/syd the unsupported settings are refused" \
	    "too: no category reads as on without being enforced"
	atf_set timeout 120
}
unsupported_runtime_body()
{
	setup
	for s in sandbox/pid:on sandbox/mem:on sandbox/crypt:on \
	    sandbox/lock:on unshare/net:on bind+tmpfs:/tmp root:/x \
	    name/host:x ipc:@x; do
		run "$SYD" -plib -- $BB sh -c '
		    "$BB" stat -c %F "/dev/syd/$1" && echo "accepted"
		    case $1 in
		    sandbox/*)
			test -e "/dev/syd/${1%:on}?" && echo "reads as on" ;;
		    esac
		    exit 0' sh "$s"
		expect_rc 0 "-plib: stat /dev/syd/$s"
		if [ -s out ]; then
			show out
			atf_fail "/dev/syd/$s: $(tr '\n' ' ' <out)but" \
			    "this version does not enforce it"
		fi
	done
}

atf_init_test_cases()
{
	atf_add_test_case rlimit_nofile
	atf_add_test_case rlimit_nofile_enforced
	atf_add_test_case rlimit_core
	atf_add_test_case rlimit_others
	atf_add_test_case rlimit_bad
	atf_add_test_case unsupported_settings
	atf_add_test_case unsupported_runtime
}
