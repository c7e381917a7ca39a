/* main thread only (confine_ns_child runs in the forked child before exec) */
/*
 * The sandbox's namespaces and mount tree: unshare/..., bind+, root:,
 * name/host:, and a private /proc when the sandbox has its own pid
 * namespace.
 *
 * The first sandboxed process is created with clone(2) and the namespace
 * flags, so with unshare/pid it is PID 1 of its namespace and still syd's
 * child (traced, waited for). Without root, a user namespace owned by
 * syd's uid makes the rest possible; syd writes its uid/gid maps (identity:
 * the command keeps its uid, and loses the namespace capabilities at exec).
 * Everything else is done by the child on itself, before Landlock and the
 * seccomp filter, which forbid mounting.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "confine/confine.h"
#include "policy/policy.h"
#include "rt/rt.h"
#include "sys/sys.h"

#define NS_ATTR_RDONLY 0x1
#define NS_ATTR_NOSUID 0x2
#define NS_ATTR_NODEV 0x4
#define NS_ATTR_NOEXEC 0x8
#define NS_ATTR_NOSYMFOLLOW 0x200000
#define NS_ATTR__ATIME 0x70
#define NS_ATTR_NOATIME 0x10
#define NS_ATTR_STRICTATIME 0x20
#define NS_ATTR_NODIRATIME 0x80
#define NS_AT_RECURSIVE 0x8000

struct ns_mount_attr {
	uint64_t set, clr, propagation, userns_fd;
};

bool
confine_ns_pid(const struct policy *p)
{
	return (p->unshare & CLONE_NEWPID) || p->nbind > 0 || p->root != NULL;
}

unsigned long
confine_ns_flags(const struct policy *p, bool root)
{
	unsigned long ns = p->unshare;

	/*
	 * bind+ and root: need a mount namespace, and a pid namespace too:
	 * the root link of any process outside the sandbox that /proc
	 * showed, /proc/PID/root, would lead back to the host's tree, around
	 * the binds. The private /proc of a pid namespace needs the mount
	 * namespace, and name/host: its own UTS namespace (never the host's
	 * name).
	 */
	if (confine_ns_pid(p))
		ns |= CLONE_NEWPID;
	if (ns & CLONE_NEWPID)
		ns |= CLONE_NEWNS;
	if (p->hostname != NULL || p->domainname != NULL)
		ns |= CLONE_NEWUTS;
	if (ns != 0 && !root && !(ns & CLONE_NEWUSER)) {
		rt_log_msg(RT_INFO, "confine", "unshare", "not root: adding a "
		    "user namespace for the other namespaces");
		ns |= CLONE_NEWUSER;
	}
	return ns;
}

static int
ns_write(int pid, const char *file, const char *text)
{
	char path[64];
	int fd, r = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	if ((fd = sys_openat(AT_FDCWD, path, O_WRONLY, 0)) < 0)
		return fd;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		r = -errno;
	close(fd);
	return r;
}

/*
 * Identity maps. Root maps every id (the namespace is transparent for
 * ownership); another user may map only its own, and must give up
 * setgroups first.
 */
int
confine_ns_maps(int pid, bool root)
{
	char u[64], g[64];
	int r;

	if (root) {
		snprintf(u, sizeof(u), "0 0 4294967295\n");
		snprintf(g, sizeof(g), "0 0 4294967295\n");
	} else {
		snprintf(u, sizeof(u), "%u %u 1\n", geteuid(), geteuid());
		snprintf(g, sizeof(g), "%u %u 1\n", getegid(), getegid());
		if ((r = ns_write(pid, "setgroups", "deny")) < 0)
			return r;
	}
	if ((r = ns_write(pid, "uid_map", u)) < 0)
		return r;
	return ns_write(pid, "gid_map", g);
}

/*
 * Helpers forked before syd landlocks itself, for what Landlock would
 * refuse syd (and every process born inside its domain): writing
 * /proc/PID/uid_map (the mapper) and mounting a procfs (the proc
 * helper). Each takes pids on one pipe and answers 0 or -errno on the
 * other, and ends at pid 0 (not at end of file: the sandbox child holds
 * copies of the pipes until it execs).
 */
struct ns_job {
	bool root;		/* mapper: syd is root */
	const char *dir;	/* proc helper: root: or NULL */
	int (*run)(int pid, const struct ns_job *j);
};

static _Noreturn void
ns_helper(int in, int out, const struct ns_job *j)
{
	int pid, r;

	while (read(in, &pid, sizeof(pid)) == sizeof(pid) && pid > 0) {
		r = j->run(pid, j);
		if (write(out, &r, sizeof(r)) != sizeof(r))
			break;
	}
	_exit(0);
}

static int
ns_helper_start(struct confine_mapper *m, const struct ns_job *j)
{
	int to[2], from[2];

	if (pipe2(to, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(from, O_CLOEXEC) < 0) {
		close(to[0]);
		close(to[1]);
		return -errno;
	}
	if ((m->pid = fork()) < 0) {
		int e = -errno;
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		m->pid = 0;
		return e;
	}
	if (m->pid == 0) {
		close(to[1]);
		close(from[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		ns_helper(to[0], from[1], j);
	}
	close(to[0]);
	close(from[1]);
	m->to = to[1];
	m->from = from[0];
	return 0;
}

static int
ns_job_maps(int pid, const struct ns_job *j)
{
	return confine_ns_maps(pid, j->root);
}

static int
ns_job_proc(int pid, const struct ns_job *j)
{
	return confine_ns_proc_for(pid, j->dir);
}

int
confine_ns_mapper(struct confine_mapper *m, bool root)
{
	static struct ns_job j;

	j.root = root;
	j.run = ns_job_maps;
	return ns_helper_start(m, &j);
}

int
confine_ns_proc_helper(struct confine_mapper *m, const char *root)
{
	static struct ns_job j;

	j.dir = root;
	j.run = ns_job_proc;
	return ns_helper_start(m, &j);
}

int
confine_ns_proc_mount(struct confine_mapper *m, int pid)
{
	return confine_ns_mapped(m, pid);
}

int
confine_ns_mapped(struct confine_mapper *m, int pid)
{
	int r;

	if (write(m->to, &pid, sizeof(pid)) != sizeof(pid) ||
	    read(m->from, &r, sizeof(r)) != sizeof(r))
		return -EPIPE;
	return r;
}

void
confine_ns_mapper_end(struct confine_mapper *m)
{
	int quit = 0;

	if (m->pid <= 0)
		return;
	if (write(m->to, &quit, sizeof(quit)) != sizeof(quit))
		kill(m->pid, SIGKILL);
	close(m->to);
	close(m->from);
	waitpid(m->pid, NULL, 0);
	m->pid = 0;
}

/* In the child: a failed step, its words in what. */
static int
ns_fail(char *what, size_t n, int e, const char *fmt, const char *arg)
{
	snprintf(what, n, fmt, arg);
	return -e;
}

static uint64_t
ns_attr(unsigned long ms)
{
	uint64_t a = 0;

	a |= (ms & MS_RDONLY) ? NS_ATTR_RDONLY : 0;
	a |= (ms & MS_NOSUID) ? NS_ATTR_NOSUID : 0;
	a |= (ms & MS_NODEV) ? NS_ATTR_NODEV : 0;
	a |= (ms & MS_NOEXEC) ? NS_ATTR_NOEXEC : 0;
	a |= (ms & MS_NOSYMFOLLOW) ? NS_ATTR_NOSYMFOLLOW : 0;
	a |= (ms & MS_NODIRATIME) ? NS_ATTR_NODIRATIME : 0;
	/* One atime mode (MOUNT_ATTR__ATIME): relatime is 0. */
	a |= (ms & MS_NOATIME) ? NS_ATTR_NOATIME :
	    (ms & MS_STRICTATIME) ? NS_ATTR_STRICTATIME : 0;
	return a;
}

/* The atime mode is replaced, not or-ed: clear the field when one is
 * asked for. */
static uint64_t
ns_attr_clr(unsigned long ms)
{
	return (ms & (MS_NOATIME | MS_STRICTATIME | MS_RELATIME)) ?
	    NS_ATTR__ATIME : 0;
}

/*
 * bind+SRC:DST[:OPTS]: a recursive bind whose options apply to every
 * mount below it too (mount_setattr, 5.12), so `ro` leaves no writable
 * submount; or a fresh tmpfs. DST is inside root: when one is set.
 */
static int
ns_bind(const char *root, const struct policy_bind *b, char *what, size_t n)
{
	char dst[4096], name[4200];
	long r;
	struct ns_mount_attr a = { ns_attr(b->flags), ns_attr_clr(b->flags),
	    0, 0 };

	snprintf(name, sizeof(name), "bind+%s:%s", b->src, b->dst);

	if (snprintf(dst, sizeof(dst), "%s%s", root != NULL ? root : "",
	    b->dst) >= (int)sizeof(dst))
		return ns_fail(what, n, ENAMETOOLONG, "bind: %s", b->dst);
	if (strcmp(b->src, "tmpfs") == 0) {
		if (mount("tmpfs", dst, "tmpfs", b->flags, "mode=1777") < 0)
			return ns_fail(what, n, errno, "%s", name);
		return 0;
	}
	if (mount(b->src, dst, NULL, MS_BIND | MS_REC, NULL) < 0)
		return ns_fail(what, n, errno, "%s", name);
	if ((a.set | a.clr) != 0 && (r = sys_call5(SYS_mount_setattr, AT_FDCWD, dst,
	    NS_AT_RECURSIVE, &a, sizeof(a))) < 0)
		return ns_fail(what, n, (int)-r, "%s: mount_setattr", name);
	return 0;
}

/* A device node of the host, bound onto an empty file in the new /dev. */
static void
ns_dev_node(const char *dev, const char *name)
{
	char src[64], dst[4200];
	int fd;

	snprintf(src, sizeof(src), "/dev/%s", name);
	snprintf(dst, sizeof(dst), "%s/%s", dev, name);
	if (access(src, F_OK) < 0)
		return;
	if ((fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0666)) >= 0)
		close(fd);
	mount(src, dst, NULL, MS_BIND, NULL);
}

/* root:DIR gets a /dev of its own: a tmpfs with the harmless nodes. */
static int
ns_dev(const char *root, char *what, size_t n)
{
	static const char *const nodes[] = { "null", "zero", "full", "random",
	    "urandom", "tty" };
	static const char *const links[][2] = { { "/proc/self/fd", "fd" },
	    { "/proc/self/fd/0", "stdin" }, { "/proc/self/fd/1", "stdout" },
	    { "/proc/self/fd/2", "stderr" }, { "pts/ptmx", "ptmx" } };
	char dev[4096], sub[4200];

	snprintf(dev, sizeof(dev), "%s/dev", root);
	if (access(dev, F_OK) < 0)
		return 0; /* no /dev in this tree: none is made */
	if (mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755") < 0)
		return ns_fail(what, n, errno, "root: a /dev in %s", root);
	for (size_t i = 0; i < sizeof(nodes) / sizeof(*nodes); i++)
		ns_dev_node(dev, nodes[i]);
	for (size_t i = 0; i < sizeof(links) / sizeof(*links); i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dev, links[i][1]);
		symlink(links[i][0], sub);
	}
	snprintf(sub, sizeof(sub), "%s/pts", dev);
	mkdir(sub, 0755);
	mount("/dev/pts", sub, NULL, MS_BIND | MS_REC, NULL);
	snprintf(sub, sizeof(sub), "%s/shm", dev);
	mkdir(sub, 01777);
	mount("tmpfs", sub, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    "mode=1777");
	return 0;
}

/* /proc: a fresh procfs of the sandbox's pid namespace: it sees only its
 * own processes. (Every mount tree syd makes comes with a pid namespace,
 * see confine_ns_flags.) */
static int
ns_proc(const char *root, char *what, size_t n)
{
	char proc[4096];

	snprintf(proc, sizeof(proc), "%s/proc", root != NULL ? root : "");
	if (access(proc, F_OK) < 0)
		return 0;
	if (mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) < 0)
		return ns_fail(what, n, errno, "unshare/pid: a private procfs "
		    "on %s", proc);
	return 0;
}

static int
ns_pivot(const char *root, char *what, size_t n)
{
	long r;

	if (chdir(root) < 0)
		return ns_fail(what, n, errno, "root:%s", root);
	/* The old root stacks under the new one: detach it. */
	if ((r = sys_call2(SYS_pivot_root, ".", ".")) < 0)
		return ns_fail(what, n, (int)-r, "root:%s: pivot_root", root);
	if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		return ns_fail(what, n, errno, "root:%s: detach the old root",
		    root);
	return 0;
}

/*
 * The mount tree. In the sandbox's own child (self false) it ends with
 * the pid namespace's /proc and pivot_root into root:. Made by syd in
 * its own mount namespace instead (self true, sandbox/lock as root: see
 * confine_ns_tree) it stops before both: a helper mounts that /proc once
 * the sandbox is PID 1, and the sandbox chroots into root: itself.
 */
static int
ns_mounts(const struct policy *p, unsigned long ns, char *what, size_t n,
    bool self)
{
	const char *root = p->root;
	char cwd[4096];
	int r;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		cwd[0] = '\0';
	/* Nothing done here may reach the host's mount tree. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return ns_fail(what, n, errno, "unshare/mount: %s", "/ private");
	if (root != NULL && mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0)
		return ns_fail(what, n, errno, "root:%s", root);
	for (size_t i = 0; i < p->nbind; i++)
		if ((r = ns_bind(root, &p->bind[i], what, n)) < 0)
			return r;
	if (!self && (ns & CLONE_NEWPID) && (r = ns_proc(root, what, n)) < 0)
		return r;
	if (root == NULL) {
		/* Back to the working directory, now through the new
		 * mounts (a tmpfs over it hides the old one). */
		if (cwd[0] != '\0' && chdir(cwd) < 0)
			chdir("/");
		return 0;
	}
	if ((r = ns_dev(root, what, n)) < 0)
		return r;
	return self ? 0 : ns_pivot(root, what, n);
}

int
confine_ns_tree(const struct policy *p, unsigned long ns, char *what,
    size_t n)
{
	if (unshare(CLONE_NEWNS) < 0)
		return ns_fail(what, n, errno, "unshare/%s", "mount");
	return ns_mounts(p, ns, what, n, true);
}

int
confine_ns_chroot(const char *root, char *what, size_t n)
{
	if (chroot(root) < 0 || chdir("/") < 0)
		return ns_fail(what, n, errno, "root:%s: chroot", root);
	return 0;
}

int
confine_ns_proc_for(int pid, const char *root)
{
	char what[64];
	int pidfd = sys_pidfd_open(pid, 0), st, r;
	pid_t k;

	if (pidfd < 0)
		return pidfd;
	r = setns(pidfd, CLONE_NEWPID) < 0 ? -errno : 0;
	close(pidfd);
	if (r < 0)
		return r;
	/* A procfs shows the pid namespace of the process mounting it. */
	if ((k = fork()) < 0)
		return -errno;
	if (k == 0)
		_exit(-ns_proc(root, what, sizeof(what)));
	if (waitpid(k, &st, 0) < 0)
		return -errno;
	if (!WIFEXITED(st))
		return -EINTR;
	return -WEXITSTATUS(st);
}

/* A new network namespace has only a loopback, down: bring it up. */
static int
ns_loopback(char *what, size_t n)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return ns_fail(what, n, errno, "unshare/net: %s", "socket");
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		r = ns_fail(what, n, errno, "unshare/net: %s", "lo");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (r == 0 && ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		r = ns_fail(what, n, errno, "unshare/net: %s", "lo up");
	close(fd);
	return r;
}

int
confine_ns_child(const struct policy *p, unsigned long ns, char *what,
    size_t n)
{
	int r;

	/* A time namespace cannot be a clone(2) flag; unshared here, the
	 * command enters it at exec. */
	if ((ns & CLONE_NEWTIME) && unshare(CLONE_NEWTIME) < 0)
		return ns_fail(what, n, errno, "unshare/%s", "time");
	if ((ns & CLONE_NEWNS) && (r = ns_mounts(p, ns, what, n, false)) < 0)
		return r;
	if (p->hostname != NULL &&
	    sethostname(p->hostname, strlen(p->hostname)) < 0)
		return ns_fail(what, n, errno, "name/host:%s", p->hostname);
	if (p->domainname != NULL && setdomainname(p->domainname,
	    strlen(p->domainname)) < 0)
		return ns_fail(what, n, errno, "name/domain:%s", p->domainname);
	if ((ns & CLONE_NEWNET) && (r = ns_loopback(what, n)) < 0)
		return r;
	return 0;
}
