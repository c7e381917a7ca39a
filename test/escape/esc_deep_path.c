/*
 * esc_deep_path DIR LEVELS MARKER
 *
 * DIR holds LEVELS nested directories, each named by 200 'd's, with the
 * denied file secret.txt at the bottom: its full name is longer than
 * PATH_MAX, so it can only be reached relatively. A checker that cuts
 * the canonical name at some buffer size checks a name without the
 * final "/secret.txt" and may let a rule such as deny/read+/ ** /secret.txt
 * miss it. Variants: open("secret.txt") with the cwd at the bottom,
 * openat(fd of the bottom directory, "secret.txt"), and "../D/secret.txt"
 * from the bottom.
 *
 * Prints "ESCAPED <variant>=<path>... (blocked: ...)" and exits 0 if
 * some variant read MARKER (all are tried), else
 * "BLOCKED <variant>=<errno>..." and exits 1 (2: usage/setup).
 */
#include <stdlib.h>

#include "esc.h"

int
main(int argc, char **argv)
{
	char name[201], up[512];
	const char *marker;
	int levels, fd;

	if (argc != 4 || (levels = atoi(argv[2])) <= 0)
		return 2;
	marker = argv[3];
	memset(name, 'd', 200);
	name[200] = '\0';
	if (chdir(argv[1]) < 0) {
		printf("ERROR chdir %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	for (int i = 0; i < levels; i++)
		if (chdir(name) < 0) {
			printf("ERROR chdir level %d: %s\n", i, strerror(errno));
			return 2;
		}
	esc_open("cwd", "secret.txt", marker);
	fd = open(".", O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		esc_cat(esc_why, sizeof(esc_why), " dirfd=%s",
		    esc_ename(errno));
	else {
		esc_attempt("dirfd", openat(fd, "secret.txt", O_RDONLY),
		    "<fd>/secret.txt", marker);
		close(fd);
	}
	snprintf(up, sizeof(up), "../%s/secret.txt", name);
	esc_open("dotdot", up, marker);
	return esc_report();
}
