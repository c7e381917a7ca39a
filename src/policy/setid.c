/*
 * SafeSetID (syd 3): setuid+SRC:DST and setgid+SRC:DST allow a task whose
 * effective id is SRC to take DST as a real, effective, saved or
 * filesystem id. An id the task already holds (real, effective or saved)
 * may always be set again. With no rule of a kind, every other id but the
 * system ones may be taken (uid <= 11, gid <= 14: root, daemon, bin, ...
 * as syd 3 counts them); with rules, only what the rules name. Ids are numbers: names
 * would need the user database, which a run-time command cannot read.
 */
/* worker-safe: policy_setid_ok; the command: main thread only, or under
 * the policy writer lock */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

static int
setid_num(struct policy_ctx *c, const char *key, const char *s, uint32_t *id)
{
	uint64_t v;

	if (policy_u64(s, &v) < 0 || v >= UINT32_MAX)
		return policy_fail(c, -EINVAL, "%s: `%s' is not a numeric id "
		    "(names are not looked up)", key, s);
	*id = (uint32_t)v;
	return 0;
}

static int
setid_parse(struct policy_ctx *c, const char *key, const char *val,
    struct policy_setid *t, bool *any_dst)
{
	char src[32];
	const char *colon = strchr(val, ':');
	size_t n = colon != NULL ? (size_t)(colon - val) : strlen(val);
	int rc;

	*any_dst = colon == NULL;
	if (n == 0 || n >= sizeof(src))
		return policy_fail(c, -EINVAL, "%s: expected SRC:DST, not `%s'",
		    key, val);
	memcpy(src, val, n);
	src[n] = '\0';
	if ((rc = setid_num(c, key, src, &t->src)) < 0)
		return rc;
	return colon == NULL ? 0 : setid_num(c, key, colon + 1, &t->dst);
}

/* setuid+SRC:DST, setuid-SRC:DST, setuid^SRC (every rule from SRC). */
POLICY_SETTER(policy_set_setid)
{
	struct policy_setids *l = key[3] == 'u' ? &c->p->setuid :
	    &c->p->setgid;
	struct policy_setid t;
	bool any;
	int rc;

	if ((rc = setid_parse(c, key, val, &t, &any)) < 0)
		return rc;
	if (op == '+' && any)
		return policy_fail(c, -EINVAL, "%s: expected SRC:DST", key);
	if (op == '+') {
		if (policy_grow((void **)&l->v, &l->cap, l->n,
		    sizeof(*l->v)) < 0)
			return policy_fail(c, -ENOMEM, "out of memory");
		l->v[l->n++] = t;
		return 0;
	}
	for (size_t i = l->n; i-- > 0;)
		if (l->v[i].src == t.src && (any || op == '^' ||
		    l->v[i].dst == t.dst))
			memmove(&l->v[i], &l->v[i + 1],
			    (--l->n - i) * sizeof(*l->v));
	return 0;
}

bool
policy_setid_ok(const struct policy *p, bool gid, const uint32_t cur[3],
    uint32_t id)
{
	const struct policy_setids *l = gid ? &p->setgid : &p->setuid;

	if (id == cur[0] || id == cur[1] || id == cur[2])
		return true;
	if (l->n == 0)
		return id > (gid ? POLICY_SETGID_SYS_MAX :
		    POLICY_SETUID_SYS_MAX);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].src == cur[1] && l->v[i].dst == id)
			return true;
	return false;
}
