/* worker-safe */
/*
 * /proc in a target's path (DESIGN.md section 5): /proc/self and
 * /proc/thread-self name the target, not syd, and the magic links of a
 * process (fd/N, cwd, root, exe) resolve to objects, not names.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#include "path/walk.h"
#include "sys/sys.h"

/*
 * The target's thread group id, and its thread id in *tid, as its /proc
 * numbers them: walking in its own root (rootpath set), its /proc may be
 * the procfs of its own pid namespace. -errno when gone.
 */
static int
proc_ids(struct path_ctx *c, int *tid)
{
	*tid = c->tid;
	if (c->rootpath != NULL)
		return path_tgid_ns(c->tid, tid);
	if (c->tgid <= 0)
		c->tgid = path_tgid(c->tid);
	return c->tgid;
}

int
walk_self_text(struct path_ctx *c, bool self, char *t, size_t size)
{
	int tid, tgid = proc_ids(c, &tid), len;

	if (tgid < 0)
		return tgid;
	if (self)
		len = snprintf(t, size, "%d", tgid);
	else
		len = snprintf(t, size, "%d/task/%d", tgid, tid);
	return (size_t)len >= size ? -ENAMETOOLONG : len;
}

/*
 * /proc/self and /proc/thread-self name the target, not syd. Walking in
 * the target's own root (rootpath set), its /proc may be the procfs of
 * its own pid namespace: number it as that namespace does. As a final
 * name not followed (lstat, readlink: keep non-NULL) the link itself is
 * the object: not spliced, its text as the target reads it goes to
 * keep->self.
 */
int
walk_proc_self(struct walk *w, const char *comp, size_t n,
    struct path_res *keep)
{
	bool self = n == 4 && memcmp(comp, "self", 4) == 0;
	char t[64];
	int len;

	if (strcmp(w->abs + (walk_base(w) > 1 ? walk_base(w) : 0), "/proc") != 0)
		return 0;
	if (!self && !(n == 11 && memcmp(comp, "thread-self", 11) == 0))
		return 0;
	if (keep == NULL && (w->flags & PATH_NO_SYMLINKS))
		return -ELOOP; /* a symlink followed */
	if ((len = walk_self_text(w->c, self, t, sizeof(t))) < 0)
		return len;
	if (keep != NULL) {
		if ((size_t)len >= sizeof(keep->self))
			return -ENAMETOOLONG;
		memcpy(keep->self, t, (size_t)len + 1);
		return 0;
	}
	w->links--; /* not a link of the target's making */
	return walk_splice(w, t, (size_t)len);
}

/*
 * Is s ("/proc/PID", "/proc/PID/fd", "/proc/PID/task/TID/ns"...) a
 * directory of /proc magic links (fd/N, ns/TYPE, map_files/RANGE, cwd,
 * root, exe of a process)? Those resolve to objects, not names; their
 * readlink text ("net:[N]" for a namespace) is only a hint.
 */
bool
path_proc_magic_dir(const char *s)
{
	if (strncmp(s, "/proc/", 6) != 0)
		return false;
	s += 6;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	if (strncmp(s, "/task/", 6) == 0) {
		s += 6;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0' || strcmp(s, "/fd") == 0 || strcmp(s, "/ns") == 0 ||
	    strcmp(s, "/map_files") == 0;
}

bool
walk_is_magic(const struct walk *w)
{
	return path_proc_magic_dir(w->abs + (walk_base(w) > 1 ?
	    walk_base(w) : 0));
}

/*
 * A magic link of another process (s a directory of them, see
 * path_proc_magic_dir): -EACCES, 0 for the target's own thread group.
 * syd reads and follows these links with CAP_SYS_PTRACE (its own
 * look-ups about the target need it), so the kernel's ptrace access
 * check would be syd's, not the target's: another user's pipe through
 * /proc/PID/fd/N, a namespace through /proc/PID/ns/net. As syd 3's
 * magic-link protection (syd(7)), only the target's own process is
 * reached; other processes' links answer EACCES, as the kernel does for
 * a process the caller may not trace.
 */
/* The status of the process dir fd names: exactly one number on its
 * NSpid line, i.e. that procfs numbers the task's innermost pid
 * namespace. */
static bool
proc_nspid_one(int dir)
{
	char buf[2048], *s;
	int fd = sys_openat(dir, "status", O_RDONLY | O_CLOEXEC, 0);
	long n;

	if (fd < 0)
		return false;
	n = sys_read(fd, buf, sizeof(buf) - 1);
	sys_close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	if ((s = strstr(buf, "\nNSpid:")) == NULL)
		return false;
	for (s += 7; *s == ' ' || *s == '\t'; s++)
		;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '\n';
}

/*
 * In its own root the target is known by its numbers in its innermost
 * pid namespace, but the /proc there may number another namespace's
 * processes (a nested namespace made without a /proc of its own), where
 * the same number is someone else. A number names one task in one
 * namespace: the /proc/PID its root shows must be on a procfs that
 * numbers the target's innermost pid namespace (its ns/pid is the
 * target's, and its NSpid holds one number). The rest (PID is the
 * target's tgid or tid there) path_proc_own compares.
 */
static bool
proc_same_pidns(struct path_ctx *c, int pid)
{
	char p[64], mine[64], theirs[64];
	struct statfs sf;
	bool same = false;
	long n, m;
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/ns/pid", c->tid);
	n = sys_readlinkat(AT_FDCWD, p, mine, sizeof(mine));
	if (n <= 0 || n >= (long)sizeof(mine))
		return false;
	snprintf(p, sizeof(p), "proc/%d", pid);
	fd = sys_openat2(c->rootfd, p, O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
	    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
	if (fd < 0)
		return false;
	if (sys_call2(SYS_fstatfs, fd, (long)&sf) == 0 &&
	    sf.f_type == PATH_PROC_MAGIC &&
	    (m = sys_readlinkat(fd, "ns/pid", theirs, sizeof(theirs))) == n &&
	    memcmp(mine, theirs, (size_t)n) == 0)
		same = proc_nspid_one(fd);
	sys_close(fd);
	return same;
}

int
path_proc_own(struct path_ctx *c, const char *s)
{
	int pid = 0, tid, tgid = proc_ids(c, &tid);

	if (tgid < 0)
		return tgid;
	for (s += 6; *s >= '0' && *s <= '9' && pid < 100000000; s++)
		pid = pid * 10 + (*s - '0');
	if (c->rootpath != NULL) /* its pid namespace's numbers */
		return (pid == tgid || pid == tid) && proc_same_pidns(c, pid) ?
		    0 : -EACCES;
	/* Another thread of the target's own process. */
	if (pid != tgid && pid != tid && path_tgid(pid) == tgid)
		return 0;
	return pid == tgid || pid == tid ? 0 : -EACCES;
}

int
walk_magic_own(struct walk *w)
{
	return path_proc_own(w->c, w->abs + (walk_base(w) > 1 ?
	    walk_base(w) : 0));
}

/* "/proc/PID/fd", "/proc/PID/task/TID/fd" or "/proc/PID/map_files". */
static bool
proc_fd_dir(const char *s)
{
	const char *e;

	if (!path_proc_magic_dir(s))
		return false;
	e = strrchr(s, '/');
	return strcmp(e, "/fd") == 0 || strcmp(e, "/map_files") == 0;
}

bool
path_grant_begin(struct path_ctx *c, const char *abs, uint64_t add,
    uint64_t *saved)
{
	/* Not from a target's own root (rootpath: after a chroot, or in a
	 * pid namespace of its own): the /proc walked there may number
	 * processes as another pid namespace does than the one whose
	 * numbers path_proc_own knows the target by, and a root process's
	 * fd directory would pass for its own. */
	if (c->rootpath != NULL || !proc_fd_dir(abs) ||
	    path_proc_own(c, abs) < 0)
		return false;
	return sys_caps_raise(add | 1ULL << 2 /* CAP_DAC_READ_SEARCH */,
	    saved) == 0;
}

void
path_grant_end(uint64_t saved)
{
	sys_caps_set_effective(saved);
}

/* A name /proc gives a process, or its self links: all digits, "self"
 * or "thread-self". */
static bool
proc_pidlike(const char *s, size_t n)
{
	size_t i = 0;

	if ((n == 4 && memcmp(s, "self", 4) == 0) ||
	    (n == 11 && memcmp(s, "thread-self", 11) == 0))
		return true;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return n > 0 && i == n;
}

bool
path_proc_elsewhere(const struct path_ctx *c, const char *abs, int dirfd)
{
	size_t base = c->rootlen > 1 ? c->rootlen : 0;
	const char *s = abs + base, *e;
	struct statfs sf;
	bool pidlike = false;

	if (strlen(abs) < base || (strncmp(s, "/proc", 5) == 0 &&
	    (s[5] == '\0' || s[5] == '/')))
		return false;
	for (; *s != '\0' && !pidlike; s = e) {
		while (*s == '/')
			s++;
		for (e = s; *e != '\0' && *e != '/'; e++)
			;
		pidlike = proc_pidlike(s, (size_t)(e - s));
	}
	if (!pidlike || dirfd < 0)
		return false;
	/* Cannot tell: as if it were. */
	if (sys_call2(SYS_fstatfs, dirfd, (long)&sf) < 0)
		return true;
	return sf.f_type == PATH_PROC_MAGIC;
}

