/*
 * peercred serve PATH OUT   listen on the UNIX stream socket PATH (mode
 *                           0777), create OUT.ready, accept one
 *                           connection within 20 seconds and write the
 *                           peer's SO_PEERCRED uid and gid to OUT
 * peercred connect PATH     connect to PATH: "connect = 0" or
 *                           "connect = -1 ENAME"
 * peercred dserve PATH OUT  the same with a UNIX datagram socket with
 *                           SO_PASSCRED: the ids of one message received
 *                           (SCM_CREDENTIALS)
 * peercred sendto PATH      send one datagram to PATH with sendto(2)
 * peercred sendmsg PATH     ... with sendmsg(2)
 *
 * The ids a UNIX connect records are the connecting task's effective
 * ones: a server that trusts them must see the sandboxed process's.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "ename.h"

int
main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	bool dgram = argc > 1 && (strcmp(argv[1], "connect") != 0 &&
	    strcmp(argv[1], "serve") != 0);
	int s = socket(AF_UNIX, dgram ? SOCK_DGRAM : SOCK_STREAM, 0);

	if (argc < 3 || s < 0 || strlen(argv[2]) >= sizeof(a.sun_path)) {
		fprintf(stderr, "usage: peercred serve PATH OUT | connect PATH\n");
		return 2;
	}
	strcpy(a.sun_path, argv[2]);
	if (strcmp(argv[1], "connect") == 0) {
		if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
			printf("connect = -1 %s\n", ename(errno));
			return 1;
		}
		printf("connect = 0\n");
		return 0;
	}
	if (strcmp(argv[1], "sendto") == 0 || strcmp(argv[1], "sendmsg") == 0) {
		struct iovec v = { .iov_base = "x", .iov_len = 1 };
		struct msghdr m = { .msg_name = &a, .msg_namelen = sizeof(a),
		    .msg_iov = &v, .msg_iovlen = 1 };
		long r = argv[1][4] == 't' ? sendto(s, "x", 1, 0,
		    (struct sockaddr *)&a, sizeof(a)) : sendmsg(s, &m, 0);
		if (r < 0) {
			printf("%s = -1 %s\n", argv[1], ename(errno));
			return 1;
		}
		printf("%s = %ld\n", argv[1], r);
		return 0;
	}
	if (strcmp(argv[1], "dserve") == 0 && argc == 4) {
		char ready[4096], b[16];
		union { struct cmsghdr h; char c[CMSG_SPACE(sizeof(struct ucred))]; } u;
		struct iovec v = { .iov_base = b, .iov_len = sizeof(b) };
		struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
		    .msg_control = u.c, .msg_controllen = sizeof(u.c) };
		struct ucred uc;
		int one = 1, c;
		FILE *f;

		unlink(a.sun_path);
		if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    chmod(a.sun_path, 0777) < 0 || setsockopt(s, SOL_SOCKET,
		    SO_PASSCRED, &one, sizeof(one)) < 0) {
			perror("peercred: bind");
			return 1;
		}
		snprintf(ready, sizeof(ready), "%s.ready", argv[3]);
		if ((c = open(ready, O_CREAT | O_WRONLY, 0644)) < 0)
			return 1;
		close(c);
		alarm(20);
		if (recvmsg(s, &m, 0) < 0 || CMSG_FIRSTHDR(&m) == NULL ||
		    CMSG_FIRSTHDR(&m)->cmsg_type != SCM_CREDENTIALS) {
			perror("peercred: recvmsg");
			return 1;
		}
		memcpy(&uc, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(uc));
		if ((f = fopen(argv[3], "w")) == NULL)
			return 1;
		fprintf(f, "uid %u gid %u\n", (unsigned)uc.uid, (unsigned)uc.gid);
		return fclose(f) == 0 ? 0 : 1;
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
