/*
 * esc_symlink_swap DIR SECRET MARKER SECONDS
 *
 * A symlink swapped atomically (rename over it) between an allowed target
 * and the denied file SECRET while another thread opens through it. Two
 * links in the allowed directory DIR flip: DIR/link (-> DIR/pub.txt or
 * SECRET) and DIR/dlink (-> DIR/pubdir or SECRET's directory), the latter
 * used as a directory component: DIR/dlink/NAME (DIR/pubdir/NAME is a
 * decoy with SECRET's base name). The checker must open exactly what it
 * checked: one read of MARKER in SECONDS of tries is a win.
 *
 * Prints "ESCAPED wins=N ..." and exits 0 if MARKER was read, else
 * "BLOCKED wins=0 allowed=A eacces=E enoent=X other=O" and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "esc.h"

static char pub[4096], pubdir[4096], sec[4096], secdir[4096];
static char link1[4096], link2[4096], tmp1[4096], tmp2[4096];
static volatile int stop;

/* Replace LINK by a symlink to TARGET in one rename: it always exists. */
static void
flip(const char *tmp, const char *link, const char *target)
{
	unlink(tmp);
	if (symlink(target, tmp) == 0)
		rename(tmp, link);
}

static void *
flipper(void *arg)
{
	(void)arg;
	while (!stop) {
		flip(tmp1, link1, sec);
		flip(tmp2, link2, secdir);
		flip(tmp1, link1, pub);
		flip(tmp2, link2, pubdir);
	}
	return NULL;
}

static int
put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok = fd >= 0 && write(fd, text, strlen(text)) ==
	    (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct esc_tally tl = { 0 };
	char t[4096], path2[8192];
	const char *dir, *marker;
	pthread_t th;
	double end;
	int fd, i = 0;

	if (argc != 5) {
		fprintf(stderr, "usage: esc_symlink_swap DIR SECRET MARKER "
		    "SECONDS\n");
		return 2;
	}
	dir = argv[1];
	marker = argv[3];
	snprintf(sec, sizeof(sec), "%s", argv[2]);
	snprintf(t, sizeof(t), "%s", argv[2]);
	snprintf(secdir, sizeof(secdir), "%s", dirname(t));
	snprintf(pub, sizeof(pub), "%s/pub.txt", dir);
	snprintf(pubdir, sizeof(pubdir), "%s/pubdir", dir);
	snprintf(link1, sizeof(link1), "%s/link", dir);
	snprintf(link2, sizeof(link2), "%s/dlink", dir);
	snprintf(tmp1, sizeof(tmp1), "%s/link.tmp", dir);
	snprintf(tmp2, sizeof(tmp2), "%s/dlink.tmp", dir);
	snprintf(t, sizeof(t), "%s", argv[2]);
	snprintf(path2, sizeof(path2), "%s/%s", pubdir, basename(t));
	if ((mkdir(pubdir, 0755) < 0 && errno != EEXIST) ||
	    put(pub, "public\n") < 0 || put(path2, "public\n") < 0) {
		printf("ERROR setup in %s: %s\n", dir, strerror(errno));
		return 2;
	}
	flip(tmp1, link1, pub);
	flip(tmp2, link2, pubdir);
	snprintf(t, sizeof(t), "%s", argv[2]);
	snprintf(path2, sizeof(path2), "%s/%s", link2, basename(t));
	if (pthread_create(&th, NULL, flipper, NULL) != 0)
		return 2;
	end = esc_now() + atof(argv[4]);
	while (esc_now() < end) {
		fd = open(i++ % 2 ? path2 : link1, O_RDONLY);
		esc_count(&tl, fd, marker);
	}
	stop = 1;
	pthread_join(th, NULL);
	return esc_tally_report(&tl, "allowed");
}
