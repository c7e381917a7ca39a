/*
 * usage: calls [-o] N — the system calls syd itself makes to perform one
 * checked stat(2) of /etc/hostname for a target, timed here without any
 * sandbox, N times each; prints the sum in ns and, on stderr, each one.
 * With -o, those of a checked open(2) O_RDONLY of it instead (below).
 *
 * A checked stat is performed, not CONTINUEd (the decision reads target
 * memory), and TOCTOU-free: besides the floor's RECV and SEND, syd reads
 * the path from the target (process_vm_readv), opens the parent with
 * openat2 RESOLVE_NO_SYMLINKS, stats the name below it, checks the
 * notification is still valid (SECCOMP_IOCTL_NOTIF_ID_VALID, not timed
 * here: it needs a listener, and is the cheapest of them), writes the
 * result into the target (process_vm_writev) and closes the parent.
 * floor + this sum is what a checked stat costs at the least in syd's
 * design on this machine (bench/README.md).
 *
 * A checked open makes the same path read, parent openat2 and fstatat;
 * then the open itself (O_NONBLOCK, so a lease cannot block syd), fcntl
 * F_SETFL to clear O_NONBLOCK, ADDFD into the target and the close of
 * syd's copy. The open stands in for the target's own (the native loop
 * makes it too), and ADDFD, like ID_VALID, needs a listener: neither is
 * timed, so this sum too is at most what syd's extra calls cost.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char path[256] = "/etc/hostname";
static struct stat st;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int
main(int argc, char **argv)
{
	int op_open = argc > 1 && argv[1][0] == '-' && argv[1][1] == 'o';
	long n = argc > 1 + op_open ? atol(argv[1 + op_open]) : 100000;
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
		    RESOLVE_BENEATH,
	};
	struct iovec l, r;
	char buf[256];
	double t, rd, op, sa, wr = 0, fc = 0, cl = 0;
	int root, fd;
	pid_t c;

	if (n <= 0)
		return 2;
	/* The "target": a child whose memory holds the path. */
	if ((c = fork()) < 0)
		return 1;
	if (c == 0) {
		pause();
		_exit(0);
	}
	if ((root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		goto fail;

	t = now();
	for (long i = 0; i < n; i++) {
		l.iov_base = buf;
		l.iov_len = sizeof(buf);
		r.iov_base = path;
		r.iov_len = sizeof(buf);
		if (syscall(SYS_process_vm_readv, c, &l, 1, &r, 1, 0) <= 0)
			goto fail;
	}
	rd = (now() - t) / n;

	t = now();
	for (long i = 0; i < n; i++) {
		fd = (int)syscall(SYS_openat2, root, "etc", &how, sizeof(how));
		if (fd < 0)
			goto fail;
		close(fd);
	}
	op = (now() - t) / n;

	if ((fd = (int)syscall(SYS_openat2, root, "etc", &how,
	    sizeof(how))) < 0)
		goto fail;
	t = now();
	for (long i = 0; i < n; i++)
		if (fstatat(fd, "hostname", &st, AT_SYMLINK_NOFOLLOW) != 0)
			goto fail;
	sa = (now() - t) / n;

	if (op_open) {
		/* fcntl and the close of syd's copy, in batches of open
		 * files (the opens are not timed: the target makes one). */
		int fds[64];
		long done = 0;

		while (done < n) {
			int k;

			for (k = 0; k < 64; k++)
				if ((fds[k] = openat(fd, "hostname", O_RDONLY |
				    O_NONBLOCK | O_CLOEXEC)) < 0)
					goto fail;
			t = now();
			for (k = 0; k < 64; k++)
				if (fcntl(fds[k], F_SETFL, 0) < 0)
					goto fail;
			fc += now() - t;
			t = now();
			for (k = 0; k < 64; k++)
				close(fds[k]);
			cl += now() - t;
			done += 64;
		}
		fc /= done;
		cl /= done;
	} else {
		t = now();
		for (long i = 0; i < n; i++) {
			l.iov_base = &st;
			l.iov_len = sizeof(st);
			r.iov_base = &st;
			r.iov_len = sizeof(st);
			if (syscall(SYS_process_vm_writev, c, &l, 1, &r, 1,
			    0) <= 0)
				goto fail;
		}
		wr = (now() - t) / n;
	}

	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	if (op_open)
		fprintf(stderr, "process_vm_readv %.0f, openat2+close %.0f, "
		    "fstatat %.0f, fcntl %.0f, close %.0f ns\n", rd, op, sa,
		    fc, cl);
	else
		fprintf(stderr, "process_vm_readv %.0f, openat2+close %.0f, "
		    "fstatat %.0f, process_vm_writev %.0f ns\n", rd, op, sa,
		    wr);
	printf("%.1f\n", rd + op + sa + wr + fc + cl);
	return 0;
fail:
	perror("calls");
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	return 1;
}
