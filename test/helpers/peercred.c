/*
 * peercred serve PATH OUT   listen on the UNIX stream socket PATH (mode
 *                           0777), create OUT.ready, accept one
 *                           connection within 20 seconds and write the
 *                           peer's SO_PEERCRED uid and gid to OUT
 * peercred forge PATH       bind a datagram socket at PATH and send it
 *                           a message with SCM_CREDENTIALS claiming uid
 *                           0, gid 0 and the parent's pid (a sandbox's
 *                           parent may be syd): "sendmsg = 0 (uid U)"
 *                           with what the receiver saw, or
 *                           "sendmsg = -1 ENAME"
 * peercred connect PATH     connect to PATH: "connect = 0" or
 *                           "connect = -1 ENAME"
 *
 * The ids a UNIX connect records are the connecting task's effective
 * ones: a server that trusts them must see the sandboxed process's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ename.h"

int
main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	if (argc < 3 || s < 0 || strlen(argv[2]) >= sizeof(a.sun_path)) {
		fprintf(stderr, "usage: peercred serve PATH OUT | connect PATH\n");
		return 2;
	}
	strcpy(a.sun_path, argv[2]);
	if (strcmp(argv[1], "forge") == 0) {
		int r = socket(AF_UNIX, SOCK_DGRAM, 0), d = socket(AF_UNIX,
		    SOCK_DGRAM, 0), one = 1;
		struct ucred uc = { .pid = getppid(), .uid = 0, .gid = 0 };
		char cb[CMSG_SPACE(sizeof(uc))], rb[CMSG_SPACE(sizeof(uc))];
		char b = 'x';
		struct iovec io = { &b, 1 };
		struct msghdr m = { .msg_name = &a, .msg_namelen = sizeof(a),
		    .msg_iov = &io, .msg_iovlen = 1, .msg_control = cb,
		    .msg_controllen = sizeof(cb) };
		struct cmsghdr *h = CMSG_FIRSTHDR(&m);

		unlink(a.sun_path);
		if (r < 0 || d < 0 || bind(r, (struct sockaddr *)&a,
		    sizeof(a)) < 0 || setsockopt(r, SOL_SOCKET, SO_PASSCRED,
		    &one, sizeof(one)) < 0)
			return 2;
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_CREDENTIALS;
		h->cmsg_len = CMSG_LEN(sizeof(uc));
		memcpy(CMSG_DATA(h), &uc, sizeof(uc));
		if (sendmsg(d, &m, 0) < 0) {
			printf("sendmsg = -1 %s\n", ename(errno));
			return 1;
		}
		memset(&m, 0, sizeof(m));
		m.msg_iov = &io;
		m.msg_iovlen = 1;
		m.msg_control = rb;
		m.msg_controllen = sizeof(rb);
		if (recvmsg(r, &m, 0) < 0 || (h = CMSG_FIRSTHDR(&m)) == NULL)
			return 2;
		memcpy(&uc, CMSG_DATA(h), sizeof(uc));
		printf("sendmsg = 0 (uid %u)\n", (unsigned)uc.uid);
		return 0;
	}
	if (strcmp(argv[1], "connect") == 0) {
		if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
			printf("connect = -1 %s\n", ename(errno));
			return 1;
		}
		printf("connect = 0\n");
		return 0;
	}
	if (strcmp(argv[1], "serve") == 0 && argc == 4) {
		char ready[4096];
		struct ucred uc;
		socklen_t n = sizeof(uc);
		FILE *f;
		int c;

		unlink(a.sun_path);
		if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    chmod(a.sun_path, 0777) < 0 || listen(s, 1) < 0) {
			perror("peercred: listen");
			return 1;
		}
		snprintf(ready, sizeof(ready), "%s.ready", argv[3]);
		if ((c = open(ready, O_CREAT | O_WRONLY, 0644)) < 0)
			return 1;
		close(c);
		alarm(20);
		if ((c = accept(s, NULL, NULL)) < 0 ||
		    getsockopt(c, SOL_SOCKET, SO_PEERCRED, &uc, &n) < 0) {
			perror("peercred: accept");
			return 1;
		}
		if ((f = fopen(argv[3], "w")) == NULL)
			return 1;
		fprintf(f, "uid %u gid %u\n", (unsigned)uc.uid, (unsigned)uc.gid);
		return fclose(f) == 0 ? 0 : 1;
	}
	return 2;
}
