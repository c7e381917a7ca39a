/*
 * dents [-l] [-b SIZE] [-c] DIR: list DIR with raw getdents64 (-l:
 * x86_64's old getdents) into a SIZE-byte buffer (default 32768), one
 * name per line in the order the calls give them. Then the seekdir and
 * telldir round trip: for every entry, lseek to its d_off and read one
 * call's worth again; the first entry must be the next one of the list
 * ("seek ok N" or "seek BAD ..."), and seeking to the last d_off gives
 * the end. -c: print only the count of entries, ".." and "." included.
 * An error prints "ERR getdents64 ENAME" (SIZE too small: EINVAL).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

struct ent {
	char *name;
	int64_t off;
};

static int legacy;

/* One call into buf; the records are returned as linux_dirent64. */
static long
call(int fd, char *buf, size_t size)
{
#ifdef SYS_getdents
	if (legacy) {
		long n = syscall(SYS_getdents, fd, buf, size);
		/* linux_dirent: ino, off, reclen, name..., type last. */
		for (long o = 0; o < n;) {
			unsigned short rl;
			memcpy(&rl, buf + o + 16, 2);
			char type = buf[o + rl - 1];
			size_t len = strlen(buf + o + 18);
			memmove(buf + o + 19, buf + o + 18, len + 1);
			buf[o + 18] = type;
			o += rl;
		}
		return n;
	}
#endif
	return syscall(SYS_getdents64, fd, buf, size);
}

static const char *
first(const char *buf)
{
	return buf + 19;
}

int
main(int argc, char **argv)
{
	size_t size = 32768, n = 0, cap = 1024;
	struct ent *v = malloc(cap * sizeof(*v));
	int opt, fd, count = 0, bad = 0;
	char *buf;
	long r;

	while ((opt = getopt(argc, argv, "lb:c")) != -1) {
		if (opt == 'l')
			legacy = 1;
		else if (opt == 'b')
			size = strtoul(optarg, NULL, 10);
		else if (opt == 'c')
			count = 1;
		else
			return 2;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: dents [-l] [-b SIZE] [-c] DIR\n");
		return 2;
	}
#ifndef SYS_getdents
	if (legacy) {
		printf("SKIP no getdents on this architecture\n");
		return 0;
	}
#endif
	if ((fd = open(argv[optind], O_RDONLY | O_DIRECTORY)) < 0) {
		printf("ERR open %s\n", ename(errno));
		return 1;
	}
	buf = malloc(size + 8);
	while ((r = call(fd, buf, size)) > 0) {
		for (long o = 0; o < r;) {
			unsigned short rl;
			memcpy(&rl, buf + o + 16, 2);
			if (n == cap)
				v = realloc(v, (cap *= 2) * sizeof(*v));
			v[n].name = strdup(buf + o + 19);
			memcpy(&v[n].off, buf + o + 8, 8);
			n++;
			o += rl;
		}
	}
	if (r < 0) {
		printf("ERR getdents64 %s\n", ename(errno));
		return 0;
	}
	if (count) {
		printf("%zu\n", n);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s\n", v[i].name);
	/* The round trip: after entry i comes entry i + 1. */
	for (size_t i = 0; i < n; i++) {
		if (lseek(fd, v[i].off, SEEK_SET) < 0) {
			printf("seek BAD lseek %zu %s\n", i, ename(errno));
			bad++;
			continue;
		}
		r = call(fd, buf, size);
		if (i + 1 == n ? r != 0 :
		    r <= 0 || strcmp(first(buf), v[i + 1].name) != 0) {
			printf("seek BAD after %s: %s\n", v[i].name,
			    r > 0 ? first(buf) : "(end)");
			bad++;
		}
	}
	/* And back to the start (rewinddir). */
	lseek(fd, 0, SEEK_SET);
	if ((r = call(fd, buf, size)) <= 0 || n == 0 ||
	    strcmp(first(buf), v[0].name) != 0) {
		printf("seek BAD rewind\n");
		bad++;
	}
	if (bad == 0)
		printf("seek ok %zu\n", n);
	return 0;
}
