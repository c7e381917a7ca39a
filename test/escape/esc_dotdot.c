/*
 * esc_dotdot SECRET SUBDIR MARKER
 *
 * Reach the denied file SECRET with ".." from an allowed directory SUBDIR:
 * SUBDIR/../../(up to /)/SECRET as an absolute path, the same relative to
 * a cwd of SUBDIR and to a dirfd of SUBDIR, and ".." above the root
 * ("/../../SECRET", "../../SECRET" with cwd "/"). A checker that matches
 * the text, or that lets ".." climb out of "/", reads the secret.
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
	case ENOTDIR: return "ENOTDIR";
	case EXDEV: return "EXDEV";
	}
	snprintf(b, sizeof(b), "errno%d", e);
	return b;
}

/* openat(dirfd, path) and look for the marker; 1 if it was read. */
static int
attempt(const char *what, int dirfd, const char *path, const char *marker)
{
	char buf[512];
	ssize_t n;
	int fd = openat(dirfd, path, O_RDONLY);

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
	char up[4096] = "", p[8192];
	const char *secret, *sub, *marker;
	int dfd;

	if (argc != 4 || argv[1][0] != '/' || argv[2][0] != '/') {
		fprintf(stderr, "usage: esc_dotdot /SECRET /SUBDIR MARKER\n");
		return 2;
	}
	secret = argv[1];
	sub = argv[2];
	marker = argv[3];
	/* One "../" per component of SUBDIR climbs exactly to "/". */
	for (const char *s = sub; *s != '\0'; s++)
		if (*s != '/' && (s == sub || s[-1] == '/'))
			strncat(up, "../", sizeof(up) - strlen(up) - 1);

	snprintf(p, sizeof(p), "%s/%s%s", sub, up, secret + 1);
	attempt("abs", AT_FDCWD, p, marker);
	/* Extra ".." at the root and "." on the way must change nothing. */
	snprintf(p, sizeof(p), "%s/./%s../../.%s", sub, up, secret);
	attempt("abs-extra", AT_FDCWD, p, marker);
	snprintf(p, sizeof(p), "/../../..%s", secret);
	attempt("above-root", AT_FDCWD, p, marker);
	if (chdir(sub) < 0) {
		printf("ERROR chdir %s: %s\n", sub, strerror(errno));
		return 2;
	}
	snprintf(p, sizeof(p), "%s%s", up, secret + 1);
	attempt("cwd-rel", AT_FDCWD, p, marker);
	dfd = opath(sub, O_DIRECTORY);
	if (dfd < 0) /* syd cannot hand out O_PATH fds yet */
		dfd = open(sub, O_RDONLY | O_DIRECTORY);
	if (dfd < 0) {
		printf("ERROR open %s: %s\n", sub, strerror(errno));
		return 2;
	}
	if (chdir("/") < 0)
		return 2;
	attempt("dirfd-rel", dfd, p, marker);
	snprintf(p, sizeof(p), "../../..%s", secret);
	attempt("cwd-root-rel", AT_FDCWD, p, marker);
	return report();
}
