/*
 * stat_storm PATH COUNT
 *
 * A SIGURG handler without SA_RESTART; a thread sends SIGURG to the main
 * thread every 10 us while it stat()s PATH COUNT times. stat never
 * returns EINTR natively. Print "calls=COUNT eintr=E failed=F
 * signals=S"; exit 1 if any stat failed (EINTR included), 2 on usage.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile int stop;
static volatile long handled;
static pid_t main_tid;

static void
on_urg(int sig)
{
	(void)sig;
	handled++;
}

static void *
storm(void *arg)
{
	struct timespec ts = { 0, 10000 };

	(void)arg;
	while (!stop) {
		syscall(SYS_tgkill, getpid(), main_tid, SIGURG);
		nanosleep(&ts, NULL);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	struct stat st;
	long count, eintr = 0, failed = 0;
	pthread_t th;

	if (argc != 3 || (count = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: stat_storm PATH COUNT\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_urg;
	sigemptyset(&sa.sa_mask);
	main_tid = (pid_t)syscall(SYS_gettid);
	if (sigaction(SIGURG, &sa, NULL) < 0 ||
	    pthread_create(&th, NULL, storm, NULL) != 0) {
		perror("stat_storm");
		return 2;
	}
	for (long i = 0; i < count; i++) {
		if (stat(argv[1], &st) == 0)
			continue;
		if (errno == EINTR)
			eintr++;
		else
			failed++;
	}
	stop = 1;
	pthread_join(th, NULL);
	printf("calls=%ld eintr=%ld failed=%ld signals=%ld\n", count, eintr,
	    failed, (long)handled);
	return eintr + failed > 0;
}
