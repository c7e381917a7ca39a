/*
 * repro_setuid FILE (issue 17: a set-user-id-root helper run by a user)
 *
 * Meant to run with real uid 65534 and effective uid 0 (installed
 * set-user-id root, or started so): prints its real and effective uid,
 * opens FILE (root's, 0600), prints its first line and what fstat says of
 * the fd; then, like a set-user-id program that is done with its
 * privileges, takes its real uid as effective uid again and uses FILE's
 * directory by fd (the process is not dumpable then). One line per step.
 */
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repro.h"

int
main(int argc, char **argv)
{
	char buf[256], dir[4096], base[256];
	struct stat st;
	ssize_t n;
	int fd, dfd, r;

	if (argc != 2 || strlen(argv[1]) >= sizeof(dir)) {
		fprintf(stderr, "usage: repro_setuid FILE\n");
		return 2;
	}
	strcpy(dir, argv[1]);
	snprintf(base, sizeof(base), "%s", basename(dir));
	strcpy(dir, argv[1]);
	printf("ruid=%d euid=%d\n", (int)getuid(), (int)geteuid());
	if ((dfd = report("open_dir", open(dirname(dir), O_RDONLY |
	    O_DIRECTORY))) < 0)
		return 1;
	if ((fd = report("open", open(argv[1], O_RDONLY))) < 0)
		return 1;
	if ((n = read(fd, buf, sizeof(buf) - 1)) < 0) {
		report("read", -1);
		return 1;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("read %s\n", buf);
	if (report("fstat", fstat(fd, &st)) < 0)
		return 1;
	printf("owner=%d mode=%o size=%lld\n", (int)st.st_uid,
	    (unsigned)(st.st_mode & 07777), (long long)st.st_size);
	if (report("seteuid_ruid", seteuid(getuid())) < 0)
		return 1;
	printf("ruid=%d euid=%d\n", (int)getuid(), (int)geteuid());
	report("fstat_after", fstat(fd, &st));
	report("fstatat_dirfd", fstatat(dfd, base, &st, 0));
	if ((r = report("openat_dirfd", openat(dfd, base, O_RDONLY))) >= 0)
		close(r);
	report("faccessat_dirfd", faccessat(dfd, base, R_OK, 0));
	return 0;
}
