/*
 * repro_deep DIR (class C of issue 17)
 *
 * In DIR (empty) builds a tree by relative mkdir and chdir steps: 40
 * directories of 100-byte names, so that the relative path of a file
 * "fff...f" (42 bytes) at the bottom is 4,082 bytes, under PATH_MAX, while
 * its absolute form is longer than PATH_MAX. Then, from DIR, uses that
 * relative path: open(O_CREAT), stat, open an existing file, a path that
 * does not exist (the kernel's ENOENT), mkdir, rmdir and unlink; then
 * moves one level deeper (its cwd is now longer than PATH_MAX) and uses
 * short relative paths there. One line per call ("CALL 0" or "CALL
 * ENAME"); the lengths go to stderr. A short DIR is padded first.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repro.h"

#define NDIRS 40
#define DLEN 100
#define FLEN 42

int
main(int argc, char **argv)
{
	static char rel[PATH_MAX + 1], miss[PATH_MAX + 1], mdir[PATH_MAX + 1];
	static char sub[PATH_MAX + 1];
	char comp[DLEN + 1], cwd[PATH_MAX];
	struct stat st;
	size_t n;
	int base, r, i;

	if (argc != 2 || chdir(argv[1]) < 0 || !getcwd(cwd, sizeof(cwd)) ||
	    (base = open(".", O_RDONLY | O_DIRECTORY)) < 0) {
		fprintf(stderr, "usage: repro_deep DIR\n");
		return 2;
	}
	/* The absolute form must be over PATH_MAX: pad a short DIR. */
	if (strlen(cwd) + 1 + NDIRS * (DLEN + 1) + FLEN <= PATH_MAX) {
		char pad[32] = "p";

		while (strlen(cwd) + 1 + strlen(pad) + 1 + NDIRS *
		    (DLEN + 1) + FLEN <= PATH_MAX)
			strcat(pad, "p");
		if (mkdir(pad, 0755) < 0 || chdir(pad) < 0 ||
		    !getcwd(cwd, sizeof(cwd)) ||
		    (base = open(".", O_RDONLY | O_DIRECTORY)) < 0)
			return 2;
	}
	memset(comp, 'd', DLEN);
	comp[DLEN] = '\0';
	for (i = 0; i < NDIRS; i++) {
		if (mkdir(comp, 0755) < 0 || chdir(comp) < 0) {
			report("build", -1);
			return 1;
		}
		strcat(rel, comp);
		strcat(rel, "/");
	}
	printf("build 0\n");
	if (fchdir(base) < 0)
		return 2;
	strcpy(miss, rel);
	strcpy(sub, rel);
	n = strlen(rel);
	memset(rel + n, 'f', FLEN);
	rel[n + FLEN] = '\0';
	memset(miss + n, 'm', FLEN);		/* a missing file */
	miss[n + FLEN] = '\0';
	strcpy(mdir, miss);			/* in a missing directory */
	mdir[n - DLEN - 1] = 'x';
	strcpy(sub + n, "sub");
	fprintf(stderr, "relative %zu bytes, absolute %zu bytes\n",
	    strlen(rel), strlen(cwd) + 1 + strlen(rel));
	if ((r = report("open_creat", open(rel, O_CREAT | O_WRONLY, 0644))) >= 0)
		close(r);
	report("stat", stat(rel, &st));
	report("lstat", lstat(rel, &st));
	if ((r = report("open_rdonly", open(rel, O_RDONLY))) >= 0)
		close(r);
	report("access", access(rel, R_OK));
	report("fstatat_cwd", fstatat(AT_FDCWD, rel, &st, 0));
	report("stat_missing", stat(miss, &st));
	if ((r = report("open_missing", open(miss, O_RDONLY))) >= 0)
		close(r);
	report("stat_missing_dir", stat(mdir, &st));
	if ((r = report("creat_missing_dir",
	    open(mdir, O_CREAT | O_WRONLY, 0644))) >= 0)
		close(r);
	report("mkdir", mkdir(sub, 0755));
	report("rmdir", rmdir(sub));
	report("unlink", unlink(rel));
	report("stat_after_unlink", stat(rel, &st));
	/* A cwd deeper than PATH_MAX, short relative paths. */
	rel[n] = '\0';
	if (report("chdir_deep", chdir(rel)) < 0 ||
	    report("mkdir_deeper", mkdir(comp, 0755)) < 0 ||
	    report("chdir_deeper", chdir(comp)) < 0)
		return 1;
	if ((i = report("cwd_open_creat", open("g", O_CREAT | O_WRONLY,
	    0644))) >= 0)
		close(i);
	report("cwd_stat", stat("g", &st));
	report("cwd_stat_missing", stat("missing", &st));
	report("cwd_rename", rename("g", "h"));
	report("cwd_mkdir", mkdir("k", 0755));
	report("cwd_rmdir", rmdir("k"));
	report("cwd_unlink", unlink("h"));
	report("cwd_stat_dotdot", stat("..", &st));
	return 0;
}
