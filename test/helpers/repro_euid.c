/*
 * repro_euid DIR (class B of issue 17, run as root)
 *
 * DIR holds "f", owned by root, mode 0666. Opens DIR and DIR/f, takes
 * effective uid and gid 65534 (real and saved stay 0: the process is not
 * dumpable), then uses the fds: one line per call, "CALL 0" or
 * "CALL ENAME". Natively: fstat, fstatat, openat and utimensat with NULL
 * times succeed; utimensat with explicit times is EPERM (not the owner).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repro.h"

int
main(int argc, char **argv)
{
	struct timespec ts[2] = { { 1, 0 }, { 2, 0 } };
	struct stat st;
	int dfd, fd, r;

	if (argc != 2) {
		fprintf(stderr, "usage: repro_euid DIR\n");
		return 2;
	}
	if ((dfd = open(argv[1], O_RDONLY | O_DIRECTORY)) < 0 ||
	    chdir(argv[1]) < 0 || (fd = open("f", O_RDONLY)) < 0) {
		perror("repro_euid: open");
		return 2;
	}
	if (setegid(65534) < 0 || seteuid(65534) < 0) {
		perror("repro_euid: seteuid");
		return 2;
	}
	printf("ids %d %d\n", (int)getuid(), (int)geteuid());
	report("fstat_fd", fstat(fd, &st));
	report("fstat_dirfd", fstat(dfd, &st));
	report("fstatat_dirfd", fstatat(dfd, "f", &st, 0));
	report("fstatat_empty", fstatat(fd, "", &st, AT_EMPTY_PATH));
	r = report("openat_dirfd", openat(dfd, "f", O_RDONLY));
	if (r >= 0)
		close(r);
	report("faccessat_dirfd", faccessat(dfd, "f", R_OK, 0));
	report("utimensat_null", utimensat(dfd, "f", NULL, 0));
	report("utimensat_times", utimensat(dfd, "f", ts, 0));
	report("futimens_null", futimens(fd, NULL));
	report("fchmod", fchmod(fd, 0666));
	report("stat_rel", stat("f", &st));
	return 0;
}
