/*
 * st_fifo DIR NBLOCK NWORK
 *
 * NBLOCK children each open their own FIFO DIR/fifo.I for reading, with
 * no writer: natively every open blocks. Under syd each blocked open
 * holds an emulator, and NBLOCK is meant to exceed the pool maximum
 * (SYD_NPROC_MAX). While they block, the parent must still be served:
 * NWORK rounds of an allowed open (DIR/ok.txt, read "STRESS-OK"), a
 * denied open (DIR/deny.txt, EACCES) and a stat, each with its expected
 * result, within 60 s. Then the parent opens every FIFO for writing
 * (non-blocking, retried while its reader is on its way) and writes one
 * byte; a reader must read it and exit 0. A reader whose open failed
 * with a resource error (EAGAIN, ENOMEM, EMFILE, ENFILE) exits 10: syd
 * may refuse blocking work it has no room for, but never hang the rest.
 * Prints the counts, then OK (exit 0) or FAIL (exit 1).
 */
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "st.h"

static const char *dir;
static long nwork;
static volatile long work_done, work_bad;

static int
reader(const char *fifo)
{
	char c = 0;
	int fd = open(fifo, O_RDONLY);

	if (fd < 0)
		return errno == EAGAIN || errno == ENOMEM || errno == EMFILE ||
		    errno == ENFILE ? 10 : 1;
	if (read(fd, &c, 1) != 1 || c != 'x')
		return 1;
	return 0;
}

static void *
work(void *arg)
{
	char ok[512], deny[512];
	struct stat st;
	int fd;

	snprintf(ok, sizeof(ok), "%s/ok.txt", dir);
	snprintf(deny, sizeof(deny), "%s/deny.txt", dir);
	for (long i = 0; i < nwork; i++) {
		fd = open(ok, O_RDONLY);
		if (fd < 0 || !st_has_marker(fd, "STRESS-OK"))
			work_bad++;
		fd = open(deny, O_RDONLY);
		if (fd >= 0 || errno != EACCES)
			work_bad++;
		if (fd >= 0)
			close(fd);
		if (stat(ok, &st) < 0)
			work_bad++;
		work_done = i + 1;
	}
	return NULL;
}

/* Write one byte to each FIFO whose reader still runs; 0 when done. */
static long
feed(pid_t *pid, int *done, long n)
{
	char fifo[512];
	long left = 0;
	int fd, st;

	for (long i = 0; i < n; i++) {
		if (done[i] > 1)
			continue;
		if (waitpid(pid[i], &st, WNOHANG) == pid[i]) {
			done[i] = WIFEXITED(st) ? 100 + WEXITSTATUS(st) : 99;
			continue;
		}
		left++;
		if (done[i] == 1)
			continue; /* fed, not yet reaped */
		snprintf(fifo, sizeof(fifo), "%s/fifo.%ld", dir, i);
		fd = open(fifo, O_WRONLY | O_NONBLOCK);
		if (fd < 0)
			continue; /* ENXIO: its reader has not opened yet */
		if (write(fd, "x", 1) != 1)
			printf("write %s: %s\n", fifo, strerror(errno));
		close(fd);
		done[i] = 1;
	}
	return left;
}

int
main(int argc, char **argv)
{
	static pid_t pid[1024];
	static int done[1024];
	long n, served = 0, refused = 0, broken = 0;
	char fifo[512];
	pthread_t th;
	double t0, t1, tw;

	if (argc != 4 || (n = atol(argv[2])) <= 0 || n > 1024 ||
	    (nwork = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: st_fifo DIR NBLOCK NWORK\n");
		return 2;
	}
	dir = argv[1];
	t0 = st_now();
	for (long i = 0; i < n; i++) {
		snprintf(fifo, sizeof(fifo), "%s/fifo.%ld", dir, i);
		unlink(fifo);
		if (mkfifo(fifo, 0600) < 0)
			st_die("mkfifo %s: %s", fifo, strerror(errno));
		if ((pid[i] = fork()) < 0)
			st_die("fork: %s", strerror(errno));
		if (pid[i] == 0)
			_exit(reader(fifo));
	}
	st_sleep_us(1000000); /* let the readers block */
	tw = st_now();
	if (pthread_create(&th, NULL, work, NULL) != 0)
		st_die("pthread_create");
	while (work_done < nwork && st_now() - tw < 60)
		st_sleep_us(10000);
	if (work_done < nwork) {
		printf("FAIL starved: %ld of %ld work rounds done in 60 s "
		    "with %ld FIFO opens blocked\n", work_done, nwork, n);
		fflush(stdout);
		_exit(1); /* syd ends with us, the kernel kills the readers */
	}
	pthread_join(th, NULL);
	printf("work: %ld rounds in %.2f s with the readers blocked, "
	    "unexpected=%ld\n", nwork, st_now() - tw, work_bad);
	t1 = st_now();
	while (feed(pid, done, n) > 0 && st_now() - t1 < 60)
		st_sleep_us(20000);
	for (long i = 0; i < n; i++) {
		if (done[i] == 100)
			served++;
		else if (done[i] == 110)
			refused++;
		else
			broken++;
	}
	printf("readers=%ld served=%ld refused=%ld broken=%ld\n", n, served,
	    refused, broken);
	if (work_bad != 0 || broken != 0 || served == 0) {
		printf("FAIL\n");
		return 1;
	}
	printf("OK blocked=%ld seconds=%.2f\n", n, st_now() - t0);
	return 0;
}
