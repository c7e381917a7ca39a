/*
 * fsizelim
 *
 * RLIMIT_FSIZE is the caller's: with a soft limit of 1 MiB, growing a
 * file past it with truncate, ftruncate or fallocate is EFBIG and raises
 * SIGXFSZ (caught and counted here); growing it within the limit,
 * shrinking it, and an allocation that keeps the size are not. Run in a
 * writable directory; prints one line per probe ("NAME = OK" or
 * "NAME = -1 ENAME", then "sigxfsz N"), the same natively and under syd.
 * Exit 2 on setup errors.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ename.h"

static volatile sig_atomic_t hits;

static void
on_xfsz(int sig)
{
	(void)sig;
	hits++;
}

static void
probe(const char *what, int r)
{
	ename_report(what, r);
	printf("  sigxfsz %d\n", (int)hits);
}

int
main(void)
{
	struct rlimit rl = { 1 << 20, RLIM_INFINITY };
	struct sigaction sa = { .sa_handler = on_xfsz };
	int fd;

	if (sigaction(SIGXFSZ, &sa, NULL) < 0 ||
	    setrlimit(RLIMIT_FSIZE, &rl) < 0 ||
	    (fd = open("t", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		return 2;
	probe("truncate 2M", truncate("t", 2 << 20));
	probe("truncate 512K", truncate("t", 512 << 10));
	probe("ftruncate 3M", ftruncate(fd, 3 << 20));
	probe("ftruncate 1M", ftruncate(fd, 1 << 20));
	probe("ftruncate 4K", ftruncate(fd, 4096));
	probe("fallocate 0 2M", fallocate(fd, 0, 0, 2 << 20));
	probe("fallocate KEEP_SIZE 2M", fallocate(fd, FALLOC_FL_KEEP_SIZE, 0,
	    2 << 20));
	probe("fallocate 0 64K", fallocate(fd, 0, 0, 64 << 10));
	return 0;
}
