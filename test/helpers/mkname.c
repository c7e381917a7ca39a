/*
 * mkname OP NAME: make NAME in the current directory with one system
 * call and print "OK" or the errno's name (safe file names, syd(7)).
 * NAME may hold \xHH escapes for any byte. OP:
 *   open     openat(AT_FDCWD, NAME, O_WRONLY|O_CREAT|O_EXCL)
 *   creat    creat(NAME) (x86_64; elsewhere open O_CREAT|O_TRUNC)
 *   openat2  openat2 with O_CREAT|O_EXCL (ENOSYS from syd: RESOLVE_*
 *            are not used here, so not expected)
 *   mkdir    mkdirat
 *   mknod    mknodat S_IFREG
 *   mkfifo   mknodat S_IFIFO
 *   symlink  symlinkat("target", NAME): NAME is the new name
 *   symtext  symlinkat(NAME, "lnk"): NAME is only the link's text
 *   link     linkat("src", NAME), "src" made here first
 *   rename   renameat("src", NAME), "src" made here first
 *   renfrom  renameat(NAME, "good"): NAME must exist (renaming away)
 *   xchg     renameat2("src", NAME, RENAME_EXCHANGE): NAME must exist
 *   stat     lstat(NAME)
 *   read     open(NAME, O_RDONLY)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static void
unescape(const char *s, char *out, size_t size)
{
	size_t n = 0;

	while (*s != '\0' && n + 1 < size) {
		unsigned v;
		if (s[0] == '\\' && s[1] == 'x' && sscanf(s + 2, "%2x", &v) == 1) {
			out[n++] = (char)v;
			s += 4;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
}

static void
mksrc(void)
{
	int fd = open("src", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0) {
		printf("ERR src %s\n", ename(errno));
		exit(1);
	}
	close(fd);
}

int
main(int argc, char **argv)
{
	char name[1024];
	const char *op;
	struct stat st;
	long r;

	if (argc != 3) {
		fprintf(stderr, "usage: mkname OP NAME\n");
		return 2;
	}
	op = argv[1];
	unescape(argv[2], name, sizeof(name));
	if (strcmp(op, "open") == 0) {
		r = openat(AT_FDCWD, name, O_WRONLY | O_CREAT | O_EXCL, 0644);
	} else if (strcmp(op, "creat") == 0) {
#ifdef SYS_creat
		r = syscall(SYS_creat, name, 0644);
#else
		r = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
#endif
	} else if (strcmp(op, "openat2") == 0) {
		struct open_how how = { .flags = O_WRONLY | O_CREAT | O_EXCL,
			.mode = 0644 };
		r = syscall(SYS_openat2, AT_FDCWD, name, &how, sizeof(how));
	} else if (strcmp(op, "mkdir") == 0) {
		r = mkdirat(AT_FDCWD, name, 0755);
	} else if (strcmp(op, "mknod") == 0) {
		r = mknodat(AT_FDCWD, name, S_IFREG | 0644, 0);
	} else if (strcmp(op, "mkfifo") == 0) {
		r = mknodat(AT_FDCWD, name, S_IFIFO | 0644, 0);
	} else if (strcmp(op, "symlink") == 0) {
		r = symlinkat("target", AT_FDCWD, name);
	} else if (strcmp(op, "symtext") == 0) {
		r = symlinkat(name, AT_FDCWD, "lnk");
	} else if (strcmp(op, "link") == 0) {
		mksrc();
		r = linkat(AT_FDCWD, "src", AT_FDCWD, name, 0);
	} else if (strcmp(op, "rename") == 0) {
		mksrc();
		r = renameat(AT_FDCWD, "src", AT_FDCWD, name);
	} else if (strcmp(op, "renfrom") == 0) {
		r = renameat(AT_FDCWD, name, AT_FDCWD, "good");
	} else if (strcmp(op, "xchg") == 0) {
		mksrc();
		r = syscall(SYS_renameat2, AT_FDCWD, "src", AT_FDCWD, name,
		    RENAME_EXCHANGE);
	} else if (strcmp(op, "stat") == 0) {
		r = lstat(name, &st);
	} else if (strcmp(op, "read") == 0) {
		r = open(name, O_RDONLY);
	} else {
		fprintf(stderr, "mkname: unknown op %s\n", op);
		return 2;
	}
	if (r < 0)
		printf("%s\n", ename(errno));
	else
		printf("OK\n");
	return 0;
}
