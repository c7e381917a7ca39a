/*
 * crash_segv
 *
 * Dies of SIGSEGV at once (the signal's default action, which dumps core
 * where RLIMIT_CORE allows): the program an ASLR brute force would crash
 * again and again. For the SegvGuard tests.
 */
#include <signal.h>
#include <unistd.h>

int
main(void)
{
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	return 0;
}
