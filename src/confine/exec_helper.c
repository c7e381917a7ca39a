/* main thread only */
/*
 * The cmd/exec helper (syd(2) cmd/exec): a small process syd forks at
 * start-up, before it confines itself (Landlock, its threads' filters)
 * and before the sandbox exists, so what it runs is outside the sandbox
 * and runs as syd. It waits on its end of a SOCK_SEQPACKET pair for
 * requests from sandbox_cmdexec ([seq][PROG\037ARG...]), runs each with
 * execvp in a session of its own, standard input /dev/null, standard
 * output and error syd's, the environment and directory syd started
 * with, and answers [seq][0 or -errno of the exec]. It never waits for
 * the programs (SIGCHLD ignored: the kernel reaps them). It is forked
 * twice, so it is not syd's child (syd waits for every child it has
 * with trace/exit_wait_all), and leaves when syd's end of the socket
 * closes, which it does when syd ends, however it ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "confine/confine.h"
#include "policy/policy.h"

#define HELPER_ARGS 256

/* In the program's child: never returns. */
static void
helper_child(int sock, int status, char **argv)
{
	sigset_t none;
	int e, null;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGCHLD, SIG_DFL); /* ignored would be inherited by exec */
	close(sock);
	setsid();
	if ((null = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0) {
		dup2(null, 0);
		if (null != 0)
			close(null);
	}
	execvp(argv[0], argv);
	e = errno;
	if (write(status, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* One request: its answer (0 or -errno). */
static int32_t
helper_run(int sock, char *arg)
{
	char *argv[HELPER_ARGS + 1];
	int fds[2], e = 0, n = 0;
	pid_t pid;
	ssize_t r;

	argv[n++] = arg;
	for (char *s = arg; *s != '\0'; s++)
		if (*s == '\037') {
			*s = '\0';
			if (n == HELPER_ARGS)
				return -E2BIG;
			argv[n++] = s + 1;
		}
	argv[n] = NULL;
	if (argv[0][0] == '\0')
		return -EINVAL;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	if ((pid = fork()) < 0) {
		e = errno;
		close(fds[0]);
		close(fds[1]);
		return -e;
	}
	if (pid == 0)
		helper_child(sock, fds[1], argv);
	close(fds[1]);
	/* EOF: the exec succeeded (the pipe closed on exec). */
	while ((r = read(fds[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(fds[0]);
	return r == sizeof(e) ? -e : 0;
}

static void
helper_main(int sock)
{
	char req[4 + POLICY_CMD_MAX + 1];
	ssize_t n;

	prctl(PR_SET_NAME, "syd_exec", 0, 0, 0);
	/* Out of syd's process group and terminal: a ^C meant for the
	 * sandbox must not end it. */
	setsid();
	signal(SIGCHLD, SIG_IGN);
	for (;;) {
		int32_t ans[2];
		n = recv(sock, req, sizeof(req) - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(0); /* syd is gone */
		if (n < 5)
			continue;
		req[n] = '\0';
		memcpy(&ans[0], req, 4);
		ans[1] = strlen(req + 4) == (size_t)(n - 4) ?
		    helper_run(sock, req + 4) : -EINVAL;
		if (send(sock, ans, sizeof(ans), MSG_NOSIGNAL) < 0)
			_exit(0);
	}
}

int
confine_exec_helper(void)
{
	struct timeval tv = { .tv_sec = 10 };
	int sv[2], status;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	if ((pid = fork()) < 0) {
		int e = errno;
		close(sv[0]);
		close(sv[1]);
		return -e;
	}
	if (pid == 0) {
		/* Nothing of syd's but the standard streams. */
		close(sv[0]);
		if (sv[1] != 3) {
			dup3(sv[1], 3, O_CLOEXEC);
			close(sv[1]);
		}
		syscall(SYS_close_range, 4U, ~0U, 0U);
		if (fork() == 0)
			helper_main(3);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	close(sv[1]);
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return sv[0];
}
