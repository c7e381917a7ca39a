/*
 * esc_magic_flip SECRET MARKER SECONDS [UID | deleted]
 *
 * The object behind a magic link changes under the call: this program
 * holds an O_PATH fd of SECRET (a stat-class open, allowed when only
 * reading is denied) and a pipe. One thread puts one or the other under
 * fd number N (dup2) as fast as it can, while the main thread opens
 * /proc/self/fd/N for reading for SECONDS. A checker that reads the link
 * once to judge ("pipe:[...]", an object without a name) and follows it
 * again to open hands out SECRET. With UID, a root program first drops
 * to UID in-process (setgid, setuid, no exec: not dumpable, its /proc
 * entries root's, where syd looks its own fd directory up with a grant).
 * With "deleted", SECRET's name ends in " (deleted)" and the decoy is
 * a file made and unlinked under SECRET's name without that suffix: the
 * two links read alike, a deleted file's and the live SECRET's.
 *
 * Prints "ESCAPED wins=N ..." and exits 0 if MARKER was read, else
 * "BLOCKED wins=0 decoy=D eacces=E enoent=X other=O" (decoy: the pipe
 * opened) and exits 1 (2: setup).
 */
#include <grp.h>
#include <pthread.h>
#include <stdlib.h>

#include "esc.h"

static int obj, pfd[2], n = 100;
static volatile int stop;

static void *
flipper(void *arg)
{
	(void)arg;
	while (!stop) {
		dup2(obj, n);
		dup2(pfd[0], n);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct esc_tally t = { 0 };
	char p[4096];
	double end;
	pthread_t th;
	int uid;

	if (argc != 4 && argc != 5)
		return 2;
	if (argc == 5 && strcmp(argv[4], "deleted") == 0) {
		size_t l = strlen(argv[1]);
		if (l <= 10 || l >= sizeof(p) + 10 ||
		    strcmp(argv[1] + l - 10, " (deleted)") != 0)
			return 2;
		snprintf(p, sizeof(p), "%.*s", (int)(l - 10), argv[1]);
		if ((pfd[0] = open(p, O_RDWR | O_CREAT | O_EXCL, 0644)) < 0 ||
		    write(pfd[0], "decoy\n", 6) != 6 || unlink(p) < 0)
			return 2;
	} else if (argc == 5 && ((uid = atoi(argv[4])) <= 0 ||
	    setgroups(0, NULL) < 0 || setgid(uid) < 0 || setuid(uid) < 0)) {
		return 2;
	} else if (pipe(pfd) < 0) {
		return 2;
	}
	if ((obj = esc_opath(argv[1], 0)) < 0 ||
	    dup2(pfd[0], n) < 0 ||
	    pthread_create(&th, NULL, flipper, NULL) != 0)
		return 2;
	snprintf(p, sizeof(p), "/proc/self/fd/%d", n);
	end = esc_now() + atof(argv[3]);
	while (esc_now() < end)
		esc_count(&t, open(p, O_RDONLY | O_NONBLOCK), argv[2]);
	stop = 1;
	pthread_join(th, NULL);
	return esc_tally_report(&t, "decoy");
}
