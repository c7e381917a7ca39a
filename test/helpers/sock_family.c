/*
 * sock_family KIND [ARG]: make one socket and report.
 *   packet              socket(AF_PACKET, SOCK_RAW, 0)
 *   netlink PROTO       socket(AF_NETLINK, SOCK_RAW, PROTO) (a number)
 *   family N            socket(N, SOCK_DGRAM, 0)
 *   family64 N          the same with garbage in the upper 32 bits of the
 *                       family register (the kernel reads an int)
 *   pair N              socketpair(N, SOCK_DGRAM, 0)
 *   route               NETLINK_ROUTE: ask for the links, count replies
 * Prints "OK ..." and exits 0, or "ERR <call> <errno name>" and exits 1.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

static int
fail(const char *what)
{
	int e = errno;

	printf("ERR %s %s\n", what, e == EAFNOSUPPORT ? "EAFNOSUPPORT" :
	    e == EPROTONOSUPPORT ? "EPROTONOSUPPORT" : ename(e));
	return 1;
}

/* RTM_GETLINK dump: the kernel answers with one message per link. */
static int
route(void)
{
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
	} req;
	char buf[16384];
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	ssize_t n;

	if (fd < 0)
		return fail("socket");
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = RTM_GETLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.g.rtgen_family = AF_UNSPEC;
	if (send(fd, &req, sizeof(req), 0) < 0)
		return fail("send");
	if ((n = recv(fd, buf, sizeof(buf), 0)) <= 0)
		return fail("recv");
	printf("OK route %zd bytes\n", n);
	return 0;
}

int
main(int argc, char **argv)
{
	long fd;
	int sv[2];

	if (argc < 2)
		return 2;
	if (strcmp(argv[1], "route") == 0)
		return route();
	if (strcmp(argv[1], "packet") == 0)
		fd = socket(AF_PACKET, SOCK_RAW, 0);
	else if (argc > 2 && strcmp(argv[1], "netlink") == 0)
		fd = socket(AF_NETLINK, SOCK_RAW, atoi(argv[2]));
	else if (argc > 2 && strcmp(argv[1], "family") == 0)
		fd = socket(atoi(argv[2]), SOCK_DGRAM, 0);
	else if (argc > 2 && strcmp(argv[1], "family64") == 0)
		fd = syscall(SYS_socket, 0x100000000L | atol(argv[2]),
		    (long)SOCK_DGRAM, 0L);
	else if (argc > 2 && strcmp(argv[1], "pair") == 0)
		fd = socketpair(atoi(argv[2]), SOCK_DGRAM, 0, sv);
	else
		return 2;
	if (fd < 0)
		return fail(argv[1]);
	printf("OK %s fd %ld\n", argv[1], fd);
	return 0;
}
