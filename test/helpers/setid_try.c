/*
 * setid_try CALL ID...: make one credential call with raw syscalls (so
 * libc does not broadcast it to other threads or retry) and report.
 *   uid N | gid N           setuid / setgid
 *   resuid R E S | resgid R E S   setresuid / setresgid (-1: unchanged)
 * Prints "OK <call> uid=R/E/S gid=R/E/S" and exits 0, or
 * "ERR <call> <errno name>" and exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

int
main(int argc, char **argv)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	long rc;

	if (argc < 3)
		return 2;
	if (strcmp(argv[1], "uid") == 0)
		rc = syscall(SYS_setuid, atol(argv[2]));
	else if (strcmp(argv[1], "gid") == 0)
		rc = syscall(SYS_setgid, atol(argv[2]));
	else if (argc > 4 && strcmp(argv[1], "resuid") == 0)
		rc = syscall(SYS_setresuid, atol(argv[2]), atol(argv[3]),
		    atol(argv[4]));
	else if (argc > 4 && strcmp(argv[1], "resgid") == 0)
		rc = syscall(SYS_setresgid, atol(argv[2]), atol(argv[3]),
		    atol(argv[4]));
	else
		return 2;
	if (rc < 0) {
		printf("ERR %s %s\n", argv[1], ename(errno));
		return 1;
	}
	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("OK %s uid=%u/%u/%u gid=%u/%u/%u\n", argv[1], r, e, s, gr, ge,
	    gs);
	return 0;
}
