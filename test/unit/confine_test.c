/*
 * Unit tests for src/confine/thread_bpf.c: the seccomp filters of syd's
 * own threads, written as BPF without libseccomp. Each program is run
 * here, instruction by instruction, for every syscall number, x32 numbers
 * and a foreign architecture, and must give exactly the role's list.
 * (integration/ipc_test:threads_confined checks the kernel enforces them.)
 */
#include <atf-c.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "confine/confine.h"

#define NR_MAX 1024

/*
 * The subset of classic BPF the generator may use, as the kernel runs
 * it; anything else fails the test. Returns the action.
 */
static uint32_t
run(const struct sock_fprog *p, uint32_t arch, uint32_t nr)
{
	struct seccomp_data d;
	uint32_t a = 0;
	unsigned pc = 0, steps = 0;

	memset(&d, 0, sizeof(d));
	d.arch = arch;
	d.nr = (int)nr;
	while (pc < p->len) {
		const struct sock_filter *f = &p->filter[pc];

		ATF_REQUIRE_MSG(++steps <= p->len, "no progress at %u", pc);
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			ATF_REQUIRE(f->k + 4 <= sizeof(d) && f->k % 4 == 0);
			memcpy(&a, (const char *)&d + f->k, 4);
			pc++;
			break;
		case BPF_JMP | BPF_JA:
			pc += 1 + f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += 1 + (a == f->k ? f->jt : f->jf);
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += 1 + (a > f->k ? f->jt : f->jf);
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += 1 + (a >= f->k ? f->jt : f->jf);
			break;
		case BPF_RET | BPF_K:
			return f->k;
		default:
			atf_tc_fail("instruction %u: unexpected code %#x", pc,
			    f->code);
		}
	}
	atf_tc_fail("ran off the end of the program");
	return 0;
}

static bool
listed(const int *nrs, size_t n, uint32_t nr)
{
	for (size_t i = 0; i < n; i++)
		if ((uint32_t)nrs[i] == nr)
			return true;
	return false;
}

static void
check_role(enum sandbox_role role)
{
	struct sock_fprog p;
	int nrs[256];
	size_t n = confine_thread_calls(role, nrs, 256);

	ATF_REQUIRE(n > 10 && n <= 256);
	for (size_t i = 1; i < n; i++)
		ATF_REQUIRE_MSG(nrs[i - 1] < nrs[i], "list not ascending");
	ATF_REQUIRE_EQ(confine_thread_filter(role, &p), 0);
	for (uint32_t nr = 0; nr < NR_MAX; nr++) {
		uint32_t want = listed(nrs, n, nr) ? SECCOMP_RET_ALLOW :
		    SECCOMP_RET_ERRNO | EPERM;
		uint32_t got = run(&p, AUDIT_ARCH_X86_64, nr);
		ATF_CHECK_MSG(got == want, "role %d nr %u: %#x, want %#x",
		    role, nr, got, want);
		/* The same number as x32, or as i386: killed. */
		ATF_CHECK_EQ(run(&p, AUDIT_ARCH_X86_64, nr | 0x40000000),
		    SECCOMP_RET_KILL_PROCESS);
		ATF_CHECK_EQ(run(&p, AUDIT_ARCH_I386, nr),
		    SECCOMP_RET_KILL_PROCESS);
	}
	ATF_CHECK_EQ(run(&p, AUDIT_ARCH_X86_64, 0xffffffffu),
	    SECCOMP_RET_KILL_PROCESS);
	free(p.filter);
}

ATF_TC_WITHOUT_HEAD(every_role_exact);
ATF_TC_BODY(every_role_exact, tc)
{
	for (int r = 0; r < SANDBOX_NROLES; r++)
		check_role((enum sandbox_role)r);
}

static bool
allows(enum sandbox_role role, int nr)
{
	struct sock_fprog p;
	uint32_t act;

	ATF_REQUIRE_EQ(confine_thread_filter(role, &p), 0);
	act = run(&p, AUDIT_ARCH_X86_64, (uint32_t)nr);
	free(p.filter);
	return act == SECCOMP_RET_ALLOW;
}

/* What the roles are for (DESIGN.md section 8). */
ATF_TC_WITHOUT_HEAD(roles_meaning);
ATF_TC_BODY(roles_meaning, tc)
{
	for (int r = 0; r < SANDBOX_NROLES; r++) {
		ATF_CHECK(allows(r, SYS_futex));
		ATF_CHECK(allows(r, SYS_exit));
		ATF_CHECK(!allows(r, SYS_execve));
		ATF_CHECK(!allows(r, SYS_execveat));
		ATF_CHECK(!allows(r, SYS_socket));
		ATF_CHECK(!allows(r, SYS_ptrace));
	}
	ATF_CHECK(allows(SANDBOX_EMULATOR, SYS_openat2));
	ATF_CHECK(allows(SANDBOX_EMULATOR, SYS_process_vm_readv));
	ATF_CHECK(allows(SANDBOX_EMULATOR, SYS_ioctl));
	ATF_CHECK(!allows(SANDBOX_EMULATOR, SYS_clone));
	ATF_CHECK(!allows(SANDBOX_EMULATOR, SYS_seccomp));
	/* The monitor starts and confines emulators: their calls too. */
	ATF_CHECK(allows(SANDBOX_MONITOR, SYS_clone));
	ATF_CHECK(allows(SANDBOX_MONITOR, SYS_seccomp));
	ATF_CHECK(allows(SANDBOX_MONITOR, SYS_openat2));
	ATF_CHECK(!allows(SANDBOX_TIMEOUT, SYS_openat));
	ATF_CHECK(!allows(SANDBOX_AES, SYS_process_vm_writev));
	ATF_CHECK(allows(SANDBOX_AES, SYS_renameat));
	ATF_CHECK(!allows(SANDBOX_INTERRUPTER, SYS_rt_sigreturn));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, every_role_exact);
	ATF_TP_ADD_TC(tp, roles_meaning);
	return atf_no_error();
}
