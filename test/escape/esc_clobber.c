/*
 * esc_clobber FILE
 *
 * Empty FILE, which the write and truncate rules deny, without writing
 * to it: open(O_RDONLY|O_TRUNC) (Linux truncates even read-only opens; a
 * filter that decides "read-only" from the access mode alone lets it
 * through), truncate(2), creat(2), and truncate(2) of /proc/self/fd/N
 * for an O_PATH fd of FILE. A variant escapes when FILE's size drops to
 * 0; variants after a successful one are skipped (nothing left to
 * empty).
 *
 * Prints "ESCAPED <variant>=FILE... (blocked: ...)" and exits 0 if FILE
 * was emptied, else "BLOCKED <variant>=<errno>..." and exits 1
 * (2: usage/setup).
 */
#include <sys/stat.h>

#include "esc.h"

static const char *file;

static void
verdict(const char *what, long r)
{
	struct stat st;
	int fd;

	if (r < 0) {
		esc_cat(esc_why, sizeof(esc_why), " %s=%s", what,
		    esc_ename(errno));
		return;
	}
	if (r > 0)
		close((int)r);
	fd = open(file, O_PATH);
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0)
		esc_cat(esc_got, sizeof(esc_got), " %s=%s", what, file);
	else
		esc_cat(esc_why, sizeof(esc_why), " %s=not-emptied", what);
	if (fd >= 0)
		close(fd);
}

int
main(int argc, char **argv)
{
	char proc[64];
	int fd;

	if (argc != 2)
		return 2;
	file = argv[1];
	verdict("rdonly_trunc", syscall(SYS_openat, AT_FDCWD, file,
	    O_RDONLY | O_TRUNC, 0));
	if (esc_got[0] == '\0')
		verdict("truncate", truncate(file, 0));
	if (esc_got[0] == '\0')
		verdict("creat", creat(file, 0644));
	if (esc_got[0] == '\0') {
		if ((fd = esc_opath(file, 0)) < 0)
			verdict("opath_truncate", -1);
		else {
			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
			verdict("opath_truncate", truncate(proc, 0));
		}
	}
	return esc_report();
}
