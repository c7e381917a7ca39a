/*
 * ll_op OP ARG...: one file-system or IPC operation, each needing exactly
 * one Landlock right (test/integration/landlock_test.sh), done with the
 * plain system call. Prints "OK" (exit 0) or "ERR ENAME" (exit 1).
 *
 *   read FILE        open O_RDONLY                     READ_FILE
 *   write FILE       open O_WRONLY (existing file)     WRITE_FILE
 *   exec FILE        execve FILE nop                   EXECUTE
 *   ioctl DEV        open O_RDONLY, ioctl TCGETS       IOCTL_DEV
 *   create PATH      mknod S_IFREG                     MAKE_REG
 *   delete PATH      unlink                            REMOVE_FILE
 *   rename OLD NEW   rename (across directories)       REFER
 *   symlink PATH     symlink "t" PATH                  MAKE_SYM
 *   truncate FILE    truncate to 0                     TRUNCATE
 *   readdir DIR      open O_RDONLY|O_DIRECTORY         READ_DIR
 *   mkdir PATH / rmdir PATH                            MAKE_DIR / REMOVE_DIR
 *   mkbdev PATH      mknod S_IFBLK 7,0                 MAKE_BLOCK
 *   mkcdev PATH      mknod S_IFCHR 1,3                 MAKE_CHAR
 *   mkfifo PATH      mknod S_IFIFO                     MAKE_FIFO
 *   bind PATH        bind an AF_UNIX socket to PATH    MAKE_SOCK
 *   abslisten NAME SECS  listen on abstract NAME, print OK, sleep SECS
 *   absconnect NAME  connect to abstract NAME          SCOPE_ABSTRACT_UNIX
 *   nop              print OK
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "ename.h"

static int
unix_addr(struct sockaddr_un *a, const char *name, int abstract)
{
	size_t n = strlen(name);

	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (n + 2 > sizeof(a->sun_path))
		return -1;
	memcpy(a->sun_path + abstract, name, n);
	return (int)(offsetof(struct sockaddr_un, sun_path) + abstract + n +
	    !abstract);
}

static int
op(int argc, char **argv)
{
	const char *o = argv[1], *a = argc > 2 ? argv[2] : "";
	struct sockaddr_un sa;
	struct termios t;
	int fd, len;

	if (!strcmp(o, "nop"))
		return 0;
	if (!strcmp(o, "read"))
		return open(a, O_RDONLY | O_CLOEXEC);
	if (!strcmp(o, "write"))
		return open(a, O_WRONLY | O_CLOEXEC);
	if (!strcmp(o, "exec")) {
		char *av[] = { (char *)a, "nop", NULL };
		char *ev[] = { NULL };
		return execve(a, av, ev);
	}
	if (!strcmp(o, "ioctl")) {
		if ((fd = open(a, O_RDONLY | O_CLOEXEC)) < 0)
			return -1;
		return ioctl(fd, TCGETS, &t);
	}
	if (!strcmp(o, "create"))
		return mknod(a, S_IFREG | 0644, 0);
	if (!strcmp(o, "delete"))
		return unlink(a);
	if (!strcmp(o, "rename"))
		return argc > 3 ? rename(a, argv[3]) : (errno = EINVAL, -1);
	if (!strcmp(o, "symlink"))
		return symlink("t", a);
	if (!strcmp(o, "truncate"))
		return truncate(a, 0);
	if (!strcmp(o, "readdir"))
		return open(a, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (!strcmp(o, "mkdir"))
		return mkdir(a, 0755);
	if (!strcmp(o, "rmdir"))
		return rmdir(a);
	if (!strcmp(o, "mkbdev"))
		return mknod(a, S_IFBLK | 0600, makedev(7, 0));
	if (!strcmp(o, "mkcdev"))
		return mknod(a, S_IFCHR | 0600, makedev(1, 3));
	if (!strcmp(o, "mkfifo"))
		return mknod(a, S_IFIFO | 0600, 0);
	if (!strcmp(o, "bind") || !strcmp(o, "abslisten") ||
	    !strcmp(o, "absconnect")) {
		int abstract = o[0] == 'a';
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
		    (len = unix_addr(&sa, a, abstract)) < 0)
			return -1;
		if (!strcmp(o, "absconnect"))
			return connect(fd, (struct sockaddr *)&sa, (socklen_t)len);
		if (bind(fd, (struct sockaddr *)&sa, (socklen_t)len) < 0)
			return -1;
		if (o[0] == 'b')
			return 0;
		if (listen(fd, 8) < 0)
			return -1;
		printf("OK\n");
		fflush(stdout);
		sleep(argc > 3 ? (unsigned)atoi(argv[3]) : 10);
		_exit(0);
	}
	fprintf(stderr, "ll_op: unknown operation %s\n", o);
	_exit(2);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ll_op OP ARG...\n");
		return 2;
	}
	if (op(argc, argv) < 0) {
		printf("ERR %s\n", ename(errno));
		return 1;
	}
	printf("OK\n");
	return 0;
}
