/*
 * toctou_open ALLOWED DENIED SECONDS [MARKER]
 *
 * The classic time-of-check/time-of-use attack on a supervisor that checks
 * a path in the target's memory and lets the kernel open it afterwards.
 * One thread flips a shared path buffer between ALLOWED and DENIED (equal
 * length, one memcpy each, in a tight loop); the main thread calls
 * open(buf, O_RDONLY) in a loop for SECONDS and reads what it opened.
 * Content containing MARKER (default "SECRET", which the test writes into
 * DENIED and not into ALLOWED) means the denied file was obtained.
 *
 * Prints one line:
 *	denied_wins=N allowed_ok=M eacces=E enoent=X other=O opens=T
 * Exit 1 if N > 0, 2 on usage or setup errors, 0 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../escape/esc.h"

static struct esc_flip flip;

int
main(int argc, char **argv)
{
	struct esc_tally t = { 0 };
	unsigned long opens = 0;
	const char *marker = "SECRET";
	pthread_t th;
	double end;

	if (argc < 4 || argc > 5) {
		fprintf(stderr,
		    "usage: toctou_open ALLOWED DENIED SECONDS [MARKER]\n");
		return 2;
	}
	if (argc == 5)
		marker = argv[4];
	if (esc_flip_init(&flip, argv[1], argv[2]) < 0) {
		fprintf(stderr, "toctou_open: paths must have equal length\n");
		return 2;
	}
	if (pthread_create(&th, NULL, esc_flipper, &flip) != 0) {
		fprintf(stderr, "toctou_open: pthread_create failed\n");
		return 2;
	}
	end = esc_now() + atof(argv[3]);
	while (esc_now() < end) {
		opens++;
		esc_count(&t, open(flip.buf, O_RDONLY), marker);
	}
	flip.stop = 1;
	pthread_join(th, NULL);
	printf("denied_wins=%lu allowed_ok=%lu eacces=%lu enoent=%lu "
	       "other=%lu opens=%lu\n",
	    t.wins, t.misses, t.eacces, t.enoent, t.other, opens);
	return t.wins > 0 ? 1 : 0;
}
