/*
 * mask+PATTERN[:FILE[:DIR]] (syd 3's form): an open or stat of a path the
 * pattern matches is served FILE (default /dev/null), opened by syd
 * read-only, and a matching directory DIR when one is given. A colon that
 * belongs to the pattern is written `\:'. Removal (- and ^) is by the
 * text as written, replacement included.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

/* The first ':' not escaped by a backslash, or NULL. */
static char *
mask_colon(char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == ':')
			return s;
	}
	return NULL;
}

static int
mask_path(struct policy_ctx *c, const char *what, const char *s)
{
	if (s[0] != '/')
		return policy_fail(c, -EINVAL, "mask: the %s replacement `%s' "
		    "is not an absolute path", what, s);
	return 0;
}

/* Fill in the rule policy_globs_cmd just added for pat. */
static int
mask_finish(struct policy_ctx *c, struct policy_rule *r, const char *text,
    const char *file, const char *dir)
{
	char *t = policy_strdup(c, text);
	char *f = policy_strdup(c, file);
	char *d = dir != NULL ? policy_strdup(c, dir) : NULL;

	if (t == NULL || f == NULL || (dir != NULL && d == NULL)) {
		rt_free(t);
		rt_free(f);
		rt_free(d);
		return -ENOMEM;
	}
	rt_free(r->pat);
	r->pat = t;
	r->repl = f;
	r->repl_dir = d;
	return 0;
}

POLICY_SETTER(policy_set_mask)
{
	char buf[POLICY_CMD_MAX + 1];
	char *file, *dir;
	struct policy_list *l = &c->p->mask;
	int rc;

	if (op != '+')
		return policy_globs_cmd(c, l, op, val);
	if (strlen(val) >= sizeof(buf))
		return policy_fail(c, -EINVAL, "mask: too long");
	memcpy(buf, val, strlen(val) + 1);
	if ((file = mask_colon(buf)) == NULL)
		return policy_globs_cmd(c, l, op, val);
	*file++ = '\0';
	if ((dir = mask_colon(file)) != NULL) {
		*dir++ = '\0';
		if (mask_colon(dir) != NULL)
			return policy_fail(c, -EINVAL, "mask: expected "
			    "PATTERN[:FILE[:DIR]], not `%s' (write a colon of "
			    "the pattern as \\:)", val);
		if ((rc = mask_path(c, "directory", dir)) < 0)
			return rc;
	}
	if ((rc = mask_path(c, "file", file)) < 0)
		return rc;
	if ((rc = policy_globs_cmd(c, l, op, buf)) < 0)
		return rc;
	if ((rc = mask_finish(c, &l->v[l->n - 1], val, file, dir)) < 0) {
		policy_rule_free(&l->v[--l->n]);
		return policy_fail(c, rc, "out of memory");
	}
	return 0;
}
