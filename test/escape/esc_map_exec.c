/*
 * esc_map_exec FILE
 *
 * Get an executable mapping of FILE, which the exec rules deny, without
 * a plain mmap(PROT_EXEC) or mprotect(PROT_EXEC) (those are checked):
 *
 *	pkey       mmap PROT_READ, then pkey_mprotect(PROT_READ|PROT_EXEC,
 *	           pkey -1), mprotect by another name
 *	rie_mmap   personality(READ_IMPLIES_EXEC), then mmap PROT_READ:
 *	           the kernel adds PROT_EXEC itself
 *	rie_mprot  mmap PROT_READ, personality(READ_IMPLIES_EXEC), then
 *	           mprotect(PROT_READ), which the kernel widens the same way
 *
 * READ_IMPLIES_EXEC may also come from outside (setarch -X).
 *
 * A variant escapes when /proc/self/maps shows the mapping executable.
 * Prints "ESCAPED <variant>=FILE... (blocked: ...)" and exits 0, else
 * "BLOCKED <variant>=<step>:<errno>..." and exits 1 (2: usage/set-up).
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/personality.h>

#include "esc.h"

#ifndef SYS_pkey_mprotect
#define SYS_pkey_mprotect 329
#endif

static const char *file;

static void
note(const char *what, const char *step, int e)
{
	esc_cat(esc_why, sizeof(esc_why), " %s=%s:%s", what, step,
	    e ? esc_ename(e) : "not-exec");
}

/* Is the mapping at P executable in /proc/self/maps? */
static int
mapped_exec(void *p)
{
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	int x = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		uintptr_t lo, hi;
		char perms[8];
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3)
			continue;
		if ((uintptr_t)p >= lo && (uintptr_t)p < hi)
			x = perms[2] == 'x';
	}
	fclose(f);
	return x;
}

static void
verdict(const char *what, void *p)
{
	if (mapped_exec(p))
		esc_cat(esc_got, sizeof(esc_got), " %s=%s", what, file);
	else
		note(what, "maps", 0);
	munmap(p, 4096);
}

static void *
map_read(int fd, const char *what)
{
	void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);

	if (p == MAP_FAILED) {
		note(what, "mmap", errno);
		return NULL;
	}
	return p;
}

int
main(int argc, char **argv)
{
	int fd, persona;
	void *p;

	if (argc != 2)
		return 2;
	file = argv[1];
	if ((fd = open(file, O_RDONLY)) < 0) {
		printf("ERROR open %s: %s\n", file, strerror(errno));
		return 2;
	}
	if ((p = map_read(fd, "pkey")) != NULL) {
		if (syscall(SYS_pkey_mprotect, p, 4096, PROT_READ | PROT_EXEC,
		    -1) < 0) {
			note("pkey", "pkey_mprotect", errno);
			munmap(p, 4096);
		} else
			verdict("pkey", p);
	}
	/* Already set (setarch -X before the sandbox started) will do. */
	persona = personality(0xffffffff);
	if ((!(persona & READ_IMPLIES_EXEC) &&
	    personality(persona | READ_IMPLIES_EXEC) < 0) ||
	    !(personality(0xffffffff) & READ_IMPLIES_EXEC)) {
		note("rie_mmap", "personality", errno);
		note("rie_mprot", "personality", errno);
	} else {
		if ((p = map_read(fd, "rie_mmap")) != NULL)
			verdict("rie_mmap", p);
		personality(persona & ~READ_IMPLIES_EXEC);
		if ((p = map_read(fd, "rie_mprot")) != NULL) {
			personality(persona | READ_IMPLIES_EXEC);
			if (mprotect(p, 4096, PROT_READ) < 0) {
				note("rie_mprot", "mprotect", errno);
				munmap(p, 4096);
			} else
				verdict("rie_mprot", p);
		}
	}
	return esc_report();
}
