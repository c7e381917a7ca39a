/*
 * unix_creds recv PATH N
 *     Bind a UNIX datagram socket at PATH (mode 0777) with SO_PASSCRED,
 *     write "ready" to stdout, receive N messages and print for each
 *     "TAG pid=sender|other uid=U gid=G" (TAG and the sender's pid are
 *     the message's text; "pid=-" for a TAG ending in "-nopid"), or
 *     "TAG nocreds".
 * unix_creds send PATH UID
 *     As root, drop to UID (groups, gid, uid; 1234 stays the saved uid
 *     and gid) and send to PATH: a sendto with the address; a sendmsg on
 *     a connected socket; a sendmsg that names its own credentials
 *     (SCM_CREDENTIALS); one that names its saved ids; one that names uid 0
 *     and one that names pid 1 (refused without CAP_SETUID,
 *     CAP_SYS_ADMIN); a sendmsg that passes an fd (SCM_RIGHTS); three
 *     with control bytes the kernel reads no message from, or an empty
 *     one (8 and 15 bytes, a header that ends the buffer exactly), where
 *     bytes a sender adds after them must not be read as one. Prints
 *     "TAG = OK" or "TAG = -1 ENAME" each.
 *
 * What a receiver learns of a sender, natively and under syd (which
 * sends for the sandbox). Exit 2 on setup errors.
 */
#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ename.h"

static struct sockaddr_un
addr_of(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	return a;
}

static int
recv_main(const char *path, int n)
{
	struct sockaddr_un a = addr_of(path);
	int s = socket(AF_UNIX, SOCK_DGRAM, 0), one = 1;

	unlink(path);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    chmod(path, 0777) < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0)
		return 2;
	printf("ready\n");
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		char text[128] = { 0 }, tag[64];
		union {
			char b[CMSG_SPACE(sizeof(struct ucred)) +
			    CMSG_SPACE(4 * sizeof(int))];
			struct cmsghdr align;
		} ctl;
		struct iovec iov = { text, sizeof(text) - 1 };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
		    .msg_control = ctl.b, .msg_controllen = sizeof(ctl.b) };
		struct cmsghdr *c;
		int pid = 0;
		bool got = false;

		if (recvmsg(s, &m, 0) < 0)
			return 2;
		if (sscanf(text, "%63s %d", tag, &pid) != 2)
			return 2;
		for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
			struct ucred uc;

			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SCM_RIGHTS)
				close(*(int *)CMSG_DATA(c));
			if (c->cmsg_level != SOL_SOCKET ||
			    c->cmsg_type != SCM_CREDENTIALS)
				continue;
			memcpy(&uc, CMSG_DATA(c), sizeof(uc));
			got = true;
			if (strstr(tag, "-nopid") != NULL)
				printf("%s pid=- uid=%u gid=%u\n", tag,
				    (unsigned)uc.uid, (unsigned)uc.gid);
			else
				printf("%s pid=%s uid=%u gid=%u\n", tag,
				    uc.pid == pid ? "sender" : "other",
				    (unsigned)uc.uid, (unsigned)uc.gid);
		}
		if (!got)
			printf("%s nocreds\n", tag);
		fflush(stdout);
	}
	return 0;
}

/* cm: 0 (none), SCM_RIGHTS, SCM_CREDENTIALS (its own), or -1 (uid 0),
 * -2 (pid 1), -3 (the saved uid and gid, 1234) as SCM_CREDENTIALS. */
static long
send_one(int s, const char *tag, const struct sockaddr_un *to, int cm)
{
	char text[128];
	union {
		char b[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { text, 0 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	iov.iov_len = (size_t)snprintf(text, sizeof(text), "%s %d", tag,
	    (int)getpid());
	if (to != NULL) {
		m.msg_name = (void *)to;
		m.msg_namelen = sizeof(*to);
	}
	if (cm != 0) {
		memset(&ctl, 0, sizeof(ctl));
		m.msg_control = ctl.b;
		m.msg_controllen = sizeof(ctl.b);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = cm < 0 ? SCM_CREDENTIALS : cm;
		if (cm != SCM_RIGHTS) {
			struct ucred uc = { cm == -2 ? 1 : getpid(),
			    cm == -1 ? 0 : cm == -3 ? 1234 : getuid(),
			    cm == -1 ? 0 : cm == -3 ? 1234 : getgid() };
			c->cmsg_len = CMSG_LEN(sizeof(uc));
			memcpy(CMSG_DATA(c), &uc, sizeof(uc));
			m.msg_controllen = CMSG_SPACE(sizeof(uc));
		} else {
			int fd = 0;
			c->cmsg_len = CMSG_LEN(sizeof(fd));
			memcpy(CMSG_DATA(c), &fd, sizeof(fd));
			m.msg_controllen = CMSG_SPACE(sizeof(fd));
		}
	}
	return sendmsg(s, &m, 0);
}

/* A sendmsg to to whose control is the n bytes at raw. */
static long
send_raw(int s, const char *tag, const struct sockaddr_un *to,
    const void *raw, size_t n)
{
	char text[128];
	union {
		char b[64];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { text, 0 };
	struct msghdr m = { .msg_name = (void *)to, .msg_namelen = sizeof(*to),
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
	    .msg_controllen = n };

	iov.iov_len = (size_t)snprintf(text, sizeof(text), "%s %d", tag,
	    (int)getpid());
	memcpy(ctl.b, raw, n);
	return sendmsg(s, &m, 0);
}

static int
send_main(const char *path, int uid)
{
	struct sockaddr_un a = addr_of(path);
	char text[64];
	int s, k;

	if (setgroups(0, NULL) < 0 || setresgid(uid, uid, 1234) < 0 ||
	    setresuid(uid, uid, 1234) < 0)
		return 2;
	if ((s = socket(AF_UNIX, SOCK_DGRAM, 0)) < 0)
		return 2;
	k = snprintf(text, sizeof(text), "sendto %d", (int)getpid());
	ename_report("sendto", sendto(s, text, (size_t)k, 0, (struct sockaddr *)&a,
	    sizeof(a)));
	ename_report("sendmsg-name", send_one(s, "sendmsg-name", &a, 0));
	ename_report("sendmsg-creds", send_one(s, "sendmsg-creds", &a,
	    SCM_CREDENTIALS));
	ename_report("sendmsg-saved", send_one(s, "sendmsg-saved", &a, -3));
	ename_report("sendmsg-uid0", send_one(s, "sendmsg-uid0", &a, -1));
	ename_report("sendmsg-pid1", send_one(s, "sendmsg-pid1", &a, -2));
	ename_report("sendmsg-rights-nopid", send_one(s, "sendmsg-rights-nopid", &a,
	    SCM_RIGHTS));
	{
		/* cmsg_len 40 alone; SCM_RIGHTS of length 33, cut short; an
		 * empty message, then an empty SCM_RIGHTS header that ends
		 * the buffer. */
		size_t l40 = 40;
		struct { size_t len; int level, type; } h33 = { 33, SOL_SOCKET,
		    SCM_RIGHTS }, h2[2] = { { 16, 0, 0 }, { 16, SOL_SOCKET,
		    SCM_RIGHTS } };
		ename_report("sendmsg-ctl8", send_raw(s, "sendmsg-ctl8", &a,
		    &l40, 8));
		ename_report("sendmsg-ctl15", send_raw(s, "sendmsg-ctl15", &a,
		    &h33, 15));
		ename_report("sendmsg-ctl32", send_raw(s, "sendmsg-ctl32", &a,
		    h2, sizeof(h2)));
	}
	if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0)
		return 2;
	ename_report("sendmsg-connected", send_one(s, "sendmsg-connected", NULL, 0));
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "recv") == 0)
		return recv_main(argv[2], atoi(argv[3]));
	if (argc == 4 && strcmp(argv[1], "send") == 0)
		return send_main(argv[2], atoi(argv[3]));
	return 2;
}
