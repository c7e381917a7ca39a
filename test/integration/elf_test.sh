#! /usr/bin/env atf-sh
# ELF checks at exec and SegvGuard (man/syd.7, Exec hardening; issue 19
# items 3 and 4): on by default whatever categories are on, so these run
# syd with -poff. Each shows what the kernel does natively first, then
# that syd refuses it by default (EACCES, logged), then that the escape
# hatch gives the native behaviour back.
#
# These tests run the real syd ($SYDB, syd_bare): the other tests run it
# with trace/allow_unsafe_exec_nopie:1 when the host's busybox is non-PIE
# (common.subr), which is what some of these are about.

. "$(atf_get_srcdir)/common.subr"
. "$(atf_get_srcdir)/cat.subr"

# elf_setup: $SYDB, $R (exec_repeat: "exit N", "signal N" or "ERR ENAME"
# per run), $MK (mkelf).
elf_setup()
{
	SYDB=$(syd_bare)
	R=$(helper exec_repeat)
	MK=$(helper mkelf)
}

# bare ARGS...: the real syd with every category off, as $AS.
bare()
{
	$AS "$SYDB" -poff "$@"
}

# need_cc: a C compiler that builds for this machine, else skip.
need_cc()
{
	CC=${CC:-cc}
	command -v "$CC" >/dev/null 2>&1 || atf_skip "no C compiler ($CC)"
	printf '#include <stdio.h>\nint main(void){puts("%s-RAN");return 0;}\n' \
	    PROG >"$W/prog.c"
}

# cc_prog NAME FLAGS...: build $W/NAME, printing NAME-RAN, with FLAGS.
cc_prog()
{
	_n=$1
	shift
	sed "s/PROG/$_n/" "$W/prog.c" >"$W/$_n.c"
	"$CC" "$@" -o "$W/$_n" "$W/$_n.c" 2>"$W/cc.err" ||
	    atf_skip "$CC $* cannot build here: $(head -1 "$W/cc.err")"
	own
}

# e_type FILE: 2 for ET_EXEC, 3 for ET_DYN.
e_type()
{
	od -An -tu1 -j16 -N1 "$1" | tr -d ' '
}

# expect_refused PATH WHAT [TIP]: the last run printed "ERR EACCES" and
# logged an exec denial of PATH (whose tip holds TIP).
expect_refused()
{
	expect_lines "ERR EACCES"
	has_json err "$(jstr ctx access)" "$(jstr cap exec)" \
	    "$(jstr act deny)" "$(jstr path "$1")" && return 0
	show err
	atf_fail "$2: no exec denial logged for $1"
}

expect_tip()
{
	grep -F -- "$1" err | grep -qF '"ctx":"access"' && return 0
	show err
	atf_fail "no access line whose tip says $1"
}

t_nopie()
{
	elf_setup
	need_cc
	cc_prog NOPIE -no-pie
	[ "$(e_type "$W/NOPIE")" = 2 ] ||
	    atf_skip "$CC -no-pie built an ET_DYN here"
	# Natively it runs.
	run $AS "$R" 1 0 0 "$W/NOPIE"
	expect_lines NOPIE-RAN "exit 0"
	# Under syd, whatever categories, it is refused with EACCES.
	run bare -- "$R" 1 0 0 "$W/NOPIE"
	expect_refused "$W/NOPIE" "a non-PIE program"
	expect_tip "trace/allow_unsafe_exec_nopie"
	# As the command itself: syd exits with the errno.
	run bare -- "$W/NOPIE"
	expect_rc 13 "syd with a non-PIE command"
	expect_out_empty
	# The escape hatch, its older name, and the nopie profile.
	for _h in "-m trace/allow_unsafe_exec_nopie:1" \
	    "-m trace/allow_unsafe_nopie:1" "-p nopie"; do
		run bare $_h -- "$R" 1 0 0 "$W/NOPIE"
		expect_lines NOPIE-RAN "exit 0"
		expect_no_denial
	done
	# Nor through the dynamic loader, which would map it itself.
	for _l in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1 ""; do
		[ -z "$_l" ] || [ -x "$_l" ] && break
	done
	if [ -n "$_l" ]; then
		run $AS "$R" 1 0 0 "$_l" "$W/NOPIE"
		expect_lines NOPIE-RAN "exit 0"
		run bare -- "$R" 1 0 0 "$_l" "$W/NOPIE"
		expect_lines "ERR EACCES"
		run bare -m trace/allow_unsafe_exec_nopie:1 \
		    -m trace/allow_unsafe_exec_ldso:1 -- "$R" 1 0 0 "$_l" "$W/NOPIE"
		expect_lines NOPIE-RAN "exit 0"
	fi
	# A PIE build of the same program is not affected.
	cc_prog PIE -pie -fPIE
	run bare -- "$R" 1 0 0 "$W/PIE"
	expect_lines PIE-RAN "exit 0"
	expect_no_denial
}
both nopie "a non-PIE (ET_EXEC) program is refused unless trace/allow_unsafe_exec_nopie"

t_execstack()
{
	elf_setup
	need_cc
	cc_prog XSTACK -z execstack
	run "$R" 1 0 0 "$W/XSTACK"
	expect_lines XSTACK-RAN "exit 0"
	run bare -- "$R" 1 0 0 "$W/XSTACK"
	expect_refused "$W/XSTACK" "an executable-stack program"
	expect_tip "PF_X"
	run bare -m trace/allow_unsafe_exec_stack:1 -- "$R" 1 0 0 "$W/XSTACK"
	expect_lines XSTACK-RAN "exit 0"
	expect_no_denial
	run bare -m trace/allow_unsafe_stack:1 -- "$R" 1 0 0 "$W/XSTACK"
	expect_lines XSTACK-RAN "exit 0"
}
one execstack "a program with an executable stack is refused unless trace/allow_unsafe_exec_stack"

# The header alone decides: files with no code (the kernel cannot run
# them and says so its own way), with an executable stack, with no
# PT_GNU_STACK, or cut short.
t_handmade()
{
	elf_setup
	for _f in "rwx 64 dyn rwx 0" "none 64 dyn none 0" "exec 64 exec rw 0"; do
		set -- $_f
		"$MK" "$W/$1" $2 $3 $4 $5 || atf_fail "mkelf $_f"
		run "$R" 1 0 0 "$W/$1"
		_native=$(cat out)
		[ "$_native" != "ERR EACCES" ] ||
		    atf_skip "the kernel answers EACCES for $1 natively"
		run bare -- "$R" 1 0 0 "$W/$1"
		expect_refused "$W/$1" "handmade ELF $1"
		run bare -m trace/allow_unsafe_exec_stack:1 \
		    -m trace/allow_unsafe_exec_nopie:1 -- "$R" 1 0 0 "$W/$1"
		expect_lines "$_native"
	done
	# A program header table cut short: refused while any check is in
	# force (either hatch alone does not lift it); with every check
	# lifted nothing reads it, and the kernel refuses it itself.
	"$MK" "$W/cut" 64 dyn rw 0 70 || atf_fail "mkelf cut"
	run "$R" 1 0 0 "$W/cut"
	_native=$(cat out)
	[ "$_native" != "ERR EACCES" ] || atf_fail "cut: EACCES natively"
	for _h in sandbox/exec:off trace/allow_unsafe_exec_stack:1 \
	    trace/allow_unsafe_exec_nopie:1; do
		run bare -m "$_h" -- "$R" 1 0 0 "$W/cut"
		expect_refused "$W/cut" "a truncated ELF"
		expect_tip "truncated"
	done
	run bare -m trace/allow_unsafe_exec_stack:1 \
	    -m trace/allow_unsafe_exec_nopie:1 -- "$R" 1 0 0 "$W/cut"
	expect_lines "$_native"
}
one handmade "ELF headers decide: PF_X stack, no PT_GNU_STACK, ET_EXEC refused; a truncated ELF fails closed"

t_elf32()
{
	elf_setup
	"$MK" "$W/e32" 32 dyn rw 0 || atf_fail "mkelf"
	run "$R" 1 0 0 "$W/e32"
	_native=$(cat out)
	[ "$_native" != "ERR EACCES" ] ||
	    atf_skip "the kernel answers EACCES for a 32-bit ELF natively"
	# Off by default: the kernel's own answer.
	run bare -- "$R" 1 0 0 "$W/e32"
	expect_lines "$_native"
	expect_no_denial
	run bare -m trace/deny_elf32:1 -- "$R" 1 0 0 "$W/e32"
	expect_refused "$W/e32" "a 32-bit ELF with trace/deny_elf32"
	expect_tip "trace/deny_elf32"
	# A 64-bit one is not affected.
	run bare -m trace/deny_elf32:1 -- "$R" 1 0 0 "$(helper exec_marker)"
	expect_lines exec_marker-RAN "exit 0"
}
one elf32 "trace/deny_elf32 refuses a 32-bit ELF (a handmade one: no 32-bit toolchain needed)"

t_linking()
{
	elf_setup
	_m=$(helper exec_marker) # static PIE: no PT_INTERP
	run bare -- "$_m"
	expect_lines exec_marker-RAN
	run bare -m trace/deny_elf_static:1 -- "$_m"
	expect_rc 13 "a static PIE with trace/deny_elf_static"
	expect_denial exec "$_m"
	expect_tip "trace/deny_elf_static"
	run bare -m trace/deny_elf_dynamic:1 -- "$_m"
	expect_lines exec_marker-RAN
	need_cc
	cc_prog DYN
	grep -q '/ld-' "$W/DYN" || atf_skip "$CC does not link dynamically here"
	run "$R" 1 0 0 "$W/DYN"
	expect_lines DYN-RAN "exit 0"
	run bare -m trace/deny_elf_dynamic:1 -- "$R" 1 0 0 "$W/DYN"
	expect_refused "$W/DYN" "a dynamic program with trace/deny_elf_dynamic"
	run bare -m trace/deny_elf_static:1 -- "$_m"
	expect_rc 13 "static still refused"
	run bare -m trace/deny_elf_dynamic:0 -- "$R" 1 0 0 "$W/DYN"
	expect_lines DYN-RAN "exit 0"
}
one linking "trace/deny_elf_static and trace/deny_elf_dynamic (PT_INTERP decides; static PIE is static)"

t_script()
{
	elf_setup
	need_cc
	cc_prog NOPIE -no-pie
	[ "$(e_type "$W/NOPIE")" = 2 ] ||
	    atf_skip "$CC -no-pie built an ET_DYN here"
	printf '#!%s\n' "$W/NOPIE" >"$W/script"
	chmod 0755 "$W/script"
	run "$R" 1 0 0 "$W/script"
	expect_lines NOPIE-RAN "exit 0"
	run bare -- "$R" 1 0 0 "$W/script"
	expect_refused "$W/NOPIE" "a script whose interpreter is non-PIE"
	run bare -m trace/allow_unsafe_exec_nopie:1 -- "$R" 1 0 0 "$W/script"
	expect_lines NOPIE-RAN "exit 0"
}
one script "a #! script whose interpreter is non-PIE is refused"

# SegvGuard: a program that crashes, run again and again (what an ASLR
# brute force does).
segv_setup()
{
	elf_setup
	cp "$(helper crash_segv)" "$W/crasher" || atf_fail "cp crash_segv"
	own
	C=$W/crasher
}

t_segvguard()
{
	segv_setup
	# Natively it can crash any number of times.
	run "$R" 6 0 0 "$C"
	expect_lines "signal 11" "signal 11" "signal 11" "signal 11" \
	    "signal 11" "signal 11"
	# Under syd, after 3 crashes within the expiry it is suspended (2 s)
	# and runs again once the suspension is over.
	run bare -m segvguard/maxcrashes:3 -m segvguard/suspension:2 -- \
	    "$R" 5 2500 1 "$C"
	expect_lines "signal 11" "signal 11" "signal 11" "ERR EACCES" \
	    "ERR EACCES" "signal 11"
	has_json err "$(jstr ctx access)" "$(jstr cap exec)" \
	    "$(jstr act deny)" "$(jstr path "$C")" || {
		show err
		atf_fail "no exec denial logged for the suspended $C"
	}
	expect_tip "SegvGuard"
	has_json err "$(jstr ctx segvguard)" "$(jstr op suspend)" || {
		show err
		atf_fail "no segvguard suspend line"
	}
	# Its defaults: 5 crashes.
	run bare -- "$R" 6 0 0 "$C"
	expect_lines "signal 11" "signal 11" "signal 11" "signal 11" \
	    "signal 11" "ERR EACCES"
	# segvguard/expiry:0 turns it off.
	run bare -m segvguard/maxcrashes:3 -m segvguard/expiry:0 -- \
	    "$R" 6 0 0 "$C"
	expect_lines "signal 11" "signal 11" "signal 11" "signal 11" \
	    "signal 11" "signal 11"
	expect_no_denial
	# default/segvguard:warn logs and lets it run.
	run bare -m segvguard/maxcrashes:2 -m default/segvguard:warn -- \
	    "$R" 4 0 0 "$C"
	expect_lines "signal 11" "signal 11" "signal 11" "signal 11"
	expect_tip "SegvGuard"
}
both segvguard "SegvGuard: maxcrashes crashes within expiry suspend a program (EACCES, logged); expiry 0 turns it off"

t_segvguard_settings()
{
	elf_setup
	for _bad in segvguard/maxcrashes:0 segvguard/expiry:x \
	    default/segvguard:allow default/segvguard:nope; do
		run "$SYDB" -poff -m "$_bad" -- "$(helper exec_marker)"
		expect_rc_not 0 "$_bad"
	done
	run "$SYDB" -poff -m segvguard/expiry:1m -m segvguard/suspension:30s \
	    -m default/segvguard:kill -- "$(helper exec_marker)"
	expect_rc 0 "valid segvguard settings"
}
one segvguard_settings "segvguard settings are parsed and bad values refused"

# SegvGuard counts crashes without exit stops (man/syd.7, "SegvGuard"):
# each process's executable is kept from its fork and exec stops and the
# crash is counted when syd reaps it. crash_prog NAME MODE: build $W/NAME,
# a dynamically linked program (the libc and loader mapped as a user's
# program is) that, by MODE:
#   fault   dies of a real SIGSEGV (a write through NULL);
#   caught  takes the same fault in a handler and exits 0;
#   child   forks a child that faults without exec, exits 0 itself;
#   thread  faults in a second thread while the first waits.
crash_prog()
{
	CC=${CC:-cc}
	command -v "$CC" >/dev/null 2>&1 || atf_skip "no C compiler ($CC)"
	cat >"$W/crash.c" <<'EOC'
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
static sigjmp_buf jb;
static void on_segv(int s) { (void)s; siglongjmp(jb, 1); }
static void fault(void) { *(volatile int *)0 = 1; }
static void *thr(void *a) { (void)a; fault(); return NULL; }
int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : MODE;
	if (strcmp(m, "caught") == 0) {
		signal(SIGSEGV, on_segv);
		if (sigsetjmp(jb, 1) == 0)
			fault();
		return 0;
	}
	if (strcmp(m, "child") == 0) {
		int st;
		pid_t p = fork();
		if (p == 0)
			fault();
		waitpid(p, &st, 0);
		return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? 0 : 3;
	}
	if (strcmp(m, "thread") == 0) {
		pthread_t t;
		pthread_create(&t, NULL, thr, NULL);
		pthread_join(t, NULL);
		return 4;
	}
	fault();
	return 5;
}
EOC
	"$CC" -O0 -pthread -DMODE="\"$2\"" -o "$W/$1" "$W/crash.c" \
	    2>"$W/cc.err" || atf_skip "$CC cannot build here: $(head -1 "$W/cc.err")"
	LC_ALL=C grep -q 'ld-linux\|ld-musl' "$W/$1" ||
	    atf_skip "$CC builds no dynamically linked program here"
	own
}

t_segvguard_dynamic()
{
	elf_setup
	crash_prog fault fault
	crash_prog caught caught
	# Natively: the fault kills it, the caught one lives.
	run "$R" 4 0 0 "$W/fault"
	expect_lines "signal 11" "signal 11" "signal 11" "signal 11"
	run "$R" 4 0 0 "$W/caught"
	expect_lines "exit 0" "exit 0" "exit 0" "exit 0"
	# Under syd the third crash suspends it.
	run bare -m segvguard/maxcrashes:3 -- "$R" 5 0 0 "$W/fault"
	expect_lines "signal 11" "signal 11" "signal 11" "ERR EACCES" \
	    "ERR EACCES"
	has_json err "$(jstr ctx segvguard)" "$(jstr op suspend)" || {
		show err
		atf_fail "no segvguard suspend line for $W/fault"
	}
	# A SIGSEGV that a handler catches is no crash: never counted.
	run bare -m segvguard/maxcrashes:1 -- "$R" 4 0 0 "$W/caught"
	expect_lines "exit 0" "exit 0" "exit 0" "exit 0"
	if has_json err "$(jstr ctx segvguard)"; then
		show err
		atf_fail "a caught SIGSEGV was counted as a crash"
	fi
}
both segvguard_dynamic "SegvGuard counts real crashes of a dynamically linked program and not a SIGSEGV its handler survives"

t_segvguard_fork_thread()
{
	elf_setup
	crash_prog child child
	crash_prog thread thread
	run "$R" 3 0 0 "$W/child"
	expect_lines "exit 0" "exit 0" "exit 0"
	run "$R" 3 0 0 "$W/thread"
	expect_lines "signal 11" "signal 11" "signal 11"
	# A forked child that crashes without exec runs its parent's
	# program: the crash is that program's.
	run bare -m segvguard/maxcrashes:2 -- "$R" 3 0 0 "$W/child"
	expect_lines "exit 0" "exit 0" "ERR EACCES"
	# A process with two threads dies once: counted once (with
	# maxcrashes:3 the third run still starts).
	run bare -m segvguard/maxcrashes:3 -- "$R" 4 0 0 "$W/thread"
	expect_lines "signal 11" "signal 11" "signal 11" "ERR EACCES"
}
both segvguard_fork_thread "SegvGuard: a forked child's crash counts against its program; a multithreaded process's crash counts once"
