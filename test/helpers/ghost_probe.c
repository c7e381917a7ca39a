/*
 * ghost_probe FILE: from inside syd, ask for ghost (stat /dev/syd/ghost),
 * wait until syd has let go (a stat of /dev/syd/stat fails ENOSYS), then
 * try what syd used to decide and what the filter decides on its own:
 *   open FILE          (notified: syd no longer answers, so the kernel
 *                       does, with ENOSYS)
 *   ptrace TRACEME     (refused by the filter itself, not notified)
 * One line each: "ghost OK|ERR <errno>", "open OK|ERR <errno>",
 * "ptrace OK|ERR <errno>". Exits 0 when all three lines were printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ename.h"

static void
report(const char *what, long rc)
{
	if (rc < 0)
		printf("%s ERR %s\n", what, ename(errno));
	else
		printf("%s OK\n", what);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	struct stat st;
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i;

	if (argc != 2)
		return 2;
	report("ghost", stat("/dev/syd/ghost", &st));
	for (i = 0; i < 1000; i++) {
		if (stat("/dev/syd/stat", &st) < 0 && errno == ENOSYS)
			break;
		nanosleep(&ts, NULL);
	}
	if (i == 1000) {
		printf("syd did not let go\n");
		return 1;
	}
	report("open", open(argv[1], O_RDONLY));
	report("ptrace", syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0));
	return 0;
}
