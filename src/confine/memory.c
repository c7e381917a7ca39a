/* main thread only (the filter rules), or the sandbox child before exec */
/*
 * Memory that is both writable and executable (W^X, SPEC.md section 3):
 * the sandbox may neither map memory PROT_WRITE|PROT_EXEC, nor make
 * memory executable by mprotect or pkey_mprotect, nor map anything
 * executable and shared (a shared mapping's pages can be written through
 * another mapping or the file), nor attach System V shared memory with
 * SHM_EXEC. The registers decide all of it: the filter answers EACCES,
 * as the kernel does for PR_SET_MDWE, which the child also sets where the
 * kernel has it (Linux 6.3). trace/allow_unsafe_memory lifts both.
 *
 * The exec category's mmap and mprotect checks share these calls: every
 * rule here covers a set of registers no other rule here covers, so which
 * rule libseccomp puts first never matters.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "confine/confine.h"
#include "policy/policy.h"

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_GET_MDWE 66
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1UL
#endif
#ifndef SHM_EXEC
#define SHM_EXEC 0100000
#endif

#define WX (PROT_WRITE | PROT_EXEC)

static bool
mem_unsafe(const struct policy *p, enum policy_unsafe u)
{
	return (p->unsafe & (UINT64_C(1) << u)) != 0;
}

bool
confine_wx(const struct policy *p)
{
	return !mem_unsafe(p, POLICY_UNSAFE_MEMORY);
}

/* W^X lifted: only the exec and append checks, as they were. */
static int
mem_rules_lifted(const struct policy *p, scmp_filter_ctx ctx)
{
	int r = 0;

	/* append+: a shared file mapping writes past O_APPEND (attrs.c). */
	if (p->append.n > 0)
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(mmap), 1,
		    SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_SHARED | MAP_ANONYMOUS,
			MAP_SHARED));
	/* File mappings with PROT_EXEC: checked as exec. */
	if (policy_on(p, POLICY_EXEC)) {
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(mmap), 2,
		    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC),
		    SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_ANONYMOUS, 0));
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(mprotect),
		    1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
		/* mprotect by another name (pkey -1 is plain mprotect). */
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY,
		    SCMP_SYS(pkey_mprotect), 1,
		    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	}
	return r;
}

int
confine_filter_memory(const struct policy *p, void *vctx)
{
	scmp_filter_ctx ctx = vctx;
	const int eacces = SCMP_ACT_ERRNO(EACCES);
	int r = 0;

	if (!confine_wx(p))
		return mem_rules_lifted(p, ctx);
	/* mmap, by prot & (W|X) and flags: W|X is refused whatever the
	 * flags; X alone is refused shared, checked as exec for a private
	 * file; no X is sent only for append+'s shared file mappings. */
	r |= seccomp_rule_add(ctx, eacces, SCMP_SYS(mmap), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, WX, WX));
	r |= seccomp_rule_add(ctx, eacces, SCMP_SYS(mmap), 2,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, WX, PROT_EXEC),
	    SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_SHARED, MAP_SHARED));
	if (policy_on(p, POLICY_EXEC))
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(mmap), 2,
		    SCMP_A2(SCMP_CMP_MASKED_EQ, WX, PROT_EXEC),
		    SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_SHARED | MAP_ANONYMOUS, 0));
	if (p->append.n > 0)
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(mmap), 2,
		    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0),
		    SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_SHARED | MAP_ANONYMOUS,
			MAP_SHARED));
	/* No memory becomes executable after it was mapped: this covers
	 * the exec check of mprotect too (it would only refuse more). */
	r |= seccomp_rule_add(ctx, eacces, SCMP_SYS(mprotect), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	r |= seccomp_rule_add(ctx, eacces, SCMP_SYS(pkey_mprotect), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	/* shmflg is an int: the low 32 bits. */
	r |= seccomp_rule_add(ctx, eacces, SCMP_SYS(shmat), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, SHM_EXEC, SHM_EXEC));
	return r;
}

/*
 * In the sandbox child, before the filter and the exec: the kernel's own
 * W^X (it also refuses what the filter cannot see, such as a mapping made
 * executable by READ_IMPLIES_EXEC). It is inherited by every child and
 * cannot be undone. Linux before 6.3 answers EINVAL: the filter alone.
 */
void
confine_mdwe_child(const struct policy *p)
{
	if (confine_wx(p))
		prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L);
}

/* Does this kernel take PR_SET_MDWE? Tried in a child thrown away. */
int
confine_mdwe_probe(void)
{
	int pid = fork(), st;

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L,
		    0L) == 0 && (prctl(PR_GET_MDWE, 0L, 0L, 0L, 0L) &
		    PR_MDWE_REFUSE_EXEC_GAIN) ? 0 : 1);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st) == 0;
}
