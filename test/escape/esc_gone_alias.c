/*
 * esc_gone_alias DIR MARKER
 *
 * Names that read as removed objects' but are live: DIR/q (mode 0700,
 * root's) holds the file "s (deleted)" (MARKER, mode 0666) and the
 * directory "x (deleted)" (0755) with "secret" (MARKER, 0644) in it; the
 * test denies reading both. As root this program takes an O_PATH fd of
 * the file (a stat-class open) and makes the directory its cwd, then
 * drops to uid 65534 in-process, where it may no longer search DIR/q,
 * and reads the file through /proc/self/fd/N and "secret" by its
 * relative name. A checker that takes a name it cannot look up for one
 * whose object was removed judges "DIR/q/s" and "DIR/q/x/secret",
 * which no rule denies.
 *
 * Prints "ESCAPED <what>..." and exits 0 if MARKER was read, else
 * "BLOCKED <what>=<errno>..." and exits 1 (2: setup).
 */
#include <grp.h>

#include "esc.h"

int
main(int argc, char **argv)
{
	char p[4096];
	int fd;

	if (argc != 3)
		return 2;
	snprintf(p, sizeof(p), "%s/q/s (deleted)", argv[1]);
	if ((fd = esc_opath(p, 0)) < 0)
		return 2;
	snprintf(p, sizeof(p), "%s/q/x (deleted)", argv[1]);
	if (chdir(p) < 0 || setgroups(0, NULL) < 0 || setgid(65534) < 0 ||
	    setuid(65534) < 0)
		return 2;
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	esc_open("fd-link", p, argv[2]);
	esc_open("cwd-relative", "secret", argv[2]);
	return esc_report();
}
