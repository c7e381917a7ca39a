/*
 * esc_fd_deleted SECRET MARKER
 *
 * Hold the denied file SECRET by an O_PATH fd (a stat-class open) and by
 * a write-only fd (write unchecked when only reading is), unlink SECRET
 * (deleting is not reading: a policy that denies only reads allows it),
 * then reopen the fds for reading through /proc/self/fd/N, /dev/fd/N or
 * /proc/thread-self/fd/N. The magic link now reads "SECRET (deleted)": there is no
 * name left to check, only the object, which is still the denied file.
 * A checker that falls back to checking "/proc/self/fd/N" hands it out.
 * The test recreates SECRET after each run.
 *
 * Prints "ESCAPED <variant>=<path>... (blocked: ...)" and exits 0 if
 * some variant read MARKER (all are tried), else
 * "BLOCKED <variant>=<errno>..." and exits 1 (2: usage/setup).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "esc.h"

int
main(int argc, char **argv)
{
	char p[256], what[64];
	int fd[2];

	if (argc != 3) {
		fprintf(stderr, "usage: esc_fd_deleted SECRET MARKER\n");
		return 2;
	}
	/* O_PATH (stat) and write-only (write unchecked) handles. */
	fd[0] = esc_opath(argv[1], 0);
	if (fd[0] < 0)
		esc_cat(esc_why, sizeof(esc_why), " path:open=%s",
		    esc_ename(errno));
	fd[1] = open(argv[1], O_WRONLY);
	if (fd[0] < 0 && fd[1] < 0) {
		printf("BLOCKED no handle: O_PATH and O_WRONLY opens=%s\n",
		    esc_ename(errno));
		return 1;
	}
	if (unlink(argv[1]) < 0) {
		printf("BLOCKED unlink=%s\n", esc_ename(errno));
		return 1;
	}
	for (int i = 0; i < 2; i++) {
		const char *src = i == 0 ? "path" : "wronly";
		if (fd[i] < 0)
			continue;
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd[i]);
		snprintf(what, sizeof(what), "%s:self-fd", src);
		esc_open(what, p, argv[2]);
		snprintf(p, sizeof(p), "/dev/fd/%d", fd[i]);
		snprintf(what, sizeof(what), "%s:dev-fd", src);
		esc_open(what, p, argv[2]);
		snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", fd[i]);
		snprintf(what, sizeof(what), "%s:thread-self-fd", src);
		esc_open(what, p, argv[2]);
	}
	return esc_report();
}
