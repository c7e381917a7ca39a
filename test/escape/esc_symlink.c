/*
 * esc_symlink SECRET DIR MARKER
 *
 * Symlinks made inside an allowed directory DIR that point at the denied
 * file SECRET, opened for reading: absolute, relative, a chain of two, a
 * link to SECRET's directory with the name after it, and a link through
 * /proc/self/root. A checker that matches the name written by the program
 * instead of what the kernel would open lets every one of them through.
 *
 * Prints "ESCAPED <variant>=<link>... (blocked: ...)" and exits 0 if
 * some variant read MARKER (all are tried), else
 * "BLOCKED <variant>=<errno>..." and exits 1 (2: usage/setup).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Variants that got through, and how the others failed. */
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

/* Make DIR/NAME a symlink to TARGET (unless NULL: NAME is a path through
 * a link made before), open it, look for the marker. */
static void
attempt(const char *what, const char *dir, const char *name,
    const char *target, const char *marker)
{
	char link[8192], buf[512];
	ssize_t n;
	int fd;

	snprintf(link, sizeof(link), "%s/%s", dir, name);
	if (target != NULL && (unlink(link), symlink(target, link) < 0)) {
		printf("ERROR symlink %s: %s\n", link, strerror(errno));
		_exit(2);
	}
	if ((fd = open(link, O_RDONLY)) < 0) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " %s=%s", what, ename(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (strstr(buf, marker) == NULL)
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " %s=no-marker", what);
	else
		snprintf(esc + strlen(esc), sizeof(esc) - strlen(esc),
		    " %s=%.256s", what, link);
}

int
main(int argc, char **argv)
{
	char sdir[4096], sbase[1024], t[4096], p[8192];
	const char *secret, *dir, *marker;

	if (argc != 4 || argv[1][0] != '/' || argv[2][0] != '/') {
		fprintf(stderr, "usage: esc_symlink /SECRET /DIR MARKER\n");
		return 2;
	}
	secret = argv[1];
	dir = argv[2];
	marker = argv[3];
	snprintf(t, sizeof(t), "%s", secret);
	snprintf(sdir, sizeof(sdir), "%s", dirname(t));
	snprintf(t, sizeof(t), "%s", secret);
	snprintf(sbase, sizeof(sbase), "%s", basename(t));

	attempt("abs", dir, "abs", secret, marker);
	/* Relative: one "../" per component of DIR climbs to "/". */
	p[0] = '\0';
	for (const char *s = dir; *s != '\0'; s++)
		if (*s != '/' && s[-1] == '/')
			strncat(p, "../", sizeof(p) - strlen(p) - 1);
	strncat(p, secret + 1, sizeof(p) - strlen(p) - 1);
	attempt("rel", dir, "rel", p, marker);
	/* A chain: chain1 -> chain2 -> SECRET. */
	snprintf(p, sizeof(p), "%s/chain2", dir);
	if (unlink(p), symlink(secret, p) < 0)
		return 2;
	attempt("chain", dir, "chain1", p, marker);
	/* A link to SECRET's directory, then the file name under it. */
	snprintf(p, sizeof(p), "%s/dlink", dir);
	if (unlink(p), symlink(sdir, p) < 0)
		return 2;
	snprintf(p, sizeof(p), "dlink/%s", sbase);
	attempt("dir-link", dir, p, NULL, marker);
	/* Through the magic /proc/self/root. */
	snprintf(p, sizeof(p), "/proc/self/root%s", secret);
	attempt("proc-root", dir, "procroot", p, marker);
	if (esc[0] != '\0') {
		printf("ESCAPED%s (blocked:%s)\n", esc, why);
		return 0;
	}
	printf("BLOCKED%s\n", why);
	return 1;
}
