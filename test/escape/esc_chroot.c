/*
 * esc_chroot SECRET MARKER
 *
 * Change the root (root may: CAP_SYS_CHROOT, chroot sandboxing off) to
 * SECRET's directory, so the denied file is "/NAME" from then on, and open
 * it as "/NAME", "NAME" (cwd at the new root), "/../NAME" and through
 * /proc/self/cwd. Rules name host paths: a checker that builds the
 * canonical name relative to the target's root without the root's own
 * name would check "/NAME" and open SECRET. (A checker that ignores the
 * target's root opens the host's /NAME instead: ENOENT, not an escape.)
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
	char dir[4096], base[4096], p[8192];

	if (argc != 3 || argv[1][0] != '/') {
		fprintf(stderr, "usage: esc_chroot /SECRET MARKER\n");
		return 2;
	}
	esc_split(argv[1], dir, sizeof(dir), base, sizeof(base));
	if (chdir(dir) < 0 || chroot(dir) < 0) {
		printf("BLOCKED chroot %s: %s\n", dir, strerror(errno));
		return 1;
	}
	snprintf(p, sizeof(p), "/%s", base);
	esc_open("root-abs", p, argv[2]);
	esc_open("cwd-rel", base, argv[2]);
	snprintf(p, sizeof(p), "/../../%s", base);
	esc_open("dotdot-root", p, argv[2]);
	snprintf(p, sizeof(p), "/proc/self/cwd/%s", base);
	esc_open("proc-cwd", p, argv[2]);
	return esc_report();
}
