/*
 * fifo_open PATH [restart|norestart] [alarm_ms]
 *
 * Install a SIGALRM handler with (restart) or without (norestart, the
 * default) SA_RESTART, arm a one-shot timer of alarm_ms (default 500) with
 * setitimer, then open(PATH, O_RDONLY), which blocks on a FIFO without a
 * writer. Print one line:
 *
 *	EINTR ms=ELAPSED alarms=N
 *	OK ms=ELAPSED alarms=N
 *	ERR ERRNO ms=ELAPSED alarms=N
 *
 * ELAPSED is the time the open took in milliseconds, N how often the
 * handler ran. Exit 0 after OK, 1 after EINTR or another error, 2 on usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;

static void
on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	struct itimerval it;
	long long t0, ms;
	long alarm_ms = 500;
	int fd, err;

	if (argc < 2 || argc > 4) {
		fprintf(stderr,
		    "usage: fifo_open PATH [restart|norestart] [alarm_ms]\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	if (argc > 2 && strcmp(argv[2], "restart") == 0)
		sa.sa_flags = SA_RESTART;
	else if (argc > 2 && strcmp(argv[2], "norestart") != 0) {
		fprintf(stderr, "fifo_open: bad mode '%s'\n", argv[2]);
		return 2;
	}
	if (argc > 3)
		alarm_ms = atol(argv[3]);
	if (sigaction(SIGALRM, &sa, NULL) < 0) {
		perror("fifo_open: sigaction");
		return 2;
	}
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = alarm_ms / 1000;
	it.it_value.tv_usec = (alarm_ms % 1000) * 1000;
	t0 = now_ms();
	if (setitimer(ITIMER_REAL, &it, NULL) < 0) {
		perror("fifo_open: setitimer");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	err = errno;
	ms = now_ms() - t0;
	if (fd >= 0) {
		printf("OK ms=%lld alarms=%d\n", ms, (int)alarms);
		close(fd);
		return 0;
	}
	if (err == EINTR)
		printf("EINTR ms=%lld alarms=%d\n", ms, (int)alarms);
	else
		printf("ERR %d ms=%lld alarms=%d\n", err, ms, (int)alarms);
	return 1;
}
