/*
 * peercred serve PATH OUT   listen on the UNIX stream socket PATH (mode
 *                           0777), create OUT.ready, accept one
 *                           connection within 20 seconds and write the
 *                           peer's SO_PEERCRED uid and gid to OUT
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
