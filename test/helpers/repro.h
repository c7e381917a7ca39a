/*
 * repro.h: shared by the repro_* helpers of fidelity_repro_test: one line
 * per call, "WHAT 0" or "WHAT ENAME", so that a run under syd and a native
 * run can be compared line by line. Each helper is one file built alone,
 * so everything here is static.
 */
#ifndef REPRO_H
#define REPRO_H

#include <errno.h>
#include <stdio.h>

static inline const char *
errname(int e)
{
	static char num[16];

	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EXDEV: return "EXDEV";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case ETXTBSY: return "ETXTBSY";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case EROFS: return "EROFS";
	case EMLINK: return "EMLINK";
	case ERANGE: return "ERANGE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOSYS: return "ENOSYS";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ELOOP: return "ELOOP";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	snprintf(num, sizeof(num), "E%d", e);
	return num;
}

/* report("stat", stat(...)): prints "stat 0" or "stat ENAME"; returns r. */
static inline int
report(const char *what, int r)
{
	printf("%s %s\n", what, r < 0 ? errname(errno) : "0");
	fflush(stdout);
	return r;
}

#endif /* REPRO_H */
