/*
 * esc_symlink SECRET DIR MARKER
 *
 * Symlinks made inside an allowed directory DIR that point at the denied
 * file SECRET, opened for reading: absolute, relative, a chain of two, a
 * link to SECRET's directory with the name after it, and a link through
 * /proc/self/root. A checker that matches the name written by the program
 * instead of what the kernel would open lets every one of them through.
 *
 * Prints "ESCAPED <variant>" and exits 0 when some open yields content
 * containing MARKER; else "BLOCKED <variant>=<errno>..." and exits 1.
 * Exit 2 on usage or setup errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
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
	case ENOTDIR: return "ENOTDIR";
	case ENOSYS: return "ENOSYS";
	case EXDEV: return "EXDEV";
	}
	snprintf(b, sizeof(b), "errno%d", e);
	return b;
}

/* Make DIR/NAME a symlink to TARGET, open it, look for the marker. */
static int
attempt(const char *dir, const char *name, const char *target,
    const char *marker)
{
	char link[4096], buf[512];
	ssize_t n;
	int fd;

	snprintf(link, sizeof(link), "%s/%s", dir, name);
	unlink(link);
	if (target != NULL && symlink(target, link) < 0) {
		printf("ERROR symlink %s: %s\n", link, strerror(errno));
		_exit(2);
	}
	fd = open(link, O_RDONLY);
	if (fd < 0) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " %s=%s", name, ename(errno));
		return 0;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (strstr(buf, marker) == NULL) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " %s=no-marker", name);
		return 0;
	}
	printf("ESCAPED read %s through %s -> %s\n", marker, link,
	    target != NULL ? target : "(made above)");
	return 1;
}

int
main(int argc, char **argv)
{
	char sdir[4096], sbase[4096], t[4096], p[4096];
	const char *secret, *dir, *marker;

	if (argc != 4) {
		fprintf(stderr, "usage: esc_symlink SECRET DIR MARKER\n");
		return 2;
	}
	secret = argv[1];
	dir = argv[2];
	marker = argv[3];
	snprintf(t, sizeof(t), "%s", secret);
	snprintf(sdir, sizeof(sdir), "%s", dirname(t));
	snprintf(t, sizeof(t), "%s", secret);
	snprintf(sbase, sizeof(sbase), "%s", basename(t));

	/* 1. The plain absolute link. */
	if (attempt(dir, "abs", secret, marker))
		return 0;
	/* 2. Relative: climb from DIR to / and come down to SECRET. */
	snprintf(p, sizeof(p), "%s", "");
	for (const char *s = dir; *s != '\0'; s++)
		if (*s == '/' && s[1] != '/' && s[1] != '\0')
			strncat(p, "../", sizeof(p) - strlen(p) - 1);
	strncat(p, secret + 1, sizeof(p) - strlen(p) - 1);
	if (attempt(dir, "rel", p, marker))
		return 0;
	/* 3. A chain: chain1 -> chain2 -> SECRET. */
	snprintf(p, sizeof(p), "%s/chain2", dir);
	if (attempt(dir, "chain2", secret, marker))
		return 0;
	if (attempt(dir, "chain1", p, marker))
		return 0;
	/* 4. A link to SECRET's directory, then the file name under it. */
	snprintf(p, sizeof(p), "%s/dlink", dir);
	unlink(p);
	if (symlink(sdir, p) < 0) {
		printf("ERROR symlink %s: %s\n", p, strerror(errno));
		return 2;
	}
	snprintf(p, sizeof(p), "dlink/%s", sbase);
	if (attempt(dir, p, NULL, marker))
		return 0;
	/* 5. Through the magic /proc/self/root. */
	snprintf(p, sizeof(p), "/proc/self/root%s", secret);
	if (attempt(dir, "procroot", p, marker))
		return 0;
	printf("BLOCKED%s\n", why);
	return 1;
}
