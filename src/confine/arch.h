/*
 * The filter side of what differs between architectures (the system call
 * layer's is src/sys/arch.h): the foreign ABIs the native kernel also
 * runs. The sandbox filter kills their calls (SCMP_FLTATR_ACT_BADARCH);
 * trace/allow_unsafe_foreign_arch adds them, each checked by its own
 * table.
 */
#ifndef SYD_CONFINE_ARCH_H
#define SYD_CONFINE_ARCH_H

#include <seccomp.h>

#if defined(__x86_64__)
/* i386 (int $0x80) and x32. */
#define CONFINE_FOREIGN_ARCHES { SCMP_ARCH_X86, SCMP_ARCH_X32 }
#elif defined(__aarch64__)
/* AArch32 (compat) tasks. */
#define CONFINE_FOREIGN_ARCHES { SCMP_ARCH_ARM }
#else
#error "syd: only x86_64 and aarch64 are supported"
#endif

#endif
