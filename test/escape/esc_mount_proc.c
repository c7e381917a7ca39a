/*
 * esc_mount_proc w DIR
 * esc_mount_proc r SECRET MARKER
 *
 * Get around a mount tree syd made for the sandbox (a read-only bind, a
 * root:) through /proc: the root link of a process outside the sandbox,
 * /proc/PID/root, leads to that process's own mount tree. Mode w creates
 * a file in DIR, directly and through /proc/PID/root/DIR of every process
 * /proc lists; mode r reads SECRET, directly and through every
 * /proc/PID/root/SECRET.
 *
 * Prints "ESCAPED <variant>=<path>... (blocked: ...)" and exits 0 if a
 * file was created (then removed) or MARKER read, else "BLOCKED
 * <variant>=<errno>..." and exits 1 (2: usage).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "esc.h"

static void
try_write(const char *what, const char *dir)
{
	char p[4096];
	int fd;

	snprintf(p, sizeof(p), "%s/esc-mount-proc-%d", dir, (int)getpid());
	if ((fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0) {
		esc_cat(esc_why, sizeof(esc_why), " %s=%s", what,
		    esc_ename(errno));
		return;
	}
	close(fd);
	unlink(p);
	esc_cat(esc_got, sizeof(esc_got), " %s=%s", what, p);
}

static void
try_one(char mode, const char *what, const char *path, const char *marker)
{
	if (mode == 'w')
		try_write(what, path);
	else
		esc_open(what, path, marker);
}

int
main(int argc, char **argv)
{
	char mode = argc > 1 ? argv[1][0] : 0, p[4096], what[300];
	const char *path = argc > 2 ? argv[2] : "";
	struct dirent *de;
	DIR *d;
	int seen = 0;

	if (!((mode == 'w' && argc == 3) || (mode == 'r' && argc == 4)) ||
	    path[0] != '/') {
		fprintf(stderr, "usage: esc_mount_proc w DIR | r SECRET MARKER\n");
		return 2;
	}
	try_one(mode, "direct", path, argv[3]);
	if ((d = opendir("/proc")) == NULL) {
		esc_cat(esc_why, sizeof(esc_why), " proc=%s", esc_ename(errno));
		return esc_report();
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9' ||
		    atoi(de->d_name) == getpid())
			continue;
		snprintf(p, sizeof(p), "/proc/%s/root%s", de->d_name, path);
		snprintf(what, sizeof(what), "pid%s-root", de->d_name);
		try_one(mode, what, p, argv[3]);
		seen++;
	}
	closedir(d);
	esc_cat(esc_why, sizeof(esc_why), " (%d processes)", seen);
	return esc_report();
}
