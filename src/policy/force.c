/*
 * Exec integrity settings: force+/path:HEXDIGEST[:ACTION] entries (the
 * digest's length picks SHA-256 or SHA-512) and trusted path execution
 * (tpe/).
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

static struct policy_force *
force_find(struct policy *p, const char *path)
{
	for (size_t i = 0; i < p->nforce; i++)
		if (!strcmp(p->force[i].path, path))
			return &p->force[i];
	return NULL;
}

static void
force_del(struct policy *p, struct policy_force *f)
{
	rt_free(f->path);
	memmove(f, f + 1, (size_t)(p->force + p->nforce - f - 1) * sizeof(*f));
	p->nforce--;
}

/* "HEX[:ACTION]" into f. */
static int
force_digest(struct policy_ctx *c, char *s, struct policy_force *f)
{
	char *act = strchr(s, ':');
	size_t n;
	int a = POLICY_DENY;

	if (act != NULL)
		*act++ = '\0';
	n = strlen(s);
	if ((n != 64 && n != 128) || policy_hex(s, n / 2, f->digest) < 0)
		return policy_fail(c, -EINVAL, "force: `%s' is not a SHA-256 or "
		    "SHA-512 digest (64 or 128 hex digits)", s);
	f->len = (uint8_t)(n / 2);
	if (act != NULL && (a = policy_act_parse(c, act)) < 0)
		return a;
	if (a == POLICY_ALLOW)
		return policy_fail(c, -EINVAL, "force: a mismatch cannot be "
		    "allowed");
	f->act = (uint8_t)a;
	return 0;
}

static int
force_add(struct policy_ctx *c, char *buf)
{
	struct policy *p = c->p;
	struct policy_force f = { 0 }, *old;
	char *colon = strchr(buf, ':');
	int rc;

	if (colon == NULL)
		return policy_fail(c, -EINVAL, "force: expected "
		    "+/path:HEXDIGEST[:ACTION]");
	*colon = '\0';
	if ((rc = force_digest(c, colon + 1, &f)) < 0)
		return rc;
	if ((old = force_find(p, buf)) != NULL) {
		f.path = old->path;
		*old = f;
		return 0;
	}
	if (policy_grow((void **)&p->force, &p->forcecap, p->nforce,
	    sizeof(f)) < 0)
		return policy_fail(c, -ENOMEM, "out of memory");
	if ((f.path = policy_strdup(c, buf)) == NULL)
		return -ENOMEM;
	p->force[p->nforce++] = f;
	return 0;
}

/* force+/path:HEX[:ACTION] adds or replaces; force-/path removes it;
 * force^ clears the list. */
POLICY_SETTER(policy_set_force)
{
	char buf[POLICY_CMD_MAX + 1];
	struct policy_force *f;

	if (op == '^' && *val == '\0') {
		while (c->p->nforce > 0)
			force_del(c->p, &c->p->force[c->p->nforce - 1]);
		return 0;
	}
	if (val[0] != '/' || strlen(val) >= sizeof(buf))
		return policy_fail(c, -EINVAL, "force: `%s' does not start with "
		    "an absolute path", val);
	strcpy(buf, val);
	if (op == '+')
		return force_add(c, buf);
	if ((f = force_find(c->p, buf)) != NULL)
		force_del(c->p, f);
	return 0;
}

static int
tpe_gid(struct policy_ctx *c, const char *val)
{
	uint64_t v;

	if (!strcmp(val, "none")) {
		c->p->tpe_gid = -1;
		return 0;
	}
	if (policy_u64(val, &v) < 0 || v >= UINT32_MAX)
		return policy_fail(c, -EINVAL, "tpe/gid: `%s' is not a group "
		    "id", val);
	c->p->tpe_gid = (int64_t)v;
	return 0;
}

/* tpe/gid:GID|none, tpe/negate:BOOL, tpe/root_owned:BOOL,
 * tpe/user_owned:BOOL */
POLICY_SETTER(policy_set_tpe)
{
	const char *k = key + strlen("tpe/");

	if (!strcmp(k, "gid"))
		return tpe_gid(c, val);
	if (!strcmp(k, "negate"))
		return policy_bool_parse(c, key, val, &c->p->tpe_negate);
	if (!strcmp(k, "root_owned"))
		return policy_bool_parse(c, key, val, &c->p->tpe_root_owned);
	if (!strcmp(k, "user_owned"))
		return policy_bool_parse(c, key, val, &c->p->tpe_user_owned);
	return policy_fail(c, -EINVAL, "unknown setting `%s' (tpe/gid, "
	    "tpe/negate, tpe/root_owned, tpe/user_owned)", key);
}
