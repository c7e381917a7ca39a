/*
 * The bare-notify floor: the smallest supervisor there is. It runs
 * COMMAND under a filter that notifies the stat and open families (what
 * syd notifies with read and stat sandboxing on) and answers every
 * notification with CONTINUE. Whatever syd costs above this is syd's.
 *
 * usage: floor COMMAND [ARG]...
 */

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif

static const char *const notified[] = {
	"stat", "lstat", "newfstatat", "statx", "access", "faccessat",
	"faccessat2", "readlink", "readlinkat", "statfs", "open", "openat",
	"openat2", "creat",
};

static int
install(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	for (size_t i = 0; i < sizeof(notified) / sizeof(*notified); i++)
		seccomp_rule_add(ctx, SCMP_ACT_NOTIFY,
		    seccomp_syscall_resolve_name(notified[i]), 0);
	if (seccomp_load(ctx) != 0)
		return -1;
	return seccomp_notify_fd(ctx);
}

static void
serve(int fd)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 1UL); /* SYNC_WAKE_UP, 6.6+ */
	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;
			return;
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

int
main(int argc, char **argv)
{
	int sv[2], fd, pidfd, st;
	pid_t pid, srv;

	if (argc < 2 || pipe(sv) < 0)
		return 100;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		fd = install();
		if (write(sv[1], &fd, sizeof(fd)) != sizeof(fd))
			_exit(111);
		close(sv[1]);
		usleep(20000); /* let the parent take the listener */
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (read(sv[0], &fd, sizeof(fd)) != sizeof(fd) || fd < 0)
		return 111;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	fd = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	srv = fork();
	if (srv == 0) {
		close(1);
		serve(fd);
		_exit(0);
	}
	close(fd);
	waitpid(pid, &st, 0);
	kill(srv, SIGKILL);
	waitpid(srv, NULL, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
