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
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "esc.h"

/* Make DIR/NAME a symlink to TARGET (unless NULL: NAME is a path through
 * a link made before), open it, look for the marker. */
static void
attempt(const char *what, const char *dir, const char *name,
    const char *target, const char *marker)
{
	char link[8192];

	snprintf(link, sizeof(link), "%s/%s", dir, name);
	if (target != NULL && (unlink(link), symlink(target, link) < 0)) {
		printf("ERROR symlink %s: %s\n", link, strerror(errno));
		_exit(2);
	}
	esc_open(what, link, marker);
}

int
main(int argc, char **argv)
{
	char sdir[4096], sbase[1024], p[8192];
	const char *secret, *dir, *marker;

	if (argc != 4 || argv[1][0] != '/' || argv[2][0] != '/') {
		fprintf(stderr, "usage: esc_symlink /SECRET /DIR MARKER\n");
		return 2;
	}
	secret = argv[1];
	dir = argv[2];
	marker = argv[3];
	esc_split(secret, sdir, sizeof(sdir), sbase, sizeof(sbase));

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
	return esc_report();
}
