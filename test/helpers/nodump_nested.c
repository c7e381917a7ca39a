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
 * Then, uid 0 without capabilities outside a user namespace of its own,
 * in a second pid namespace: a sibling V that is not dumpable (pid 1
 * there) holds fd 9; a prober forked until its number there is V's
 * number in the outer namespace (the one /proc shows) reads
 * /proc/THAT/fd/9: V's, not its own, which the kernel refuses it (V's
 * memory belongs to the outer user namespace).
 *
 * Prints "NAME = OK" or "NAME = -1 ENAME" per probe; exit 2 on setup
 * errors, 3 when the namespaces cannot be made here.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
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

/* In a user and a pid namespace of its own; as uid 65534 if drop. */
static int
attacker(bool drop)
{
	if (drop && (setgroups(0, NULL) < 0 || setgid(65534) < 0 ||
	    setuid(65534) < 0))
		return 2;
	(void)!chroot("/");
	if (unshare(CLONE_NEWUSER | CLONE_NEWPID) < 0) {
		printf("unshare = -1 %s\n", ename(errno));
		return 3;
	}
	return 0;
}

/* In a pid namespace of its own (its pid 1 the sibling). */
static int
sibling(const char *dir)
{
	char p[4096], b[256];
	int ready[2], st, fd;
	pid_t v, c;

	if ((st = attacker(false)) != 0)
		return st;
	if (pipe(ready) < 0)
		return 2;
	if ((v = fork()) == 0) {
		snprintf(p, sizeof(p), "%s/sibling", dir);
		if ((fd = open(p, O_RDONLY | O_CLOEXEC)) < 0 ||
		    dup2(fd, 9) < 0 || prctl(PR_SET_DUMPABLE, 0) < 0)
			_exit(2);
		(void)!write(ready[1], "x", 1);
		pause();
		_exit(0);
	}
	if (v < 0 || read(ready[0], b, 1) != 1)
		return 2;
	/* Fork until a child's own number is v (as the outer /proc has
	 * the sibling). */
	for (int i = 0; i < 4096; i++) {
		if ((c = fork()) < 0)
			break;
		if (c == 0) {
			if (getpid() != v)
				_exit(9);
			snprintf(p, sizeof(p), "/proc/%d/fd/9", (int)v);
			ename_report("sibling readlink /proc/V/fd/9",
			    (int)readlink(p, b, sizeof(b)));
			ename_report("sibling open /proc/V/fd/9",
			    open(p, O_RDONLY | O_CLOEXEC));
			_exit(0);
		}
		waitpid(c, &st, 0);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			break;
	}
	kill(v, SIGKILL);
	waitpid(v, &st, 0);
	return 0;
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
	snprintf(p, sizeof(p), "%s/sibling", argv[1]);
	if ((fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return 2;
	close(fd);
	snprintf(p, sizeof(p), "%s/secret", argv[1]);
	if (chmod(argv[1], 0711) < 0 ||
	    (fd = open(p, O_RDONLY | O_CREAT, 0644)) < 0 || dup2(fd, 7) < 0)
		return 2;
	if ((a = fork()) < 0)
		return 2;
	if (a == 0) {
		close(7);
		if ((st = attacker(true)) != 0)
			_exit(st);
		if ((c = fork()) == 0) {
			probe();
			_exit(0);
		}
		waitpid(c, &st, 0);
		_exit(c < 0 ? 2 : 0);
	}
	waitpid(a, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
	if ((a = fork()) == 0) {
		close(7);
		_exit(sibling(argv[1]));
	}
	waitpid(a, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}
