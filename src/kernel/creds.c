/* worker-safe */
/*
 * Acting as the target. When syd runs as root, the emulator switches its
 * own filesystem ids, groups and effective capabilities to the target's
 * before it resolves or opens anything, so permission checks are the
 * target's: a sandboxed uid 65534 gets EACCES for /etc/shadow from the
 * kernel, not from syd's root privileges, and a root target that dropped
 * CAP_DAC_OVERRIDE does not get it back through syd. The raw syscalls
 * change only this thread's credentials (musl's wrappers would broadcast
 * them to every thread).
 *
 * Reading /proc/TID/status is the costliest part of a notification, so
 * what it says is cached per target thread, in each emulator and in one
 * table they share, until the pool's cred_gen moves: a thread's credentials change only through its own
 * set*id/capset calls (notified, they bump it before they run) and a tid
 * is only reused by a new task, whose ptrace creation stop bumps it before
 * the task runs. The umask is shared between threads and changes without
 * notice: it is read fresh whenever a file is created.
 */
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kernel_int.h"

/* The n-th number after key (0-based) in a status line. */
static int
creds_field(const char *buf, const char *key, int n)
{
	const char *s = strstr(buf, key);

	if (s == NULL)
		return -EINVAL;
	s += strlen(key);
	for (; n > 0; n--) {
		while (*s == ' ' || *s == '\t')
			s++;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return path_atoi(s);
}

static void
creds_groups(const char *buf, struct kernel_cred *c)
{
	const char *s = strstr(buf, "\nGroups:");

	c->ngroups = 0;
	if (s == NULL)
		return;
	for (s += 8; *s != '\n' && *s != '\0';) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s < '0' || *s > '9')
			break;
		if (c->ngroups < KERNEL_NGROUPS)
			c->groups[c->ngroups++] = (unsigned)path_atoi(s);
		while (*s >= '0' && *s <= '9')
			s++;
	}
}

/* The answer of creds_same_userns for every target while none can
 * have moved (sandbox.h, userns_moved): -1 until a target was compared. */
static int creds_userns_all = -1;

/*
 * Capabilities a target holds in a user namespace of its own mean nothing
 * outside it: mirror them only when it shares syd's user namespace.
 */
static bool
creds_same_userns(struct emu *e, int tid)
{
	bool fixed = !__atomic_load_n(&e->sb->userns_moved, __ATOMIC_ACQUIRE);
	int all = __atomic_load_n(&creds_userns_all, __ATOMIC_RELAXED);
	char p[64], theirs[64];
	bool same;
	long b;

	if (fixed && all >= 0)
		return all == 1;
	if (e->userns_len <= 0)
		e->userns_len = sys_readlinkat(AT_FDCWD,
		    "/proc/thread-self/ns/user", e->userns, sizeof(e->userns));
	snprintf(p, sizeof(p), "/proc/%d/ns/user", tid);
	b = sys_readlinkat(AT_FDCWD, p, theirs, sizeof(theirs));
	same = e->userns_len > 0 && e->userns_len == b &&
	    memcmp(e->userns, theirs, (size_t)b) == 0;
	if (fixed && b > 0 && e->userns_len > 0)
		__atomic_store_n(&creds_userns_all, same, __ATOMIC_RELAXED);
	return same;
}

static int
creds_read(struct emu *e, int tid, struct kernel_cred *c)
{
	char buf[2048];
	int r = sys_proc_status(tid, buf, sizeof(buf));

	if (r < 0)
		return r;
	c->ruid = creds_field(buf, "\nUid:", 0);
	c->fsuid = creds_field(buf, "\nUid:", 3);
	c->rgid = creds_field(buf, "\nGid:", 0);
	c->fsgid = creds_field(buf, "\nGid:", 3);
	c->euid = creds_field(buf, "\nUid:", 1);
	c->egid = creds_field(buf, "\nGid:", 1);
	c->suid = creds_field(buf, "\nUid:", 2);
	c->sgid = creds_field(buf, "\nGid:", 2);
	if (creds_same_userns(e, tid)) {
		c->cap_eff = path_status_hex(buf, "\nCapEff:");
		c->cap_prm = path_status_hex(buf, "\nCapPrm:");
	} else {
		c->cap_eff = c->cap_prm = 0;
	}
	creds_groups(buf, c);
	if (c->ruid < 0 || c->fsuid < 0 || c->rgid < 0 || c->fsgid < 0 ||
	    c->euid < 0 || c->egid < 0 || c->suid < 0 || c->sgid < 0)
		return -ESRCH;
	return 0;
}

/*
 * What one emulator read, the others find too: a new task's first calls
 * are spread over the emulators, and each would read its status again.
 * One entry per slot behind a sequence count (odd while written; a
 * writer that finds it odd leaves the entry alone, a reader that sees it
 * move reads /proc instead), copied a word at a time with atomics.
 */
static struct {
	unsigned seq;
	uint64_t w[sizeof(struct kernel_cred) / 8];
} creds_shared[KERNEL_CRED_CACHE];

_Static_assert(sizeof(struct kernel_cred) % 8 == 0, "whole words");

static bool
creds_shared_get(int tid, int gen, struct kernel_cred *out)
{
	unsigned i = (unsigned)tid % KERNEL_CRED_CACHE, a;
	uint64_t w[sizeof(struct kernel_cred) / 8];

	a = __atomic_load_n(&creds_shared[i].seq, __ATOMIC_ACQUIRE);
	if (a & 1)
		return false;
	for (size_t k = 0; k < sizeof(w) / 8; k++)
		w[k] = __atomic_load_n(&creds_shared[i].w[k], __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (__atomic_load_n(&creds_shared[i].seq, __ATOMIC_RELAXED) != a)
		return false;
	memcpy(out, w, sizeof(*out));
	return out->tid == tid && out->gen == gen;
}

static void
creds_shared_put(const struct kernel_cred *c)
{
	unsigned i = (unsigned)c->tid % KERNEL_CRED_CACHE;
	unsigned a = __atomic_load_n(&creds_shared[i].seq, __ATOMIC_RELAXED);
	uint64_t w[sizeof(struct kernel_cred) / 8];

	if ((a & 1) || !__atomic_compare_exchange_n(&creds_shared[i].seq, &a,
	    a + 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	/* The odd count before any word (a reader that sees a new word
	 * sees the count move). */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	memcpy(w, c, sizeof(w));
	for (size_t k = 0; k < sizeof(w) / 8; k++)
		__atomic_store_n(&creds_shared[i].w[k], w[k], __ATOMIC_RELAXED);
	__atomic_store_n(&creds_shared[i].seq, a + 2, __ATOMIC_RELEASE);
}

/*
 * The gen is taken before /proc is read: a change announced meanwhile
 * (cred_gen moved) leaves the entry stale for the next look-up, never
 * fresh with old ids.
 */
static const struct kernel_cred *
creds_get(struct emu *e)
{
	int tid = (int)e->req.pid;
	int gen = __atomic_load_n(&e->sb->cred_gen, __ATOMIC_ACQUIRE);
	struct kernel_cred *c = &e->cache[(unsigned)tid % KERNEL_CRED_CACHE];

	if (c->tid == tid && c->gen == gen)
		return c;
	if (creds_shared_get(tid, gen, c))
		return c;
	c->tid = 0;
	if (creds_read(e, tid, c) < 0)
		return NULL;
	c->tid = tid;
	c->gen = gen;
	creds_shared_put(c);
	return c;
}

static uint64_t
creds_hash(const struct kernel_cred *c)
{
	uint64_t h = 1469598103934665603ULL ^ c->ngroups;

	for (unsigned i = 0; i < c->ngroups; i++)
		h = (h ^ c->groups[i]) * 1099511628211ULL;
	return h;
}

/*
 * What syd keeps of its own while it acts as a target: CAP_SYS_PTRACE,
 * for its own look-ups about the target (process_vm_readv, pidfd_getfd,
 * /proc/PID/cwd and root), whose ptrace access checks are not the
 * target's business. Every other capability is the target's: a performed
 * bind(2) to port 80, a trusted.* xattr or a lease gets no more than the
 * target would.
 */
#define CREDS_OWN_CAPS (1ULL << CAP_SYS_PTRACE)

/* Effective capabilities of this thread: eff (the target's) within what
 * syd has, and syd's own look-up ones. */
static int
creds_caps(struct emu *e, uint64_t eff)
{
	uint64_t perm, want;

	if (sys_caps_get(NULL, &perm) < 0)
		return -EPERM;
	want = (eff | CREDS_OWN_CAPS) & perm;
	if (sys_caps_set_effective(want) < 0)
		return -EPERM;
	e->cred_caps = eff;
	return 0;
}

static int
creds_apply(struct emu *e, int uid, int gid, uint64_t caps,
    const struct kernel_cred *c)
{
	uint64_t h = creds_hash(c);

	if (h == e->cred_groups_hash && gid == e->cred_gid &&
	    uid == e->cred_uid && caps == e->cred_caps)
		return 0;
	/* Changing ids needs CAP_SETUID/CAP_SETGID: take back our own
	 * effective set first (a previous target may have had none). */
	if (e->cred_caps != ~0ULL && creds_caps(e, ~0ULL) < 0)
		return -EPERM;
	if (h != e->cred_groups_hash) {
		if (sys_call2(SYS_setgroups, c->ngroups, c->groups) < 0)
			return -EPERM;
		e->cred_groups_hash = h;
	}
	if (e->cred_gid != gid) {
		sys_setfsgid(gid);
		if (sys_setfsgid(-1) != gid)
			return -EPERM;
		e->cred_gid = gid;
	}
	if (e->cred_uid != uid) {
		sys_setfsuid(uid);
		if (sys_setfsuid(-1) != uid)
			return -EPERM;
		e->cred_uid = uid;
	}
	/* setfsuid adjusts the filesystem capabilities: set them last. */
	return creds_caps(e, caps);
}

static int
creds_umask(struct emu *e)
{
	char buf[2048];
	int r = sys_proc_status((int)e->req.pid, buf, sizeof(buf)), u;

	if (r < 0)
		return r;
	u = creds_field(buf, "\nUmask:", 0);
	if (u < 0)
		return 0022;
	/* octal digits read as decimal */
	return (u / 100 % 10) << 6 | (u / 10 % 10) << 3 | (u % 10);
}

int
kernel_creds(struct emu *e, bool real)
{
	const struct kernel_cred *c;

	/* Unprivileged, syd's ids are the target's (no_new_privs keeps it
	 * so). */
	if (!e->sb->root)
		return 0;
	if ((c = creds_get(e)) == NULL)
		return -ESRCH;
	/* access(2) without AT_EACCESS: the real ids, and the capabilities
	 * the kernel gives them (all permitted ones for a real uid 0, none
	 * otherwise), not the effective set. */
	if (real)
		return creds_apply(e, c->ruid, c->rgid,
		    c->ruid == 0 ? c->cap_prm : 0, c);
	return creds_apply(e, c->fsuid, c->fsgid, c->cap_eff, c);
}

/*
 * A UNIX connect records the effective ids of whoever makes it, which the
 * peer reads (SO_PEERCRED): made by root syd, a sandboxed uid 65534 would
 * pass for root. As root, this thread takes the target's effective uid
 * and gid for the call (ruid and suid stay 0: kernel_creds_eid_end takes
 * them back). 1 when switched, 0 when there is nothing to do, or -errno.
 */
int
kernel_creds_eid(struct emu *e)
{
	const struct kernel_cred *c;

	if (!e->sb->root)
		return 0;
	if ((c = creds_get(e)) == NULL)
		return -ESRCH;
	if (c->euid == 0 && c->egid == 0)
		return 0;
	/* CAP_SETGID for any egid: our own effective set first. */
	if (e->cred_caps != ~0ULL && creds_caps(e, ~0ULL) < 0)
		return -EPERM;
	/* From here the cached fsids and caps no longer hold. */
	e->cred_uid = e->cred_gid = -1;
	if (sys_call3(SYS_setresgid, -1, c->egid, -1) < 0 ||
	    sys_call3(SYS_setresuid, -1, c->euid, -1) < 0) {
		kernel_creds_eid_end(e);
		return -EPERM;
	}
	/* The rest as kernel_creds sets it: fsids (they followed the
	 * effective ids) and the target's capabilities. The effective
	 * uid's change cleared our effective set (the permitted one stays:
	 * real and saved uid are 0): back for CAP_SETUID, CAP_SETGID, as
	 * an fsid may be none of the new ids. */
	if (creds_caps(e, ~0ULL) < 0) {
		kernel_creds_eid_end(e);
		return -EPERM;
	}
	sys_setfsgid(c->fsgid);
	sys_setfsuid(c->fsuid);
	if (sys_setfsuid(-1) != c->fsuid || sys_setfsgid(-1) != c->fsgid ||
	    creds_caps(e, c->cap_eff) < 0) {
		kernel_creds_eid_end(e);
		return -EPERM;
	}
	return 1;
}

/* Back to euid and egid 0 (allowed: the real ids are 0), which gives the
 * effective capabilities back; the fsids followed: set anew next call. */
void
kernel_creds_eid_end(struct emu *e)
{
	sys_call3(SYS_setresuid, -1, 0, -1);
	sys_call3(SYS_setresgid, -1, 0, -1);
	e->cred_uid = e->cred_gid = -1;
	e->cred_caps = ~0ULL;
}

/*
 * SCM_CREDENTIALS the target attaches to a message syd sends for it: the
 * kernel checks them against syd's thread (a root syd's ids and, at
 * least, CAP_SYS_PTRACE), so check them against the target first, as the
 * kernel would (__scm_creds check): its own pid unless CAP_SYS_ADMIN, one
 * of its uids (real, effective or saved) unless CAP_SETUID, one of its
 * gids unless CAP_SETGID. 0 or -EPERM.
 */
int
kernel_creds_scm(struct emu *e, int pid, unsigned uid, unsigned gid)
{
	const struct kernel_cred *c = NULL;
	uint64_t caps = 0;

	if (e->tgid <= 0)
		e->tgid = path_tgid((int)e->req.pid);
	if (e->sb->root) {
		if ((c = creds_get(e)) == NULL)
			return -EPERM;
		caps = c->cap_eff;
	}
	if (pid != e->tgid && !(caps & (1ULL << CAP_SYS_ADMIN)))
		return -EPERM;
	if (c == NULL)
		return 0; /* unprivileged syd: the kernel checks its own ids */
	if (uid != (unsigned)c->ruid && uid != (unsigned)c->euid &&
	    uid != (unsigned)c->suid && !(caps & (1ULL << CAP_SETUID)))
		return -EPERM;
	if (gid != (unsigned)c->rgid && gid != (unsigned)c->egid &&
	    gid != (unsigned)c->sgid && !(caps & (1ULL << CAP_SETGID)))
		return -EPERM;
	return 0;
}

int
kernel_umask(struct emu *e)
{
	int m = creds_umask(e);

	if (m < 0)
		return m;
	sys_call1(SYS_umask, m);
	return 0;
}

int
kernel_creds_msg(struct emu *e, int *pid, unsigned *uid, unsigned *gid)
{
	const struct kernel_cred *c;

	if (e->tgid <= 0)
		e->tgid = path_tgid((int)e->req.pid);
	if (e->tgid <= 0 || (c = creds_get(e)) == NULL)
		return -ESRCH;
	*pid = e->tgid;
	*uid = (unsigned)c->ruid;
	*gid = (unsigned)c->rgid;
	return 0;
}
