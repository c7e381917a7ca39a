/*
 * asuser UID GID COMMAND [ARG]...: run COMMAND with these real, effective
 * and saved ids and no supplementary groups. The unprivileged runs of the
 * integration tests use it where setpriv(1) has no --reuid (busybox, in
 * the initramfs).
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char *end;
	long uid, gid;

	if (argc < 4) {
		fputs("usage: asuser UID GID COMMAND [ARG]...\n", stderr);
		return 125;
	}
	uid = strtol(argv[1], &end, 10);
	if (*end != '\0' || uid < 0)
		return 125;
	gid = strtol(argv[2], &end, 10);
	if (*end != '\0' || gid < 0)
		return 125;
	if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0) {
		perror("asuser");
		return 125;
	}
	execvp(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
