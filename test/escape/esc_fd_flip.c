/*
 * esc_fd_flip DIR MARKER SECONDS
 *
 * The directory a relative name starts from changes under the call:
 * DIR/secret.txt (MARKER, denied) is made by the test; this program makes
 * the allowed DIR/d with a decoy DIR/d/secret.txt. One thread flips
 * either the fd number N (dup2 of DIR's fd or DIR/d's fd onto N) or the
 * process's cwd (fchdir to one or the other) as fast as it can, while
 * the main thread opens openat(N, "secret.txt") and then, with the cwd
 * flipping, "secret.txt", for SECONDS/2 each. A checker that looks up N
 * or the cwd once to decide and again to open lets the denied file
 * through the allowed name.
 *
 * Prints "ESCAPED wins=N ..." and exits 0 if MARKER was read, else
 * "BLOCKED wins=0 decoy=D eacces=E enoent=X other=O" and exits 1.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "esc.h"

static int top, sub, n = 100;
static volatile int stop, cwd_mode;

static void *
flipper(void *arg)
{
	(void)arg;
	while (!stop) {
		if (cwd_mode) {
			fchdir(sub);
			fchdir(top);
		} else {
			dup2(sub, n);
			dup2(top, n);
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct esc_tally t = { 0 };
	char p[4096];
	double half, end;
	pthread_t th;
	int fd;

	if (argc != 4)
		return 2;
	snprintf(p, sizeof(p), "%s/d", argv[1]);
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		return 2;
	snprintf(p, sizeof(p), "%s/d/secret.txt", argv[1]);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "public\n", 7) != 7) {
		printf("ERROR decoy %s: %s\n", p, strerror(errno));
		return 2;
	}
	close(fd);
	snprintf(p, sizeof(p), "%s/d", argv[1]);
	top = esc_dirfd(argv[1]);
	sub = esc_dirfd(p);
	if (top < 0 || sub < 0 || dup2(sub, n) < 0)
		return 2;
	if (pthread_create(&th, NULL, flipper, NULL) != 0)
		return 2;
	half = atof(argv[3]) / 2;
	end = esc_now() + half;
	while (esc_now() < end)
		esc_count(&t, openat(n, "secret.txt", O_RDONLY), argv[2]);
	cwd_mode = 1;
	end = esc_now() + half;
	while (esc_now() < end)
		esc_count(&t, open("secret.txt", O_RDONLY), argv[2]);
	stop = 1;
	pthread_join(th, NULL);
	return esc_tally_report(&t, "decoy");
}
