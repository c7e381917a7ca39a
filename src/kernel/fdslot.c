/* worker-safe */
/*
 * trace/force_rand_fd: the fd syd installs lands on a random free number
 * instead of the lowest, so a program (or an exploit) cannot predict it.
 *
 * The number is drawn from the upper half of the target's current fd
 * table (FDSize in /proc/TID/status, at least 64 slots) and taken only if
 * /proc/TID/fd has no entry for it. ADDFD's SETFD then installs it as
 * dup2 would. The race this accepts: between the probe and the install
 * another thread of the target may take that number, and SETFD would
 * close what it put there. The kernel hands out the lowest free number,
 * so a plain open elsewhere reaches ours only when every slot below it
 * (at least 32) is taken in that window; a dup2 or F_DUPFD to exactly
 * that number is the target's own doing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kernel_int.h"

#define FDSLOT_TRIES 8

static int
fdslot_size(int tid)
{
	char buf[2048], *s;
	int r = sys_proc_status(tid, buf, sizeof(buf));

	if (r < 0 || (s = strstr(buf, "\nFDSize:")) == NULL)
		return -1;
	s += 8;
	while (*s == ' ' || *s == '\t')
		s++;
	r = path_atoi(s);
	return r < 64 ? 64 : r;
}

int
kernel_fd_slot(struct emu *e)
{
	int tid = (int)e->req.pid, size = fdslot_size(tid);
	char p[64], link[8];
	uint32_t rnd[FDSLOT_TRIES];

	if (size < 0 || sys_getrandom(rnd, sizeof(rnd), 0) !=
	    (long)sizeof(rnd))
		return -1;
	for (int i = 0; i < FDSLOT_TRIES; i++) {
		int n = size / 2 + (int)(rnd[i] % (uint32_t)(size / 2));
		snprintf(p, sizeof(p), "/proc/%d/fd/%d", tid, n);
		if (sys_readlinkat(AT_FDCWD, p, link, sizeof(link)) == -ENOENT)
			return n;
	}
	return -1;
}
