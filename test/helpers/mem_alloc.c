/*
 * mem_alloc MEGABYTES
 *
 * malloc MEGABYTES MiB and touch every page; print "ok". Exit 12 (ENOMEM)
 * with "malloc: ..." on stderr if the allocation fails, 2 on usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	size_t n;
	char *p;

	if (argc != 2)
		return 2;
	n = strtoul(argv[1], NULL, 10) << 20;
	if ((p = malloc(n)) == NULL) {
		fprintf(stderr, "malloc: %s\n", strerror(errno));
		return 12;
	}
	memset(p, 1, n);
	puts("ok");
	return 0;
}
