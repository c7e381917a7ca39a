/*
 * exec_tiocsti [high|plain|setd]
 *
 * Opens a pseudo-terminal (posix_openpt, grantpt, unlockpt, then the
 * slave) and asks it for one of the always-denied tty requests, through
 * syscall(SYS_ioctl, ...) so that the request reaches the kernel as given:
 *	high	TIOCSTI | 1<<32, "x" (the default): the kernel compares only
 *		the low 32 bits, so this is TIOCSTI; a filter that compares
 *		the full 64-bit value with TIOCSTI alone lets it through
 *	plain	TIOCSTI, "x"
 *	setd	TIOCSETD | 1<<32, N_TTY (set the line discipline)
 * Prints "OK" (exit 0) when the kernel did it, "ERR ENAME" (exit 1) when
 * it was refused, "SETUP step ENAME" (exit 2) when the pty could not be
 * had.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "high";
	unsigned long req;
	const char *name;
	char c = 'x';
	int ldisc = N_TTY;
	void *arg = &c;
	int m, s;
	long r;

	if (!strcmp(mode, "high")) {
		req = TIOCSTI | (1UL << 32);
	} else if (!strcmp(mode, "plain")) {
		req = TIOCSTI;
	} else if (!strcmp(mode, "setd")) {
		req = TIOCSETD | (1UL << 32);
		arg = &ldisc;
	} else {
		fprintf(stderr, "usage: exec_tiocsti [high|plain|setd]\n");
		return 2;
	}
	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0) {
		printf("SETUP posix_openpt %s\n", ename(errno));
		return 2;
	}
	if (grantpt(m) < 0 || unlockpt(m) < 0 || (name = ptsname(m)) == NULL) {
		printf("SETUP grantpt/unlockpt/ptsname %s\n", ename(errno));
		return 2;
	}
	s = open(name, O_RDWR | O_NOCTTY);
	if (s < 0) {
		printf("SETUP open %s %s\n", name, ename(errno));
		return 2;
	}
	r = syscall(SYS_ioctl, s, req, arg);
	if (r < 0) {
		printf("ERR %s\n", ename(errno));
		return 1;
	}
	printf("OK\n");
	return 0;
}
