/*
 * esc_scm_rights SECRET MARKER
 *
 * Pass an fd of the denied file SECRET to another process of the
 * sandbox over SCM_RIGHTS and let the receiver reopen it for reading:
 * the sender holds only an O_PATH fd (a stat-class open), the receiver
 * reopens the fd it got through /proc/self/fd/M, /dev/fd/M and
 * /proc/<sender>/fd/N. An fd crosses processes as an object; a checker
 * must judge that object, in whichever process, not the "/proc/..." text.
 *
 * Prints "ESCAPED <variant>=<path>... (blocked: ...)" and exits 0 if the
 * receiver read MARKER, else "BLOCKED <variant>=<errno>..." and exits 1
 * (2: usage/setup).
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include "esc.h"

static int
send_fd(int sock, int fd)
{
	char c = 'x';
	struct iovec iov = { &c, 1 };
	union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.b, .msg_controllen = sizeof(u.b) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);

	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &fd, sizeof(int));
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int
recv_fd(int sock)
{
	char c;
	struct iovec iov = { &c, 1 };
	union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.b, .msg_controllen = sizeof(u.b) };
	struct cmsghdr *h;
	int fd;

	if (recvmsg(sock, &m, 0) != 1 || (h = CMSG_FIRSTHDR(&m)) == NULL ||
	    h->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(h), sizeof(int));
	return fd;
}

static void
receiver(int sock, pid_t sender, const char *marker)
{
	char p[64];
	int fd = recv_fd(sock), n;

	if (read(sock, &n, sizeof(n)) != sizeof(n)) /* sender's fd number */
		n = -1;
	if (fd < 0) {
		printf("BLOCKED recv=%s\n", esc_ename(errno));
		_exit(1);
	}
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	esc_open("self_fd", p, marker);
	snprintf(p, sizeof(p), "/dev/fd/%d", fd);
	esc_open("dev_fd", p, marker);
	snprintf(p, sizeof(p), "/proc/%d/fd/%d", (int)sender, n);
	esc_open("sender_fd", p, marker);
	fflush(stdout);
	_exit(esc_report());
}

int
main(int argc, char **argv)
{
	int sv[2], fd, st;
	pid_t pid, me = getpid();

	if (argc != 3 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return 2;
	if ((pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		close(sv[0]);
		receiver(sv[1], me, argv[2]);
	}
	close(sv[1]);
	if ((fd = esc_opath(argv[1], 0)) < 0) {
		printf("BLOCKED opath=%s\n", esc_ename(errno));
		kill(pid, 9);
		waitpid(pid, NULL, 0);
		return 1;
	}
	if (send_fd(sv[0], fd) < 0 ||
	    write(sv[0], &fd, sizeof(fd)) != sizeof(fd))
		printf("ERROR sendmsg: %s\n", strerror(errno));
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 2;
	return WEXITSTATUS(st);
}
