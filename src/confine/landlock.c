/* main thread only (confine_landlock_apply: async-signal-safe, raw calls) */
/*
 * Lock sandboxing: the allow/lock/... rules as a Landlock ruleset. Built
 * once on the main thread (it opens the paths); the sandbox child and syd
 * itself each restrict themselves with one.
 *
 * Best effort by ABI: rights the running kernel does not know are left
 * out and logged, never guessed. Rights by ABI: 1 the file-system basics,
 * 2 REFER (linking/renaming across directories), 3 TRUNCATE, 4 TCP bind
 * and connect ports, 6 scopes (abstract UNIX sockets, signals).
 * IOCTL_DEV (ABI 5) is not handled: ioctl is its own category here.
 */
#include <errno.h>
#include <fcntl.h>
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
#define LL_NET_BIND 1ULL	 /* ABI 4 */
#define LL_NET_CONNECT 2ULL
#define LL_SCOPE_ABSTRACT 1ULL /* ABI 6 */
#define LL_SCOPE_SIGNAL 2ULL

/* Rights that make sense on a file rather than a directory. */
#define LL_FILE_RIGHTS (LL_EXEC | LL_WRITE_FILE | LL_READ_FILE | LL_TRUNCATE)

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

/* What allow/lock/{read,write,exec} grant, for this ABI. */
static uint64_t
ll_rights(int which, int abi)
{
	uint64_t w = LL_WRITE_FILE | LL_REMOVE_DIR | LL_REMOVE_FILE |
	    LL_MAKE_CHAR | LL_MAKE_DIR | LL_MAKE_REG | LL_MAKE_SOCK |
	    LL_MAKE_FIFO | LL_MAKE_BLOCK | LL_MAKE_SYM;

	if (abi >= 2)
		w |= LL_REFER;
	if (abi >= 3)
		w |= LL_TRUNCATE;
	switch (which) {
	case POLICY_LPATH_READ: return LL_READ_FILE | LL_READ_DIR;
	case POLICY_LPATH_WRITE: return w;
	default: return LL_EXEC;
	}
}

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
		rt_log_msg(RT_INFO, "confine", "landlock", "%s: %s: skipped",
		    path, strerror(errno));
		return 0;
	}
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		rights &= LL_FILE_RIGHTS;
	a.allowed = rights;
	a.fd = fd;
	if (rights != 0)
		r = (int)sys_landlock_add_rule(rs, LL_RULE_PATH, &a, 0);
	close(fd);
	return r;
}

static int
ll_add_list(int rs, const struct policy_list *l, uint64_t rights, char *err,
    size_t errsz)
{
	for (size_t i = 0; i < l->n; i++) {
		int r = ll_add_path(rs, l->v[i].pat, rights);
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
	if (net != 0 && abi < 4) {
		rt_log_msg(RT_WARN, "confine", "landlock", "allow/lock/bind and "
		    "allow/lock/connect are not enforced: Landlock ABI %d has "
		    "no network rights (needs 4, Linux 6.7)", abi);
		net = 0;
	}
	return net;
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
	uint64_t rd = ll_rights(POLICY_LPATH_READ, abi);
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
		    rd | ll_rights(POLICY_LPATH_WRITE, abi));
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
		r = ll_add_list(rs, &p->lpath[i], ll_rights(i, abi), err, errsz);
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
	a.fs = ll_rights(POLICY_LPATH_READ, abi) |
	    ll_rights(POLICY_LPATH_WRITE, abi) | LL_EXEC;
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
