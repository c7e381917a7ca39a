/*
 * Settings of the sandbox's environment, applied by src/confine before the
 * command runs: namespaces (unshare/), bind mounts, root, hostname and
 * resource limits.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include "policy/internal.h"
#include "rt/rt.h"


#define HOST_NAME_MAX_ 64 /* the kernel's __NEW_UTS_LEN */

struct flag {
	const char *name;
	unsigned long bit;
};

static const struct flag ns_flags[] = {
	{ "user", CLONE_NEWUSER }, { "mount", CLONE_NEWNS },
	{ "pid", CLONE_NEWPID }, { "net", CLONE_NEWNET },
	{ "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
	{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
	{ NULL, 0 },
};

static const struct flag mount_flags[] = {
	{ "ro", MS_RDONLY }, { "nodev", MS_NODEV }, { "noexec", MS_NOEXEC },
	{ "nosuid", MS_NOSUID }, { "nosymfollow", MS_NOSYMFOLLOW },
	{ "noatime", MS_NOATIME }, { "nodiratime", MS_NODIRATIME },
	{ "relatime", MS_RELATIME }, { "strictatime", MS_STRICTATIME },
	{ NULL, 0 },
};

static const struct flag rlimits[] = {
	{ "as", RLIMIT_AS }, { "core", RLIMIT_CORE }, { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA }, { "fsize", RLIMIT_FSIZE },
	{ "locks", RLIMIT_LOCKS }, { "memlock", RLIMIT_MEMLOCK },
	{ "msgqueue", RLIMIT_MSGQUEUE }, { "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE }, { "nproc", RLIMIT_NPROC },
	{ "rss", RLIMIT_RSS }, { "rtprio", RLIMIT_RTPRIO },
	{ "rttime", RLIMIT_RTTIME }, { "sigpending", RLIMIT_SIGPENDING },
	{ "stack", RLIMIT_STACK }, { NULL, 0 },
};

/* "a,b,c" (n bytes) -> the OR of the table's bits; -EINVAL at a stranger. */
static int
flags_parse(const struct flag *t, const char *s, size_t n,
    unsigned long *bits, size_t *bad)
{
	size_t i, w, k;

	*bits = 0;
	for (i = 0; i <= n; i += w + 1) {
		w = strcspn(s + i, ",");
		if (i + w > n)
			w = n - i;
		for (k = 0; t[k].name != NULL; k++)
			if (strlen(t[k].name) == w && !memcmp(t[k].name, s + i, w))
				break;
		if (t[k].name == NULL) {
			*bad = i;
			return -EINVAL;
		}
		*bits |= t[k].bit;
	}
	return 0;
}

/* unshare/NS[,NS...]:BOOL */
POLICY_SETTER(policy_set_unshare)
{
	const char *names = key + strlen("unshare/");
	unsigned long bits;
	size_t bad;
	bool on;
	int rc;

	if (flags_parse(ns_flags, names, strlen(names), &bits, &bad) < 0)
		return policy_fail(c, -EINVAL, "unknown namespace `%.*s' (user, "
		    "mount, pid, net, uts, ipc, cgroup, time)",
		    (int)strcspn(names + bad, ","), names + bad);
	if ((rc = policy_bool_parse(c, key, val, &on)) < 0)
		return rc;
	if (on)
		c->p->unshare |= (uint32_t)bits;
	else
		c->p->unshare &= ~(uint32_t)bits;
	return 0;
}

/* "SRC:DST[:OPTS]" into b, pointing into buf. */
static int
bind_parse(struct policy_ctx *c, char *buf, struct policy_bind *b)
{
	char *dst = strchr(buf, ':'), *opts;
	size_t bad;

	if (dst == NULL)
		return policy_fail(c, -EINVAL, "bind: expected SRC:DST[:OPTS]");
	*dst++ = '\0';
	if ((opts = strchr(dst, ':')) != NULL)
		*opts++ = '\0';
	if (buf[0] != '/' && strcmp(buf, "tmpfs") != 0)
		return policy_fail(c, -EINVAL, "bind: source `%s' is neither "
		    "tmpfs nor an absolute path", buf);
	if (dst[0] != '/')
		return policy_fail(c, -EINVAL, "bind: target `%s' is not an "
		    "absolute path", dst);
	b->src = buf;
	b->dst = dst;
	b->flags = 0;
	if (opts != NULL && flags_parse(mount_flags, opts, strlen(opts),
	    &b->flags, &bad) < 0)
		return policy_fail(c, -EINVAL, "bind: unknown option `%.*s' (ro, "
		    "nodev, noexec, nosuid, nosymfollow, noatime, nodiratime, "
		    "relatime, strictatime)",
		    (int)strcspn(opts + bad, ","), opts + bad);
	return 0;
}

static void
bind_remove(struct policy *p, const struct policy_bind *key, bool all)
{
	struct policy_bind *b;

	for (size_t i = p->nbind; i-- > 0;) {
		b = &p->bind[i];
		if (strcmp(b->src, key->src) || strcmp(b->dst, key->dst) ||
		    b->flags != key->flags)
			continue;
		rt_free(b->src);
		rt_free(b->dst);
		memmove(b, b + 1, (p->nbind - i - 1) * sizeof(*b));
		p->nbind--;
		if (!all)
			return;
	}
}

static int
bind_add(struct policy_ctx *c, const struct policy_bind *key)
{
	struct policy *p = c->p;
	struct policy_bind b = { .flags = key->flags };

	if (policy_grow((void **)&p->bind, &p->bindcap, p->nbind,
	    sizeof(b)) < 0)
		return policy_fail(c, -ENOMEM, "out of memory");
	b.src = policy_strdup(c, key->src);
	b.dst = policy_strdup(c, key->dst);
	if (b.src == NULL || b.dst == NULL) {
		rt_free(b.src);
		rt_free(b.dst);
		return -ENOMEM;
	}
	p->bind[p->nbind++] = b;
	return 0;
}

/* bind+SRC:DST[:OPTS], bind-... removes the last equal one, bind^ all. */
POLICY_SETTER(policy_set_bind)
{
	char buf[POLICY_CMD_MAX + 1];
	struct policy_bind b;
	int rc;

	if (strlen(val) >= sizeof(buf))
		return policy_fail(c, -EINVAL, "bind: too long");
	strcpy(buf, val);
	if ((rc = bind_parse(c, buf, &b)) < 0)
		return rc;
	if (op == '+')
		return bind_add(c, &b);
	bind_remove(c->p, &b, op == '^');
	return 0;
}

static int
set_str(struct policy_ctx *c, char **slot, const char *val)
{
	char *s = policy_strdup(c, val);

	if (s == NULL)
		return -ENOMEM;
	rt_free(*slot);
	*slot = s;
	return 0;
}

POLICY_SETTER(policy_set_root)
{
	if (val[0] != '/')
		return policy_fail(c, -EINVAL, "root: `%s' is not an absolute "
		    "path", val);
	return set_str(c, &c->p->root, val);
}

POLICY_SETTER(policy_set_hostname)
{
	size_t n = strlen(val);

	if (n > HOST_NAME_MAX_ || strspn(val, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") != n)
		return policy_fail(c, -EINVAL, "name/host: `%s' is not a host "
		    "name (letters, digits, - and ., at most %d)", val,
		    HOST_NAME_MAX_);
	return set_str(c, &c->p->hostname, val);
}

/* A limit: "inf" is RLIM_INFINITY, "none" leaves the inherited limit;
 * cpu takes a duration (seconds), the others a number or size. */
static int
rlimit_value(const char *res, const char *val, uint64_t *v, bool *set)
{
	int64_t ms;
	int rc;

	*set = true;
	if (!strcmp(val, "inf") || !strcmp(val, "infinity") ||
	    !strcmp(val, "unlimited")) {
		*v = POLICY_RLIM_INF;
		return 0;
	}
	if (!strcmp(val, "none") || !strcmp(val, "off")) {
		*set = false;
		return 0;
	}
	if (strcmp(res, "cpu") != 0)
		return policy_size(val, v);
	if ((rc = policy_duration(val, &ms)) < 0)
		return rc;
	*v = (uint64_t)ms / 1000;
	return 0;
}

/* rlimit/RES:VALUE */
POLICY_SETTER(policy_set_rlimit)
{
	const char *res = key + strlen("rlimit/");
	unsigned long r;
	size_t bad;
	uint64_t v = 0;
	bool set;

	if (strchr(res, ',') != NULL ||
	    flags_parse(rlimits, res, strlen(res), &r, &bad) < 0)
		return policy_fail(c, -EINVAL, "unknown resource `%s' (as core "
		    "cpu data fsize memlock nofile nproc stack ...)", res);
	if (rlimit_value(res, val, &v, &set) < 0)
		return policy_fail(c, -EINVAL, "%s: `%s' is not a limit (a "
		    "number, 64k, 1G, inf or none)", key, val);
	c->p->rlimit[r] = v;
	if (set)
		c->p->rlimit_set |= UINT32_C(1) << r;
	else
		c->p->rlimit_set &= ~(UINT32_C(1) << r);
	return 0;
}
