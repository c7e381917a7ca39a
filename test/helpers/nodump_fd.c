/*
 * nodump_fd UID
 *
 * The daemon pattern: a root process drops to UID in-process (setgid,
 * setuid, no exec), which leaves it not dumpable, so the kernel makes
 * root the owner of its /proc/PID entries. The kernel still lets a
 * process into its own fd and map_files directories (its own thread
 * group), but not into another process's, nor into its own entries of
 * mode 0400 (environ). A sibling dropped the same way shows the
 * other-process case; a pipe made while still root, reopened through
 * /proc/self/fd, the object's own permission. Objects without a name
 * made after the drop (a pipe, an O_TMPFILE file, a socket) reopen
 * through /proc/self/fd as the object's permission says: the pipe and
 * the file do, the socket is ENXIO, a root-only file unlinked while
 * still root does not; the file's mode changes and it is linked into
 * /tmp through that link too.
 *
 * Prints one line per probe, "NAME = OK" or "NAME = -1 ENAME" (opendir:
 * "= OK" only when entries besides "." and ".." were read); the output
 * is the same natively and under syd. Exit 2 on setup errors.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ename.h"

static void
report(const char *what, int r)
{
	if (r == 0)
		printf("%s = OK\n", what);
	else
		printf("%s = -1 %s\n", what, ename(r));
}

static int
drop(int uid)
{
	return setgroups(0, NULL) < 0 || setgid(uid) < 0 || setuid(uid) < 0 ?
	    -1 : 0;
}

static int
lsdir(const char *p)
{
	DIR *d = opendir(p);
	int n = 0;

	if (d == NULL)
		return errno;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n > 2 ? 0 : ENOENT;
}

static int
rl(const char *p)
{
	char b[256];

	return readlink(p, b, sizeof(b)) < 0 ? errno : 0;
}

static int
st(const char *p, int fl)
{
	struct stat s;

	return fstatat(AT_FDCWD, p, &s, fl) < 0 ? errno : 0;
}

static int
op(const char *p, int fl)
{
	int fd = open(p, fl | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Objects without a name, made by the process after its drop. */
static void
unnamed(int rootfile)
{
	int q[2], t, s, fd;
	char p[64], l[64], c = 0;

	if (pipe(q) < 0)
		return;
	snprintf(p, sizeof(p), "/proc/self/fd/%d", q[1]);
	fd = open(p, O_WRONLY | O_CLOEXEC);
	report("open own pipe O_WRONLY", fd < 0 ? errno : 0);
	if (fd >= 0) {
		report("write own pipe reopened", write(fd, "y", 1) == 1 &&
		    read(q[0], &c, 1) == 1 && c == 'y' ? 0 : EIO);
		close(fd);
	}
	snprintf(p, sizeof(p), "/proc/self/fd/%d", q[0]);
	report("open own pipe O_RDONLY", op(p, O_RDONLY | O_NONBLOCK));
	report("open own pipe O_PATH", op(p, O_PATH));
	report("open own pipe O_RDWR", op(p, O_RDWR | O_NONBLOCK));
	if ((t = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0) {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", t);
		report("open own tmpfile O_RDWR", op(p, O_RDWR));
		report("open own tmpfile O_RDONLY|O_DIRECTORY",
		    op(p, O_RDONLY | O_DIRECTORY));
		report("chmod own tmpfile", chmod(p, 0640) < 0 ? errno : 0);
		snprintf(l, sizeof(l), "/tmp/nodump_fd.%d", (int)getpid());
		report("link own tmpfile", linkat(AT_FDCWD, p, AT_FDCWD, l,
		    AT_SYMLINK_FOLLOW) < 0 ? errno : 0);
		unlink(l);
		close(t);
	}
	if (rootfile >= 0) {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", rootfile);
		report("open root's unlinked file O_RDONLY", op(p, O_RDONLY));
		report("open root's unlinked file O_PATH", op(p, O_PATH));
	}
	if ((s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0) {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", s);
		report("open own socket O_RDONLY", op(p, O_RDONLY));
		close(s);
	}
	close(q[0]);
	close(q[1]);
}

int
main(int argc, char **argv)
{
	int uid, pfd[2], sync[2], rootfile;
	char p[128], c;
	pid_t sib;

	if (argc < 2 || (uid = atoi(argv[1])) <= 0)
		return 2;
	if (pipe(pfd) < 0 || pipe(sync) < 0)
		return 2;
	/* Root's, mode 0600, unlinked: only the fd names it. */
	if ((rootfile = open("nodump_fd.root", O_RDONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0600)) < 0 || unlink("nodump_fd.root") < 0)
		return 2;
	if ((sib = fork()) < 0)
		return 2;
	if (sib == 0) {
		if (drop(uid) < 0)
			_exit(2);
		close(sync[0]);
		write(sync[1], "x", 1);
		pause();
		_exit(0);
	}
	close(sync[1]);
	if (read(sync[0], &c, 1) != 1)
		return 2;
	if (drop(uid) < 0)
		return 2;
	printf("dumpable = %d\n", prctl(PR_GET_DUMPABLE));
	report("opendir /proc/self/fd", lsdir("/proc/self/fd"));
	report("opendir /proc/thread-self/fd", lsdir("/proc/thread-self/fd"));
	snprintf(p, sizeof(p), "/proc/%d/task/%d/fd", (int)getpid(),
	    (int)syscall(SYS_gettid));
	report("opendir /proc/PID/task/TID/fd", lsdir(p));
	report("opendir /proc/self/map_files", lsdir("/proc/self/map_files"));
	report("opendir /proc/self/fdinfo", lsdir("/proc/self/fdinfo"));
	report("open /proc/self/fd O_DIRECTORY",
	    op("/proc/self/fd", O_RDONLY | O_DIRECTORY));
	report("readlink /proc/self/fd/0", rl("/proc/self/fd/0"));
	snprintf(p, sizeof(p), "/proc/self/fd/%d", pfd[0]);
	report("readlink /proc/self/fd/PIPE", rl(p));
	report("stat /proc/self/fd/PIPE", st(p, 0));
	report("lstat /proc/self/fd/PIPE", st(p, AT_SYMLINK_NOFOLLOW));
	report("open /proc/self/fd/PIPE O_RDONLY", op(p, O_RDONLY |
	    O_NONBLOCK));
	report("stat /proc/self/fd/0", st("/proc/self/fd/0", 0));
	report("lstat /proc/self/fd/0", st("/proc/self/fd/0",
	    AT_SYMLINK_NOFOLLOW));
	report("open /proc/self/fd/0 O_RDONLY", op("/proc/self/fd/0",
	    O_RDONLY));
	report("access /proc/self/fd R_OK|X_OK",
	    access("/proc/self/fd", R_OK | X_OK) < 0 ? errno : 0);
	report("access /proc/self/fd W_OK",
	    access("/proc/self/fd", W_OK) < 0 ? errno : 0);
	report("open /proc/self/environ", op("/proc/self/environ", O_RDONLY));
	report("opendir /proc/self/ns", lsdir("/proc/self/ns"));
	snprintf(p, sizeof(p), "/proc/%d/fd", (int)sib);
	report("opendir /proc/SIBLING/fd", lsdir(p));
	snprintf(p, sizeof(p), "/proc/%d/fd/%d", (int)sib, pfd[0]);
	report("open /proc/SIBLING/fd/PIPE O_RDONLY", op(p, O_RDONLY |
	    O_NONBLOCK));
	snprintf(p, sizeof(p), "/proc/%d/fd/0", (int)sib);
	report("readlink /proc/SIBLING/fd/0", rl(p));
	report("stat /proc/SIBLING/fd/0", st(p, 0));
	unnamed(rootfile);
	kill(sib, SIGKILL);
	waitpid(sib, NULL, 0);
	return 0;
}
