/*
 * cpu_prctl mdwe | tsc | settsc
 *
 * mdwe    print "mdwe N": what PR_GET_MDWE answers (-1: the kernel has no
 *         PR_GET_MDWE, before Linux 6.3)
 * tsc     print "tsc N" (PR_GET_TSC: 1 enabled, 2 SIGSEGV; -1 not on this
 *         architecture), then execute rdtsc and print "rdtsc ok"; with the
 *         counter denied the process dies of SIGSEGV before that line
 * settsc  PR_SET_TSC PR_TSC_ENABLE: print "settsc 0" or "settsc ERRNO"
 * selftsc PR_SET_TSC PR_TSC_SIGSEGV, then as tsc: does this CPU (or its
 *         hypervisor) fault rdtsc at all?
 *
 * No clock call comes first: the vDSO clock reads the counter too.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#ifndef PR_GET_MDWE
#define PR_GET_MDWE 66
#endif

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc != 2)
		return 2;
	if (strcmp(argv[1], "mdwe") == 0) {
		printf("mdwe %d\n", prctl(PR_GET_MDWE, 0L, 0L, 0L, 0L));
		return 0;
	}
#if defined(__x86_64__)
	if (strcmp(argv[1], "tsc") == 0 || strcmp(argv[1], "selftsc") == 0) {
		int mode = -1;
		unsigned lo, hi;

		if (argv[1][0] == 's')
			prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0L, 0L, 0L);
		if (prctl(PR_GET_TSC, &mode, 0L, 0L, 0L) < 0)
			mode = -1;
		printf("tsc %d\n", mode);
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		printf("rdtsc ok\n");
		return 0;
	}
	if (strcmp(argv[1], "settsc") == 0) {
		int r = prctl(PR_SET_TSC, PR_TSC_ENABLE, 0L, 0L, 0L);
		printf("settsc %d\n", r < 0 ? errno : 0);
		return 0;
	}
#else
	if (strcmp(argv[1], "tsc") == 0 || strcmp(argv[1], "settsc") == 0 ||
	    strcmp(argv[1], "selftsc") == 0) {
		printf("tsc -1\n");
		return 0;
	}
#endif
	return 2;
}
