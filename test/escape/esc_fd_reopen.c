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
	case ENXIO: return "ENXIO";
	}
	snprintf(b, sizeof(b), "errno%d", e);
	return b;
}

static int
attempt(const char *what, const char *path, int flags, const char *marker)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, flags);

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
		attempt(what, p, O_RDONLY, marker);
	}
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	snprintf(what, sizeof(what), "%s:self-fd-rdwr", src);
	attempt(what, p, O_RDWR, marker);
	snprintf(p, sizeof(p), "/proc/%d/fd/%d", (int)getpid(), fd);
	snprintf(what, sizeof(what), "%s:pid-fd", src);
	attempt(what, p, O_RDONLY, marker);
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
	if ((fd = opath(argv[1], 0)) >= 0)
		reopen_all("path", fd, argv[2]);
	else
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " path:open=%s", ename(errno));
	if ((fd = open(argv[1], O_WRONLY)) >= 0)
		reopen_all("wronly", fd, argv[2]);
	else
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " wronly:open=%s", ename(errno));
	return report();
}
