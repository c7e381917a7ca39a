/*
 * The bare-notify floor: the smallest supervisor there is. It runs
 * COMMAND under a seccomp filter with a listener and answers every
 * notification with CONTINUE. Whatever syd costs above this is syd's.
 *
 * usage: floor [-f FILTER.bpf] [-t fork|fork,exec] COMMAND [ARG]...
 *
 * -f loads a raw BPF program as `syd -E bpf` writes it (syd_sandbox.bpf):
 * the very filter syd installs for a policy, with the same flags, so the
 * floor receives exactly the notifications syd would. Without -f the
 * filter notifies the stat and open families.
 *
 * -t also traces COMMAND and every descendant with the ptrace stops syd
 * asks for (the value of the "ptrace" key of `syd --json` for the same
 * policy: fork, vfork and clone events, and exec events with ",exec"),
 * and resumes each stop at once: the floor of a supervisor that must see
 * each fork and exec, with none of syd's work at the stops.
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

static const char *const notified[] = {
	"stat", "lstat", "newfstatat", "statx", "access", "faccessat",
	"faccessat2", "readlink", "readlinkat", "statfs", "open", "openat",
	"openat2", "creat",
};

static struct sock_filter prog_buf[BPF_MAXINSNS];
static struct sock_fprog prog;

/* A raw program is an array of struct sock_filter, nothing else. */
static int
load_file(const char *path)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, prog_buf, sizeof(prog_buf));
	close(fd);
	if (n <= 0 || n % sizeof(*prog_buf) != 0)
		return -1;
	prog.len = n / sizeof(*prog_buf);
	prog.filter = prog_buf;
	return 0;
}

/* Same flags as syd's sandbox filter (5.19+), or without the killable
 * wait on older kernels. */
static int
install_file(void)
{
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER |
		SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &prog);

	if (fd < 0 && errno == EINVAL)
		fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	return (int)fd;
}

static int
install_list(void)
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

/* Resumes every stop of the traced tree until COMMAND (pid) exits;
 * returns its wait status. A stop is resumed with the signal it
 * reports only when it is a signal-delivery stop: event stops and the
 * initial stop of a new tracee (PTRACE_EVENT_STOP) carry none, and a
 * group stop is resumed with PTRACE_LISTEN, as a seizing tracer must. */
static int
trace_tree(pid_t pid)
{
	int st;
	pid_t p;

	while ((p = waitpid(-1, &st, __WALL)) > 0) {
		int ev = st >> 16, sig = WSTOPSIG(st);

		if (!WIFSTOPPED(st)) {
			if (p == pid)
				return st;
			continue;
		}
		if (ev == PTRACE_EVENT_STOP && (sig == SIGSTOP ||
		    sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)) {
			ptrace(PTRACE_LISTEN, p, 0, 0);
			continue;
		}
		ptrace(PTRACE_CONT, p, 0, ev != 0 ? 0 : sig);
	}
	return 0x7f00; /* no more children: as "exit 127" */
}

/* The child installs the filter, hands the listener over and waits for
 * the server before exec: from the filter on, execve may be notified. */
static void
child(char **argv, int ready, int go)
{
	int fd = -1;
	char b;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
		fd = prog.len > 0 ? install_file() : install_list();
	if (write(ready, &fd, sizeof(fd)) != sizeof(fd) || fd < 0)
		_exit(111);
	if (read(go, &b, 1) != 1)
		_exit(111);
	close(fd);
	execvp(argv[0], argv);
	_exit(127);
}

int
main(int argc, char **argv)
{
	int ready[2], go[2], fd, pidfd, st;
	pid_t pid, srv;
	long topts = 0;

	argv++;
	if (argv[0] != NULL && strcmp(argv[0], "-f") == 0) {
		if (argv[1] == NULL || load_file(argv[1]) < 0) {
			fprintf(stderr, "floor: %s: not a BPF program\n",
			    argv[1] ? argv[1] : "-f");
			return 100;
		}
		argv += 2;
	}
	if (argv[0] != NULL && strcmp(argv[0], "-t") == 0) {
		topts = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
		    PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL;
		if (argv[1] != NULL && strcmp(argv[1], "fork,exec") == 0)
			topts |= PTRACE_O_TRACEEXEC;
		else if (argv[1] == NULL || strcmp(argv[1], "fork") != 0) {
			fprintf(stderr, "floor: -t %s: not fork or fork,exec\n",
			    argv[1] ? argv[1] : "");
			return 100;
		}
		argv += 2;
	}
	if (argv[0] == NULL || pipe2(ready, O_CLOEXEC) < 0 ||
	    pipe2(go, O_CLOEXEC) < 0)
		return 100;
	if ((pid = fork()) == 0)
		child(argv, ready[1], go[0]);
	if (read(ready[0], &fd, sizeof(fd)) != sizeof(fd) || fd < 0)
		return 111;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	fd = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (fd < 0)
		return 111;
	if ((srv = fork()) == 0) {
		close(1);
		serve(fd);
		_exit(0);
	}
	close(fd);
	if (topts != 0 && ptrace(PTRACE_SEIZE, pid, 0, topts) < 0) {
		perror("floor: PTRACE_SEIZE");
		return 111;
	}
	if (write(go[1], "", 1) != 1)
		return 111;
	if (topts != 0)
		st = trace_tree(pid);
	else
		waitpid(pid, &st, 0);
	kill(srv, SIGKILL);
	waitpid(srv, NULL, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
