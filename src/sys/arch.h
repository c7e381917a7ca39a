/* worker-safe */
/*
 * arch: everything in the system call layer that differs between the
 * architectures syd builds for (x86_64, aarch64), in one place: the raw
 * system call instruction, the native audit architecture seccomp reports,
 * and the numbers of the native table that are another ABI. clone.S holds
 * the raw clone of each; src/confine/arch.h the filter side.
 */
#ifndef SYD_ARCH_H
#define SYD_ARCH_H

#include <linux/audit.h>

#if defined(__x86_64__)

#define SYD_ARCH_NAME "x86_64"
#define SYD_AUDIT_ARCH AUDIT_ARCH_X86_64
/* The table has the legacy path calls (open, stat, mkdir, ..., fork). */
#define SYD_ARCH_LEGACY 1
/* x32 calls come through the native arch with this bit set. */
#define SYD_ARCH_NR_FOREIGN 0x40000000u
/* syd --info: the AES of crypt when the CPU has no AES-NI. */
#define SYD_ARCH_AES_CT64 "constant-time ct64 (no AES-NI)"

static inline long
sys_call6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ __volatile__("syscall"
	    : "=a"(ret)
	    : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
	    : "rcx", "r11", "memory");
	return ret;
}

/* A spin-wait hint. */
static inline void
sys_cpu_relax(void)
{
	__builtin_ia32_pause();
}

#elif defined(__aarch64__)

#define SYD_ARCH_NAME "aarch64"
#define SYD_AUDIT_ARCH AUDIT_ARCH_AARCH64
/* No second ABI in the native table (AArch32 tasks are AUDIT_ARCH_ARM);
 * numbers this high do not exist and are refused the same way. */
#define SYD_ARCH_NR_FOREIGN 0x40000000u

/*
 * The generic table has no legacy path calls: only openat, newfstatat,
 * mkdirat, ..., clone. The handlers shared by both architectures tell a
 * legacy call from its *at form by number; here those names stand for
 * numbers no call has (seccomp never reports a negative one), so such a
 * test is false. The dispatch table lists them only with SYD_ARCH_LEGACY.
 */
#define SYD_ARCH_LEGACY 0
/* BearSSL 0.6 has AES code for x86 (AES-NI) and POWER8 only. */
#define SYD_ARCH_AES_CT64 "constant-time ct64 (BearSSL has no ARMv8 AES)"
#define SYS_open (-1)
#define SYS_creat (-2)
#define SYS_stat (-3)
#define SYS_lstat (-4)
#define SYS_access (-5)
#define SYS_rmdir (-6)
#define SYS_rename (-7)
#define SYS_chmod (-8)
#define SYS_lchown (-9)
#define SYS_utime (-10)
#define SYS_futimesat (-11)

static inline long
sys_call6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ __volatile__("svc 0"
	    : "+r"(x0)
	    : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
	    : "memory", "cc");
	return x0;
}

static inline void
sys_cpu_relax(void)
{
	__asm__ __volatile__("yield" ::: "memory");
}

#else
#error "syd: only x86_64 and aarch64 are supported"
#endif

#endif
