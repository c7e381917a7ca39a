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
#include <time.h>
#include <sys/syscall.h>
#include <unistd.h>

/* O_PATH through the raw call (mode 0): musl's open() adds O_LARGEFILE,
 * which the kernel ignores in open/openat but refuses with O_PATH in
 * openat2. */
static int
opath(const char *path, int flags)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, O_PATH | flags, 0);
}

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

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
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
	unsigned long wins = 0, decoy = 0, eacces = 0, enoent = 0, other = 0;
	char abs[8192], buf[512];
	const char *dir, *marker;
	pthread_t th;
	double end;
	int cfd, fd, i = 0;
	ssize_t n;

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
	if ((cfd = opath(here, O_DIRECTORY)) < 0) /* no O_PATH under syd */
		cfd = open(here, O_RDONLY | O_DIRECTORY);
	if (chdir(here) < 0 || cfd < 0) {
		printf("ERROR chdir/open %s: %s\n", here, strerror(errno));
		return 2;
	}
	if (pthread_create(&th, NULL, mover, NULL) != 0)
		return 2;
	end = now_s() + atof(argv[3]);
	while (now_s() < end) {
		switch (i++ % 3) {
		case 0: fd = open(abs, O_RDONLY); break;
		case 1: fd = open("../../secret.txt", O_RDONLY); break;
		default: fd = openat(cfd, "../../secret.txt", O_RDONLY);
		}
		if (fd < 0) {
			if (errno == EACCES)
				eacces++;
			else if (errno == ENOENT)
				enoent++;
			else
				other++;
			continue;
		}
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		if (strstr(buf, marker) != NULL)
			wins++;
		else
			decoy++;
	}
	stop = 1;
	pthread_join(th, NULL);
	/* Leave c where it started for the next run. */
	rename(there, here);
	printf("%s wins=%lu decoy=%lu eacces=%lu enoent=%lu other=%lu\n",
	    wins > 0 ? "ESCAPED" : "BLOCKED", wins, decoy, eacces, enoent,
	    other);
	return wins > 0 ? 0 : 1;
}
