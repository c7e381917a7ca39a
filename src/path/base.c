/* worker-safe */
/*
 * A target's cwd or open fd as a base directory. The fd is opened through
 * the target's /proc entry (the kernel follows the magic link to the very
 * object, not to a name) and its canonical name is read back from our own
 * fd, so name and object come from the same open. /proc/thread-self, not
 * /proc/self: syd's threads have private fd tables.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "path/path.h"
#include "sys/sys.h"

int
path_base(struct path_ctx *c, int dirfd, char *out, size_t size, bool dir)
{
	char p[64];
	long n;
	int fd;

	if (dirfd == AT_FDCWD)
		snprintf(p, sizeof(p), "/proc/%d/cwd", c->tid);
	else if (dirfd >= 0)
		snprintf(p, sizeof(p), "/proc/%d/fd/%d", c->tid, dirfd);
	else
		return -EBADF;
	fd = sys_openat(AT_FDCWD, p, O_PATH | (dir ? O_DIRECTORY : 0), 0);
	if (fd < 0)
		return fd == -ENOENT && dirfd != AT_FDCWD ? -EBADF : fd;
	snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", fd);
	n = sys_readlinkat(AT_FDCWD, p, out, size);
	if (n < 0 || (size_t)n >= size) {
		sys_close(fd);
		return n < 0 ? (int)n : -ENAMETOOLONG;
	}
	out[n] = '\0';
	n = (long)path_hide(out, (size_t)n, c->hide, c->hidelen);
	if (n > 10 && strcmp(out + n - 10, " (deleted)") == 0 && dir) {
		sys_close(fd);
		return -ENOENT;
	}
	return fd;
}

size_t
path_hide(char *s, size_t n, const char *pre, size_t plen)
{
	if (pre == NULL || plen <= 1 || n < plen ||
	    memcmp(s, pre, plen) != 0 || (s[plen] != '\0' && s[plen] != '/'))
		return n;
	if (n == plen) {
		s[0] = '/';
		s[1] = '\0';
		return 1;
	}
	memmove(s, s + plen, n - plen + 1);
	return n - plen;
}
