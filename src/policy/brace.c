/*
 * Brace expansion of patterns, done once when a rule is added so that
 * matching stays a plain wildmatch per alternative. "/{a,b{c,d}}/{x,y}"
 * gives four patterns in order; "\{" is a literal brace; "{}" and "{a}"
 * are groups of one alternative. Every expansion is no longer than its
 * pattern, which bounds the work per alternative.
 */
/* main thread only (allocates); safe under the policy writer lock */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

#define BRACE_GROUPS_MAX 64

struct brace_out {
	char **v;
	size_t n, cap; /* cap counts the NULL at the end */
};

/*
 * Braces must nest; '\' protects the next byte. The expansion recurses
 * once per group, so their number is bounded to keep the stack small.
 */
static int
brace_check(const char *s)
{
	int depth = 0, groups = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '{' && ++groups > BRACE_GROUPS_MAX)
			return -E2BIG;
		else if (*s == '{')
			depth++;
		else if (*s == '}' && --depth < 0)
			return -EINVAL;
	}
	return depth == 0 ? 0 : -EINVAL;
}

/*
 * From s[i], just inside a group, the offset of the '}' that closes it,
 * or of its next top-level ',' when comma is set.
 */
static size_t
brace_scan(const char *s, size_t i, bool comma)
{
	int depth = 0;

	for (;; i++) {
		if (s[i] == '\\' && s[i + 1] != '\0')
			i++;
		else if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && depth-- == 0)
			return i;
		else if (s[i] == ',' && depth == 0 && comma)
			return i;
	}
}

static size_t
brace_first(const char *s)
{
	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\\' && s[i + 1] != '\0')
			i++;
		else if (s[i] == '{')
			return i;
	}
	return SIZE_MAX;
}

static int brace_expand(const char *s, struct brace_out *o);

/* Expand head + s[a..b) + tail, where tail follows the closing brace. */
static int
brace_alt(const char *s, size_t open, size_t a, size_t b, const char *tail,
    struct brace_out *o)
{
	size_t tl = strlen(tail);
	char *t = rt_alloc(open + (b - a) + tl + 1);
	int rc;

	if (t == NULL)
		return -ENOMEM;
	memcpy(t, s, open);
	memcpy(t + open, s + a, b - a);
	memcpy(t + open + (b - a), tail, tl + 1);
	rc = brace_expand(t, o);
	rt_free(t);
	return rc;
}

static int
brace_expand(const char *s, struct brace_out *o)
{
	size_t open = brace_first(s), close, a, b;
	int rc;

	if (open == SIZE_MAX) {
		if (o->n == POLICY_BRACE_MAX)
			return -E2BIG;
		if (policy_grow((void **)&o->v, &o->cap, o->n + 1,
		    sizeof(char *)) < 0 || (o->v[o->n] = rt_strdup(s)) == NULL)
			return -ENOMEM;
		o->n++;
		return 0;
	}
	close = brace_scan(s, open + 1, false);
	for (a = open + 1;; a = b + 1) {
		b = brace_scan(s, a, true);
		if ((rc = brace_alt(s, open, a, b, s + close + 1, o)) < 0)
			return rc;
		if (b == close)
			return 0;
	}
}

int
policy_brace(const char *pat, char ***out, unsigned *n)
{
	struct brace_out o = { 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = brace_check(pat)) < 0)
		return rc;
	if ((rc = brace_expand(pat, &o)) < 0) {
		while (o.n > 0)
			rt_free(o.v[--o.n]);
		rt_free(o.v);
		return rc;
	}
	o.v[o.n] = NULL;
	*out = o.v;
	*n = (unsigned)o.n;
	return 0;
}
