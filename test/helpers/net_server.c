/*
 * net_server MODE ADDR PORT SECONDS COUNTFILE
 *
 * A listener for the network sandboxing tests; it exits after SECONDS
 * whatever happens. It counts what reaches it and rewrites COUNTFILE with
 * the number after each event (atomically, by rename). Once it is ready it
 * writes the port it listens on to COUNTFILE.port and then "0" to
 * COUNTFILE: a test waits for COUNTFILE to exist. The datagram modes also
 * write the size of the last datagram to COUNTFILE.size.
 *
 * PORT is a number, 0 (the kernel chooses) or A-B (the first free port of
 * that range). For the UNIX modes ADDR is a path (an existing file there
 * is removed first) or an abstract name, and PORT is ignored.
 *
 * MODE:
 *   tcp4 tcp6       count accepted connections (tcp6: IPv6 only)
 *   udp4 udp6       count datagrams
 *   unix abstract   count accepted stream connections
 *   unixdgram       count datagrams on a UNIX datagram socket
 *   unixfd          a UNIX stream listener counting the fds received with
 *                   SCM_RIGHTS on its connections
 *   tcp4full        listen(fd, 0) and fill the accept queue with
 *                   connections of its own that are never accepted, so
 *                   that one more connect blocks; counts nothing
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static const char *countfile;
static unsigned long count;

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
put(const char *path, unsigned long n)
{
	char tmp[4200], buf[32];
	int fd, len;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	len = snprintf(buf, sizeof(buf), "%lu\n", n);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, (size_t)len) != len) {
		perror(tmp);
		exit(2);
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		perror(path);
		exit(2);
	}
}

static void
bump(unsigned long n)
{
	count += n;
	put(countfile, count);
}

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

/* Bind FD (family FAM) to ADDR and PORT (N, 0 or A-B); the port bound. */
static unsigned
ipbind(int fd, int fam, const char *addr, const char *port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	unsigned lo, hi, p;
	const char *dash = strchr(port, '-');

	lo = hi = (unsigned)atoi(port);
	if (dash != NULL)
		hi = (unsigned)atoi(dash + 1);
	memset(&ss, 0, sizeof(ss));
	if (fam == AF_INET) {
		s4->sin_family = AF_INET;
		if (inet_pton(AF_INET, addr, &s4->sin_addr) != 1)
			die("inet_pton");
		len = sizeof(*s4);
	} else {
		s6->sin6_family = AF_INET6;
		if (inet_pton(AF_INET6, addr, &s6->sin6_addr) != 1)
			die("inet_pton");
		len = sizeof(*s6);
	}
	for (p = lo; p <= hi; p++) {
		if (fam == AF_INET)
			s4->sin_port = htons((unsigned short)p);
		else
			s6->sin6_port = htons((unsigned short)p);
		if (bind(fd, (struct sockaddr *)&ss, len) == 0)
			break;
		if (errno != EADDRINUSE || p == hi)
			die("bind");
	}
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		die("getsockname");
	return ntohs(fam == AF_INET ? s4->sin_port : s6->sin6_port);
}

static socklen_t
unaddr(const char *path, int abstract, struct sockaddr_un *su)
{
	size_t n = strlen(path);

	memset(su, 0, sizeof(*su));
	su->sun_family = AF_UNIX;
	if (n + 2 > sizeof(su->sun_path)) {
		fprintf(stderr, "name too long\n");
		exit(2);
	}
	if (abstract) {
		memcpy(su->sun_path + 1, path, n);
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
		    n);
	}
	memcpy(su->sun_path, path, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

/* Wait for FD to be readable until DEADLINE; false when time is up. */
static int
wait_in(int fd, long deadline)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	long left;

	while ((left = deadline - now_ms()) > 0) {
		int n = poll(&p, 1, (int)(left > 1000 ? 1000 : left));

		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			die("poll");
	}
	return 0;
}

/* Receive on connection C until EOF (2 s at most); the fds passed. */
static unsigned long
recv_fds(int c)
{
	union {
		char buf[CMSG_SPACE(16 * sizeof(int))];
		struct cmsghdr align;
	} u;
	char data[256];
	unsigned long n = 0;
	long end = now_ms() + 2000;

	for (;;) {
		struct iovec iov = { .iov_base = data, .iov_len = sizeof(data) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
		struct cmsghdr *c2;
		ssize_t r;

		if (!wait_in(c, end))
			break;
		r = recvmsg(c, &mh, MSG_CMSG_CLOEXEC);
		if (r <= 0)
			break;
		for (c2 = CMSG_FIRSTHDR(&mh); c2 != NULL;
		    c2 = CMSG_NXTHDR(&mh, c2)) {
			size_t k;

			if (c2->cmsg_level != SOL_SOCKET ||
			    c2->cmsg_type != SCM_RIGHTS)
				continue;
			k = (c2->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (size_t i = 0; i < k; i++) {
				int f;

				memcpy(&f, CMSG_DATA(c2) + i * sizeof(int),
				    sizeof(int));
				close(f);
			}
			n += k;
		}
	}
	return n;
}

int
main(int argc, char **argv)
{
	static char buf[1 << 18];
	char portfile[4200], sizefile[4200];
	const char *mode, *addr, *port;
	struct sockaddr_un su;
	unsigned bound = 0;
	long deadline;
	int fd, one = 1, stream, fam = AF_INET;

	if (argc != 6) {
		fprintf(stderr, "usage: net_server MODE ADDR PORT SECONDS "
		    "COUNTFILE\n");
		return 2;
	}
	mode = argv[1];
	addr = argv[2];
	port = argv[3];
	deadline = now_ms() + atol(argv[4]) * 1000L;
	countfile = argv[5];
	signal(SIGPIPE, SIG_IGN);
	stream = strcmp(mode, "udp4") && strcmp(mode, "udp6") &&
	    strcmp(mode, "unixdgram");

	if (!strcmp(mode, "tcp4") || !strcmp(mode, "tcp6") ||
	    !strcmp(mode, "udp4") || !strcmp(mode, "udp6") ||
	    !strcmp(mode, "tcp4full")) {
		fam = mode[3] == '6' ? AF_INET6 : AF_INET;
		fd = socket(fam, (stream ? SOCK_STREAM : SOCK_DGRAM) |
		    SOCK_CLOEXEC, 0);
		if (fd < 0)
			die("socket");
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (fam == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
			    sizeof(one));
		bound = ipbind(fd, fam, addr, port);
	} else if (!strcmp(mode, "unix") || !strcmp(mode, "abstract") ||
	    !strcmp(mode, "unixdgram") || !strcmp(mode, "unixfd")) {
		int abs = mode[0] == 'a';
		socklen_t len = unaddr(addr, abs, &su);

		fam = AF_UNIX;
		fd = socket(AF_UNIX, (stream ? SOCK_STREAM : SOCK_DGRAM) |
		    SOCK_CLOEXEC, 0);
		if (fd < 0)
			die("socket");
		if (!abs)
			unlink(addr);
		if (bind(fd, (struct sockaddr *)&su, len) < 0)
			die("bind");
		if (!abs)
			chmod(addr, 0777);
	} else {
		fprintf(stderr, "net_server: unknown mode %s\n", mode);
		return 2;
	}
	if (stream && listen(fd, !strcmp(mode, "tcp4full") ? 0 : 128) < 0)
		die("listen");

	if (!strcmp(mode, "tcp4full")) {
		/* Fill the accept queue: with a backlog of 0 one completed
		 * connection fills it and later SYNs are dropped. A few more
		 * pending connects make sure. They are never accepted. */
		struct sockaddr_in sa;

		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_port = htons((unsigned short)bound);
		inet_pton(AF_INET, addr, &sa.sin_addr);
		for (int i = 0; i < 4; i++) {
			int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK |
			    SOCK_CLOEXEC, 0);

			if (c < 0)
				die("socket");
			connect(c, (struct sockaddr *)&sa, sizeof(sa));
			usleep(50000);
		}
	}

	snprintf(portfile, sizeof(portfile), "%s.port", countfile);
	snprintf(sizefile, sizeof(sizefile), "%s.size", countfile);
	put(portfile, bound);
	put(countfile, 0);

	while (wait_in(fd, deadline)) {
		if (!strcmp(mode, "tcp4full")) {
			/* Never accept: sleep until the deadline. */
			long left = deadline - now_ms();

			if (left > 0)
				usleep((useconds_t)(left > 500 ? 500 : left) *
				    1000);
			continue;
		}
		if (!stream) {
			ssize_t r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

			if (r >= 0) {
				put(sizefile, (unsigned long)r);
				bump(1);
			}
			continue;
		}
		int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

		if (c < 0)
			continue;
		if (!strcmp(mode, "unixfd")) {
			unsigned long n = recv_fds(c);

			if (n > 0)
				bump(n);
		} else {
			bump(1);
		}
		close(c);
	}
	if (fam == AF_UNIX && addr[0] == '/' && strcmp(mode, "abstract"))
		unlink(addr);
	return 0;
}
