/*
 * esc_i386
 *
 * An i386 system call from a 64-bit process: "int $0x80" with the i386
 * number in eax. The filter sees arch i386, whose numbers mean other
 * calls than x86_64's (i386 20 is getpid, x86_64 20 is writev); a filter
 * that forgets the arch check lets denied calls through under other
 * numbers. syd kills the process (SIGSYS) for any foreign-ABI call.
 * The call here is i386 getpid: harmless if it gets through.
 *
 * Prints "ESCAPED i386 getpid returned N" and exits 0 if the call ran;
 * "BLOCKED ..." and exit 1 if it failed. Natively, a kernel without
 * IA32 emulation may kill the process with SIGSEGV instead. Under syd
 * the process must be killed by SIGSYS (status 128+31) before printing.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	long r;

	fflush(stdout);
	__asm__ __volatile__("int $0x80"
	    : "=a"(r)
	    : "0"(20L)
	    : "r8", "r9", "r10", "r11", "memory");
	if (r > 0) {
		printf("ESCAPED i386 getpid returned %ld (pid %d)\n", r,
		    (int)getpid());
		return 0;
	}
	printf("BLOCKED i386 getpid: %s (errno %ld)\n", strerror((int)-r), -r);
	return 1;
}
