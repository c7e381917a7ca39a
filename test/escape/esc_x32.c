/*
 * esc_x32
 *
 * An x32 system call: the x86_64 "syscall" instruction with bit 30
 * (__X32_SYSCALL_BIT) set in the number. The filter sees arch x86_64 and
 * a number outside the native table; one that compares numbers only
 * against the native table would let x32 calls of denied syscalls
 * through. syd kills the process (SIGSYS) for any foreign-ABI call.
 * The call here is x32 getpid (39): harmless if it gets through.
 *
 * Prints "ESCAPED x32 getpid returned N" and exits 0 if the call ran;
 * "BLOCKED x32 getpid: <errno>" and exit 1 if it failed (natively:
 * a kernel without CONFIG_X86_X32_ABI answers ENOSYS). Under syd the
 * process must not print at all: it is killed first (status 128+31).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	long r;

	fflush(stdout);
	__asm__ __volatile__("syscall"
	    : "=a"(r)
	    : "0"(0x40000000L | 39)
	    : "rcx", "r11", "memory");
	if (r > 0) {
		printf("ESCAPED x32 getpid returned %ld (pid %d)\n", r,
		    (int)getpid());
		return 0;
	}
	printf("BLOCKED x32 getpid: %s (errno %ld)\n", strerror((int)-r), -r);
	return 1;
}
