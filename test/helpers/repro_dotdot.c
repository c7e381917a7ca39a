/*
 * repro_dotdot DIR (class D of issue 17)
 *
 * In DIR (empty): directories d and d/s, a file f. Then calls whose last
 * component is ".." or "." (the kernel refuses them by the kind of the
 * last component before looking at the object). One line per call,
 * "CALL PATH 0" or "CALL PATH ENAME"; at the end which of d, d/s and f
 * still exist.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repro.h"

static void
one(const char *call, const char *path, int r)
{
	char what[256];

	snprintf(what, sizeof(what), "%s %s", call, path);
	report(what, r);
}

static void
exists(const char *path)
{
	struct stat st;

	printf("exists %s %s\n", path, lstat(path, &st) == 0 ? "yes" : "no");
}

int
main(int argc, char **argv)
{
	int fd;

	if (argc != 2 || chdir(argv[1]) < 0 || mkdir("d", 0755) < 0 ||
	    mkdir("d/s", 0755) < 0 ||
	    (fd = open("f", O_CREAT | O_WRONLY, 0644)) < 0) {
		fprintf(stderr, "usage: repro_dotdot DIR (empty)\n");
		return 2;
	}
	close(fd);
	one("rmdir", "d/s/..", rmdir("d/s/.."));
	one("rmdir", "d/..", rmdir("d/.."));
	one("rmdir", "..", rmdir(".."));
	one("rmdir", "d/s/.", rmdir("d/s/."));
	one("rmdir", "d/.", rmdir("d/."));
	one("rmdir", ".", rmdir("."));
	one("mkdir", "d/..", mkdir("d/..", 0755));
	one("mkdir", "d/.", mkdir("d/.", 0755));
	one("mkdir", "d/s/..", mkdir("d/s/..", 0755));
	one("unlink", "d/..", unlink("d/.."));
	one("unlink", "d/.", unlink("d/."));
	one("unlinkat_dir", "d/s/..", unlinkat(AT_FDCWD, "d/s/..",
	    AT_REMOVEDIR));
	one("rename_from", "d/s/..", rename("d/s/..", "e"));
	one("rename_from", "d/s/.", rename("d/s/.", "e"));
	one("rename_to", "d/s/..", rename("f", "d/s/.."));
	one("rename_to", "d/.", rename("f", "d/."));
	one("link_to", "d/..", link("f", "d/.."));
	one("symlink_to", "d/..", symlink("f", "d/.."));
	one("mknod_fifo", "d/..", mkfifo("d/..", 0644));
	exists("d");
	exists("d/s");
	exists("e");
	exists("f");
	return 0;
}
