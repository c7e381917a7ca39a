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
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Variants that got through, and how the others failed. */
static char esc[1024], why[2048];

static int
attempt(const char *what, const char *path, const char *marker)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " %s=%s", what, strerror(errno));
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
	char dir[4096], base[4096], t[4096], p[8192];

	if (argc != 3 || argv[1][0] != '/') {
		fprintf(stderr, "usage: esc_chroot /SECRET MARKER\n");
		return 2;
	}
	snprintf(t, sizeof(t), "%s", argv[1]);
	snprintf(dir, sizeof(dir), "%s", dirname(t));
	snprintf(t, sizeof(t), "%s", argv[1]);
	snprintf(base, sizeof(base), "%s", basename(t));
	if (chdir(dir) < 0 || chroot(dir) < 0) {
		printf("BLOCKED chroot %s: %s\n", dir, strerror(errno));
		return 1;
	}
	snprintf(p, sizeof(p), "/%s", base);
	attempt("root-abs", p, argv[2]);
	attempt("cwd-rel", base, argv[2]);
	snprintf(p, sizeof(p), "/../../%s", base);
	attempt("dotdot-root", p, argv[2]);
	snprintf(p, sizeof(p), "/proc/self/cwd/%s", base);
	attempt("proc-cwd", p, argv[2]);
	return report();
}
