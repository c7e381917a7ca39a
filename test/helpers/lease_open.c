/*
 * lease_open FILE NOPENERS
 *
 * Take a read lease on FILE (which the caller owns), then start NOPENERS
 * threads that open FILE for writing: each conflicts with the lease and
 * waits for its break (natively in the kernel, up to lease-break-time).
 * While they wait, stat /etc/hostname 100 times. Then release the lease
 * so the openers finish. Print
 *
 *	stats_while_blocked=S openers=N ok=K eagain=A other=O
 *
 * S is 1 when all the stats were answered before any opener finished.
 * Exit 0 when S is 1 and every opener got its fd or EAGAIN (syd refusing
 * blocking work it has no room for), 1 otherwise, 2 on usage/set-up.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *file;
static int done, ok, eagain, other;

static void *
opener(void *arg)
{
	int fd = open(file, O_WRONLY);

	(void)arg;
	if (fd >= 0) {
		__atomic_add_fetch(&ok, 1, __ATOMIC_SEQ_CST);
		close(fd);
	} else if (errno == EAGAIN)
		__atomic_add_fetch(&eagain, 1, __ATOMIC_SEQ_CST);
	else
		__atomic_add_fetch(&other, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t th[64];
	struct stat st;
	int n, fd, stats_ok = 1, before;

	if (argc != 3 || (n = atoi(argv[2])) <= 0 || n > 64)
		return 2;
	file = argv[1];
	signal(SIGIO, SIG_IGN); /* the lease-break notice */
	if ((fd = open(file, O_RDONLY)) < 0 ||
	    fcntl(fd, F_SETLEASE, F_RDLCK) < 0) {
		perror("lease_open: lease");
		return 2;
	}
	for (int i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, opener, NULL) != 0)
			return 2;
	usleep(300000); /* let the openers reach the lease */
	before = __atomic_load_n(&done, __ATOMIC_SEQ_CST) -
	    __atomic_load_n(&eagain, __ATOMIC_SEQ_CST);
	for (int i = 0; i < 100; i++)
		if (stat("/etc/hostname", &st) < 0)
			stats_ok = 0;
	/* Answered while no opener got through the lease? */
	if (before != 0 || __atomic_load_n(&done, __ATOMIC_SEQ_CST) -
	    __atomic_load_n(&eagain, __ATOMIC_SEQ_CST) != 0)
		stats_ok = 0;
	fcntl(fd, F_SETLEASE, F_UNLCK);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	printf("stats_while_blocked=%d openers=%d ok=%d eagain=%d other=%d\n",
	    stats_ok, n, ok, eagain, other);
	return stats_ok && other == 0 && ok + eagain == n ? 0 : 1;
}
