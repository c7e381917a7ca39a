/*
 * deadcwd
 *
 * A directory removed while it is the working directory, and while an fd
 * names it: the kernel still resolves "." and ".." there (stat, open,
 * access, chmod of "." itself) and refuses to make anything in it
 * (ENOENT). Run in a writable directory; prints one line per probe,
 * "NAME = OK" or "NAME = -1 ENAME", the same natively and under syd.
 * Exit 2 on setup errors.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ename.h"

static void
probes(const char *tag, int d)
{
	char what[96];
	struct stat st;
	int fd;

#define P(name, call) do { \
	snprintf(what, sizeof(what), "%s %s", tag, name); \
	fd = (int)(call); \
	ename_report(what, fd); \
	if (fd > 2 && (name)[0] == 'o') \
		close(fd); \
} while (0)
	P("open . O_DIRECTORY", openat(d, ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC));
	P("open . O_PATH", openat(d, ".", O_PATH | O_CLOEXEC));
	P("open ..", openat(d, "..", O_RDONLY | O_CLOEXEC));
	P("stat .", fstatat(d, ".", &st, 0));
	P("stat ..", fstatat(d, "..", &st, 0));
	P("access .", faccessat(d, ".", R_OK | X_OK, 0));
	P("chmod .", fchmodat(d, ".", 0700, 0));
	P("open x O_CREAT", openat(d, "x", O_WRONLY | O_CREAT | O_CLOEXEC,
	    0600));
	P("mkdir x", mkdirat(d, "x", 0700));
	P("stat x", fstatat(d, "x", &st, 0));
#undef P
}

int
main(void)
{
	int d;

	if (mkdir("gone", 0755) < 0 || chdir("gone") < 0 ||
	    rmdir("../gone") < 0)
		return 2;
	probes("cwd", AT_FDCWD);
	if (chdir("..") < 0 || mkdir("gone2", 0755) < 0 ||
	    (d = open("gone2", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    rmdir("gone2") < 0)
		return 2;
	probes("dirfd", d);
	return 0;
}
