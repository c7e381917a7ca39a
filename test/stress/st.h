/*
 * st.h: what the stress programs share (each is one static file built
 * alone, so everything here is static). A program prints lines of
 * "key=value" counts, then "OK ..." and exits 0, or "FAIL reason" and
 * exits 1; 2 is a usage or set-up error.
 */
#ifndef ST_H
#define ST_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline double
st_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline void
st_sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static inline void __attribute__((noreturn, format(printf, 1, 2)))
st_die(const char *fmt, ...)
{
	va_list ap;

	printf("ERROR ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(2);
}

/* Read FD's start, close it: 1 if it begins with MARKER. */
static inline int
st_has_marker(int fd, const char *marker)
{
	char buf[256];
	ssize_t n;
	size_t len = strlen(marker);

	do
		n = read(fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	close(fd);
	return n >= (ssize_t)len && memcmp(buf, marker, len) == 0;
}

#endif /* ST_H */
