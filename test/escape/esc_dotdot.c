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
#include <unistd.h>

#include "esc.h"

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
	esc_attempt("abs", openat(AT_FDCWD, p, O_RDONLY), p, marker);
	/* Extra ".." at the root and "." on the way must change nothing. */
	snprintf(p, sizeof(p), "%s/./%s../../.%s", sub, up, secret);
	esc_attempt("abs-extra", openat(AT_FDCWD, p, O_RDONLY), p, marker);
	snprintf(p, sizeof(p), "/../../..%s", secret);
	esc_attempt("above-root", openat(AT_FDCWD, p, O_RDONLY), p, marker);
	if (chdir(sub) < 0) {
		printf("ERROR chdir %s: %s\n", sub, strerror(errno));
		return 2;
	}
	snprintf(p, sizeof(p), "%s%s", up, secret + 1);
	esc_attempt("cwd-rel", openat(AT_FDCWD, p, O_RDONLY), p, marker);
	if ((dfd = esc_dirfd(sub)) < 0 || chdir("/") < 0)
		return 2;
	esc_attempt("dirfd-rel", openat(dfd, p, O_RDONLY), p, marker);
	snprintf(p, sizeof(p), "../../..%s", secret);
	esc_attempt("cwd-root-rel", openat(AT_FDCWD, p, O_RDONLY), p, marker);
	return esc_report();
}
