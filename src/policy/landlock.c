/*
 * Lock sandboxing rules: allow/lock/{read,write,exec}+/path and
 * allow/lock/{bind,connect}+PORT[-PORT]. Landlock grants access to a file
 * hierarchy by an open directory or file, not by pattern, so paths are
 * literal; src/confine opens them when it builds the ruleset.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

static const char *const lpath_names[POLICY_NLPATH] = { "read", "write",
	"exec" };
static const char *const lport_names[POLICY_NLPORT] = { "bind", "connect" };

static int
name_find(const char *const *t, int nt, const char *s, size_t n)
{
	for (int i = 0; i < nt; i++)
		if (strlen(t[i]) == n && !memcmp(t[i], s, n))
			return i;
	return -1;
}

static bool
port_eq(const struct policy_rule *a, const struct policy_rule *b)
{
	return a->port_lo == b->port_lo && a->port_hi == b->port_hi;
}

static int
port_parse(const char *s, struct policy_rule *r)
{
	return policy_ports_parse(s, &r->port_lo, &r->port_hi);
}

/* Validate val for the list and fill the key fields of r (pat borrowed). */
static int
lock_rule(struct policy_ctx *c, bool port, const char *val,
    struct policy_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->act = POLICY_ALLOW;
	r->pat = (char *)val;
	if (port) {
		if (port_parse(val, r) < 0)
			return policy_fail(c, -EINVAL, "lock: `%s' is not a port "
			    "or a PORT-PORT range", val);
		return 0;
	}
	if (val[0] != '/')
		return policy_fail(c, -EINVAL, "lock: `%s' is not an absolute "
		    "path", val);
	if (strpbrk(val, "*?[{") != NULL)
		return policy_fail(c, -EINVAL, "lock: `%s': Landlock paths are "
		    "literal, no globs", val);
	return 0;
}

int
policy_landlock_cmd(struct policy_ctx *c, const char *what, size_t n,
    char op, const char *val)
{
	int pi = name_find(lpath_names, POLICY_NLPATH, what, n);
	int ni = name_find(lport_names, POLICY_NLPORT, what, n);
	struct policy_list *l;
	struct policy_rule r;
	int rc;

	if (pi < 0 && ni < 0)
		return policy_fail(c, -EINVAL, "unknown Landlock right `%.*s' "
		    "(read, write, exec, bind, connect)", (int)n, what);
	if (op != '+' && op != '-' && op != '^')
		return policy_fail(c, -EINVAL, "expected +, - or ^ after "
		    "allow/lock/%.*s", (int)n, what);
	l = pi >= 0 ? &c->p->lpath[pi] : &c->p->lport[ni];
	if ((rc = lock_rule(c, ni >= 0, val, &r)) < 0)
		return rc;
	if (op != '+') {
		policy_list_remove(l, &r, op == '^',
		    ni >= 0 ? port_eq : policy_rule_eq);
		return 0;
	}
	if ((r.pat = policy_strdup(c, val)) == NULL)
		return -ENOMEM;
	if (policy_list_push(l, &r) < 0) {
		rt_free(r.pat);
		return policy_fail(c, -ENOMEM, "out of memory");
	}
	return 0;
}
