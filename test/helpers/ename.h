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

#endif /* ENAME_H */
