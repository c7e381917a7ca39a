/*
 * esc_fd_reopen SECRET MARKER
 *
 * Open the denied file SECRET with O_PATH (a stat-class open, allowed when
 * only reading is denied), then reopen that fd for reading through its
 * magic links: /proc/self/fd/N, /dev/fd/N, /proc/thread-self/fd/N and
 * /proc/<pid>/fd/N. The kernel follows these to the object, so a checker
 * that matches the text "/proc/self/fd/N" hands out the secret.
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
	printf("ESCAPED %s: read %s through %s\n", what, marker, path);
	return 1;
}

int
main(int argc, char **argv)
{
	const char *secret, *marker;
	char p[256];
	int pfd;

	if (argc != 3) {
		fprintf(stderr, "usage: esc_fd_reopen SECRET MARKER\n");
		return 2;
	}
	secret = argv[1];
	marker = argv[2];
	pfd = open(secret, O_PATH);
	if (pfd < 0) {
		/* Not the attack's fault: the policy hid the file itself. */
		printf("BLOCKED O_PATH open=%s\n", ename(errno));
		return 1;
	}
	snprintf(p, sizeof(p), "/proc/self/fd/%d", pfd);
	if (attempt("self-fd", p, O_RDONLY, marker))
		return 0;
	if (attempt("self-fd-rdwr", p, O_RDWR, marker))
		return 0;
	snprintf(p, sizeof(p), "/dev/fd/%d", pfd);
	if (attempt("dev-fd", p, O_RDONLY, marker))
		return 0;
	snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", pfd);
	if (attempt("thread-self-fd", p, O_RDONLY, marker))
		return 0;
	snprintf(p, sizeof(p), "/proc/%d/fd/%d", (int)getpid(), pfd);
	if (attempt("pid-fd", p, O_RDONLY, marker))
		return 0;
	snprintf(p, sizeof(p), "/proc/self/root/proc/self/fd/%d", pfd);
	if (attempt("root-self-fd", p, O_RDONLY, marker))
		return 0;
	printf("BLOCKED%s\n", why);
	return 1;
}
