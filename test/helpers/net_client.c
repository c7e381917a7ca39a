/*
 * net_client MODE ADDR [PORT [MSG]]
 *
 * One network call of the kind MODE names, for the network sandboxing
 * tests. Prints "OK" and exits 0 when the call succeeded, "ERR NAME"
 * (NAME an errno name such as EACCES) and exits 1 when it failed, exits 2
 * on usage errors and prints "NOSOCKET NAME" and exits 3 when socket(2)
 * itself failed (afconnect/afbind: the family does not exist here).
 *
 * MODE:
 *   tcp4 tcp6        connect(ADDR, PORT) (tcp6 accepts ::ffff:a.b.c.d;
 *                    IPV6_V6ONLY is cleared); MSG, if given, is written
 *   udp4 udp6        sendto(MSG or "x", ADDR PORT)
 *   udpmsg4 udpmsg6  sendmsg with msg_name ADDR PORT
 *   udpmmsg4         sendmmsg, one message with msg_name ADDR PORT
 *   udpmsgiov        sendmsg with msg_name ADDR PORT of one datagram made of
 *                    MSG iovecs of one byte each; "SHORT N" if fewer sent
 *   udpmmsg2         sendmmsg, two messages: to ADDR PORT, then to ADDR
 *                    port MSG; prints "OK" when both were sent, "PARTIAL 1"
 *                    when only the first was
 *   udpunspec        connect a UDP socket to ADDR PORT, then dissolve the
 *                    association with connect(AF_UNSPEC)
 *   bind4 bind6      bind a TCP socket to ADDR PORT, then listen
 *   unix             connect a stream socket to the path ADDR
 *   abstract         connect a stream socket to the abstract name ADDR
 *   unixdgram        sendto(MSG or "x") on a datagram socket to path ADDR
 *   unixdgrambig unixmsgbig
 *                    sendto / sendmsg (msg_name) one datagram of PORT bytes
 *                    to the path ADDR; "SHORT N" when fewer were sent
 *   unixbind abstractbind
 *                    bind a stream socket to the path or abstract name ADDR
 *   unixbindname     bind a stream socket to the path ADDR and print the
 *                    name getsockname(2) then reports (instead of "OK")
 *   nbconnect4       non-blocking connect(ADDR, PORT); EINPROGRESS or 0 is
 *                    fine, the connection must then complete (5 s); what
 *                    connect(2) returned goes to stderr as
 *                    "connect: EINPROGRESS" or "connect: 0"
 *   tcp4alarm        blocking connect(ADDR, PORT) with SIGALRM (no
 *                    SA_RESTART) due after 1 s; stderr gets
 *                    "elapsed_ms=N" (from connect to its return)
 *   sendfd           connect a stream socket to the path ADDR and send an
 *                    fd of the file MSG (O_RDONLY) with SCM_RIGHTS
 *   sendfdpair       the same over a socketpair(2), received back (ADDR
 *                    and PORT are ignored)
 *   afconnect afbind socket of the family ADDR (packet vsock appletalk
 *                    x25 ax25 ipx xdp), then connect or bind with an
 *                    address of that family (PORT is the vsock port)
 *   netlink          NETLINK_ROUTE: bind, sendto the kernel an RTM_GETLINK
 *                    dump request and receive a reply
 *   freeport4 freeport6
 *                    bind ADDR port 0 and print the port the kernel chose
 *                    (instead of "OK")
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#ifndef AF_XDP
#define AF_XDP 44
#endif

static const struct {
	int no;
	const char *name;
} errnames[] = {
	{ EACCES, "EACCES" }, { EPERM, "EPERM" }, { ECONNREFUSED,
	"ECONNREFUSED" }, { EAFNOSUPPORT, "EAFNOSUPPORT" }, { EINTR, "EINTR" },
	{ EINPROGRESS, "EINPROGRESS" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ EADDRINUSE, "EADDRINUSE" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
	{ ENOENT, "ENOENT" }, { EINVAL, "EINVAL" }, { ENOSYS, "ENOSYS" },
	{ ENETUNREACH, "ENETUNREACH" }, { EHOSTUNREACH, "EHOSTUNREACH" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
	{ ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" }, { EPROTOTYPE, "EPROTOTYPE" },
	{ ENODEV, "ENODEV" }, { ECONNRESET, "ECONNRESET" }, { EBADF, "EBADF" },
	{ EFAULT, "EFAULT" }, { ENOTSOCK, "ENOTSOCK" }, { EISCONN, "EISCONN" },
	{ EALREADY, "EALREADY" }, { EAGAIN, "EAGAIN" }, { ENOTCONN,
	"ENOTCONN" }, { EPIPE, "EPIPE" }, { ENOMEM, "ENOMEM" }, { ENOBUFS,
	"ENOBUFS" }, { EMSGSIZE, "EMSGSIZE" }, { EDESTADDRREQ, "EDESTADDRREQ" },
	{ ENOTDIR, "ENOTDIR" }, { ELOOP, "ELOOP" }, { ENAMETOOLONG,
	"ENAMETOOLONG" }, { ENXIO, "ENXIO" }, { ESRCH, "ESRCH" }, { EIO,
	"EIO" }, { ENETDOWN, "ENETDOWN" }, { ECONNABORTED, "ECONNABORTED" },
	{ EMFILE, "EMFILE" }, { ENOTSUP, "ENOTSUP" }, { EROFS, "EROFS" },
};

static const char *
errname(int e)
{
	static char buf[32];

	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].no == e)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static int
fail(void)
{
	printf("ERR %s\n", errname(errno));
	return 1;
}

static int
nosock(void)
{
	printf("NOSOCKET %s\n", errname(errno));
	return 3;
}

static int
ok(void)
{
	printf("OK\n");
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: net_client MODE ADDR [PORT [MSG]]\n");
	exit(2);
}

/* ADDR PORT as a socket address of family FAM (AF_INET or AF_INET6). */
static socklen_t
ipaddr(int fam, const char *addr, const char *port,
    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (fam == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)ss;

		s->sin_family = AF_INET;
		s->sin_port = htons((unsigned short)atoi(port));
		if (inet_pton(AF_INET, addr, &s->sin_addr) != 1)
			usage();
		return sizeof(*s);
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)ss;

		s->sin6_family = AF_INET6;
		s->sin6_port = htons((unsigned short)atoi(port));
		if (inet_pton(AF_INET6, addr, &s->sin6_addr) != 1)
			usage();
		return sizeof(*s);
	}
}

static int
ipsock(int fam, int type)
{
	int fd = socket(fam, type | SOCK_CLOEXEC, 0), off = 0;

	if (fd >= 0 && fam == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	return fd;
}

static socklen_t
unaddr(const char *path, int abstract, struct sockaddr_un *su)
{
	size_t n = strlen(path);

	memset(su, 0, sizeof(*su));
	su->sun_family = AF_UNIX;
	if (n + 2 > sizeof(su->sun_path))
		usage();
	if (abstract) {
		memcpy(su->sun_path + 1, path, n);
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
		    n);
	}
	memcpy(su->sun_path, path, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
onalarm(int sig)
{
	(void)sig;
}

/* One SCM_RIGHTS message carrying FD (and one byte) on SOCK. */
static ssize_t
send_fd(int sock, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = "F", .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;

	memset(&u, 0, sizeof(u));
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &mh, 0);
}

static int
family_of(const char *name)
{
	static const struct {
		const char *name;
		int fam;
	} fams[] = {
		{ "packet", AF_PACKET }, { "vsock", AF_VSOCK },
		{ "appletalk", AF_APPLETALK }, { "x25", AF_X25 },
		{ "ax25", AF_AX25 }, { "ipx", AF_IPX }, { "xdp", AF_XDP },
	};

	for (size_t i = 0; i < sizeof(fams) / sizeof(fams[0]); i++)
		if (strcmp(fams[i].name, name) == 0)
			return fams[i].fam;
	usage();
	return -1;
}

/* A socket of an unusual family, and an address of it for connect/bind. */
static int
afsock(const char *name, const char *port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	static const int types[] = { SOCK_DGRAM, SOCK_STREAM, SOCK_SEQPACKET,
		SOCK_RAW };
	int fam = family_of(name), fd = -1, e = 0;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		fd = socket(fam, types[i] | SOCK_CLOEXEC, 0);
		if (fd >= 0)
			break;
		/* Report the first family-level error, not a type's. */
		if (e == 0 || errno == EAFNOSUPPORT)
			e = errno;
	}
	if (fd < 0) {
		errno = e;
		return -1;
	}
	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)fam;
	*len = sizeof(*ss);
	if (fam == AF_PACKET) {
		struct sockaddr_ll *l = (struct sockaddr_ll *)ss;

		l->sll_protocol = htons(ETH_P_ALL);
		l->sll_ifindex = 1;
		*len = sizeof(*l);
	} else if (fam == AF_VSOCK) {
		struct sockaddr_vm *v = (struct sockaddr_vm *)ss;

		v->svm_cid = VMADDR_CID_LOCAL;
		v->svm_port = (unsigned)atoi(port);
		*len = sizeof(*v);
	}
	return fd;
}

static int
do_netlink(void)
{
	struct {
		struct nlmsghdr nh;
		struct rtgenmsg g;
	} req;
	struct sockaddr_nl me = { .nl_family = AF_NETLINK };
	struct sockaddr_nl kern = { .nl_family = AF_NETLINK };
	char buf[8192];
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return nosock();
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0)
		return fail();
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 1;
	req.g.rtgen_family = AF_UNSPEC;
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&kern,
	    sizeof(kern)) < 0)
		return fail();
	if (recv(fd, buf, sizeof(buf), 0) <= 0)
		return fail();
	return ok();
}

int
main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	struct sockaddr_un su;
	const char *mode, *addr, *port, *msg;
	socklen_t len;
	int fd, fam;

	if (argc < 3 || argc > 5)
		usage();
	mode = argv[1];
	addr = argv[2];
	port = argc > 3 ? argv[3] : "0";
	msg = argc > 4 ? argv[4] : NULL;
	setvbuf(stdout, NULL, _IONBF, 0);
	fam = mode[strlen(mode) - 1] == '6' ? AF_INET6 : AF_INET;

	if (!strcmp(mode, "tcp4") || !strcmp(mode, "tcp6")) {
		len = ipaddr(fam, addr, port, &ss);
		if ((fd = ipsock(fam, SOCK_STREAM)) < 0)
			return nosock();
		if (connect(fd, (struct sockaddr *)&ss, len) < 0)
			return fail();
		if (msg != NULL && write(fd, msg, strlen(msg)) < 0)
			return fail();
		close(fd);
		return ok();
	}
	if (!strcmp(mode, "udp4") || !strcmp(mode, "udp6")) {
		len = ipaddr(fam, addr, port, &ss);
		if ((fd = ipsock(fam, SOCK_DGRAM)) < 0)
			return nosock();
		if (msg == NULL)
			msg = "x";
		if (sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&ss,
		    len) < 0)
			return fail();
		return ok();
	}
	if (!strcmp(mode, "udpmsg4") || !strcmp(mode, "udpmsg6") ||
	    !strcmp(mode, "udpmmsg4")) {
		struct iovec iov;
		struct mmsghdr mm;

		len = ipaddr(fam, addr, port, &ss);
		if ((fd = ipsock(fam, SOCK_DGRAM)) < 0)
			return nosock();
		if (msg == NULL)
			msg = "x";
		iov.iov_base = (void *)msg;
		iov.iov_len = strlen(msg);
		memset(&mm, 0, sizeof(mm));
		mm.msg_hdr.msg_name = &ss;
		mm.msg_hdr.msg_namelen = len;
		mm.msg_hdr.msg_iov = &iov;
		mm.msg_hdr.msg_iovlen = 1;
		if (!strcmp(mode, "udpmmsg4")) {
			int n = sendmmsg(fd, &mm, 1, 0);

			if (n < 0)
				return fail();
			if (n != 1) {
				printf("ERR sent %d of 1\n", n);
				return 1;
			}
		} else if (sendmsg(fd, &mm.msg_hdr, 0) < 0) {
			return fail();
		}
		return ok();
	}
	if (!strcmp(mode, "udpmmsg2")) {
		struct sockaddr_storage s2;
		struct iovec iov = { .iov_base = "x", .iov_len = 1 };
		struct mmsghdr mm[2];
		int n;

		if (msg == NULL)
			usage();
		len = ipaddr(AF_INET, addr, port, &ss);
		ipaddr(AF_INET, addr, msg, &s2);
		if ((fd = ipsock(AF_INET, SOCK_DGRAM)) < 0)
			return nosock();
		memset(mm, 0, sizeof(mm));
		for (int i = 0; i < 2; i++) {
			mm[i].msg_hdr.msg_name = i ? &s2 : &ss;
			mm[i].msg_hdr.msg_namelen = len;
			mm[i].msg_hdr.msg_iov = &iov;
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		if ((n = sendmmsg(fd, mm, 2, 0)) < 0)
			return fail();
		if (n == 2)
			return ok();
		printf("PARTIAL %d\n", n);
		return 1;
	}
	if (!strcmp(mode, "udpmsgiov")) {
		static struct iovec iov[1024];
		struct msghdr mh;
		int n = msg != NULL ? atoi(msg) : 0;
		ssize_t r;

		if (n < 1 || n > 1024)
			usage();
		for (int i = 0; i < n; i++) {
			iov[i].iov_base = "v";
			iov[i].iov_len = 1;
		}
		len = ipaddr(fam, addr, port, &ss);
		if ((fd = ipsock(fam, SOCK_DGRAM)) < 0)
			return nosock();
		memset(&mh, 0, sizeof(mh));
		mh.msg_name = &ss;
		mh.msg_namelen = len;
		mh.msg_iov = iov;
		mh.msg_iovlen = (size_t)n;
		if ((r = sendmsg(fd, &mh, 0)) < 0)
			return fail();
		if (r != n) {
			printf("SHORT %zd\n", r);
			return 1;
		}
		return ok();
	}
	if (!strcmp(mode, "udpunspec")) {
		struct sockaddr un = { .sa_family = AF_UNSPEC };

		len = ipaddr(AF_INET, addr, port, &ss);
		if ((fd = ipsock(AF_INET, SOCK_DGRAM)) < 0)
			return nosock();
		if (connect(fd, (struct sockaddr *)&ss, len) < 0)
			return fail();
		if (connect(fd, &un, sizeof(un)) < 0)
			return fail();
		return ok();
	}
	if (!strcmp(mode, "unixdgrambig") || !strcmp(mode, "unixmsgbig")) {
		size_t size = (size_t)atol(port);
		char *big = malloc(size + 1);
		struct iovec iov = { .iov_base = big, .iov_len = size };
		struct msghdr mh = { .msg_name = &su, .msg_iov = &iov,
			.msg_iovlen = 1 };
		ssize_t n;

		if (big == NULL)
			return 2;
		memset(big, 'b', size);
		len = unaddr(addr, 0, &su);
		mh.msg_namelen = len;
		if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
			return nosock();
		n = mode[4] == 'd' ? sendto(fd, big, size, 0,
		    (struct sockaddr *)&su, len) : sendmsg(fd, &mh, 0);
		if (n < 0)
			return fail();
		if ((size_t)n != size) {
			printf("SHORT %zd\n", n);
			return 1;
		}
		return ok();
	}
	if (!strcmp(mode, "bind4") || !strcmp(mode, "bind6")) {
		len = ipaddr(fam, addr, port, &ss);
		if ((fd = ipsock(fam, SOCK_STREAM)) < 0)
			return nosock();
		if (bind(fd, (struct sockaddr *)&ss, len) < 0)
			return fail();
		if (listen(fd, 1) < 0)
			return fail();
		return ok();
	}
	if (!strcmp(mode, "freeport4") || !strcmp(mode, "freeport6")) {
		len = ipaddr(fam, addr, "0", &ss);
		if ((fd = ipsock(fam, SOCK_STREAM)) < 0)
			return nosock();
		if (bind(fd, (struct sockaddr *)&ss, len) < 0)
			return fail();
		if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
			return fail();
		printf("%u\n", ntohs(fam == AF_INET ?
		    ((struct sockaddr_in *)&ss)->sin_port :
		    ((struct sockaddr_in6 *)&ss)->sin6_port));
		return 0;
	}
	if (!strcmp(mode, "unix") || !strcmp(mode, "abstract")) {
		len = unaddr(addr, mode[0] == 'a', &su);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			return nosock();
		if (connect(fd, (struct sockaddr *)&su, len) < 0)
			return fail();
		if (msg != NULL && write(fd, msg, strlen(msg)) < 0)
			return fail();
		return ok();
	}
	if (!strcmp(mode, "unixbind") || !strcmp(mode, "abstractbind")) {
		len = unaddr(addr, mode[0] == 'a', &su);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			return nosock();
		if (bind(fd, (struct sockaddr *)&su, len) < 0)
			return fail();
		return ok();
	}
	if (!strcmp(mode, "unixbindname")) {
		struct sockaddr_un got;
		socklen_t gl = sizeof(got);

		len = unaddr(addr, 0, &su);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			return nosock();
		if (bind(fd, (struct sockaddr *)&su, len) < 0)
			return fail();
		memset(&got, 0, sizeof(got));
		if (getsockname(fd, (struct sockaddr *)&got, &gl) < 0)
			return fail();
		printf("%.*s\n", (int)(gl - offsetof(struct sockaddr_un,
		    sun_path)), got.sun_path);
		return 0;
	}
	if (!strcmp(mode, "unixdgram")) {
		len = unaddr(addr, 0, &su);
		if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
			return nosock();
		if (msg == NULL)
			msg = "x";
		if (sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&su,
		    len) < 0)
			return fail();
		return ok();
	}
	if (!strcmp(mode, "nbconnect4")) {
		struct pollfd p;
		int err = 0, rc;
		socklen_t el = sizeof(err);

		len = ipaddr(AF_INET, addr, port, &ss);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
		if (fd < 0)
			return nosock();
		rc = connect(fd, (struct sockaddr *)&ss, len);
		if (rc < 0 && errno != EINPROGRESS)
			return fail();
		fprintf(stderr, "connect: %s\n", rc < 0 ? "EINPROGRESS" : "0");
		if (rc < 0) {
			p.fd = fd;
			p.events = POLLOUT;
			if (poll(&p, 1, 5000) != 1) {
				printf("ERR not connected after 5 s\n");
				return 1;
			}
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0)
				return fail();
			if (err != 0) {
				errno = err;
				return fail();
			}
		}
		return ok();
	}
	if (!strcmp(mode, "tcp4alarm")) {
		struct sigaction sa;
		struct itimerval it = { .it_value = { .tv_sec = 1 } };
		long t0;
		int rc, e;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = onalarm;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = 0; /* no SA_RESTART */
		sigaction(SIGALRM, &sa, NULL);
		len = ipaddr(AF_INET, addr, port, &ss);
		if ((fd = ipsock(AF_INET, SOCK_STREAM)) < 0)
			return nosock();
		t0 = now_ms();
		setitimer(ITIMER_REAL, &it, NULL);
		rc = connect(fd, (struct sockaddr *)&ss, len);
		e = errno;
		fprintf(stderr, "elapsed_ms=%ld\n", now_ms() - t0);
		errno = e;
		return rc < 0 ? fail() : ok();
	}
	if (!strcmp(mode, "sendfd")) {
		int ffd;

		if (msg == NULL)
			usage();
		len = unaddr(addr, 0, &su);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			return nosock();
		if (connect(fd, (struct sockaddr *)&su, len) < 0)
			return fail();
		if ((ffd = open(msg, O_RDONLY | O_CLOEXEC)) < 0) {
			printf("ERR open %s: %s\n", msg, errname(errno));
			return 1;
		}
		if (send_fd(fd, ffd) < 0)
			return fail();
		return ok();
	}
	if (!strcmp(mode, "sendfdpair")) {
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} u;
		char b;
		struct iovec iov = { .iov_base = &b, .iov_len = 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
		struct cmsghdr *c;
		int sv[2], ffd;

		if (msg == NULL)
			usage();
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			return nosock();
		if ((ffd = open(msg, O_RDONLY | O_CLOEXEC)) < 0) {
			printf("ERR open %s: %s\n", msg, errname(errno));
			return 1;
		}
		if (send_fd(sv[0], ffd) < 0)
			return fail();
		if (recvmsg(sv[1], &mh, MSG_DONTWAIT) != 1 ||
		    (c = CMSG_FIRSTHDR(&mh)) == NULL ||
		    c->cmsg_type != SCM_RIGHTS) {
			printf("ERR sent, but no fd received\n");
			return 1;
		}
		return ok();
	}
	if (!strcmp(mode, "afconnect") || !strcmp(mode, "afbind")) {
		if ((fd = afsock(addr, port, &ss, &len)) < 0)
			return nosock();
		if ((mode[2] == 'c' ? connect(fd, (struct sockaddr *)&ss, len) :
		    bind(fd, (struct sockaddr *)&ss, len)) < 0)
			return fail();
		return ok();
	}
	if (!strcmp(mode, "netlink"))
		return do_netlink();
	usage();
	return 2;
}
