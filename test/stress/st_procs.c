/*
 * st_procs DIR NPROCS
 *
 * Fork NPROCS children that all wait on one pipe, so that they are alive
 * at once; then release them together. Each child opens DIR/ok.txt
 * (allowed: must read "STRESS-OK") and DIR/deny.txt (denied: EACCES);
 * every other child first re-executes this program ("child DIR") and
 * does the same from the new image. A child exits 0 when both results
 * were right, 1 when not. The parent counts exit statuses: all must be 0.
 * Prints the counts, then OK (exit 0) or FAIL (exit 1).
 */
#include <signal.h>
#include <sys/wait.h>

#include "st.h"

static int
check(const char *dir)
{
	char ok[512], deny[512];
	int fd, good = 1;

	snprintf(ok, sizeof(ok), "%s/ok.txt", dir);
	snprintf(deny, sizeof(deny), "%s/deny.txt", dir);
	fd = open(ok, O_RDONLY);
	if (fd < 0 || !st_has_marker(fd, "STRESS-OK"))
		good = 0;
	fd = open(deny, O_RDONLY);
	if (fd >= 0) {
		close(fd);
		good = 0;
	} else if (errno != EACCES)
		good = 0;
	return good ? 0 : 1;
}

static void __attribute__((noreturn))
child(const char *self, const char *dir, int gate, long i)
{
	char c;
	ssize_t n;

	do
		n = read(gate, &c, 1);
	while (n < 0 && errno == EINTR);
	if (i % 2 == 0)
		_exit(check(dir));
	execl(self, self, "child", dir, (char *)NULL);
	_exit(3);
}

int
main(int argc, char **argv)
{
	long n, started = 0, zero = 0, one = 0, other = 0;
	int gate[2], st;
	double t0;
	pid_t pid;

	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return check(argv[2]);
	if (argc != 3 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: st_procs DIR NPROCS\n");
		return 2;
	}
	if (pipe(gate) < 0)
		st_die("pipe: %s", strerror(errno));
	t0 = st_now();
	for (long i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0) {
			printf("fork %ld: %s\n", i, strerror(errno));
			break;
		}
		if (pid == 0) {
			close(gate[1]);
			child("/proc/self/exe", argv[1], gate[0], i);
		}
		started++;
	}
	printf("alive at once: %ld (%.2f s to fork)\n", started,
	    st_now() - t0);
	close(gate[1]); /* every child's read returns 0: go */
	while ((pid = wait(&st)) > 0) {
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			zero++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
			one++;
		else
			other++;
	}
	printf("children=%ld right=%ld wrong=%ld failed=%ld\n", started, zero,
	    one, other);
	if (started != n || zero != n) {
		printf("FAIL %ld of %ld children right\n", zero, n);
		return 1;
	}
	printf("OK procs=%ld seconds=%.2f\n", n, st_now() - t0);
	return 0;
}
