/*
 * esc_syd_mem [PROC [r]]
 *
 * Write into syd's memory through /proc/<syd>/mem (PROC/<syd>/mem with
 * PROC, a procfs mounted elsewhere: syd would open its own entries there,
 * where it reads them itself). With "r", only read it: syd's keys and
 * policy are as much the sandbox's business read as written. Opening it read-write
 * needs only PTRACE_MODE_ATTACH (same uid and syd dumpable, or
 * CAP_SYS_PTRACE); no ptrace(2) call is involved, so denying ptrace in
 * the filter does not stop it. With that fd the sandbox could rewrite the
 * policy. The demonstration is harmless: one byte of syd's program text
 * (never modified, so no race) is read and written back unchanged; the
 * kernel's forced write makes syd's private copy of that page.
 * The parent must be syd (the test runs this program directly under it).
 *
 * Prints "ESCAPED ..." and exits 0 if syd's memory was opened read-write
 * (and, normally, written), else "BLOCKED <step>: <errno>" and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The first bytes of a small /proc file (plain open: no stdio). */
static int
slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	char path[4200], maps[8192], comm[64] = "", perm[8], b, *l;
	const char *proc = argc > 1 ? argv[1] : "/proc";
	unsigned long lo = 0, hi;
	pid_t pp = getppid();
	int fd;

	snprintf(path, sizeof(path), "%s/%d/comm", proc, (int)pp);
	if (slurp(path, comm, sizeof(comm)) < 0 || strncmp(comm, "syd\n", 4)) {
		printf("BLOCKED parent %d is not syd (%.*s): nothing to attack\n",
		    (int)pp, (int)strcspn(comm, "\n"), comm);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/%d/maps", proc, (int)pp);
	if (slurp(path, maps, sizeof(maps)) < 0) {
		printf("BLOCKED read %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (l = maps; l != NULL && *l != '\0'; l = strchr(l, '\n'), l += !!l)
		if (sscanf(l, "%lx-%lx %7s", &lo, &hi, perm) == 3 &&
		    strcmp(perm, "r-xp") == 0)
			break;
		else
			lo = 0;
	if (lo == 0) {
		printf("BLOCKED no text mapping in %s\n", path);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/%d/mem", proc, (int)pp);
	if (argc > 2 && strcmp(argv[2], "r") == 0) {
		if ((fd = open(path, O_RDONLY)) < 0 ||
		    pread(fd, &b, 1, (off_t)lo) != 1) {
			printf("BLOCKED read %s: %s\n", path, strerror(errno));
			return 1;
		}
		printf("ESCAPED read syd's memory: %s at %#lx\n", path, lo);
		return 0;
	}
	if ((fd = open(path, O_RDWR)) < 0) {
		printf("BLOCKED open %s O_RDWR: %s\n", path, strerror(errno));
		return 1;
	}
	if (pread(fd, &b, 1, (off_t)lo) != 1) {
		printf("BLOCKED read %s at %#lx: %s\n", path, lo,
		    strerror(errno));
		return 1;
	}
	if (pwrite(fd, &b, 1, (off_t)lo) != 1) {
		printf("ESCAPED opened %s read-write and read it (write at %#lx:"
		    " %s)\n", path, lo, strerror(errno));
		return 0;
	}
	printf("ESCAPED wrote syd's memory: %s at %#lx (same byte back)\n",
	    path, lo);
	return 0;
}
