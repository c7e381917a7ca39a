/*
 * Lock sandboxing rules, by syd 3's Landlock category names:
 *   allow/lock/CAT[,CAT...]{+,-,^}/path
 *   allow/lock/{bind,connect}[,...]{+,-,^}PORT[-PORT][,PORT[-PORT]...]
 * CAT is one of the 17 categories of syd-lock(1) (read, write, exec,
 * ioctl, create, delete, rename, symlink, truncate, readdir, mkdir, rmdir,
 * mkbdev, mkcdev, mkfifo, bind, connect) or a set of them (all, rpath,
 * wpath, cpath, dpath, spath, tpath; mkdev, syd 3.35's name for mkbdev and
 * mkcdev). bind with a path is the right to make UNIX sockets beneath it.
 * Landlock grants access to a file hierarchy by an open directory or file,
 * not by pattern, so paths are literal; src/confine opens them when it
 * builds the ruleset.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

static const char *const lpath_names[POLICY_NLPATH] = { "read", "write",
	"exec", "ioctl", "create", "delete", "rename", "symlink", "truncate",
	"readdir", "mkdir", "rmdir", "mkbdev", "mkcdev", "mkfifo", "bind" };

/* Category bits: POLICY_LPATH_* for paths (BIND is bind either way),
 * CONNECT for allow/lock/connect. */
#define L_BIT(i) (1U << (i))
#define L_CONNECT L_BIT(POLICY_NLPATH)
#define L_ALL (L_BIT(POLICY_NLPATH) * 2 - 1)

static const struct {
	const char *name;
	uint32_t cats;
} lsets[] = {
	{ "all", L_ALL },
	{ "rpath", L_BIT(POLICY_LPATH_READ) | L_BIT(POLICY_LPATH_READDIR) },
	{ "wpath", L_BIT(POLICY_LPATH_WRITE) | L_BIT(POLICY_LPATH_TRUNCATE) },
	{ "cpath", L_BIT(POLICY_LPATH_CREATE) | L_BIT(POLICY_LPATH_DELETE) |
	    L_BIT(POLICY_LPATH_RENAME) },
	{ "dpath", L_BIT(POLICY_LPATH_MKBDEV) | L_BIT(POLICY_LPATH_MKCDEV) },
	{ "spath", L_BIT(POLICY_LPATH_MKFIFO) | L_BIT(POLICY_LPATH_SYMLINK) },
	{ "tpath", L_BIT(POLICY_LPATH_MKDIR) | L_BIT(POLICY_LPATH_RMDIR) },
	{ "mkdev", L_BIT(POLICY_LPATH_MKBDEV) | L_BIT(POLICY_LPATH_MKCDEV) },
};

const char *
policy_lpath_name(enum policy_lpath l)
{
	return (unsigned)l < POLICY_NLPATH ? lpath_names[l] : NULL;
}

/* One word to its category bits; 0 when unknown. */
static uint32_t
cat_word(const char *s, size_t n)
{
	for (int i = 0; i < POLICY_NLPATH; i++)
		if (strlen(lpath_names[i]) == n && !memcmp(lpath_names[i], s, n))
			return L_BIT(i);
	if (n == 7 && !memcmp(s, "connect", 7))
		return L_CONNECT;
	for (size_t i = 0; i < sizeof(lsets) / sizeof(lsets[0]); i++)
		if (strlen(lsets[i].name) == n && !memcmp(lsets[i].name, s, n))
			return lsets[i].cats;
	return 0;
}

/* "read,readdir" -> bits; *explicit: the words that named one category
 * (not a set), which must apply to the value. */
static int
cats_parse(struct policy_ctx *c, const char *s, size_t n, uint32_t *cats,
    uint32_t *explicit)
{
	size_t i, w;

	*cats = *explicit = 0;
	for (i = 0; i <= n; i += w + 1) {
		uint32_t m;
		for (w = 0; i + w < n && s[i + w] != ','; w++)
			;
		if (w == 0 || (m = cat_word(s + i, w)) == 0)
			return policy_fail(c, -EINVAL, "unknown Landlock category "
			    "`%.*s' (read, write, exec, ioctl, create, delete, "
			    "rename, symlink, truncate, readdir, mkdir, rmdir, "
			    "mkbdev, mkcdev, mkfifo, bind, connect; sets all, "
			    "rpath, wpath, cpath, dpath, spath, tpath, mkdev)",
			    (int)w, s + i);
		*cats |= m;
		if ((m & (m - 1)) == 0)
			*explicit |= m;
	}
	return 0;
}

static bool
port_eq(const struct policy_rule *a, const struct policy_rule *b)
{
	return a->port_lo == b->port_lo && a->port_hi == b->port_hi;
}

/* Add (+) or remove (-: the last, ^: all) one rule r of list l. */
static int
list_op(struct policy_ctx *c, struct policy_list *l, char op,
    struct policy_rule *r, bool port)
{
	if (op != '+') {
		policy_list_remove(l, r, op == '^',
		    port ? port_eq : policy_rule_eq);
		return 0;
	}
	if ((r->pat = policy_strdup(c, r->pat)) == NULL)
		return -ENOMEM;
	if (policy_list_push(l, r) < 0) {
		rt_free(r->pat);
		return policy_fail(c, -ENOMEM, "out of memory");
	}
	return 0;
}

/* PORT[-PORT][,PORT[-PORT]...]: each range checked before any is used. */
static int
ports_cmd(struct policy_ctx *c, uint32_t cats, char op, const char *val)
{
	char buf[16];
	const char *p, *e;
	int pass, rc;

	for (pass = 0; pass < 2; pass++) {
		for (p = val;; p = e + 1) {
			struct policy_rule r;
			size_t w;
			if ((e = strchr(p, ',')) == NULL)
				e = p + strlen(p);
			w = (size_t)(e - p);
			memset(&r, 0, sizeof(r));
			r.act = POLICY_ALLOW;
			if (w == 0 || w >= sizeof(buf))
				goto bad;
			memcpy(buf, p, w);
			buf[w] = '\0';
			if (policy_ports_parse(buf, &r.port_lo, &r.port_hi) < 0)
				goto bad;
			r.pat = buf;
			if (pass == 1 && (cats & L_BIT(POLICY_LPATH_BIND)) &&
			    (rc = list_op(c, &c->p->lport[POLICY_LPORT_BIND], op,
			    &r, true)) < 0)
				return rc;
			if (pass == 1 && (cats & L_CONNECT) &&
			    (rc = list_op(c, &c->p->lport[POLICY_LPORT_CONNECT],
			    op, &r, true)) < 0)
				return rc;
			if (*e == '\0')
				break;
		}
	}
	return 0;
bad:
	return policy_fail(c, -EINVAL, "lock: `%s' is not a port, a PORT-PORT "
	    "range or a comma list of them", val);
}

int
policy_landlock_cmd(struct policy_ctx *c, const char *what, size_t n,
    char op, const char *val)
{
	uint32_t cats, expl;
	int rc;

	if ((rc = cats_parse(c, what, n, &cats, &expl)) < 0)
		return rc;
	if (op != '+' && op != '-' && op != '^')
		return policy_fail(c, -EINVAL, "expected +, - or ^ after "
		    "allow/lock/%.*s", (int)n, what);
	if (val[0] >= '0' && val[0] <= '9') {
		/* Ports: only bind and connect take them. */
		if (expl & ~(L_BIT(POLICY_LPATH_BIND) | L_CONNECT))
			return policy_fail(c, -EINVAL, "lock: `%s': only bind "
			    "and connect take ports", val);
		cats &= L_BIT(POLICY_LPATH_BIND) | L_CONNECT;
		return ports_cmd(c, cats, op, val);
	}
	if (val[0] != '/')
		return policy_fail(c, -EINVAL, "lock: `%s' is not an absolute "
		    "path or a port", val);
	if (strpbrk(val, "*?[{") != NULL)
		return policy_fail(c, -EINVAL, "lock: `%s': Landlock paths are "
		    "literal, no globs", val);
	if (expl & L_CONNECT)
		return policy_fail(c, -EINVAL, "lock: `%s': connect takes "
		    "ports (Landlock restricts TCP connects by port only)", val);
	for (int i = 0; i < POLICY_NLPATH; i++) {
		struct policy_rule r;
		if (!(cats & L_BIT(i)))
			continue;
		memset(&r, 0, sizeof(r));
		r.act = POLICY_ALLOW;
		r.pat = (char *)val;
		if ((rc = list_op(c, &c->p->lpath[i], op, &r, false)) < 0)
			return rc;
	}
	return 0;
}
