/*
 * Rule lists: building a rule from its pattern, appending and removing
 * rules, and resolution. Per category every action's rules form one list
 * in command order and the last matching rule decides, so matching walks
 * the list backwards and stops at the first hit.
 */
/* worker-safe: policy_match*, policy_globs_match; the rest main thread
 * only (allocates) or under the policy writer lock */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

#define NET_ADDR_MAX (POLICY_BRACE_MAX * POLICY_ALIAS_MAX)

void
policy_rule_free(struct policy_rule *r)
{
	for (unsigned i = 0; i < r->nalt; i++)
		rt_free(r->alt[i]);
	rt_free(r->alt);
	rt_free(r->addr);
	rt_free(r->pat);
	rt_free(r->repl);
	rt_free(r->repl_dir);
	memset(r, 0, sizeof(*r));
}

void
policy_list_free(struct policy_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		policy_rule_free(&l->v[i]);
	rt_free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Takes ownership of *r on success. */
int
policy_list_push(struct policy_list *l, struct policy_rule *r)
{
	if (policy_grow((void **)&l->v, &l->cap, l->n, sizeof(*r)) < 0)
		return -ENOMEM;
	l->v[l->n++] = *r;
	return 0;
}

void
policy_list_remove(struct policy_list *l, const struct policy_rule *key,
    bool all, bool (*eq)(const struct policy_rule *, const struct policy_rule *))
{
	for (size_t i = l->n; i-- > 0;) {
		if (!eq(&l->v[i], key))
			continue;
		policy_rule_free(&l->v[i]);
		memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(*l->v));
		l->n--;
		if (!all)
			return;
	}
}

bool
policy_rule_eq(const struct policy_rule *a, const struct policy_rule *b)
{
	return a->act == b->act && strcmp(a->pat, b->pat) == 0;
}

static bool
rule_eq_req(const struct policy_rule *a, const struct policy_rule *b)
{
	return a->act == b->act && a->req == b->req;
}

static bool
is_net(enum policy_cat cat)
{
	return (POLICY_BIT(cat) & POLICY_NET_MASK) != 0;
}

/* UNIX socket names: paths, @abstract, and !unnamed (a socketpair). */
static bool
is_unix(const char *alt)
{
	return alt[0] == '/' || (alt[0] == '@' && alt[1] != '\0') ||
	    strcmp(alt, "!unnamed") == 0;
}

/* Net alternatives: UNIX ones stay globs, the rest become addresses. */
static int
rule_net(struct policy_ctx *c, enum policy_cat cat, struct policy_rule *r)
{
	unsigned i, k;
	int n;

	r->addr = rt_alloc(r->nalt * POLICY_ALIAS_MAX * sizeof(*r->addr));
	if (r->addr == NULL)
		return policy_fail(c, -ENOMEM, "out of memory");
	for (i = 0; i < r->nalt; i++) {
		if (is_unix(r->alt[i]))
			continue;
		n = policy_addr_parse(r->alt[i], r->addr + r->naddr,
		    POLICY_ALIAS_MAX);
		if (n < 0)
			return policy_fail(c, -EINVAL, "%s: `%s' is not an "
			    "address (ADDR[/PREFIX]!PORT[-PORT], an alias, "
			    "/path or @name)", policy_cat_name(cat), r->alt[i]);
		r->naddr += (unsigned)n;
	}
	for (i = k = 0; i < r->nalt; i++) {
		if (is_unix(r->alt[i]))
			r->alt[k++] = r->alt[i];
		else
			rt_free(r->alt[i]);
	}
	r->alt[k] = NULL;
	r->nalt = k;
	return 0;
}

/* pat as a glob rule: brace-expanded, every alternative absolute
 * (network categories: or an address). cat -1: a mask/append/crypt glob. */
static int
rule_globs(struct policy_ctx *c, int cat, struct policy_rule *r)
{
	const char *name = cat >= 0 ? policy_cat_name(cat) : "glob";
	int rc = policy_brace(r->pat, &r->alt, &r->nalt);

	if (rc == -E2BIG)
		return policy_fail(c, rc, "`%s': more than %d alternatives or "
		    "brace groups", r->pat, POLICY_BRACE_MAX);
	if (rc == -EINVAL)
		return policy_fail(c, rc, "`%s': unbalanced braces", r->pat);
	if (rc < 0)
		return policy_fail(c, rc, "out of memory");
	if (cat >= 0 && is_net(cat))
		return rule_net(c, cat, r);
	for (unsigned i = 0; i < r->nalt; i++)
		if (r->alt[i][0] != '/')
			return policy_fail(c, -EINVAL, "%s: `%s' is not an "
			    "absolute path", name, r->alt[i]);
	return 0;
}

/* Build the rule of one category; cat -1: a mask/append/crypt glob. */
static int
rule_build(struct policy_ctx *c, int cat, int act, const char *pat,
    struct policy_rule *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->act = (uint8_t)act;
	if (*pat == '\0')
		return policy_fail(c, -EINVAL, "missing pattern");
	if ((r->pat = policy_strdup(c, pat)) == NULL)
		return -ENOMEM;
	if (cat == POLICY_IOCTL) {
		if (policy_ioctl_parse(pat, &r->req) < 0)
			rc = policy_fail(c, -EINVAL, "ioctl: `%s' is not a "
			    "known request name or a number", pat);
		else
			rc = 0;
	} else {
		rc = rule_globs(c, cat, r);
	}
	if (rc < 0)
		policy_rule_free(r);
	return rc;
}

/* Build every rule first, so a bad pattern changes nothing. */
static int
rule_add(struct policy_ctx *c, int act, uint64_t cats, const char *pat)
{
	struct policy_rule r[POLICY_NLIST];
	int cat[POLICY_NLIST];
	int n = 0, i, rc = 0;

	for (i = 0; i < POLICY_NLIST && rc == 0; i++)
		if ((cats & POLICY_BIT(i)) &&
		    (rc = rule_build(c, i, act, pat, &r[n])) == 0)
			cat[n++] = i;
	for (i = 0; i < n; i++) {
		if (rc == 0 && policy_list_push(&c->p->list[cat[i]], &r[i]) < 0)
			rc = policy_fail(c, -ENOMEM, "out of memory");
		if (rc < 0)
			policy_rule_free(&r[i]);
	}
	return rc;
}

static int
rule_del(struct policy_ctx *c, int act, uint64_t cats, const char *pat,
    bool all)
{
	struct policy_rule key = { .act = (uint8_t)act, .pat = (char *)pat };

	if (*pat == '\0')
		return policy_fail(c, -EINVAL, "missing pattern");
	if ((cats & POLICY_BIT(POLICY_IOCTL)) &&
	    policy_ioctl_parse(pat, &key.req) < 0)
		return policy_fail(c, -EINVAL, "ioctl: `%s' is not a known "
		    "request name or a number", pat);
	for (int i = 0; i < POLICY_NLIST; i++)
		if (cats & POLICY_BIT(i))
			policy_list_remove(&c->p->list[i], &key, all,
			    i == POLICY_IOCTL ? rule_eq_req : policy_rule_eq);
	return 0;
}

/* ACTION/CAT[,CAT...]{+,-,^}PATTERN */
int
policy_rule_cmd(struct policy_ctx *c, int act, uint64_t cats, char op,
    const char *pat)
{
	switch (op) {
	case '+':
		return rule_add(c, act, cats, pat);
	case '-':
	case '^':
		return rule_del(c, act, cats, pat, op == '^');
	}
	return policy_fail(c, -EINVAL, "expected +, - or ^ after the category");
}

/* mask, append, crypt: GLOB lists without actions. */
int
policy_globs_cmd(struct policy_ctx *c, struct policy_list *l, char op,
    const char *pat)
{
	struct policy_rule r;
	int rc;

	if (op == '-' || op == '^') {
		r.act = POLICY_ALLOW;
		r.pat = (char *)pat;
		policy_list_remove(l, &r, op == '^', policy_rule_eq);
		return 0;
	}
	if (op != '+')
		return policy_fail(c, -EINVAL, "expected +, - or ^");
	if ((rc = rule_build(c, -1, POLICY_ALLOW, pat, &r)) < 0)
		return rc;
	if (policy_list_push(l, &r) < 0) {
		policy_rule_free(&r);
		return policy_fail(c, -ENOMEM, "out of memory");
	}
	return 0;
}

static bool
rule_match(const struct policy_rule *r, const char *path)
{
	for (unsigned k = 0; k < r->nalt; k++)
		if (policy_wildmatch(r->alt[k], path))
			return true;
	return false;
}

enum policy_act
policy_match(const struct policy *p, enum policy_cat c, const char *path)
{
	const struct policy_list *l;

	if ((unsigned)c >= POLICY_NLIST)
		return (unsigned)c < POLICY_NCAT ? p->defact[c] : POLICY_DENY;
	l = &p->list[c];
	for (size_t i = l->n; i-- > 0;)
		if (rule_match(&l->v[i], path))
			return l->v[i].act;
	return p->defact[c];
}

/* Does r match every absolute path below "/"? */
static bool
rule_matches_all(const struct policy_rule *r)
{
	for (unsigned k = 0; k < r->nalt; k++)
		if (strcmp(r->alt[k], "/***") == 0 ||
		    strcmp(r->alt[k], "/**") == 0)
			return true;
	return false;
}

int
policy_match_any(const struct policy *p, enum policy_cat c)
{
	const struct policy_list *l;

	if ((unsigned)c >= POLICY_NLIST)
		return (unsigned)c < POLICY_NCAT ? p->defact[c] : POLICY_DENY;
	l = &p->list[c];
	if (l->n == 0)
		return p->defact[c];
	/* Last match wins: the last rule decides for every path only if
	 * it matches every path. */
	return rule_matches_all(&l->v[l->n - 1]) ? l->v[l->n - 1].act : -1;
}

enum policy_act
policy_match_ioctl(const struct policy *p, uint64_t req)
{
	const struct policy_list *l = &p->list[POLICY_IOCTL];

	for (size_t i = l->n; i-- > 0;)
		if (l->v[i].req == req)
			return l->v[i].act;
	return p->defact[POLICY_IOCTL];
}

const struct policy_rule *
policy_mask_find(const struct policy *p, const char *path)
{
	const struct policy_list *l = &p->mask;

	for (size_t i = l->n; i-- > 0;)
		if (rule_match(&l->v[i], path))
			return &l->v[i];
	return NULL;
}

bool
policy_globs_match(const struct policy_list *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (rule_match(&l->v[i], path))
			return true;
	return false;
}
