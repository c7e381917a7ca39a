/* worker-safe */
/*
 * A target's cwd or open fd as a base directory. The cwd is opened
 * through /proc/TID/cwd (the kernel follows the magic link to the very
 * object, not to a name); an fd is taken with pidfd_getfd (the target's
 * own open file). Its canonical name is read back from our own fd, so
 * name and object come from the same open. /proc/thread-self, not
 * /proc/self: syd's threads have private fd tables.
 *
 * Both are syd's own look-ups and work whatever filesystem ids the
 * emulator acts with: /proc/TID/cwd and pidfd_getfd are guarded by the
 * ptrace access check (syd keeps CAP_SYS_PTRACE), while /proc/TID/fd of
 * a process whose effective uid differs from its real one (not dumpable)
 * is root's, mode 0500, and closed to the target's own fsuid.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "path/path.h"
#include "sys/sys.h"


/* -1 unknown, 0 no, 1 yes: does pidfd_open take PIDFD_THREAD? */
static int pidfd_thread = -1;

/* A pidfd whose fd table is tid's: the thread's own (6.9+), else its
 * thread group's (threads that unshared their fd table are rare). */
static int
base_pidfd(struct path_ctx *c)
{
	int t = __atomic_load_n(&pidfd_thread, __ATOMIC_RELAXED), fd;

	if (t != 0) {
		fd = sys_pidfd_open(c->tid, PIDFD_THREAD);
		if (fd != -EINVAL || t == 1)
			return fd;
		__atomic_store_n(&pidfd_thread, 0, __ATOMIC_RELAXED);
	}
	if (c->tgid <= 0 && (c->tgid = path_tgid(c->tid)) <= 0)
		return -ESRCH;
	return sys_pidfd_open(c->tgid, 0);
}

int
path_getfd(struct path_ctx *c, int fd)
{
	struct path_pidfd *k = c->keep;
	int pidfd, r;

	if (fd < 0)
		return -EBADF;
	if (k != NULL && k->fd >= 0 && k->tid == c->tid &&
	    (r = sys_pidfd_getfd(k->fd, fd, 0)) != -ESRCH)
		return r;
	if ((pidfd = base_pidfd(c)) < 0)
		return pidfd == -EINVAL ? -ESRCH : pidfd;
	if (__atomic_load_n(&pidfd_thread, __ATOMIC_RELAXED) < 0)
		__atomic_store_n(&pidfd_thread, 1, __ATOMIC_RELAXED);
	r = sys_pidfd_getfd(pidfd, fd, 0);
	/* Only a pidfd of the thread itself is kept: one of its thread
	 * group (before 6.9) would answer for a reused tid in another. */
	if (k == NULL || __atomic_load_n(&pidfd_thread, __ATOMIC_RELAXED) != 1) {
		sys_close(pidfd);
		return r;
	}
	path_pidfd_drop(k);
	k->tid = c->tid;
	k->fd = pidfd;
	return r;
}

void
path_pidfd_drop(struct path_pidfd *k)
{
	if (k->fd >= 0)
		sys_close(k->fd);
	k->fd = -1;
	k->tid = 0;
}

int
path_gone(const char *text, const struct stat *obj)
{
	size_t n = strlen(text);
	struct stat l;
	uint64_t saved;
	bool raised;
	int r;

	if (text[0] != '/' || n <= 10 ||
	    strcmp(text + n - 10, " (deleted)") != 0)
		return 0;
	if (obj->st_nlink == 0)
		return 1;
	raised = sys_caps_raise(1ULL << 2 /* CAP_DAC_READ_SEARCH */,
	    &saved) == 0;
	r = sys_fstatat(AT_FDCWD, text, &l, AT_SYMLINK_NOFOLLOW);
	if (raised)
		sys_caps_set_effective(saved);
	if (r == 0 && l.st_dev == obj->st_dev && l.st_ino == obj->st_ino)
		return 0;
	/* Links left and that name is not this object: a name of it was
	 * removed while others remain, or the program is renaming a
	 * directory above it under the look-up (review finding): either
	 * name may be its own. */
	return r == 0 || r == -ENOENT || r == -ENOTDIR ? 2 :
	    (r < 0 ? r : -EACCES);
}

int
path_base(struct path_ctx *c, int dirfd, char *out, size_t size, bool dir,
    int *gone)
{
	int g = 0;
	struct stat st;
	char p[64];
	long n;
	int fd;

	if (dirfd == AT_FDCWD) {
		snprintf(p, sizeof(p), "/proc/%d/cwd", c->tid);
		fd = sys_openat(AT_FDCWD, p, O_PATH | O_DIRECTORY, 0);
	} else {
		fd = path_getfd(c, dirfd);
	}
	if (fd < 0)
		return fd;
	if (dir && dirfd != AT_FDCWD &&
	    (sys_fstatat(fd, "", &st, AT_EMPTY_PATH) < 0 ||
	    !S_ISDIR(st.st_mode))) {
		sys_close(fd);
		return -ENOTDIR;
	}
	snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", fd);
	n = sys_readlinkat(AT_FDCWD, p, out, size);
	/* Deeper than the kernel names: syd names it (a directory). */
	if (n == -ENAMETOOLONG || (n >= 0 && (size_t)n >= size))
		n = path_longname(fd, out, size);
	/* A non-directory deeper than /proc names has no name syd can
	 * find: an fd of it (AT_EMPTY_PATH) is an object without one (""),
	 * which no path rule allows. */
	if ((n == -ENOTDIR || n == -ENAMETOOLONG) && !dir) {
		out[0] = '\0';
		return fd;
	}
	if (n < 0) {
		sys_close(fd);
		return n == -ENOTDIR ? -ENAMETOOLONG : (int)n;
	}
	out[n] = '\0';
	/* Removed or live, by syd's own name for it (path_gone). */
	if (n > 10 && strcmp(out + n - 10, " (deleted)") == 0 &&
	    ((g = sys_fstatat(fd, "", &st, AT_EMPTY_PATH)) < 0 ||
	    (g = path_gone(out, &st)) < 0 || (dir && g == 2))) {
		sys_close(fd);
		return g == 2 ? -EACCES : g;
	}
	if (gone != NULL)
		*gone = g;
	n = (long)path_hide(out, (size_t)n, c->hide, c->hidelen);
	/* A directory removed while it is a cwd or an fd: the kernel still
	 * resolves "." and ".." in it (nothing can be made in it), and
	 * rules judge it by the path it had, as a deleted file. */
	if (dir && g == 1)
		out[n - 10] = '\0';
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
