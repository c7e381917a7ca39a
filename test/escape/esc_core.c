/*
 * esc_core DIR
 *
 * Make the kernel create a file in DIR, where the create rules deny it:
 * raise the core-dump limit to its hard limit, enter DIR and let a child
 * crash (abort). With core_pattern "core" the kernel writes DIR/core
 * itself — syd never sees that open — with content the process chose
 * (its memory). The escape is DIR/core existing afterwards.
 *
 * Prints "ESCAPED core=DIR/core" and exits 0, else
 * "BLOCKED core=<step>:<errno or reason>" and exits 1 (2: usage/setup).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "esc.h"

int
main(int argc, char **argv)
{
	struct rlimit rl;
	struct stat st;
	int status;
	pid_t pid;

	if (argc != 2)
		return 2;
	if (getrlimit(RLIMIT_CORE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_CORE, &rl);
	}
	getrlimit(RLIMIT_CORE, &rl);
	if (rl.rlim_cur == 0) {
		printf("BLOCKED core=rlimit:0\n");
		return 1;
	}
	if (chdir(argv[1]) < 0) {
		printf("BLOCKED core=chdir:%s\n", esc_ename(errno));
		return 1;
	}
	if ((pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		abort();
	}
	if (waitpid(pid, &status, 0) != pid)
		return 2;
	if (stat("core", &st) == 0) {
		printf("ESCAPED core=%s/core (%lld bytes)\n", argv[1],
		    (long long)st.st_size);
		return 0;
	}
	printf("BLOCKED core=no-file:%s\n",
	    WIFSIGNALED(status) && WCOREDUMP(status) ? "dumped-elsewhere" :
	    "not-dumped");
	return 1;
}
