/* main thread only (confine_landlock_apply: async-signal-safe, raw calls) */
/*
 * Lock sandboxing: the allow/lock/... rules as a Landlock ruleset. Built
 * once on the main thread (it opens the paths); the sandbox child and syd
 * itself each restrict themselves with one.
 *
 * Each of syd 3's path categories is one Landlock file right (ll_cats).
 * Best effort by ABI: rights the running kernel does not know are left
 * out, and which were dropped is logged once at start, never guessed.
 * Rights by ABI (Documentation/userspace-api/landlock.rst, "Previous
 * limitations" and the uapi header include/uapi/linux/landlock.h):
 * 1 (Linux 5.13) the file-system basics, 2 (5.19) REFER, 3 (6.2)
 * TRUNCATE, 4 (6.7) TCP bind and connect ports, 5 (6.10) IOCTL_DEV,
 * 6 (6.12) the scopes: abstract UNIX sockets and signals, 7 (6.15) only
 * flags of landlock_restrict_self for audit logging, no new right.
 * Handled: every file right of the ABI except IOCTL_DEV, and the two TCP
 * rights, each only when some rule names it, so that sandbox/lock
 * without such rules leaves device ioctls and TCP alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confine/confine.h"
#include "policy/policy.h"
#include "rt/rt.h"
#include "sys/sys.h"

/* The uapi, spelled out: Debian's headers stop at ABI 3. */
#define LL_VERSION 1U
#define LL_RULE_PATH 1
#define LL_RULE_PORT 2
#define LL_EXEC (1ULL << 0)
#define LL_WRITE_FILE (1ULL << 1)
#define LL_READ_FILE (1ULL << 2)
#define LL_READ_DIR (1ULL << 3)
#define LL_REMOVE_DIR (1ULL << 4)
#define LL_REMOVE_FILE (1ULL << 5)
#define LL_MAKE_CHAR (1ULL << 6)
#define LL_MAKE_DIR (1ULL << 7)
#define LL_MAKE_REG (1ULL << 8)
#define LL_MAKE_SOCK (1ULL << 9)
#define LL_MAKE_FIFO (1ULL << 10)
#define LL_MAKE_BLOCK (1ULL << 11)
#define LL_MAKE_SYM (1ULL << 12)
#define LL_REFER (1ULL << 13)	 /* ABI 2 */
#define LL_TRUNCATE (1ULL << 14) /* ABI 3 */
#define LL_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#define LL_NET_BIND 1ULL	 /* ABI 4 */
#define LL_NET_CONNECT 2ULL
#define LL_SCOPE_ABSTRACT 1ULL /* ABI 6 */
#define LL_SCOPE_SIGNAL 2ULL

/* Rights that make sense on a file rather than a directory. */
#define LL_FILE_RIGHTS (LL_EXEC | LL_WRITE_FILE | LL_READ_FILE | \
	LL_TRUNCATE | LL_IOCTL_DEV)

struct ll_attr {
	uint64_t fs;
	uint64_t net;
	uint64_t scoped;
};

struct ll_path {
	uint64_t allowed;
	int32_t fd;
} __attribute__((packed));

struct ll_port {
	uint64_t allowed;
	uint64_t port;
};

int
confine_landlock_abi(void)
{
	long r = sys_landlock_create_ruleset(0, 0, LL_VERSION);

	return r > 0 ? (int)r : (r < 0 ? (int)r : -ENOSYS);
}

#if SYD_WITH_LANDLOCK /* config.mk WITH_LANDLOCK */

/* Category -> Landlock file right and the ABI that brought it. */
static const struct {
	uint64_t right;
	int abi;
} ll_cats[POLICY_NLPATH] = {
	[POLICY_LPATH_READ] = { LL_READ_FILE, 1 },
	[POLICY_LPATH_WRITE] = { LL_WRITE_FILE, 1 },
	[POLICY_LPATH_EXEC] = { LL_EXEC, 1 },
	[POLICY_LPATH_IOCTL] = { LL_IOCTL_DEV, 5 },
	[POLICY_LPATH_CREATE] = { LL_MAKE_REG, 1 },
	[POLICY_LPATH_DELETE] = { LL_REMOVE_FILE, 1 },
	[POLICY_LPATH_RENAME] = { LL_REFER, 2 },
	[POLICY_LPATH_SYMLINK] = { LL_MAKE_SYM, 1 },
	[POLICY_LPATH_TRUNCATE] = { LL_TRUNCATE, 3 },
	[POLICY_LPATH_READDIR] = { LL_READ_DIR, 1 },
	[POLICY_LPATH_MKDIR] = { LL_MAKE_DIR, 1 },
	[POLICY_LPATH_RMDIR] = { LL_REMOVE_DIR, 1 },
	[POLICY_LPATH_MKBDEV] = { LL_MAKE_BLOCK, 1 },
	[POLICY_LPATH_MKCDEV] = { LL_MAKE_CHAR, 1 },
	[POLICY_LPATH_MKFIFO] = { LL_MAKE_FIFO, 1 },
	[POLICY_LPATH_BIND] = { LL_MAKE_SOCK, 1 },
};

/* The right of category i on this ABI, 0 if the kernel lacks it. */
static uint64_t
ll_right(int i, int abi)
{
	return abi >= ll_cats[i].abi ? ll_cats[i].right : 0;
}

/* Every file right of this ABI: what syd's own extras grant in bulk. */
static uint64_t
ll_all(int abi)
{
	uint64_t r = 0;

	for (int i = 0; i < POLICY_NLPATH; i++)
		r |= ll_right(i, abi);
	return r;
}

#define LL_READ (LL_READ_FILE | LL_READ_DIR)

/* Whether ll_add_path speaks: syd's own ruleset is built first from the
 * same rules, the sandbox's then says what was left out, once. */
static bool ll_say;

static int
ll_add_path(int rs, const char *path, uint64_t rights)
{
	struct ll_path a;
	struct stat st;
	/* sys_openat: "/proc" may be syd's own detached procfs (sys.h). */
	int fd = strcmp(path, "/proc") == 0 && sys_proc_fd >= 0 ?
	    fcntl(sys_proc_fd, F_DUPFD_CLOEXEC, 0) :
	    open(path, O_PATH | O_CLOEXEC), r = 0;

	if (fd < 0) {
		/* A profile names directories some systems lack (/lib64). */
		if (ll_say)
			rt_log_msg(RT_INFO, "confine", "landlock", "%s: %s: "
			    "skipped", path, strerror(errno));
		return 0;
	}
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) {
		/* Landlock takes only file rights on a file: the others of
		 * the rule (readdir, mkdir, bind, ...) mean a directory. */
		if ((rights & ~LL_FILE_RIGHTS) && ll_say)
			rt_log_msg(RT_WARN, "confine", "landlock", "%s: not a "
			    "directory: its rights 0x%llx other than a file's "
			    "are left out", path, (unsigned long long)(rights &
			    ~LL_FILE_RIGHTS));
		rights &= LL_FILE_RIGHTS;
	}
	a.allowed = rights;
	a.fd = fd;
	if (rights != 0)
		r = (int)sys_landlock_add_rule(rs, LL_RULE_PATH, &a, 0);
	close(fd);
	return r;
}

/*
 * allow/lock/bind+PATH names the directory beneath which UNIX sockets may
 * be bound, or a socket (syd-lock(1)). Landlock grants MAKE_SOCK only on
 * a directory: an existing socket's rule grants it in the socket's
 * directory, said once (warn) since every socket beneath that directory
 * may then be bound. A PATH that does not exist may be a directory as
 * well as a socket, so it is skipped as any other missing path (granting
 * its parent would widen a missing directory to the tree above it).
 * dir is PATH or its parent.
 */
static const char *
ll_bind_dir(const char *path, char *dir, size_t dirsz)
{
	struct stat st;
	const char *slash = strrchr(path, '/');
	size_t n;

	if (lstat(path, &st) < 0 || !S_ISSOCK(st.st_mode))
		return path;
	if (slash == NULL || (n = (size_t)(slash - path)) >= dirsz)
		return path;
	memcpy(dir, path, n);
	dir[n > 0 ? n : 1] = '\0';
	if (n == 0)
		dir[0] = '/';
	if (ll_say)
		rt_log_msg(RT_WARN, "confine", "landlock", "allow/lock/bind+%s: "
		    "a socket: sockets may be bound beneath %s (and every "
		    "directory below it): Landlock grants this per directory",
		    path, dir);
	return dir;
}

static int
ll_add_list(int rs, const struct policy_list *l, int cat, uint64_t rights,
    char *err, size_t errsz)
{
	char dir[PATH_MAX];

	for (size_t i = 0; i < l->n; i++) {
		const char *path = cat == POLICY_LPATH_BIND ?
		    ll_bind_dir(l->v[i].pat, dir, sizeof(dir)) : l->v[i].pat;
		int r = ll_add_path(rs, path, rights);
		if (r < 0) {
			snprintf(err, errsz, "allow/lock: %s: %s", l->v[i].pat,
			    strerror(-r));
			return r;
		}
	}
	return 0;
}

static int
ll_add_ports(int rs, const struct policy_list *l, uint64_t right)
{
	for (size_t i = 0; i < l->n; i++)
		for (uint32_t p = l->v[i].port_lo; p <= l->v[i].port_hi; p++) {
			struct ll_port a = { right, p };
			long r = sys_landlock_add_rule(rs,
			    LL_RULE_PORT, &a, 0);
			if (r < 0)
				return (int)r;
		}
	return 0;
}

/* Which network rights to handle: only those the policy names, so that
 * sandbox/lock without port rules leaves TCP alone. */
static uint64_t
ll_net(const struct policy *p, int abi)
{
	uint64_t net = 0;

	if (p->lport[POLICY_LPORT_BIND].n > 0)
		net |= LL_NET_BIND;
	if (p->lport[POLICY_LPORT_CONNECT].n > 0)
		net |= LL_NET_CONNECT;
	return abi >= 4 ? net : 0;
}

/* The file rights to handle: all of the ABI but IOCTL_DEV, which only
 * when some allow/lock/ioctl rule exists. */
static uint64_t
ll_fs(const struct policy *p, int abi)
{
	uint64_t fs = ll_all(abi);

	if (p->lpath[POLICY_LPATH_IOCTL].n == 0)
		fs &= ~LL_IOCTL_DEV;
	return fs;
}

/*
 * The downgrade, said once at start: what the rules (or the scopes, which
 * are always asked for) need that this kernel's ABI lacks, so is not
 * enforced. Truncation is named even without truncate rules: before ABI 3
 * it cannot be restricted at all.
 */
static void
ll_log_downgrade(const struct policy *p, int abi)
{
	char buf[512];
	size_t o = 0;

#define LL_SAY(...) do { if (o < sizeof(buf)) o += (size_t)snprintf( \
	buf + o, sizeof(buf) - o, __VA_ARGS__); } while (0)
	buf[0] = '\0';
	if (abi < 2 && p->lpath[POLICY_LPATH_RENAME].n > 0)
		LL_SAY("rename (ABI 2; renames and links across directories "
		    "stay denied)");
	if (abi < 3)
		LL_SAY("%struncate (ABI 3; truncation is unrestricted)",
		    o ? ", " : "");
	if (abi < 4 && (p->lport[POLICY_LPORT_BIND].n > 0 ||
	    p->lport[POLICY_LPORT_CONNECT].n > 0))
		LL_SAY("%sbind and connect ports (ABI 4; TCP is unrestricted)",
		    o ? ", " : "");
	if (abi < 5 && p->lpath[POLICY_LPATH_IOCTL].n > 0)
		LL_SAY("%sioctl (ABI 5; device ioctls are unrestricted)",
		    o ? ", " : "");
	if (abi < 6)
		LL_SAY("%sscopes signal and abstract UNIX socket (ABI 6)",
		    o ? ", " : "");
#undef LL_SAY
	if (o == 0)
		return;
	rt_log_msg(RT_WARN, "confine", "landlock", "Landlock ABI %d: not "
	    "enforced, the kernel lacks them: %s", abi, buf);
}

/*
 * syd's own ruleset: the sandbox's, plus reading /proc (targets' status,
 * memory fallback, exe), reading what may be executed when force digests
 * must be taken of it, /dev/null for mask+ (what a masked path opens),
 * crypt/tmp, and removing its IPC socket at the end.
 */
static int
ll_self_extra(const struct policy *p, int rs, int abi)
{
	uint64_t rd = LL_READ;
	const struct policy_list *x = &p->lpath[POLICY_LPATH_EXEC];
	int r = ll_add_path(rs, "/proc", rd);

	for (size_t i = 0; r == 0 && policy_on(p, POLICY_FORCE) && i < x->n;
	    i++)
		r = ll_add_path(rs, x->v[i].pat, rd);
	if (r == 0 && p->mask.n > 0)
		r = ll_add_path(rs, "/dev/null", LL_READ_FILE | LL_WRITE_FILE);
	for (size_t i = 0; r == 0 && i < p->mask.n; i++) {
		if (p->mask.v[i].repl != NULL)
			r = ll_add_path(rs, p->mask.v[i].repl, rd);
		if (r == 0 && p->mask.v[i].repl_dir != NULL)
			r = ll_add_path(rs, p->mask.v[i].repl_dir, rd);
	}
	if (r == 0 && p->crypt_tmp != NULL)
		r = ll_add_path(rs, p->crypt_tmp,
		    ll_all(abi) & ~(LL_EXEC | LL_IOCTL_DEV));
	if (r == 0 && p->ipc != NULL && p->ipc[0] == '/') {
		char dir[4096], *slash;
		snprintf(dir, sizeof(dir), "%s", p->ipc);
		if ((slash = strrchr(dir, '/')) != NULL)
			slash[slash == dir] = '\0';
		r = ll_add_path(rs, dir, LL_REMOVE_FILE);
	}
	return r;
}

static int
ll_fill(const struct policy *p, int rs, int abi, bool self, uint64_t net,
    char *err, size_t errsz)
{
	int r = 0;

	for (int i = 0; r == 0 && i < POLICY_NLPATH; i++)
		if (ll_right(i, abi) != 0)
			r = ll_add_list(rs, &p->lpath[i], i, ll_right(i, abi),
			    err, errsz);
	if (r == 0 && (net & LL_NET_BIND))
		r = ll_add_ports(rs, &p->lport[POLICY_LPORT_BIND], LL_NET_BIND);
	if (r == 0 && (net & LL_NET_CONNECT))
		r = ll_add_ports(rs, &p->lport[POLICY_LPORT_CONNECT],
		    LL_NET_CONNECT);
	if (r == 0 && self)
		r = ll_self_extra(p, rs, abi);
	if (r < 0 && err[0] == '\0')
		snprintf(err, errsz, "sandbox/lock: cannot add a Landlock rule: "
		    "%s", strerror(-r));
	return r;
}

/* Landlock is missing: an error, unless default/lock asks for best effort
 * (allow, warn or filter), which is logged and goes on without it. */
static int
ll_missing(const struct policy *p, int abi, char *err, size_t errsz)
{
	uint8_t act = p->defact[POLICY_LOCK];

	if (act == POLICY_ALLOW || act == POLICY_WARN || act == POLICY_FILTER) {
		rt_log_msg(RT_WARN, "confine", "landlock", "sandbox/lock is NOT "
		    "enforced: Landlock is not available (%s); default/lock:%s "
		    "asked for best effort", strerror(-abi),
		    policy_act_name(act));
		return 0;
	}
	snprintf(err, errsz, "sandbox/lock: Landlock is not available on this "
	    "kernel (%s); default/lock:warn runs without it", strerror(-abi));
	return abi;
}

int
confine_landlock_ruleset(const struct policy *p, bool self, char *err,
    size_t errsz)
{
	int abi = confine_landlock_abi(), rs, r;
	struct ll_attr a = { 0 };
	size_t asz = sizeof(a);

	err[0] = '\0';
	if (!policy_on(p, POLICY_LOCK))
		return 0;
	if (abi < 0)
		return ll_missing(p, abi, err, errsz);
	ll_say = !self;
	a.fs = ll_fs(p, abi);
	a.net = ll_net(p, abi);
	if (abi >= 6)
		a.scoped = LL_SCOPE_ABSTRACT | LL_SCOPE_SIGNAL;
	/* Older kernels refuse an attr larger than they know unless the
	 * extra bytes are zero; say only what this ABI has. */
	asz = abi >= 6 ? sizeof(a) : abi >= 4 ? 16 : 8;
	rs = (int)sys_landlock_create_ruleset(&a, asz, 0);
	if (rs < 0) {
		snprintf(err, errsz, "sandbox/lock: landlock_create_ruleset: %s",
		    strerror(-rs));
		return rs;
	}
	if ((r = ll_fill(p, rs, abi, self, a.net, err, errsz)) < 0) {
		close(rs);
		return r;
	}
	if (!self)
		ll_log_downgrade(p, abi);
	if (!self)
		rt_log_msg(RT_INFO, "confine", "landlock", "Landlock ABI %d: "
		    "file rights 0x%llx, network 0x%llx, scopes 0x%llx%s", abi,
		    (unsigned long long)a.fs, (unsigned long long)a.net,
		    (unsigned long long)a.scoped, abi < 6 ? " (no scopes "
		    "before ABI 6: signals and abstract sockets unrestricted)"
		    : "");
	return rs;
}

int
confine_landlock_apply(int rs)
{
	return (int)sys_call2(SYS_landlock_restrict_self, rs, 0);
}

#else /* !SYD_WITH_LANDLOCK: main refuses sandbox/lock:on before these */

int
confine_landlock_ruleset(const struct policy *p, bool self, char *err,
    size_t errsz)
{
	if (!policy_on(p, POLICY_LOCK))
		return 0; /* none needed */
	snprintf(err, errsz, "sandbox/lock: built without Landlock support");
	return -EOPNOTSUPP;
}

int
confine_landlock_apply(int rs)
{
	return -EOPNOTSUPP;
}

#endif /* SYD_WITH_LANDLOCK */

/*
 * sandbox/lock for syd itself (DESIGN.md section 8), on the main thread
 * before the sandbox is forked: every syd thread inherits the domain, and
 * the sandbox's own ruleset nests inside it, which Landlock requires for
 * syd to keep tracing it and reading its memory. Landlock also forbids
 * mounting (and setns into a mount namespace), so when the sandbox needs
 * a mount tree of its own (CLONE_NEWNS in ns) syd's threads go without,
 * and say so. syd's private /proc is made before (proc.c).
 */
int
confine_landlock_self(const struct policy *pol, unsigned long ns, char *err,
    size_t errsz)
{
	int rs, r = 0;

	if (!policy_on(pol, POLICY_LOCK) || confine_landlock_abi() < 0)
		return 0;
	if (ns & CLONE_NEWNS) {
		rt_log_msg(RT_WARN, "confine", "landlock", "syd's own threads "
		    "are not landlocked: the sandbox's mount namespace needs "
		    "mount(2), which Landlock forbids (the sandbox itself is)");
		return 0;
	}
	if ((rs = confine_landlock_ruleset(pol, true, err, errsz)) < 0)
		return rs;
	if (sys_prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		r = -EPERM;
	else if (rs > 0)
		r = confine_landlock_apply(rs);
	if (rs > 0)
		close(rs);
	if (r < 0)
		snprintf(err, errsz, "sandbox/lock: cannot landlock syd: %s",
		    strerror(-r));
	return r;
}
