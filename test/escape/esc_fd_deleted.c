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
#include <sys/syscall.h>
#include <unistd.h>

/* Variants that got through, and how the others failed. */
/* O_PATH through the raw call (mode 0): musl's open() adds O_LARGEFILE,
 * which the kernel ignores in open/openat but refuses with O_PATH in
 * openat2. */
static int
opath(const char *path, int flags)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, O_PATH | flags, 0);
}

static char esc[1024], why[2048];

static const char *
ename(int e)
{
	static char b[32];

	switch (e) {
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case ELOOP: return "ELOOP";
	case EBADF: return "EBADF";
	}
	snprintf(b, sizeof(b), "errno%d", e);
	return b;
}

static int
attempt(const char *what, const char *path, const char *marker)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " %s=%s", what, ename(errno));
		return 0;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (strstr(buf, marker) == NULL) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " %s=no-marker", what);
		return 0;
	}
	snprintf(esc + strlen(esc), sizeof(esc) - strlen(esc),
	    " %s=%s", what, path);
	return 1;
}

/* ESCAPED if any variant read the marker, else BLOCKED. */
static int
report(void)
{
	if (esc[0] != '\0') {
		printf("ESCAPED%s (blocked:%s)\n", esc, why);
		return 0;
	}
	printf("BLOCKED%s\n", why);
	return 1;
}

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
	fd[0] = opath(argv[1], 0);
	if (fd[0] < 0)
		snprintf(why, sizeof(why), " path:open=%s", ename(errno));
	fd[1] = open(argv[1], O_WRONLY);
	if (fd[0] < 0 && fd[1] < 0) {
		printf("BLOCKED no handle: O_PATH and O_WRONLY opens=%s\n",
		    ename(errno));
		return 1;
	}
	if (unlink(argv[1]) < 0) {
		printf("BLOCKED unlink=%s\n", ename(errno));
		return 1;
	}
	for (int i = 0; i < 2; i++) {
		const char *src = i == 0 ? "path" : "wronly";
		if (fd[i] < 0)
			continue;
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd[i]);
		snprintf(what, sizeof(what), "%s:self-fd", src);
		attempt(what, p, argv[2]);
		snprintf(p, sizeof(p), "/dev/fd/%d", fd[i]);
		snprintf(what, sizeof(what), "%s:dev-fd", src);
		attempt(what, p, argv[2]);
		snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", fd[i]);
		snprintf(what, sizeof(what), "%s:thread-self-fd", src);
		attempt(what, p, argv[2]);
	}
	return report();
}
