/*
 * esc_fd_reopen SECRET MARKER
 *
 * Open the denied file SECRET with O_PATH (a stat-class open, allowed when
 * only reading is denied) and, separately, write-only (the write
 * category is off), then reopen each fd for reading through its magic
 * links: /proc/self/fd/N, /dev/fd/N, /proc/thread-self/fd/N and
 * /proc/<pid>/fd/N. The kernel follows these to the object and checks
 * only the file's mode, so a checker that matches the text
 * "/proc/self/fd/N" hands out the secret.
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

/* Every magic name of fd FD, reopened for reading. */
static void
reopen_all(const char *src, int fd, const char *marker)
{
	static const char *const fmt[] = { "/proc/self/fd/%d", "/dev/fd/%d",
	    "/proc/thread-self/fd/%d", "/proc/self/root/proc/self/fd/%d" };
	static const char *const tag[] = { "self-fd", "dev-fd",
	    "thread-self-fd", "root-self-fd" };
	char p[256], what[64];

	for (size_t i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		snprintf(p, sizeof(p), fmt[i], fd);
		snprintf(what, sizeof(what), "%s:%s", src, tag[i]);
		esc_open(what, p, marker);
	}
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	snprintf(what, sizeof(what), "%s:self-fd-rdwr", src);
	esc_attempt(what, open(p, O_RDWR), p, marker);
	snprintf(p, sizeof(p), "/proc/%d/fd/%d", (int)getpid(), fd);
	snprintf(what, sizeof(what), "%s:pid-fd", src);
	esc_open(what, p, marker);
}

int
main(int argc, char **argv)
{
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: esc_fd_reopen SECRET MARKER\n");
		return 2;
	}
	/* The two handles on SECRET that a read denial leaves: O_PATH
	 * (stat) and write-only (write, unchecked when only read is on). */
	if ((fd = esc_opath(argv[1], 0)) >= 0)
		reopen_all("path", fd, argv[2]);
	else
		esc_cat(esc_why, sizeof(esc_why), " path:open=%s",
		    esc_ename(errno));
	if ((fd = open(argv[1], O_WRONLY)) >= 0)
		reopen_all("wronly", fd, argv[2]);
	else
		esc_cat(esc_why, sizeof(esc_why), " wronly:open=%s",
		    esc_ename(errno));
	return esc_report();
}
