/*
 * esc_rename_over SECRET DIR MARKER
 *
 * Give the denied file SECRET the name of an allowed file DIR/over.txt
 * by renaming rather than linking, then read DIR/over.txt:
 *
 *	over        rename(SECRET, DIR/over.txt), replacing the allowed file
 *	xchg_dst    renameat2(DIR/over.txt, SECRET, RENAME_EXCHANGE): the
 *	            secret is the *destination*, and moves all the same
 *	xchg_src    renameat2(SECRET, DIR/over.txt, RENAME_EXCHANGE)
 *
 * Each variant starts with a fresh DIR/over.txt. Prints "ESCAPED
 * <variant>=DIR/over.txt... (blocked: ...)" and exits 0 if MARKER was
 * read by the allowed name, else "BLOCKED <variant>=<errno>..." and
 * exits 1 (2: usage/setup).
 */
#include "esc.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static char over[4096];

static int
fresh(void)
{
	int fd = open(over, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, "public\n", 7) != 7) {
		printf("ERROR %s: %s\n", over, strerror(errno));
		return -1;
	}
	return close(fd);
}

static void
attempt(const char *what, long r, const char *marker)
{
	if (r < 0) {
		esc_cat(esc_why, sizeof(esc_why), " %s=%s", what,
		    esc_ename(errno));
		return;
	}
	esc_open(what, over, marker);
}

int
main(int argc, char **argv)
{
	const char *secret, *marker;

	if (argc != 4)
		return 2;
	secret = argv[1];
	marker = argv[3];
	snprintf(over, sizeof(over), "%s/over.txt", argv[2]);
	if (fresh() < 0)
		return 2;
	attempt("xchg_dst", syscall(SYS_renameat2, AT_FDCWD, over, AT_FDCWD,
	    secret, RENAME_EXCHANGE), marker);
	if (fresh() < 0)
		return 2;
	attempt("xchg_src", syscall(SYS_renameat2, AT_FDCWD, secret,
	    AT_FDCWD, over, RENAME_EXCHANGE), marker);
	if (fresh() < 0)
		return 2;
	attempt("over", rename(secret, over), marker);
	return esc_report();
}
