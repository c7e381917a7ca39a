#! /usr/bin/env atf-sh
# Sandbox escapes (DESIGN.md section 10): each program under test/escape/
# tries one attack and prints "ESCAPED ..." (exit 0) if it got through or
# "BLOCKED ..." (exit 1) if it was stopped. A test passes only if the
# attack is blocked under syd; where the attack means something without a
# sandbox, the program first runs natively and must escape there, which
# proves the attack works at all on this kernel and file system.

. "$(atf_get_srcdir)/common.subr"

# Path of an escape program.
escape()
{
	_e="$(atf_config_get helpers)/escape/$1"
	[ -x "$_e" ] || atf_fail "escape program $1 not built at $_e"
	echo "$_e"
}

# esc_setup [DIR]: $d (DIR or the work directory) holds secret.txt with a
# fresh marker, and an allowed tree allowed/sub; $P is the policy that
# denies reading (only) the secret. $AS is empty or "$NOBODY".
esc_setup()
{
	SYD=$(syd_path)
	d=${1:-$(pwd -P)}
	M="SECRET-$(date +%s%N)-$$"
	mkdir -p "$d/allowed/sub"
	esc_secret
	P="-poff -m sandbox/read,stat:on -m allow/read,stat+/*** \
	    -m deny/read+$d/secret.txt"
}

# (Re)write the secret: some attacks unlink or relink it.
esc_secret()
{
	rm -f "$d/secret.txt" "$d"/allowed/hl-*
	echo "$M" >"$d/secret.txt"
	chmod 0644 "$d/secret.txt"
}

# A tree the unprivileged user may write to, for attacks that make links.
esc_setup_unprivileged()
{
	esc_setup "$(make_public_dir)"
	chown -R 65534:65534 "$d/allowed"
	AS=$NOBODY
}

# native NAME ARGS...: the attack must work without syd.
native()
{
	_n=$1
	shift
	run $AS "$(escape "$_n")" "$@"
	if [ "$rc" -ne 0 ] || ! grep -q '^ESCAPED' out; then
		show out
		show err
		atf_fail "$_n does not escape natively (rc $rc): the attack" \
		    "is broken, not blocked"
	fi
	esc_secret
}

# native_or_skip NAME ARGS...: for calls the kernel itself may lack or
# refuse; without them there is nothing to block.
native_or_skip()
{
	_n=$1
	shift
	run $AS "$(escape "$_n")" "$@"
	if [ "$rc" -ne 0 ] || ! grep -q '^ESCAPED' out; then
		atf_skip "$_n fails natively (exit $rc): $(head -n 1 out)"
	fi
}

# blocked NAME ARGS...: under syd with policy $P (word-split on purpose)
# the attack must report BLOCKED.
blocked()
{
	_n=$1
	shift
	set -f # the policy words hold globs for syd, not for the shell
	# shellcheck disable=SC2086
	run $AS env SYD_LOG_FD=${LOGFD:-2} "$SYD" $P -- "$(escape "$_n")" "$@"
	set +f
	if grep -q '^ESCAPED' out || [ "$rc" -eq 0 ]; then
		show out
		atf_fail "ESCAPED under syd: $_n $*: $(head -n 1 out)"
	fi
	if [ "$rc" -ne 1 ] || ! grep -q '^BLOCKED' out; then
		show out
		show err
		atf_fail "$_n under syd: exit $rc, expected BLOCKED and exit 1"
	fi
	show out
}

# escapes NAME ARGS...: under syd with policy $P (an escape hatch) the
# attack must work again, as natively.
escapes()
{
	_n=$1
	shift
	set -f
	# shellcheck disable=SC2086
	run $AS env SYD_LOG_FD=${LOGFD:-2} "$SYD" $P -- "$(escape "$_n")" "$@"
	set +f
	if [ "$rc" -ne 0 ] || ! grep -q '^ESCAPED' out; then
		show out
		show err
		atf_fail "$_n under syd with $P: exit $rc, expected ESCAPED" \
		    "(the escape hatch does not restore native behaviour)"
	fi
}

# The linux profile, with the escape programs readable and executable.
esc_linux()
{
	P="-plinux -m allow/read,stat,exec+$(atf_config_get helpers)/***"
}

# killed NAME: under syd the program must die of SIGSYS (128+31) before
# it can print anything.
killed()
{
	set -f
	# shellcheck disable=SC2086
	run env SYD_LOG_FD=-1 "$SYD" $P -- "$(escape "$1")"
	set +f
	if grep -q '^ESCAPED' out; then
		show out
		atf_fail "ESCAPED under syd: $1: $(head -n 1 out)"
	fi
	[ "$rc" -eq 159 ] && return 0
	show out
	show err
	atf_fail "$1 under syd exited $rc, expected 159 (killed by SIGSYS)"
}

# esc_case NAME DESCR [TIMEOUT [cleanup]]: one test case per attack, its
# body the function NAME_run below; cases "cleanup" remove their /tmp tree.
esc_case()
{
	eval "atf_test_case $1 ${4:+cleanup}
	$1_head() {
		atf_set descr \"$2\"
		atf_set require.user root
		atf_set timeout ${3:-60}
	}
	$1_body() { $1_run; }"
	[ -z "$4" ] || eval "$1_cleanup() { remove_public_dir; }"
}

symlink_run()
{
	esc_setup
	native esc_symlink "$d/secret.txt" "$d/allowed" "$M"
	blocked esc_symlink "$d/secret.txt" "$d/allowed" "$M"
}
symlink_unprivileged_run()
{
	esc_setup_unprivileged
	native esc_symlink "$d/secret.txt" "$d/allowed" "$M"
	blocked esc_symlink "$d/secret.txt" "$d/allowed" "$M"
}

dotdot_run()
{
	esc_setup
	native esc_dotdot "$d/secret.txt" "$d/allowed/sub" "$M"
	blocked esc_dotdot "$d/secret.txt" "$d/allowed/sub" "$M"
}
dotdot_unprivileged_run()
{
	esc_setup_unprivileged
	native esc_dotdot "$d/secret.txt" "$d/allowed/sub" "$M"
	blocked esc_dotdot "$d/secret.txt" "$d/allowed/sub" "$M"
}

proc_root_run()
{
	esc_setup
	native esc_proc_root "$d/secret.txt" "$M"
	blocked esc_proc_root "$d/secret.txt" "$M"
}
proc_root_unprivileged_run()
{
	esc_setup_unprivileged
	native esc_proc_root "$d/secret.txt" "$M"
	blocked esc_proc_root "$d/secret.txt" "$M"
}

fd_reopen_run()
{
	esc_setup
	native esc_fd_reopen "$d/secret.txt" "$M"
	blocked esc_fd_reopen "$d/secret.txt" "$M"
}
fd_reopen_unprivileged_run()
{
	esc_setup_unprivileged
	chown 65534 "$d/secret.txt" # write-only opens need write permission
	native esc_fd_reopen "$d/secret.txt" "$M"
	chown 65534 "$d/secret.txt"
	blocked esc_fd_reopen "$d/secret.txt" "$M"
}

# Deleting is not reading: with delete sandboxing off the sandbox may
# unlink the secret, but it must still not read what it held.
fd_deleted_run()
{
	esc_setup
	native esc_fd_deleted "$d/secret.txt" "$M"
	blocked esc_fd_deleted "$d/secret.txt" "$M"
}

# The rename category checks link(2) too (both paths); links are allowed
# everywhere here and only reading the secret is denied.
hardlink_run()
{
	esc_setup
	native esc_hardlink "$d/secret.txt" "$d/allowed" "$M"
	P="-poff -m sandbox/read,stat,rename:on \
	    -m allow/read,stat,rename+/*** -m deny/read+$d/secret.txt"
	blocked esc_hardlink "$d/secret.txt" "$d/allowed" "$M"
}
# The same with the secret's name also denied to the rename category: the
# source path must be checked whichever way link(2) names it.
hardlink_rename_denied_run()
{
	esc_setup
	native esc_hardlink "$d/secret.txt" "$d/allowed" "$M"
	P="-poff -m sandbox/read,stat,rename:on \
	    -m allow/read,stat,rename+/*** \
	    -m deny/read,rename+$d/secret.txt"
	blocked esc_hardlink "$d/secret.txt" "$d/allowed" "$M"
}

# Races: thousands of denials would be logged; the program must also have
# met the denied path (eacces > 0), or the race proved nothing.
race_expect_denials()
{
	_e=$(sed -n 's/.* eacces=\([0-9]*\).*/\1/p' out)
	[ "${_e:-0}" -gt 0 ] || atf_fail "no open was denied: the race did" \
	    "not reach the denied path"
}

rename_race_run()
{
	esc_setup
	native esc_rename_race "$d" "$M" 3
	LOGFD=-1 blocked esc_rename_race "$d" "$M" 3
	race_expect_denials
}
rename_race_unprivileged_run()
{
	esc_setup_unprivileged
	chown 65534 "$d"
	native esc_rename_race "$d" "$M" 3
	LOGFD=-1 blocked esc_rename_race "$d" "$M" 3
	race_expect_denials
}

symlink_swap_run()
{
	esc_setup
	native esc_symlink_swap "$d/allowed" "$d/secret.txt" "$M" 3
	LOGFD=-1 blocked esc_symlink_swap "$d/allowed" "$d/secret.txt" "$M" 3
	race_expect_denials
}
symlink_swap_unprivileged_run()
{
	esc_setup_unprivileged
	native esc_symlink_swap "$d/allowed" "$d/secret.txt" "$M" 3
	LOGFD=-1 blocked esc_symlink_swap "$d/allowed" "$d/secret.txt" "$M" 3
	race_expect_denials
}

chroot_run()
{
	esc_setup
	native esc_chroot "$d/secret.txt" "$M"
	blocked esc_chroot "$d/secret.txt" "$M"
}

open_by_handle_run()
{
	esc_setup
	native_or_skip esc_open_by_handle "$d/secret.txt" "$M"
	h=$(sed -n 's/.*(handle \([0-9]*:[0-9a-f]*\)).*/\1/p' out)
	blocked esc_open_by_handle "$d/secret.txt" "$M" "$h"
}

# Always-denied calls: natively they must work (else skip), under syd not.
always_denied()
{
	esc_setup
	native_or_skip "$@"
	blocked "$@"
}
io_uring_run() { always_denied esc_io_uring; }
userfaultfd_run() { always_denied esc_userfaultfd; }
userfaultfd_dev_run() { always_denied esc_userfaultfd_dev; }
nested_listener_run() { always_denied esc_nested_listener; }
ptrace_run() { always_denied esc_ptrace; }
vm_writev_run() { always_denied esc_vm_writev; }
clone_untraced_run() { always_denied esc_clone_untraced; }

# Foreign ABIs: killed whatever the kernel supports (the filter runs
# before the kernel looks the number up).
# The attack must reach the kernel natively: without IA32 emulation
# "int $0x80" is SIGSEGV and seccomp never sees it; without
# CONFIG_X86_X32_ABI an x32 call answers ENOSYS.
# An aarch64 build has no i386 or x32 attack; an AArch32 program is
# written and executed by esc_aarch32 (on x86_64 it is not tried: skipped).
x86_only()
{
	[ -x "$(atf_config_get helpers)/escape/$1" ] ||
	    atf_skip "$1 is an x86_64 attack (not built for this architecture)"
}
x32_run() { x86_only esc_x32; esc_setup; native_or_skip esc_x32; killed esc_x32; }
i386_run()
{
	x86_only esc_i386
	esc_setup
	run "$(escape esc_i386)"
	[ "$rc" -ne 139 ] || atf_skip "int \$0x80 is SIGSEGV natively: this" \
	    "kernel has no IA32 emulation, seccomp never sees the call"
	native_or_skip esc_i386
	killed esc_i386
}
# The hand-made AArch32 program is ET_EXEC with no PT_GNU_STACK: the ELF
# checks would refuse it before its first call, and this case is about
# the arch check behind them.
aarch32_run()
{
	esc_setup
	native_or_skip esc_aarch32
	P="$P -m trace/allow_unsafe_exec_nopie:1 -m trace/allow_unsafe_exec_stack:1"
	killed esc_aarch32
}

# syd's capabilities for an unprivileged caller: natively (as 65534)
# both calls fail; syd, as root, must not make them with its own.
priv_caps_run()
{
	esc_setup_unprivileged
	touch "$d/allowed/own"
	chown 65534:65534 "$d/allowed/own"
	run $AS "$(escape esc_priv_caps)" "$d/allowed/own"
	grep -q '^BLOCKED' out || atf_skip "uid 65534 can bind port 81 or" \
	    "set trusted.* here natively: $(head -n 1 out)"
	# syd as root, the attack as 65534 inside it.
	AS=
	P="-poff -m sandbox/all:on -m allow/all+/*** \
	    -m allow/net/bind+127.0.0.1!0-65535 -- $NOBODY"
	blocked esc_priv_caps "$d/allowed/own"
}

# Attacks on syd itself: nothing to attack natively.
steal_listener_run()
{
	esc_setup
	LOGFD=-1 blocked esc_steal_listener "$d/secret.txt" "$M" 3
}
steal_listener_unprivileged_run()
{
	esc_setup_unprivileged
	LOGFD=-1 blocked esc_steal_listener "$d/secret.txt" "$M" 3
}
syd_mem_run() { esc_setup; blocked esc_syd_mem; }

# The same through a procfs mounted elsewhere than /proc (a container's
# rootfs/proc, a chroot's, a bind mount of /proc): there "self" and
# syd's own number lead to syd's entries, which syd itself would read
# for the sandbox (any thread of a process may read its own memory).
# Natively the mount works and the program's parent is no syd.
syd_mem_procfs_run()
{
	esc_setup
	mkdir -p "$d/p2"
	mount -t proc proc "$d/p2" 2>/dev/null ||
	    atf_skip "cannot mount a procfs here"
	echo "$d/p2" >"$d/.p2"
	[ -r "$d/p2/self/status" ] || atf_fail "the mount holds no procfs"
	P="-poff -m sandbox/read:on -m allow/read+/***"
	blocked esc_syd_mem "$d/p2" r
	P="-poff"
	blocked esc_syd_mem "$d/p2"
	umount "$d/p2"
}
syd_mem_unprivileged_run()
{
	esc_setup_unprivileged
	blocked esc_syd_mem
}

# A mount tree syd made (a read-only bind, a root:) must not be reachable
# around through /proc/PID/root of a process outside the sandbox. The
# kernel lets a root sandbox read that link of a root process whose
# capabilities are a subset of its own (here a sleep without any).
# (Unprivileged, syd's user namespace already stands in the way.)
mount_proc_run()
{
	esc_setup "$(make_public_dir)"
	mkdir -p "$d/ro"
	setpriv --inh-caps=-all --bounding-set=-all $BB sleep 20 &
	_sleep=$!
	E=$(escape esc_mount_proc)
	# The root: tree holds the program at the same path, not the secret.
	mkdir -p "$d/r/proc" "$d/r/dev" "$d/r$(dirname "$E")"
	cp "$E" "$d/r$E"
	native esc_mount_proc w "$d/ro"
	P="-poff -m bind+$d/ro:$d/ro:ro"
	blocked esc_mount_proc w "$d/ro"
	P="-poff -m root:$d/r"
	blocked esc_mount_proc r "$d/secret.txt" "$M"
	kill "$_sleep"
}

# The limits syd set are hard limits the sandbox cannot lift, even root
# (with CAP_SYS_RESOURCE; where root lacks it there is nothing to block).
rlimit_raise_run()
{
	esc_setup
	run prlimit --nofile=64:64 --data=268435456:268435456 \
	    "$(escape esc_rlimit_raise)"
	grep -q '^ESCAPED' out || atf_skip "root cannot raise a hard limit" \
	    "here (no CAP_SYS_RESOURCE): $(head -n 1 out)"
	P="-poff -m rlimit/nofile:64 -m sandbox/mem:on -m mem/max:256M \
	    -m mem/vm_max:1G"
	blocked esc_rlimit_raise
}

# Executable mappings of a file the exec rules deny, without a plain
# PROT_EXEC: pkey_mprotect, and READ_IMPLIES_EXEC set by personality(2)
# or inherited (setarch -X) before syd started.
map_exec_policy()
{
	cp /bin/busybox "$d/allowed/code.bin"
	P="-poff -m sandbox/exec:on -m allow/exec+/*** \
	    -m deny/exec+$d/allowed/code.bin"
}
# The exec checks are what these are about: W^X, which refuses every
# pkey_mprotect adding PROT_EXEC whatever the rules, is lifted for them
# (and then checked on its own: blocked all the same).
map_exec_run()
{
	esc_setup
	map_exec_policy
	native esc_map_exec "$d/allowed/code.bin"
	_p=$P
	P="$_p -m trace/allow_unsafe_memory:1"
	blocked esc_map_exec "$d/allowed/code.bin"
	P=$_p
	blocked esc_map_exec "$d/allowed/code.bin"
}
map_exec_inherited_run()
{
	esc_setup
	map_exec_policy
	AS="setarch x86_64 -X"
	native esc_map_exec "$d/allowed/code.bin"
	P="$P -m trace/allow_unsafe_memory:1"
	blocked esc_map_exec "$d/allowed/code.bin"
}

# W^X: code the program wrote itself does not run (mmap RWX, the
# mprotect and pkey_mprotect flips, a shared dual mapping, shmat
# SHM_EXEC), whatever the profile; trace/allow_unsafe_memory (and the
# nomem profile) give it back.
wx_run()
{
	esc_setup
	native esc_wx
	P="-poff"
	blocked esc_wx
	esc_linux
	blocked esc_wx
	P="-poff -m trace/allow_unsafe_memory:1"
	escapes esc_wx
	P="-poff -m trace/allow_unsafe_exec_memory:1"
	escapes esc_wx
	P="-poff -p nomem"
	escapes esc_wx
}

# A program rewrites its own code through /proc/self/mem (and every other
# name of that file); trace/allow_unsafe_proc_mem gives it back.
proc_mem_run()
{
	esc_setup "${1:-}"
	native esc_proc_mem "$d/allowed"
	P="-poff"
	blocked esc_proc_mem "$d/allowed"
	esc_linux
	P="$P -m allow/write,create,delete,symlink+$d/allowed/***"
	blocked esc_proc_mem "$d/allowed"
	P="-poff -m trace/allow_unsafe_proc_mem:1"
	escapes esc_proc_mem "$d/allowed"
}
# The same through a procfs mounted inside a tree the rules let the
# sandbox write: with those categories compiled to Landlock
# (trace/compile_landlock), Landlock's grant would cross into that procfs;
# syd compiles nothing then, and refuses the write as always.
proc_mem_mount_run()
{
	esc_setup
	mkdir -p "$d/allowed/proc"
	printf '#!/bin/sh\nmount -t proc proc "%s/allowed/proc" || exit 3\nexec "$@"\n' \
	    "$d" >"$d/inns"
	chmod +x "$d/inns"
	_h=$(atf_config_get helpers)
	AS="unshare -m --propagation private $d/inns"
	native esc_proc_mem "$d/allowed" "$d/allowed/proc"
	P="-poff -m sandbox/read,write,exec:on \
	    -m allow/read,write,exec+$d/allowed/*** -m allow/read,exec+$_h/***"
	# Without the second procfs the same policy compiles: the case
	# tests the compiled path.
	set -f
	# shellcheck disable=SC2086
	"$SYD" $P --json | grep -q '"cap":"write"[^}]*"enforce":"landlock"' ||
	    atf_skip "write is not compiled to Landlock here (no Landlock?)"
	# shellcheck disable=SC2086
	$AS "$SYD" $P --json | grep -q '"cap":"write"[^}]*"enforce":"notify"' ||
	    atf_fail "write compiled with a procfs mounted inside its tree"
	set +f
	blocked esc_proc_mem "$d/allowed" "$d/allowed/proc"
	AS=
}

# A memfd run through a symlink swapped after the execve check, with exec
# compiled to Landlock (which does not check files of internal mounts)
# and nothing else asking for the exec stop: the stop stays for the
# memfd rule unless trace/allow_unsafe_exec_memfd (found by review).
memfd_swap_unprivileged_run()
{
	esc_setup_unprivileged
	_h=$(atf_config_get helpers)
	native esc_memfd_swap "$d/allowed" 300
	P="-poff -m trace/allow_unsafe_exec_nopie:1 \
	    -m trace/allow_unsafe_exec_stack:1 -m segvguard/expiry:0 \
	    -m sandbox/read,exec:on -m allow/read,exec+$d/allowed/*** \
	    -m allow/read,exec+$_h/***"
	set -f
	# shellcheck disable=SC2086
	$AS "$SYD" $P --json | grep -q '"cap":"exec"[^}]*"enforce":"landlock"' ||
	    atf_skip "exec is not compiled to Landlock here (no Landlock?)"
	set +f
	blocked esc_memfd_swap "$d/allowed" 1000
}

proc_mem_unprivileged_run()
{
	esc_setup_unprivileged
	proc_mem_run "$d"
}

# Magic links of other processes: one outside the sandbox (a sleep with
# the secret open as fd 3, its directory as fd 4 and its cwd there) and a
# sibling inside it.
proc_other_try()
{
	(cd "$d" && exec $AS sleep 60 3<"$d/secret.txt" 4<"$d" \
	    </dev/null >/dev/null 2>&1) &
	_o=$!
	sleep 0.2
	native esc_proc_other "$d/secret.txt" "$M" "$_o" 3 4
	blocked esc_proc_other "$d/secret.txt" "$M" "$_o" 3 4
	kill "$_o"
}
proc_other_run()
{
	esc_setup
	proc_other_try
}
proc_other_unprivileged_run()
{
	esc_setup_unprivileged
	proc_other_try
}

# A denied file whose full name is longer than PATH_MAX, reached by
# relative names; the rule names only its last component.
deep_path_run()
{
	esc_setup
	_n=$(printf '%0200d' 0 | tr 0 d)
	mkdir "$d/deep"
	(
		cd "$d/deep" || exit 1
		for _i in $(seq 21); do
			mkdir "$_n" && cd "$_n" || exit 1
		done
		echo "$M" >secret.txt
	) || atf_fail "cannot build the deep tree"
	P="-poff -m sandbox/read,stat:on -m allow/read,stat+/*** \
	    -m deny/read+/**/secret.txt"
	native esc_deep_path "$d/deep" 21 "$M"
	blocked esc_deep_path "$d/deep" 21 "$M"
	rm -rf "$d/deep"
}

# Renames that give the secret an allowed name (renames allowed, only
# reading the secret denied).
rename_over_run()
{
	esc_setup
	native esc_rename_over "$d/secret.txt" "$d/allowed" "$M"
	P="-poff -m sandbox/read,stat,rename:on \
	    -m allow/read,stat,rename+/*** -m deny/read+$d/secret.txt"
	blocked esc_rename_over "$d/secret.txt" "$d/allowed" "$M"
	[ "$(cat "$d/secret.txt")" = "$M" ] ||
	    atf_fail "the secret was moved under syd"
}

openat2_run()
{
	esc_setup
	native esc_openat2 "$d/secret.txt" "$M"
	blocked esc_openat2 "$d/secret.txt" "$M"
}

# Emptying a file the write and truncate rules deny: with the read-side
# categories off (read-only opens decided in BPF) and on.
clobber_run()
{
	esc_setup
	native esc_clobber "$d/secret.txt"
	for _c in write,truncate,create read,stat,write,truncate,create; do
		P="-poff -m sandbox/$_c:on \
		    -m allow/read,stat,write,truncate,create+/*** \
		    -m deny/write,truncate+$d/secret.txt"
		blocked esc_clobber "$d/secret.txt"
		[ "$(cat "$d/secret.txt")" = "$M" ] ||
		    atf_fail "the secret changed under syd ($_c)"
	done
}

seccomp_stack_run()
{
	esc_setup
	native esc_seccomp_stack "$d/secret.txt" "$M"
	blocked esc_seccomp_stack "$d/secret.txt" "$M"
}
scm_rights_run()
{
	esc_setup
	native esc_scm_rights "$d/secret.txt" "$M"
	blocked esc_scm_rights "$d/secret.txt" "$M"
}
scm_rights_unprivileged_run()
{
	esc_setup_unprivileged
	native esc_scm_rights "$d/secret.txt" "$M"
	blocked esc_scm_rights "$d/secret.txt" "$M"
}

fd_flip_run()
{
	esc_setup
	native esc_fd_flip "$d" "$M" 3
	LOGFD=-1 blocked esc_fd_flip "$d" "$M" 3
	race_expect_denials
}
fd_flip_unprivileged_run()
{
	esc_setup_unprivileged
	chown 65534 "$d"
	native esc_fd_flip "$d" "$M" 3
	LOGFD=-1 blocked esc_fd_flip "$d" "$M" 3
	race_expect_denials
}

magic_flip_run()
{
	esc_setup
	native esc_magic_flip "$d/secret.txt" "$M" 2
	LOGFD=-1 blocked esc_magic_flip "$d/secret.txt" "$M" 2
	race_expect_denials
	# Not dumpable (dropped in-process): its own fd directory is root's.
	native esc_magic_flip "$d/secret.txt" "$M" 2 65534
	LOGFD=-1 blocked esc_magic_flip "$d/secret.txt" "$M" 2 65534
	race_expect_denials
}
magic_flip_deleted_run()
{
	esc_setup
	# A live denied file whose name reads as a deleted file's.
	mv "$d/secret.txt" "$d/pub (deleted)" || atf_fail "rename"
	P="-poff -m sandbox/read,stat:on -m allow/read,stat+/*** \
	    -m trace/allow_unsafe_filename:1"
	native esc_magic_flip "$d/pub (deleted)" "$M" 2 deleted
	rm -f "$d/pub"
	set -f
	# shellcheck disable=SC2086
	run env SYD_LOG_FD=-1 "$SYD" $P -m "deny/read+$d/pub (deleted)" -- \
	    "$(escape esc_magic_flip)" "$d/pub (deleted)" "$M" 2 deleted
	set +f
	show out
	grep -q '^BLOCKED' out && [ "$rc" -eq 1 ] ||
	    atf_fail "ESCAPED under syd (exit $rc): $(head -n 1 out)"
	race_expect_denials
}
gone_alias_run()
{
	esc_setup
	mkdir -p "$d/q/x (deleted)" && chmod 0700 "$d/q" &&
	    echo "$M" >"$d/q/s (deleted)" && chmod 0666 "$d/q/s (deleted)" &&
	    echo "$M" >"$d/q/x (deleted)/secret" || atf_fail "setup"
	native esc_gone_alias "$d" "$M"
	P="-poff -m sandbox/read,stat:on -m allow/read,stat+/*** \
	    -m trace/allow_unsafe_filename:1"
	set -f
	# shellcheck disable=SC2086
	run env SYD_LOG_FD=-1 "$SYD" $P -m "deny/read+$d/q/s (deleted)" \
	    -m "deny/read+$d/q/x (deleted)/secret" -- \
	    "$(escape esc_gone_alias)" "$d" "$M"
	set +f
	show out
	grep -q '^BLOCKED' out && [ "$rc" -eq 1 ] ||
	    atf_fail "ESCAPED under syd (exit $rc): $(head -n 1 out)"
}
gone_fd_run()
{
	esc_setup
	echo "$M" >"$d/s (deleted)" || atf_fail "setup"
	native esc_gone_fd "$d/s (deleted)"
	echo "$M" >"$d/s (deleted)" && chmod 0644 "$d/s (deleted)"
	P="-poff -m sandbox/all:on -m allow/all+/*** \
	    -m trace/allow_unsafe_filename:1"
	set -f
	# shellcheck disable=SC2086
	run env SYD_LOG_FD=-1 "$SYD" $P -m "append+$d/s (deleted)" \
	    -m "deny/chmod+$d/s (deleted)" -- \
	    "$(escape esc_gone_fd)" "$d/s (deleted)"
	set +f
	show out
	grep -q '^BLOCKED' out && [ "$rc" -eq 1 ] ||
	    atf_fail "ESCAPED under syd (exit $rc): $(head -n 1 out)"
	grep -qx "$M" "$d/s (deleted)" || atf_fail "the file was emptied"
}
magic_flip_unprivileged_run()
{
	esc_setup_unprivileged
	native esc_magic_flip "$d/secret.txt" "$M" 2
	LOGFD=-1 blocked esc_magic_flip "$d/secret.txt" "$M" 2
	race_expect_denials
}

# Mounts in a private namespace (root; as uid 65534 with a user
# namespace) that show the secret under an allowed name.
mount_run()
{
	esc_setup
	native_or_skip esc_mount "$d/secret.txt" "$d/allowed" "$M"
	blocked esc_mount "$d/secret.txt" "$d/allowed" "$M"
}
mount_unprivileged_run()
{
	esc_setup_unprivileged
	native_or_skip esc_mount "$d/secret.txt" "$d/allowed" "$M"
	blocked esc_mount "$d/secret.txt" "$d/allowed" "$M"
}

# The kernel writes a core dump into the cwd without asking syd: create
# is denied in $d/prot. Needs core_pattern "core" (else skipped).
core_try()
{
	mkdir "$d/prot"
	[ -z "$AS" ] || chown 65534 "$d/prot"
	native_or_skip esc_core "$d/prot"
	rm -f "$d/prot/core"
	P="-poff -m sandbox/write,create:on -m allow/write,create+/*** \
	    -m deny/write,create+$d/prot/***"
	blocked esc_core "$d/prot"
	[ ! -e "$d/prot/core" ] || atf_fail "a core file was written"
}
core_run()
{
	esc_setup
	AS=
	core_try
}
core_unprivileged_run()
{
	esc_setup_unprivileged
	core_try
}

# Rewriting the start of an append-only file (append+) without a write
# at an offset: a shared writable mapping, hole punching, zeroing, and
# clearing O_APPEND.
append_try()
{
	printf 'LOG-START-%04096d\n' 0 >"$d/allowed/log.txt"
	[ -z "$AS" ] || chown 65534 "$d/allowed/log.txt"
	native esc_append "$d/allowed/log.txt"
	printf 'LOG-START-%04096d\n' 0 >"$d/allowed/log.txt"
	P="-poff -m sandbox/write:on -m allow/write+/*** \
	    -m append+$d/allowed/log.txt"
	blocked esc_append "$d/allowed/log.txt"
	[ "$(head -c 9 "$d/allowed/log.txt")" = LOG-START ] ||
	    atf_fail "the append-only file was rewritten"
}
append_run()
{
	esc_setup
	AS=
	append_try
}
append_unprivileged_run()
{
	esc_setup_unprivileged
	append_try
}

# fanotify event fds: the kernel opens the marked secret for the
# listener when the secret (mode 0755, not a program) is executed.
fanotify_run()
{
	esc_setup
	chmod 0755 "$d/secret.txt"
	native_or_skip esc_fanotify "$d/secret.txt" "$M"
	chmod 0755 "$d/secret.txt"
	blocked esc_fanotify "$d/secret.txt" "$M"
}

# With rename checking off (only reading the secret denied, the default
# policy $P): moving or linking the secret to an allowed name must still
# be refused, or the read rule is undone by mv.
move_unchecked_run()
{
	esc_setup
	native esc_rename_over "$d/secret.txt" "$d/allowed" "$M"
	blocked esc_rename_over "$d/secret.txt" "$d/allowed" "$M"
	native esc_hardlink "$d/secret.txt" "$d/allowed" "$M"
	blocked esc_hardlink "$d/secret.txt" "$d/allowed" "$M"
	[ "$(cat "$d/secret.txt")" = "$M" ] ||
	    atf_fail "the secret was moved under syd"
}

# An execute-only program (read denied, exec allowed): its memory must
# not be read through /proc/CHILD/mem instead of the file.
exec_only_try()
{
	cp "$(escape esc_exec_only)" "$d/allowed/xonly"
	chmod 0755 "$d/allowed/xonly"
	# The core variant dumps into the cwd: the allowed directory.
	cd "$d/allowed" || atf_fail "cd"
	native esc_exec_only "$d/allowed/xonly"
	P="-poff -m sandbox/read,stat:on -m allow/read,stat+/*** \
	    -m deny/read+$d/allowed/xonly"
	blocked esc_exec_only "$d/allowed/xonly"
	cd - >/dev/null
}
exec_only_run()
{
	esc_setup
	exec_only_try
}
exec_only_unprivileged_run()
{
	esc_setup_unprivileged
	exec_only_try
}

# The program interpreter (PT_INTERP) of an executed ELF: the kernel opens
# it by the name in the program's header, which the execve check never
# sees. It must pass what executing it directly would: the memfd rule (an
# interpreter at /proc/self/fd/7, a memfd) and the exec rules (one in a
# directory they do not allow), whether exec is compiled to Landlock or
# not; a dynamically linked program still runs.
interp_try()
{
	_e=$(escape esc_interp)
	mkdir -p "$d/denied"
	"$_e" mk "$d/allowed/interp" "$d/allowed/prog-memfd" /proc/self/fd/7 &&
	    "$_e" mk "$d/denied/interp" "$d/allowed/prog-path" \
	    "$d/denied/interp" || atf_fail "esc_interp mk failed"
	native esc_interp run "$d/allowed/prog-memfd" "$d/allowed/interp"
	native esc_interp run "$d/allowed/prog-path"
	interp_trees
	for _m in 0 1; do
		# Every name allowed: only the memfd rule refuses a memfd.
		P="-poff -m sandbox/read,exec:on -m allow/read,exec+/*** \
		    -m trace/compile_landlock:$_m"
		interp_refused run "$d/allowed/prog-memfd" "$d/allowed/interp"
		interp_normal
		# The system's and the test's trees only: compiled to
		# Landlock with :1, which refuses the denied interpreter
		# itself but does not check a memfd.
		P="-poff -m sandbox/read,exec:on $_trees \
		    -m trace/compile_landlock:$_m"
		[ "$_m" -eq 0 ] || interp_compiled
		interp_refused run "$d/allowed/prog-memfd" "$d/allowed/interp"
		interp_refused run "$d/allowed/prog-path"
		interp_normal
	done
	# The escape hatch: a memfd may be the interpreter again.
	P="-poff -m sandbox/exec:on -m allow/exec+/*** \
	    -m trace/allow_unsafe_exec_memfd:1"
	escapes esc_interp run "$d/allowed/prog-memfd" "$d/allowed/interp"
}
# $_trees: read and exec rules for the system's directories (the
# canonical ones: Landlock takes no other), the helpers and $d/allowed.
interp_trees()
{
	_trees=""
	for _t in /usr /bin /sbin /lib /lib64 "$(atf_config_get helpers)" \
	    "$d/allowed"; do
		[ -L "$_t" ] || [ ! -d "$_t" ] ||
		    _trees="$_trees -m allow/read,exec+$_t/***"
	done
}
# interp_compiled: exec is compiled to Landlock under $P, else skip.
interp_compiled()
{
	set -f
	# shellcheck disable=SC2086
	$AS "$SYD" $P --json | grep -q '"cap":"exec"[^}]*"enforce":"landlock"' ||
	    atf_skip "exec is not compiled to Landlock here (no Landlock?)"
	set +f
}
# interp_refused ARGS...: esc_interp under syd with $P is killed at its
# exec stop (SIGKILL) or its exec fails; the interpreter never runs.
interp_refused()
{
	set -f
	# shellcheck disable=SC2086
	run $AS env SYD_LOG_FD=${LOGFD:-2} "$SYD" $P -- \
	    "$(escape esc_interp)" "$@"
	set +f
	if grep -q '^ESCAPED' out || [ "$rc" -eq 0 ]; then
		show out
		atf_fail "ESCAPED under syd with $P: esc_interp $*"
	fi
	[ "$rc" -eq 137 ] && return 0
	if [ "$rc" -ne 1 ] || ! grep -q '^BLOCKED' out; then
		show out
		show err
		atf_fail "esc_interp $* under syd with $P: exit $rc," \
		    "expected 137 (killed) or BLOCKED and exit 1"
	fi
}
# interp_normal: dynamically linked programs still run under $P.
interp_normal()
{
	set -f
	for _c in /bin/true "/usr/bin/env true"; do
		# shellcheck disable=SC2086
		run $AS "$SYD" $P -- $_c
		[ "$rc" -eq 0 ] || { show err; atf_fail "$_c under syd" \
		    "with $P: exit $rc, expected 0"; }
	done
	set +f
}
# The same with exec compiled to Landlock and nothing else asking for the
# exec stop (no ELF check, no SegvGuard, lock:on, not root): Landlock does
# not check a memfd (a file of an internal mount), so the exec stop stays
# for the memfd rule unless trace/allow_unsafe_exec_memfd is on.
interp_nostop_unprivileged_run()
{
	esc_setup_unprivileged
	_e=$(escape esc_interp)
	"$_e" mk "$d/allowed/interp" "$d/allowed/prog-memfd" /proc/self/fd/7 ||
	    atf_fail "esc_interp mk failed"
	native esc_interp run "$d/allowed/prog-memfd" "$d/allowed/interp"
	interp_trees
	P="-poff -m sandbox/read,exec:on $_trees -m lock:on \
	    -m trace/allow_unsafe_exec_nopie:1 \
	    -m trace/allow_unsafe_exec_stack:1 -m segvguard/expiry:0 \
	    -m trace/compile_landlock:1"
	interp_compiled
	interp_refused run "$d/allowed/prog-memfd" "$d/allowed/interp"
	interp_normal
}
interp_run()
{
	esc_setup
	interp_try
}
interp_unprivileged_run()
{
	esc_setup_unprivileged
	interp_try
}

# Joining the mount namespace of a process outside the sandbox in which
# an allowed name is a bind mount of the secret (made by the test).
setns_run()
{
	esc_setup
	command -v unshare >/dev/null || atf_skip "no unshare(1)"
	echo public >"$d/allowed/over.txt"
	unshare -m --propagation private sh -c "mount --bind \
	    '$d/secret.txt' '$d/allowed/over.txt' && exec sleep 60" \
	    </dev/null >/dev/null 2>&1 &
	_o=$!
	sleep 0.3
	native_or_skip esc_setns "$d/secret.txt" "$d/allowed/over.txt" "$M" \
	    "$_o"
	blocked esc_setns "$d/secret.txt" "$d/allowed/over.txt" "$M" "$_o"
	kill "$_o"
}

_u="as an unprivileged user (uid 65534)"
esc_case symlink "a symlink in an allowed dir to a denied file"
esc_case symlink_unprivileged "symlinks to a denied file $_u" 60 c
esc_case dotdot "'..' from an allowed dir to a denied file"
esc_case dotdot_unprivileged "'..' to a denied file $_u" 60 c
esc_case proc_root "/proc/self/root, cwd and fd/N/ to a denied file"
esc_case proc_root_unprivileged "/proc magic links $_u" 60 c
esc_case fd_reopen "reopening an O_PATH or write-only fd through /dev/fd/N"
esc_case fd_reopen_unprivileged "fd reopening $_u" 60 c
esc_case fd_deleted "reopening an fd of a denied file after unlinking it"
esc_case hardlink "a hard link of a denied file into an allowed dir"
esc_case hardlink_rename_denied "hard links of a file denied to rename"
esc_case rename_race "a directory renamed during resolution" 120
esc_case rename_race_unprivileged "the rename race $_u" 120 c
esc_case symlink_swap "a symlink swapped during open" 120
esc_case symlink_swap_unprivileged "the symlink swap race $_u" 120 c
esc_case chroot "a denied file named from inside a chroot"
esc_case open_by_handle "open_by_handle_at of a denied file"
esc_case io_uring "io_uring_setup is denied"
esc_case userfaultfd "userfaultfd is denied"
esc_case userfaultfd_dev "/dev/userfaultfd USERFAULTFD_IOC_NEW is denied"
esc_case nested_listener "no nested seccomp listener"
esc_case ptrace "ptrace of a process outside the sandbox is denied"
esc_case vm_writev "process_vm_writev is denied"
esc_case clone_untraced "no CLONE_UNTRACED children"
esc_case x32 "an x32 syscall kills the process"
esc_case i386 "an i386 int 0x80 syscall kills the process"
esc_case aarch32 "an AArch32 (compat) task is killed at its first syscall"
esc_case priv_caps "an unprivileged caller gets no capability of syd's
(a bind to port 81, a trusted.* xattr)" 60 c
esc_case steal_listener "the sandbox cannot take syd's listener" 120
esc_case steal_listener_unprivileged "syd's listener $_u" 120 c
esc_case syd_mem "the sandbox cannot write /proc/<syd>/mem"
atf_test_case syd_mem_procfs cleanup
syd_mem_procfs_head()
{
	atf_set descr "the sandbox cannot read or write syd's memory through" \
	    "a procfs mounted elsewhere than /proc"
	atf_set require.user root
	atf_set timeout 60
}
syd_mem_procfs_body() { syd_mem_procfs_run; }
syd_mem_procfs_cleanup()
{
	[ -f .p2 ] || return 0
	umount "$(cat .p2)" 2>/dev/null
	return 0
}
esc_case proc_other "/proc/PID/fd, cwd and root of a process outside
the sandbox and of a sibling inside it"
esc_case proc_other_unprivileged "other processes' magic links $_u" 60 c
esc_case rename_over "rename and RENAME_EXCHANGE (either side) of a
denied file onto an allowed name"
esc_case openat2 "openat2 RESOLVE_IN_ROOT, RESOLVE_BENEATH and
RESOLVE_NO_XDEV names of a denied file"
esc_case clobber "O_RDONLY|O_TRUNC, truncate, creat and an O_PATH fd's
/proc link cannot empty a write-denied file"
esc_case seccomp_stack "the sandbox's own RET_ALLOW and RET_LOG filters
do not override syd's"
esc_case scm_rights "an O_PATH fd of a denied file passed over
SCM_RIGHTS and reopened by the receiver"
esc_case scm_rights_unprivileged "SCM_RIGHTS reopening $_u" 60 c
esc_case fd_flip "a dirfd number (dup2) or the cwd (fchdir) flipped
during a relative open" 120
esc_case fd_flip_unprivileged "the dirfd and cwd flips $_u" 120 c
esc_case magic_flip "the fd behind /proc/self/fd/N (an object without a
name when judged) flipped to a denied file's O_PATH fd during the open" 120
esc_case magic_flip_unprivileged "the magic link flip $_u" 120 c
esc_case gone_alias "live names that read as removed objects' (NAME (deleted))
in a directory the program may not search: judged by the name they have"
esc_case gone_fd "an fd of a live NAME (deleted): append-only and chmod rules
hold on the fd (fcntl, ftruncate, fchmod)"
esc_case magic_flip_deleted "the magic link flip between a deleted file and
a live denied file named as one, NAME (deleted)" 120
esc_case mount "a bind mount or open_tree+move_mount of a denied file
onto an allowed name in a new mount namespace"
esc_case mount_unprivileged "mounts in a user namespace $_u" 60 c
esc_case core "a core dump cannot create a file where create is denied"
esc_case core_unprivileged "core dumps $_u" 60 c
esc_case append "an append-only file cannot be rewritten by a shared
mapping, fallocate or clearing O_APPEND"
esc_case append_unprivileged "append-only files $_u" 60 c
esc_case fanotify "no fanotify listener gets fds the kernel opened for
it (the secret, executed)"
esc_case move_unchecked "with rename checking off, renames and links
of a read-denied file to an allowed name are still refused"
esc_case exec_only "the memory of a sibling running a read-denied
program through /proc/PID/mem"
esc_case exec_only_unprivileged "execute-only programs $_u" 60 c
esc_case interp "the program interpreter (PT_INTERP) of an ELF is checked
    as if executed: a memfd, a directory the exec rules do not allow"
esc_case interp_unprivileged "the program interpreter (PT_INTERP) $_u" 60 c
esc_case interp_nostop_unprivileged "a memfd interpreter with exec compiled
    to Landlock and no other need for the exec stop $_u" 60 c
esc_case setns "joining an outside mount namespace where an allowed
name is the secret"
esc_case deep_path "a denied file whose name is longer than PATH_MAX"
esc_case map_exec "no executable mapping of an exec-denied file by
pkey_mprotect or READ_IMPLIES_EXEC"
esc_case map_exec_inherited "READ_IMPLIES_EXEC set by setarch -X is
cleared for the sandbox"
esc_case syd_mem_unprivileged "/proc/<syd>/mem $_u" 60 c
esc_case wx "W^X: no writable and executable memory, no memory made
executable after it was written"
esc_case proc_mem "no rewriting of the program's own code through
/proc/self/mem and its other names"
esc_case proc_mem_unprivileged "/proc/self/mem rewriting $_u" 60 c
esc_case memfd_swap_unprivileged "no memfd run through a symlink swapped
under the execve check with exec compiled to Landlock $_u" 120
esc_case proc_mem_mount "no rewriting of the program's own code through
a procfs mounted inside a tree the rules let it write"
esc_case mount_proc "bind+ and root: are not bypassed through /proc/PID/root" \
    60 c
esc_case rlimit_raise "rlimit/ and mem/ limits cannot be raised by root"

atf_init_test_cases()
{
	for _t in symlink dotdot proc_root fd_reopen fd_deleted hardlink \
	    hardlink_rename_denied rename_race symlink_swap chroot \
	    open_by_handle io_uring userfaultfd userfaultfd_dev \
	    nested_listener ptrace vm_writev clone_untraced x32 i386 aarch32 \
	    priv_caps steal_listener syd_mem syd_mem_procfs mount_proc rlimit_raise map_exec map_exec_inherited proc_other \
	    deep_path rename_over openat2 clobber seccomp_stack \
	    scm_rights fd_flip magic_flip magic_flip_deleted gone_alias gone_fd mount core append fanotify move_unchecked \
	    exec_only setns wx proc_mem proc_mem_mount memfd_swap_unprivileged \
	    interp interp_nostop_unprivileged; do
		atf_add_test_case "$_t"
		case $_t in
		symlink|dotdot|proc_root|fd_reopen|rename_race|symlink_swap|\
		steal_listener|syd_mem|proc_other|scm_rights|fd_flip|magic_flip|\
		mount|core|append|\
		exec_only|proc_mem|interp)
			atf_add_test_case "${_t}_unprivileged" ;;
		esac
	done
}
