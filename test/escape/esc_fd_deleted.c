/*
 * esc_fd_deleted SECRET MARKER
 *
 * Hold the denied file SECRET by an O_PATH fd (a stat-class open), unlink
 * SECRET (deleting is not reading: a policy that denies only reads allows
 * it), then reopen the fd for reading through /proc/self/fd/N or
 * /dev/fd/N. The magic link now reads "SECRET (deleted)": there is no
 * name left to check, only the object, which is still the denied file.
 * A checker that falls back to checking "/proc/self/fd/N" hands it out.
 * The test recreates SECRET after each run.
 *
 * Prints "ESCAPED <variant>" and exits 0 if some open yields MARKER,
 * else "BLOCKED <variant>=<errno>..." and exits 1 (2: usage/setup).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char why[2048];

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
	printf("ESCAPED %s: read %s of the unlinked file through %s\n", what,
	    marker, path);
	return 1;
}

int
main(int argc, char **argv)
{
	char p[256];
	int pfd;

	if (argc != 3) {
		fprintf(stderr, "usage: esc_fd_deleted SECRET MARKER\n");
		return 2;
	}
	pfd = open(argv[1], O_PATH);
	if (pfd < 0) {
		printf("BLOCKED O_PATH open=%s\n", ename(errno));
		return 1;
	}
	if (unlink(argv[1]) < 0) {
		printf("BLOCKED unlink=%s\n", ename(errno));
		return 1;
	}
	snprintf(p, sizeof(p), "/proc/self/fd/%d", pfd);
	if (attempt("self-fd", p, argv[2]))
		return 0;
	snprintf(p, sizeof(p), "/dev/fd/%d", pfd);
	if (attempt("dev-fd", p, argv[2]))
		return 0;
	snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", pfd);
	if (attempt("thread-self-fd", p, argv[2]))
		return 0;
	printf("BLOCKED%s\n", why);
	return 1;
}
