/*
 * procpeek PATH...   for each PATH (a /proc magic link of another
 *                    process, typically): readlink, then open O_RDONLY
 *                    and read up to 63 bytes; prints one line per PATH:
 *                    "PATH readlink=OK|ENAME open=OK|ENAME read=TEXT".
 *                    The link's own text is not printed (it holds
 *                    numbers that differ run to run).
 *
 * syd follows magic links with CAP_SYS_PTRACE: what the kernel refuses a
 * program (another user's pipe through /proc/PID/fd/N, root's namespace
 * through /proc/PID/ns/net) must stay refused under syd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *
ename(int e)
{
	switch (e) {
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ELOOP: return "ELOOP";
	case ENXIO: return "ENXIO";
	default: return "EOTHER";
	}
}

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char buf[4096], rd[64];
		ssize_t n = readlink(argv[i], buf, sizeof(buf));
		const char *rl = n >= 0 ? "OK" : ename(errno);
		int fd = open(argv[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		const char *op = fd >= 0 ? "OK" : ename(errno);

		rd[0] = '\0';
		if (fd >= 0) {
			n = read(fd, rd, sizeof(rd) - 1);
			rd[n > 0 ? n : 0] = '\0';
			rd[strcspn(rd, "\n")] = '\0';
			close(fd);
		}
		printf("%s readlink=%s open=%s read=%s\n", argv[i], rl, op, rd);
	}
	return 0;
}
