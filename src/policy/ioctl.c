/*
 * ioctl request names for allow/ioctl and deny/ioctl. The values are the
 * target ABI's, from the libc headers (x86_64 and aarch64 share them:
 * asm-generic); a request not named here can be
 * given as a number (decimal or 0x hex).
 */
/* worker-safe */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "policy/internal.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER 0x5441
#endif

#define REQ(x) { #x, x }

static const struct {
	const char *name;
	unsigned long req;
} ioctls[] = {
	/* The dangerous ones: input injection and line discipline. */
	REQ(TIOCSTI), REQ(TIOCLINUX), REQ(TIOCSETD), REQ(TIOCCONS),
	/* Terminal attributes and window size. */
	REQ(TCGETS), REQ(TCSETS), REQ(TCSETSW), REQ(TCSETSF), REQ(TCGETA),
	REQ(TCSETA), REQ(TCSETAW), REQ(TCSETAF), REQ(TCSBRK), REQ(TCXONC),
	REQ(TCFLSH), REQ(TIOCGWINSZ), REQ(TIOCSWINSZ),
	/* Job control and session. */
	REQ(TIOCGPGRP), REQ(TIOCSPGRP), REQ(TIOCSCTTY), REQ(TIOCNOTTY),
	REQ(TIOCGSID), REQ(TIOCEXCL), REQ(TIOCNXCL), REQ(TIOCGETD),
	REQ(TIOCOUTQ), REQ(TIOCMGET), REQ(TIOCMSET), REQ(TIOCGPTN),
	REQ(TIOCSPTLCK), REQ(TIOCGPTPEER), REQ(TIOCPKT),
	/* Generic file ioctls. */
	REQ(FIONREAD), REQ(FIONBIO), REQ(FIOCLEX), REQ(FIONCLEX),
	REQ(FIOASYNC), REQ(FIOQSIZE),
};

int
policy_ioctl_parse(const char *s, uint64_t *req)
{
	if (s[0] >= '0' && s[0] <= '9')
		return policy_num(s, req);
	for (size_t i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++) {
		if (!strcmp(ioctls[i].name, s)) {
			*req = ioctls[i].req;
			return 0;
		}
	}
	return -EINVAL;
}
