/*
 * esc_rename_race DIR MARKER SECONDS
 *
 * A directory renamed while a path through it is resolved. DIR/secret.txt
 * (MARKER, denied) is made by the test; this program makes DIR/a/b/c,
 * DIR/t and a decoy DIR/a/secret.txt. A thread moves c between DIR/a/b/c
 * and DIR/t/c as fast as it can, so "c/../.." is DIR/a (the decoy) or DIR
 * (the secret) depending on the moment. The main thread opens, in turn,
 *   DIR/a/b/c/../../secret.txt        (absolute, ".." after a moving dir)
 *   ../../secret.txt with cwd c       (cwd is the object, its name moves)
 *   openat(O_PATH fd of c, "../../secret.txt")
 * for SECONDS. The checker must decide on the path it then opens: a check
 * of one name followed by an open through another is a win.
 *
 * Prints "ESCAPED wins=N ..." and exits 0 if MARKER was read, else
 * "BLOCKED wins=0 decoy=D eacces=E enoent=X other=O" and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "esc.h"

static char here[4096], there[4096];
static volatile int stop;

static void *
mover(void *arg)
{
	(void)arg;
	while (!stop) {
		rename(here, there);
		rename(there, here);
	}
	return NULL;
}

static void
mk(const char *dir, const char *sub)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/%s", dir, sub);
	if (mkdir(p, 0755) < 0 && errno != EEXIST) {
		printf("ERROR mkdir %s: %s\n", p, strerror(errno));
		exit(2);
	}
}

int
main(int argc, char **argv)
{
	struct esc_tally t = { 0 };
	char abs[8192];
	const char *dir, *marker;
	pthread_t th;
	double end;
	int cfd, fd, i = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: esc_rename_race DIR MARKER SECONDS\n");
		return 2;
	}
	dir = argv[1];
	marker = argv[2];
	mk(dir, "a");
	mk(dir, "a/b");
	mk(dir, "a/b/c");
	mk(dir, "t");
	snprintf(abs, sizeof(abs), "%s/a/secret.txt", dir);
	fd = open(abs, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "public\n", 7) != 7) {
		printf("ERROR decoy %s: %s\n", abs, strerror(errno));
		return 2;
	}
	close(fd);
	snprintf(here, sizeof(here), "%s/a/b/c", dir);
	snprintf(there, sizeof(there), "%s/t/c", dir);
	snprintf(abs, sizeof(abs), "%s/a/b/c/../../secret.txt", dir);
	if ((cfd = esc_opath(here, O_DIRECTORY)) < 0) /* no O_PATH under syd */
		cfd = open(here, O_RDONLY | O_DIRECTORY);
	if (chdir(here) < 0 || cfd < 0) {
		printf("ERROR chdir/open %s: %s\n", here, strerror(errno));
		return 2;
	}
	if (pthread_create(&th, NULL, mover, NULL) != 0)
		return 2;
	end = esc_now() + atof(argv[3]);
	while (esc_now() < end) {
		switch (i++ % 3) {
		case 0: fd = open(abs, O_RDONLY); break;
		case 1: fd = open("../../secret.txt", O_RDONLY); break;
		default: fd = openat(cfd, "../../secret.txt", O_RDONLY);
		}
		esc_count(&t, fd, marker);
	}
	stop = 1;
	pthread_join(th, NULL);
	/* Leave c where it started for the next run. */
	rename(there, here);
	return esc_tally_report(&t, "decoy");
}
