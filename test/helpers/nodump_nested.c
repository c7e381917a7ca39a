/*
 * nodump_nested DIR
 *
 * Run as root, as PID 1 of a pid namespace with its own /proc. This
 * root process holds fd 7 open on DIR/secret (DIR mode 0711: only root
 * can list it). A child drops to uid 65534, tries chroot("/") (refused
 * to it, natively), makes a user and a pid namespace and forks: the
 * grandchild is PID 1 of its own namespace, while PID 1 of the /proc it
 * sees is the root process. It must not get into that process's fd
 * directory, nor read its cwd, root and exe links, which the kernel
 * refuses it (not its thread group, not dumpable to it).
 *
 * Prints "NAME = OK" or "NAME = -1 ENAME" per probe; exit 2 on setup
 * errors, 3 when the namespaces cannot be made here.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ename.h"

static void
probe(void)
{
	char b[256];
	struct stat st;
	int fd;

	ename_report("readlink /proc/1/fd/7", (int)readlink("/proc/1/fd/7", b,
	    sizeof(b)));
	ename_report("stat /proc/1/fd/7", stat("/proc/1/fd/7", &st));
	ename_report("lstat /proc/1/fd/7", lstat("/proc/1/fd/7", &st));
	fd = open("/proc/1/fd/7", O_RDONLY | O_CLOEXEC);
	ename_report("open /proc/1/fd/7", fd);
	ename_report("readlink /proc/1/cwd", (int)readlink("/proc/1/cwd", b,
	    sizeof(b)));
	ename_report("readlink /proc/1/root", (int)readlink("/proc/1/root", b,
	    sizeof(b)));
	ename_report("readlink /proc/1/exe", (int)readlink("/proc/1/exe", b,
	    sizeof(b)));
	ename_report("opendir /proc/1/fd", open("/proc/1/fd", O_RDONLY |
	    O_DIRECTORY | O_CLOEXEC));
}

int
main(int argc, char **argv)
{
	char p[4096];
	int fd, st;
	pid_t a, c;

	if (argc < 2 || getpid() != 1)
		return 2;
	setvbuf(stdout, NULL, _IONBF, 0); /* children end with _exit */
	snprintf(p, sizeof(p), "%s/secret", argv[1]);
	if (chmod(argv[1], 0711) < 0 ||
	    (fd = open(p, O_RDONLY | O_CREAT, 0644)) < 0 || dup2(fd, 7) < 0)
		return 2;
	if ((a = fork()) < 0)
		return 2;
	if (a == 0) {
		close(7);
		if (setgroups(0, NULL) < 0 || setgid(65534) < 0 ||
		    setuid(65534) < 0)
			_exit(2);
		(void)!chroot("/");
		if (unshare(CLONE_NEWUSER | CLONE_NEWPID) < 0) {
			printf("unshare = -1 %s\n", ename(errno));
			_exit(3);
		}
		if ((c = fork()) == 0) {
			probe();
			_exit(0);
		}
		waitpid(c, &st, 0);
		_exit(c < 0 ? 2 : 0);
	}
	waitpid(a, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}
