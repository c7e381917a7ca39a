/*
 * esc.h: what the escape programs share. Each program is one file built
 * alone, so everything here is static.
 *
 * Programs that try several variants of an attack record the ones that
 * got through in esc_got and how the others failed in esc_why
 * (esc_attempt), then print one line and exit with esc_report():
 * "ESCAPED <variant>=<path>... (blocked: ...)" and 0, or
 * "BLOCKED <variant>=<errno>..." and 1. Race programs count what each
 * open gave in a struct esc_tally, and flip a path buffer with
 * esc_flipper.
 */
#ifndef ESC_H
#define ESC_H

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Machine code of a function that returns 42, for the attacks that run
 * code they wrote (esc_wx, esc_proc_mem). */
#if defined(__x86_64__)
static const unsigned char esc_code42[] __attribute__((unused)) = {
	0xb8, 0x2a, 0, 0, 0, 0xc3 };	/* mov $42, %eax; ret */
#elif defined(__aarch64__)
static const unsigned int esc_code42[] __attribute__((unused)) = {
	0x52800540, 0xd65f03c0 };	/* mov w0, #42; ret */
#else
#error "x86_64 or aarch64"
#endif

/* Variants that got through, and how the others failed. */
static char esc_got[1024] __attribute__((unused));
static char esc_why[2048] __attribute__((unused));

/* O_PATH through the raw call (mode 0): musl's open() adds O_LARGEFILE,
 * which the kernel ignores in open/openat but refuses with O_PATH in
 * openat2. */
static inline int
esc_opath(const char *path, int flags)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, O_PATH | flags, 0);
}

/* A directory fd of DIR: O_PATH, else (syd cannot hand out O_PATH fds
 * yet) O_RDONLY; -1 after an ERROR line. */
static inline int
esc_dirfd(const char *dir)
{
	int fd = esc_opath(dir, O_DIRECTORY);

	if (fd < 0)
		fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		printf("ERROR open %s: %s\n", dir, strerror(errno));
	return fd;
}

/* PATH's directory into DIR and last name into BASE (dirname and
 * basename work on copies: they may change their argument). */
static inline void
esc_split(const char *path, char *dir, size_t dsize, char *base,
    size_t bsize)
{
	char t[4096];

	snprintf(t, sizeof(t), "%s", path);
	snprintf(dir, dsize, "%s", dirname(t));
	snprintf(t, sizeof(t), "%s", path);
	snprintf(base, bsize, "%s", basename(t));
}

static inline const char *
esc_ename(int e)
{
	static char b[32];

	switch (e) {
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case ELOOP: return "ELOOP";
	case ENOTDIR: return "ENOTDIR";
	case EXDEV: return "EXDEV";
	case EBADF: return "EBADF";
	case ENXIO: return "ENXIO";
	case EEXIST: return "EEXIST";
	}
	snprintf(b, sizeof(b), "errno%d", e);
	return b;
}

/* Append to the string in BUF (SIZE bytes), truncating. */
static inline void __attribute__((format(printf, 3, 4)))
esc_cat(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* Read the start of the open file FD, close it: 1 if MARKER is in it. */
static inline int
esc_read_marker(int fd, const char *marker)
{
	char buf[512];
	ssize_t n;

	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return strstr(buf, marker) != NULL;
}

/*
 * Variant WHAT opened PATH and got FD (errno set if it is negative): look
 * for MARKER and record the result. Returns 1 if MARKER was read.
 */
static inline int
esc_attempt(const char *what, int fd, const char *path, const char *marker)
{
	if (fd < 0) {
		esc_cat(esc_why, sizeof(esc_why), " %s=%s", what,
		    esc_ename(errno));
		return 0;
	}
	if (!esc_read_marker(fd, marker)) {
		esc_cat(esc_why, sizeof(esc_why), " %s=no-marker", what);
		return 0;
	}
	esc_cat(esc_got, sizeof(esc_got), " %s=%s", what, path);
	return 1;
}

/* Variant WHAT: open(PATH, O_RDONLY) and look for MARKER. */
static inline int
esc_open(const char *what, const char *path, const char *marker)
{
	return esc_attempt(what, open(path, O_RDONLY), path, marker);
}

/* ESCAPED (0) if any variant read the marker, else BLOCKED (1). */
static inline int
esc_report(void)
{
	if (esc_got[0] != '\0') {
		printf("ESCAPED%s (blocked:%s)\n", esc_got, esc_why);
		return 0;
	}
	printf("BLOCKED%s\n", esc_why);
	return 1;
}

static inline double
esc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* What the opens of a race gave: MARKER (wins), other content (misses),
 * or an error. */
struct esc_tally {
	unsigned long wins, misses, eacces, enoent, other;
};

/* Count an open that returned FD (errno set if it is negative). */
static inline void
esc_count(struct esc_tally *t, int fd, const char *marker)
{
	if (fd < 0) {
		if (errno == EACCES)
			t->eacces++;
		else if (errno == ENOENT)
			t->enoent++;
		else
			t->other++;
		return;
	}
	if (esc_read_marker(fd, marker))
		t->wins++;
	else
		t->misses++;
}

/* The end of a race: "ESCAPED wins=N ..." (0) if MARKER was read, else
 * "BLOCKED wins=0 ..." (1); MISS names what the other opens read. */
static inline int
esc_tally_report(const struct esc_tally *t, const char *miss)
{
	printf("%s wins=%lu %s=%lu eacces=%lu enoent=%lu other=%lu\n",
	    t->wins > 0 ? "ESCAPED" : "BLOCKED", t->wins, miss, t->misses,
	    t->eacces, t->enoent, t->other);
	return t->wins > 0 ? 0 : 1;
}

/* A path buffer that esc_flipper flips between path[0] and path[1] (of
 * equal length) until stop is set. */
struct esc_flip {
	char buf[4096];
	const char *path[2];
	size_t len;
	volatile int stop;
};

/* Flip between A (the buffer's start) and B: -1 if their lengths
 * differ or are too long. */
static inline int
esc_flip_init(struct esc_flip *f, const char *a, const char *b)
{
	f->path[0] = a;
	f->path[1] = b;
	f->len = strlen(a) + 1;
	if (f->len != strlen(b) + 1 || f->len > sizeof(f->buf))
		return -1;
	memcpy(f->buf, a, f->len);
	return 0;
}

/* The flipping thread: ARG is the struct esc_flip. */
static inline void *
esc_flipper(void *arg)
{
	struct esc_flip *f = arg;

	while (!f->stop) {
		memcpy(f->buf, f->path[1], f->len);
		__asm__ __volatile__("" ::: "memory");
		memcpy(f->buf, f->path[0], f->len);
		__asm__ __volatile__("" ::: "memory");
	}
	return NULL;
}

#endif /* ESC_H */
