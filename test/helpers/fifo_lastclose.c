/*
 * fifo_lastclose PATH N
 *
 * Make the FIFO PATH, then N times: open it for reading (O_NONBLOCK),
 * close that reader, and open it for writing (O_NONBLOCK), which the
 * kernel refuses with ENXIO when no reader is left. Print the count of
 * each result of the writer's open ("ENXIO n", "OK n", "ERR ERRNO n",
 * sorted by kind); natively every one is ENXIO. Exit 0, 1 on a setup
 * error, 2 on usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long n, enxio = 0, ok = 0, other = 0;
	int lasterr = 0;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: fifo_lastclose PATH N\n");
		return 2;
	}
	if (mkfifo(argv[1], 0600) < 0) {
		perror("mkfifo");
		return 1;
	}
	for (long i = 0; i < n; i++) {
		int r = open(argv[1], O_RDONLY | O_NONBLOCK), w;

		if (r < 0) {
			perror("open for reading");
			return 1;
		}
		close(r);
		w = open(argv[1], O_WRONLY | O_NONBLOCK);
		if (w >= 0) {
			ok++;
			close(w);
		} else if (errno == ENXIO) {
			enxio++;
		} else {
			other++;
			lasterr = errno;
		}
	}
	if (enxio)
		printf("ENXIO %ld\n", enxio);
	if (ok)
		printf("OK %ld\n", ok);
	if (other)
		printf("ERR %s %ld\n", strerror(lasterr), other);
	return 0;
}
