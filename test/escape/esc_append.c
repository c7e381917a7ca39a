/*
 * esc_append FILE
 *
 * Rewrite the start of FILE, which an append+ rule makes append-only
 * (syd forces O_APPEND on its opens and refuses truncation and clearing
 * O_APPEND), without write(2) at an offset:
 *
 *	mmap       open O_RDWR, mmap(PROT_WRITE, MAP_SHARED), store, msync:
 *	           a shared mapping writes through whatever the fd's
 *	           O_APPEND says
 *	punch      fallocate(PUNCH_HOLE|KEEP_SIZE) over the first bytes
 *	zero       fallocate(ZERO_RANGE) over the first bytes
 *	setfl      fcntl(F_SETFL) without O_APPEND, then pwrite at 0
 *
 * A variant escapes when FILE's first byte is no longer what it was.
 * Prints "ESCAPED <variant>=FILE... (blocked: ...)" and exits 0, else
 * "BLOCKED <variant>=<step>:<errno>..." and exits 1 (2: usage/setup).
 */
#include <sys/mman.h>

#include "esc.h"

#define FALLOC_KEEP_SIZE 0x01	/* <linux/falloc.h> */
#define FALLOC_PUNCH_HOLE 0x02
#define FALLOC_ZERO_RANGE 0x10

static const char *file;
static char first;

static void
note(const char *what, const char *step, int e)
{
	esc_cat(esc_why, sizeof(esc_why), " %s=%s:%s", what, step,
	    e ? esc_ename(e) : "unchanged");
}

/* Has the first byte changed? Then record WHAT and take the new one. */
static void
verdict(const char *what)
{
	char c = first;
	int fd = open(file, O_RDONLY);

	if (fd >= 0 && read(fd, &c, 1) == 1 && c != first) {
		esc_cat(esc_got, sizeof(esc_got), " %s=%s", what, file);
		first = c;
	} else
		note(what, "content", 0);
	if (fd >= 0)
		close(fd);
}

static void
try_mmap(void)
{
	int fd = open(file, O_RDWR);
	char *p;

	if (fd < 0) {
		note("mmap", "open", errno);
		return;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		note("mmap", "mmap", errno);
		close(fd);
		return;
	}
	p[0] = p[0] == 'X' ? 'Y' : 'X';
	msync(p, 4096, MS_SYNC);
	munmap(p, 4096);
	close(fd);
	verdict("mmap");
}

static void
try_falloc(const char *what, int mode)
{
	int fd = open(file, O_RDWR);

	if (fd < 0)
		note(what, "open", errno);
	else if (syscall(SYS_fallocate, fd, mode, 0L, 4096L) < 0)
		note(what, "fallocate", errno);
	else
		verdict(what);
	if (fd >= 0)
		close(fd);
}

static void
try_setfl(void)
{
	int fd = open(file, O_WRONLY);
	char c = first == 'X' ? 'Y' : 'X';

	if (fd < 0)
		note("setfl", "open", errno);
	else if (fcntl(fd, F_SETFL, 0) < 0)
		note("setfl", "fcntl", errno);
	else if (pwrite(fd, &c, 1, 0) != 1)
		note("setfl", "pwrite", errno);
	else
		verdict("setfl");
	if (fd >= 0)
		close(fd);
}

int
main(int argc, char **argv)
{
	int fd;

	if (argc != 2)
		return 2;
	file = argv[1];
	if ((fd = open(file, O_RDONLY)) < 0 || read(fd, &first, 1) != 1) {
		printf("ERROR %s: %s\n", file, strerror(errno));
		return 2;
	}
	close(fd);
	try_mmap();
	try_falloc("punch", FALLOC_PUNCH_HOLE | FALLOC_KEEP_SIZE);
	try_falloc("zero", FALLOC_ZERO_RANGE);
	try_setfl();
	return esc_report();
}
