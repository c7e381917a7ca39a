/* worker-safe */
/*
 * Acting as the target. When syd runs as root, the emulator switches its
 * own filesystem ids and groups to the target's before it resolves or
 * opens anything, so permission checks are the target's: a sandboxed
 * uid 65534 gets EACCES for /etc/shadow from the kernel, not from syd's
 * root privileges. The raw syscalls change only this thread's credentials
 * (musl's wrappers would broadcast them to every thread). Changing fsuid
 * away from 0 drops the filesystem capabilities, back to 0 restores them.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "kernel/kernel_int.h"

#define CREDS_NGROUPS 64

struct creds {
	int ruid, fsuid, rgid, fsgid, umask;
	unsigned ngroups;
	unsigned groups[CREDS_NGROUPS];
};

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
creds_groups(const char *buf, struct creds *c)
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
		if (c->ngroups < CREDS_NGROUPS)
			c->groups[c->ngroups++] = (unsigned)path_atoi(s);
		while (*s >= '0' && *s <= '9')
			s++;
	}
}

static int
creds_read(int tid, struct creds *c)
{
	char p[64], buf[2048];
	long n;
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/status", tid);
	if ((fd = sys_openat(AT_FDCWD, p, O_RDONLY, 0)) < 0)
		return fd;
	n = sys_read(fd, buf, sizeof(buf) - 1);
	sys_close(fd);
	if (n <= 0)
		return n < 0 ? (int)n : -ESRCH;
	buf[n] = '\0';
	c->umask = creds_field(buf, "\nUmask:", 0);
	c->ruid = creds_field(buf, "\nUid:", 0);
	c->fsuid = creds_field(buf, "\nUid:", 3);
	c->rgid = creds_field(buf, "\nGid:", 0);
	c->fsgid = creds_field(buf, "\nGid:", 3);
	creds_groups(buf, c);
	if (c->ruid < 0 || c->fsuid < 0 || c->rgid < 0 || c->fsgid < 0)
		return -ESRCH;
	if (c->umask >= 0) /* octal, read as decimal digits */
		c->umask = (c->umask / 100 % 10) << 6 |
		    (c->umask / 10 % 10) << 3 | (c->umask % 10);
	return 0;
}

static uint64_t
creds_hash(const struct creds *c)
{
	uint64_t h = 1469598103934665603ULL ^ c->ngroups;

	for (unsigned i = 0; i < c->ngroups; i++)
		h = (h ^ c->groups[i]) * 1099511628211ULL;
	return h;
}

static int
creds_apply(struct emu *e, int uid, int gid, const struct creds *c)
{
	uint64_t h = creds_hash(c);

	if (h != e->cred_groups_hash || e->cred_gid != gid) {
		if (sys_call2(SYS_setgroups, c->ngroups, c->groups) < 0)
			return -EPERM;
		e->cred_groups_hash = h;
	}
	if (e->cred_gid != gid) {
		sys_call1(SYS_setfsgid, gid);
		if (sys_call1(SYS_setfsgid, -1) != gid)
			return -EPERM;
		e->cred_gid = gid;
	}
	if (e->cred_uid != uid) {
		sys_call1(SYS_setfsuid, uid);
		if (sys_call1(SYS_setfsuid, -1) != uid)
			return -EPERM;
		e->cred_uid = uid;
	}
	return 0;
}

int
kernel_creds(struct emu *e, bool real, bool umask)
{
	struct creds c;
	int r;

	/* Unprivileged, syd's ids are the target's (no_new_privs keeps it
	 * so): only the umask may be needed. */
	if (!e->pool->root && !umask)
		return 0;
	if ((r = creds_read((int)e->req.pid, &c)) < 0)
		return r;
	if (!e->pool->root)
		return c.umask >= 0 ? c.umask : 0022;
	r = creds_apply(e, real ? c.ruid : c.fsuid, real ? c.rgid : c.fsgid,
	    &c);
	if (r < 0)
		return r;
	return c.umask >= 0 ? c.umask : 0022;
}
