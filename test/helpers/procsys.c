/*
 * procsys [UID]
 *
 * /proc/sys judges an opener by its effective ids (proc_sys_permission),
 * not its filesystem ids: a file only root may write is refused to
 * another uid at the open (EACCES), not at the write. Opens a few files
 * for writing (closed at once: nothing is written) and for reading, as
 * root or, with UID, after dropping to it. Prints "NAME = OK" or
 * "NAME = -1 ENAME" per probe. Exit 2 on setup errors.
 */
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ename.h"

int
main(int argc, char **argv)
{
	static const char *const f[] = { "/proc/sys/kernel/hostname",
	    "/proc/sys/vm/drop_caches", "/proc/sys/kernel/ostype",
	    "/proc/sys/fs/protected_symlinks", "/proc/sys/vm/compact_memory" };
	char what[96];
	int uid, fd;

	if (argc == 2 && ((uid = atoi(argv[1])) <= 0 ||
	    setgroups(0, NULL) < 0 || setgid(uid) < 0 || setuid(uid) < 0))
		return 2;
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		snprintf(what, sizeof(what), "open %s O_WRONLY", f[i]);
		fd = open(f[i], O_WRONLY | O_CLOEXEC);
		ename_report(what, fd);
		if (fd >= 0)
			close(fd);
		snprintf(what, sizeof(what), "open %s O_RDONLY", f[i]);
		fd = open(f[i], O_RDONLY | O_CLOEXEC);
		ename_report(what, fd);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
