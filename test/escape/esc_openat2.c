/*
 * esc_openat2 SECRET MARKER
 *
 * openat2(2) resolution flags change what a name means: with a dirfd of
 * SECRET's directory, RESOLVE_IN_ROOT makes "/NAME" (and "/../NAME")
 * that directory's NAME, RESOLVE_BENEATH and RESOLVE_NO_XDEV keep
 * "NAME" beneath it. A checker that reads the name as the plain openat
 * would (an absolute "/NAME", the host's) judges a file other than the
 * one opened.
 *
 * Prints "ESCAPED <variant>=<path>... (blocked: ...)" and exits 0 if
 * some variant read MARKER (all are tried), else
 * "BLOCKED <variant>=<errno>..." and exits 1 (2: usage/setup).
 */
#include <stdint.h>
#include <linux/openat2.h>

#include "esc.h"

static void
try(const char *what, int dfd, const char *name, uint64_t resolve,
    const char *marker)
{
	struct open_how how = { .flags = O_RDONLY, .resolve = resolve };

	esc_attempt(what, (int)syscall(SYS_openat2, dfd, name, &how,
	    sizeof(how)), name, marker);
}

int
main(int argc, char **argv)
{
	char dir[4096], name[256], abs[300];
	const char *marker;
	int dfd;

	if (argc != 3)
		return 2;
	marker = argv[2];
	esc_split(argv[1], dir, sizeof(dir), name, sizeof(name));
	if ((dfd = esc_dirfd(dir)) < 0)
		return 2;
	snprintf(abs, sizeof(abs), "/%s", name);
	try("in_root", dfd, abs, RESOLVE_IN_ROOT, marker);
	snprintf(abs, sizeof(abs), "/../%s", name);
	try("in_root_dotdot", dfd, abs, RESOLVE_IN_ROOT, marker);
	try("beneath", dfd, name, RESOLVE_BENEATH, marker);
	try("no_xdev", dfd, name, RESOLVE_NO_XDEV | RESOLVE_NO_SYMLINKS,
	    marker);
	return esc_report();
}
