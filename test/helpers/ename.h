/*
 * ename.h: the name of an errno value for the helpers' one-line reports
 * ("ERR execveat EACCES"); values without a name here print as numbers.
 * Each helper is one file built alone, so this is static.
 */
#ifndef ENAME_H
#define ENAME_H

#include <errno.h>
#include <stdio.h>

static inline const char *
ename(int e)
{
	static char num[16];

	switch (e) {
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ENOEXEC: return "ENOEXEC";
	case EINVAL: return "EINVAL";
	case ENOSYS: return "ENOSYS";
	case EIO: return "EIO";
	case ENOTTY: return "ENOTTY";
	case EXDEV: return "EXDEV";
	case E2BIG: return "E2BIG";
	}
	snprintf(num, sizeof(num), "%d", e);
	return num;
}

/* "WHAT = OK" for r >= 0, else "WHAT = -1 ENAME" of errno. */
static inline void
ename_report(const char *what, long r)
{
	if (r >= 0)
		printf("%s = OK\n", what);
	else
		printf("%s = -1 %s\n", what, ename(errno));
}

#endif /* ENAME_H */
