/*
 * esc_exec_only PROGRAM
 *
 * PROGRAM is a copy of this program that the read rules deny but that
 * may be executed (an execute-only file). Run it in a child ("serve":
 * it waits) and read its memory instead of the file: /proc/CHILD/mem
 * at each mapping (its text and data, holding the marker below), the
 * file itself through /proc/CHILD/exe, and a core dump of the child
 * with its file mappings (coredump_filter 0x7f, SIGSEGV) written into
 * the cwd. Natively an execute-only
 * file (no read permission) makes the process non-dumpable for exactly
 * this reason.
 *
 * Prints "ESCAPED <variant>=<path>... (blocked: ...)" and exits 0 if the
 * child's marker was read, else "BLOCKED <variant>=<errno>..." and
 * exits 1 (2: usage/setup).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "esc.h"

static const char marker[] = "EXEC-ONLY-" "MARKER-7311";

/* Does /proc/PID/mem of some mapping of PID hold the marker? */
static void
read_mem(pid_t pid)
{
	char p[64], line[512], buf[4096];
	FILE *maps;
	int mem, found = 0;

	snprintf(p, sizeof(p), "/proc/%d/mem", (int)pid);
	if ((mem = open(p, O_RDONLY)) < 0) {
		esc_cat(esc_why, sizeof(esc_why), " mem=%s", esc_ename(errno));
		return;
	}
	snprintf(p, sizeof(p), "/proc/%d/maps", (int)pid);
	if ((maps = fopen(p, "r")) == NULL) {
		esc_cat(esc_why, sizeof(esc_why), " mem=maps:%s",
		    esc_ename(errno));
		close(mem);
		return;
	}
	while (!found && fgets(line, sizeof(line), maps) != NULL) {
		unsigned long a, b;
		if (sscanf(line, "%lx-%lx", &a, &b) != 2)
			continue;
		for (; a < b && !found; a += sizeof(buf))
			if (pread(mem, buf, sizeof(buf), (off_t)a) ==
			    (ssize_t)sizeof(buf) &&
			    memmem(buf, sizeof(buf), marker, sizeof(marker) - 1))
				found = 1;
	}
	fclose(maps);
	close(mem);
	if (found)
		esc_cat(esc_got, sizeof(esc_got), " mem=/proc/%d/mem", (int)pid);
	else
		esc_cat(esc_why, sizeof(esc_why), " mem=no-marker");
}

/* Make the child dump core with its file mappings (coredump_filter)
 * into the cwd, then look for the marker in the core file. */
static void
read_core(pid_t pid)
{
	struct rlimit rl;
	char p[64], buf[65536];
	int fd, found = 0;
	ssize_t n;

	unlink("core");
	if (getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0) {
		/* Raised before the fork, if it could be (main). */
		esc_cat(esc_why, sizeof(esc_why), " core=rlimit:0");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return;
	}
	snprintf(p, sizeof(p), "/proc/%d/coredump_filter", (int)pid);
	if ((fd = open(p, O_WRONLY)) >= 0) {
		(void)!write(fd, "0x7f", 4);
		close(fd);
	}
	kill(pid, SIGSEGV);
	waitpid(pid, NULL, 0);
	if ((fd = open("core", O_RDONLY)) < 0) {
		esc_cat(esc_why, sizeof(esc_why), " core=%s",
		    errno == ENOENT ? "no-core" : esc_ename(errno));
		return;
	}
	while (!found && (n = read(fd, buf, sizeof(buf))) > 0)
		found = memmem(buf, (size_t)n, marker, sizeof(marker) - 1) !=
		    NULL; /* a marker cut at a buffer edge: missed, fine */
	close(fd);
	unlink("core");
	if (found)
		esc_cat(esc_got, sizeof(esc_got), " core=core");
	else
		esc_cat(esc_why, sizeof(esc_why), " core=no-marker");
}

int
main(int argc, char **argv)
{
	struct rlimit rl;
	char p[64];
	int ready[2];
	pid_t pid;
	char c;

	if (argc == 2 && strcmp(argv[1], "serve") == 0) {
		(void)!write(3, "r", 1);
		pause();
		return 0;
	}
	if (argc != 2 || pipe(ready) < 0)
		return 2;
	if (getrlimit(RLIMIT_CORE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_CORE, &rl);
	}
	if ((pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		dup2(ready[1], 3);
		execl(argv[1], argv[1], "serve", (char *)NULL);
		_exit(127);
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		printf("ERROR %s did not start\n", argv[1]);
		return 2;
	}
	read_mem(pid);
	snprintf(p, sizeof(p), "/proc/%d/exe", (int)pid);
	esc_open("exe", p, marker);
	read_core(pid);
	return esc_report();
}
