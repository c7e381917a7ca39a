/*
 * esc_exec_flip PERMIT DENIED SECONDS [WORKERS]
 *
 * The time-of-check/time-of-use attack on exec: a supervisor can only
 * check the path of an execve and let the kernel read it again. One
 * thread flips a shared path buffer between PERMIT and DENIED (equal
 * length) while WORKERS threads (default 4) each vfork and execve(buf) in
 * a loop for SECONDS. vfork, not fork: the child must share the memory
 * the flipper writes, or its path would be frozen at fork time.
 *
 * PERMIT and DENIED are programs that print "PERMIT-RAN" and "DENIED-RAN"
 * (copies of helpers/exec_marker, or scripts). The children's output goes
 * into a pipe that a reader thread scans. A sandbox that lets a flipped
 * path through must at worst kill the child before it runs: a win is one
 * "DENIED-RAN" line.
 *
 * Prints one line
 *	ESCAPED|BLOCKED denied_ran=N permit_ran=P eacces=E enoent=M
 *	    killed=K other=O execs=T
 * (enoent: the path was read in the middle of a flip, a name of neither)
 * and exits 0 after a win, 1 otherwise, 2 on usage or setup errors.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "esc.h"

#define MAXW 16

extern char **environ;

static struct esc_flip flip;
static double end;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned long eacces, enoent, killed, other, execs, exited0;
static unsigned long denied_ran, permit_ran, lines;
/* The first outcome counted as other, for the report. */
static int other_st = -1, other_err;

/* Scans the children's output line by line. */
static void *
reader(void *arg)
{
	int fd = *(int *)arg;
	char chunk[4096], line[256];
	size_t ll = 0;
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (chunk[i] != '\n') {
				if (ll < sizeof(line) - 1)
					line[ll++] = chunk[i];
				continue;
			}
			line[ll] = '\0';
			ll = 0;
			pthread_mutex_lock(&mu);
			lines++;
			if (strstr(line, "DENIED-RAN") != NULL)
				denied_ran++;
			else if (strstr(line, "PERMIT-RAN") != NULL)
				permit_ran++;
			pthread_mutex_unlock(&mu);
		}
	}
	return NULL;
}

/*
 * vfork, and in the child execve(buf): the child never returns from here
 * (it runs on this frame until it execs or exits). Its errno is left in
 * *cerr, which is shared memory: musl's vfork is a plain fork where the
 * architecture has no vfork of its own (aarch64).
 */
static __attribute__((noinline)) pid_t
spawn(volatile int *cerr)
{
	/* argv[0] is not the flipping buffer: only the path races. */
	static char *const av[] = { "esc_exec_flip_child", NULL };
	pid_t pid;

	*cerr = 0;
	pid = vfork();
	if (pid == 0) {
		execve(flip.buf, av, environ);
		*cerr = errno;
		_exit(127);
	}
	return pid;
}

static void *
worker(void *arg)
{
	volatile int *cerrp = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned long e = 0, n = 0, k = 0, o = 0, x = 0, z = 0;
	pid_t pid;
	int st;

	(void)arg;
	if (cerrp == MAP_FAILED)
		return NULL;
	while (esc_now() < end) {
		pid = spawn(cerrp);
		if (pid < 0) {
			o++;
			usleep(1000);
			continue;
		}
		x++;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 127 && *cerrp == EACCES)
			e++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 127 &&
		    *cerrp == ENOENT)
			n++; /* a path torn in the middle of a flip */
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			z++;
		else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			k++;
		else {
			o++;
			pthread_mutex_lock(&mu);
			if (other_st == -1) {
				other_st = st;
				other_err = *cerrp;
			}
			pthread_mutex_unlock(&mu);
		}
	}
	pthread_mutex_lock(&mu);
	eacces += e;
	enoent += n;
	killed += k;
	other += o;
	execs += x;
	exited0 += z;
	pthread_mutex_unlock(&mu);
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t fl, rd, w[MAXW];
	int p[2], out, nw = 4;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: esc_exec_flip PERMIT DENIED SECONDS "
		    "[WORKERS]\n");
		return 2;
	}
	if (esc_flip_init(&flip, argv[1], argv[2]) < 0) {
		fprintf(stderr, "esc_exec_flip: PERMIT and DENIED must have "
		    "the same length\n");
		return 2;
	}
	if (argc == 5)
		nw = atoi(argv[4]);
	if (nw < 1 || nw > MAXW)
		return 2;
	/* The children write into the pipe; our report goes to the old
	 * stdout. */
	if ((out = dup(1)) < 0 || pipe(p) < 0 || dup2(p[1], 1) < 0)
		return 2;
	close(p[1]);
	if (pthread_create(&rd, NULL, reader, &p[0]) != 0 ||
	    pthread_create(&fl, NULL, esc_flipper, &flip) != 0)
		return 2;
	end = esc_now() + atof(argv[3]);
	for (int i = 0; i < nw; i++)
		if (pthread_create(&w[i], NULL, worker, NULL) != 0)
			return 2;
	for (int i = 0; i < nw; i++)
		pthread_join(w[i], NULL);
	flip.stop = 1;
	pthread_join(fl, NULL);
	/* Every child was waited for: closing our end gives the reader
	 * EOF once what they wrote is read. */
	dup2(out, 1);
	close(out);
	pthread_join(rd, NULL);
	printf("%s denied_ran=%lu permit_ran=%lu eacces=%lu enoent=%lu "
	    "killed=%lu other=%lu execs=%lu\n", denied_ran > 0 ? "ESCAPED" :
	    "BLOCKED", denied_ran, permit_ran, eacces, enoent, killed, other,
	    execs);
	if (other_st != -1)
		fprintf(stderr, "first other: wait status 0x%x, errno %d\n",
		    (unsigned)other_st, other_err);
	return denied_ran > 0 ? 0 : 1;
}
