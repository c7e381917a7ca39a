/*
 * argcheck
 *
 * Arguments the kernel refuses, or answers, before it looks a path up:
 * stat/statx/fchownat flags it does not know (EINVAL), utimensat with
 * no path (an fd that takes no flags: EINVAL; AT_FDCWD: EFAULT) and with
 * both times UTIME_OMIT (0, even for a name that does not exist or flags
 * it does not know), statx with both sync types or a reserved mask bit
 * (EINVAL, even for a name that does not exist), and an
 * openat with O_DIRECTORY and a mode but no O_CREAT (the mode ignored).
 * Also a memory file's /proc/self/fd link: stat and access (its name is
 * no file name). Run in an empty writable directory; prints one line
 * per probe, "NAME = OK" or "NAME = -1 ENAME", the same natively and
 * under syd. Exit 2 on setup errors.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ename.h"

static void
probe(const char *what, long r)
{
	ename_report(what, r);
}

int
main(void)
{
	static const int bad[] = { 0x1, 0x80, 0x200, 0x400, 0x8000, 0x10000,
	    0x40000000 };
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	char what[96], stx[256], p[64];
	struct stat st;
	int fd, m;

	if ((fd = open("f", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		return 2;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(what, sizeof(what), "newfstatat f 0x%x", bad[i]);
		probe(what, syscall(SYS_newfstatat, AT_FDCWD, "f", &st, bad[i]));
		snprintf(what, sizeof(what), "statx f 0x%x", bad[i]);
		probe(what, syscall(SYS_statx, AT_FDCWD, "f", bad[i], 0x7ff,
		    stx));
		snprintf(what, sizeof(what), "fchownat f 0x%x", bad[i]);
		probe(what, syscall(SYS_fchownat, AT_FDCWD, "f", -1, -1,
		    bad[i]));
	}
	probe("newfstatat f AT_NO_AUTOMOUNT|sync", syscall(SYS_newfstatat,
	    AT_FDCWD, "f", &st, AT_NO_AUTOMOUNT | AT_STATX_FORCE_SYNC));
	probe("utimensat fd NULL NOFOLLOW", syscall(SYS_utimensat, fd, NULL,
	    NULL, AT_SYMLINK_NOFOLLOW));
	probe("utimensat fd NULL EMPTY_PATH", syscall(SYS_utimensat, fd, NULL,
	    NULL, AT_EMPTY_PATH));
	probe("utimensat fd NULL 0", syscall(SYS_utimensat, fd, NULL, NULL, 0));
	probe("utimensat AT_FDCWD NULL", syscall(SYS_utimensat, AT_FDCWD, NULL,
	    NULL, 0));
	probe("utimensat missing OMIT OMIT", syscall(SYS_utimensat, AT_FDCWD,
	    "missing", omit, 0));
	probe("utimensat missing NULL", syscall(SYS_utimensat, AT_FDCWD,
	    "missing", NULL, 0));
	probe("utimensat f OMIT OMIT 0x8000", syscall(SYS_utimensat, AT_FDCWD,
	    "f", omit, 0x8000));
	probe("statx f both sync types", syscall(SYS_statx, AT_FDCWD, "f",
	    AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, 0x7ff, stx));
	probe("statx f reserved mask", syscall(SYS_statx, AT_FDCWD, "f", 0,
	    0x80000000u, stx));
	probe("statx missing reserved mask", syscall(SYS_statx, AT_FDCWD,
	    "missing", 0, 0x80000000u, stx));
	probe("openat f O_DIRECTORY mode", syscall(SYS_openat, AT_FDCWD, "f",
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0644));
	probe("openat missing O_DIRECTORY mode", syscall(SYS_openat, AT_FDCWD,
	    "missing", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0644));
	probe("openat . O_DIRECTORY mode", syscall(SYS_openat, AT_FDCWD, ".",
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0644));
	if ((m = memfd_create("x", MFD_CLOEXEC)) < 0)
		return 2;
	snprintf(p, sizeof(p), "/proc/self/fd/%d", m);
	probe("stat memfd link", stat(p, &st));
	probe("access memfd link", access(p, R_OK));
	return 0;
}
