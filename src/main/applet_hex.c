/* main thread only */
/*
 * syd-hex [-hdeflsC] [FILE|-]: hex-encode a file or standard input
 * (lower case, nothing added), or with -d decode it (either case; ASCII
 * white space between digits is skipped). -s with -d: one chunk per
 * line, a bad line an error (with -C a warning, and on). -l SIZE: stop
 * after SIZE bytes read (with -s: after SIZE lines). Decoded bytes are
 * not written to a terminal unless -f.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applet.h"
#include "sys/sys.h"

static int
nibble(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void
out(const void *buf, size_t n)
{
	if (n > 0 && sys_write_all(1, buf, n) < 0)
		applet_die(1, "write: %s", strerror(errno));
}

/* Read at most size bytes, fewer once limit (>= 0) bytes were read in
 * all; 0 at the end or the limit. */
static ssize_t
chunk(int fd, void *buf, size_t size, long long limit, long long *total)
{
	ssize_t n;

	if (limit >= 0 && (long long)size > limit - *total)
		size = (size_t)(limit - *total);
	if (size == 0)
		return 0;
	while ((n = read(fd, buf, size)) < 0 && errno == EINTR)
		;
	if (n < 0)
		applet_die(1, "read: %s", strerror(errno));
	*total += n;
	return n;
}

static int
encode(int fd, long long limit)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char in[32768];
	char hex[65536];
	long long total = 0;
	ssize_t n;

	while ((n = chunk(fd, in, sizeof(in), limit, &total)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			hex[2 * i] = digits[in[i] >> 4];
			hex[2 * i + 1] = digits[in[i] & 15];
		}
		out(hex, (size_t)n * 2);
	}
	return 0;
}

/* Decode the hex of s (len n) into dst; its length, or -1 when bad. */
static ssize_t
unhex(const char *s, size_t n, unsigned char *dst, int *half)
{
	ssize_t k = 0;

	for (size_t i = 0; i < n; i++) {
		int v;
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r' || s[i] == '\f' || s[i] == '\v')
			continue;
		if ((v = nibble((unsigned char)s[i])) < 0)
			return -1;
		if (*half < 0) {
			*half = v;
		} else {
			dst[k++] = (unsigned char)(*half << 4 | v);
			*half = -1;
		}
	}
	return k;
}

static int
decode(int fd, long long limit)
{
	char in[32768];
	unsigned char bin[16384];
	long long total = 0;
	int half = -1;
	ssize_t n, k;

	while ((n = chunk(fd, in, sizeof(in), limit, &total)) > 0) {
		if ((k = unhex(in, (size_t)n, bin, &half)) < 0)
			applet_die(1, "invalid hex input");
		out(bin, (size_t)k);
	}
	if (half >= 0)
		applet_die(1, "invalid hex input: an odd number of digits");
	return 0;
}

static int
decode_lines(FILE *f, long long limit, bool cont)
{
	char *line = NULL;
	size_t cap = 0;
	long long lines = 0;
	ssize_t n;
	int rc = 0;

	while ((limit < 0 || lines < limit) &&
	    (n = getline(&line, &cap, f)) >= 0) {
		unsigned char *bin = malloc((size_t)n / 2 + 1);
		int half = -1;
		ssize_t k;
		lines++;
		if (bin == NULL)
			applet_die(1, "out of memory");
		k = unhex(line, (size_t)n, bin, &half);
		if (k < 0 || half >= 0) {
			free(bin);
			if (!cont)
				applet_die(1, "line %lld: invalid hex", lines);
			fprintf(stderr, "syd-hex: line %lld: invalid hex: "
			    "skipped\n", lines);
			rc = 1;
			continue;
		}
		out(bin, (size_t)k);
		free(bin);
	}
	free(line);
	return rc;
}

static void
usage(FILE *f)
{
	fputs("usage: syd-hex [-hdeflsC] [-l size|count] [file|-]\n"
	    "Hex-encode (default, -e) or decode (-d) a file or standard "
	    "input; see syd-applets(1).\n", f);
}

int
applet_hex(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "force-tty", no_argument, NULL, 'f' },
		{ "stream", no_argument, NULL, 's' },
		{ "continue-on-failure", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	bool dec = false, force = false, stream = false, cont = false;
	long long limit = -1;
	int c, fd;

	while ((c = getopt_long(argc, argv, "+hdefl:sC", lo, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'd': dec = true; break;
		case 'e': dec = false; break;
		case 'f': force = true; break;
		case 's': stream = true; break;
		case 'C': cont = true; break;
		case 'l':
			if ((limit = applet_size(optarg)) < 0)
				applet_die(100, "-l '%s': not a size", optarg);
			break;
		default:
			usage(stderr);
			return 100;
		}
	}
	if (argc - optind > 1)
		applet_die(100, "one file at most (see -h)");
	fd = applet_open_in(argv[optind]);
	if (dec && !force && isatty(1))
		applet_die(1, "refusing to write decoded bytes to a terminal "
		    "(use -f to force)");
	if (!dec)
		return encode(fd, limit);
	if (!stream)
		return decode(fd, limit);
	FILE *f = fdopen(fd, "r");
	if (f == NULL)
		applet_die(1, "fdopen: %s", strerror(errno));
	return decode_lines(f, limit, cont);
}
