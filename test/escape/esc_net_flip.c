/*
 * esc_net_flip MODE ADDR ALLOWED DENIED SECONDS DENIED_COUNTFILE
 *
 * A sockaddr whose port one thread flips between ALLOWED and DENIED while
 * the main thread connects (MODE tcp) or sends a datagram (MODE udp) to it
 * in a loop for SECONDS. ADDR is an IPv4 address; listeners on both ports
 * are the test's, the one on DENIED counts into DENIED_COUNTFILE (see
 * net_server). A sandbox that checks the address and then lets the kernel
 * read it again from the target's memory lets some calls through to
 * DENIED.
 *
 * A win: a TCP connection whose peer (getpeername) is the DENIED port, or
 * a DENIED_COUNTFILE above 0 at the end. Prints "ESCAPED wins=N ..." and
 * exits 0 after a win, else "BLOCKED wins=0 ok=A eacces=E other=O" and
 * exits 1; 2 on usage errors.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "esc.h"

static struct sockaddr_in target;
static unsigned short allowed, denied;
static volatile int stop;

static void *
flipper(void *arg)
{
	volatile unsigned short *p = &target.sin_port;

	(void)arg;
	while (!stop) {
		*p = denied;
		*p = allowed;
	}
	return NULL;
}

static unsigned long
read_count(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned long n = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%lu", &n) != 1)
		n = 0;
	fclose(f);
	return n;
}

int
main(int argc, char **argv)
{
	unsigned long wins = 0, okc = 0, eacces = 0, other = 0, counted;
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct sockaddr_in peer;
	socklen_t plen;
	pthread_t th;
	double end;
	int tcp, fd;

	if (argc != 7 || (strcmp(argv[1], "tcp") && strcmp(argv[1], "udp"))) {
		fprintf(stderr, "usage: esc_net_flip tcp|udp ADDR ALLOWED "
		    "DENIED SECONDS DENIED_COUNTFILE\n");
		return 2;
	}
	tcp = argv[1][0] == 't';
	allowed = htons((unsigned short)atoi(argv[3]));
	denied = htons((unsigned short)atoi(argv[4]));
	target.sin_family = AF_INET;
	target.sin_port = allowed;
	if (inet_pton(AF_INET, argv[2], &target.sin_addr) != 1)
		return 2;
	if (pthread_create(&th, NULL, flipper, NULL) != 0)
		return 2;
	end = esc_now() + atof(argv[5]);
	while (esc_now() < end) {
		fd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) |
		    SOCK_CLOEXEC, 0);
		if (fd < 0) {
			other++;
			continue;
		}
		/* No TIME_WAIT: thousands of connects must not run out of
		 * local ports. */
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		if (tcp ? connect(fd, (struct sockaddr *)&target,
		    sizeof(target)) : sendto(fd, "x", 1, 0,
		    (struct sockaddr *)&target, sizeof(target)) < 0) {
			if (errno == EACCES)
				eacces++;
			else
				other++;
			close(fd);
			continue;
		}
		okc++;
		plen = sizeof(peer);
		if (tcp && getpeername(fd, (struct sockaddr *)&peer,
		    &plen) == 0 && peer.sin_port == denied)
			wins++;
		close(fd);
	}
	stop = 1;
	pthread_join(th, NULL);
	/* Let the listener count what is still in flight. */
	usleep(300000);
	counted = read_count(argv[6]);
	if (counted > wins)
		wins = counted;
	printf("%s wins=%lu ok=%lu eacces=%lu other=%lu denied_count=%lu\n",
	    wins > 0 ? "ESCAPED" : "BLOCKED", wins, okc, eacces, other,
	    counted);
	return wins > 0 ? 0 : 1;
}
