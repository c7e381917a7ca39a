/* main thread only, or under the policy writer lock */
/*
 * Helpers every policy file uses: error text, allocation that reports
 * itself, growing a vector, wiping key material. A leaf: it calls no
 * other policy file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

/* The compiler may not drop these stores although p dies afterwards. */
void
policy_wipe(void *v, size_t n)
{
	volatile uint8_t *b = v;

	while (n-- > 0)
		*b++ = 0;
}

int
policy_grow(void **v, size_t *cap, size_t n, size_t sz)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return 0;
	ncap = *cap == 0 ? 8 : *cap * 2;
	if ((nv = rt_realloc(*v, ncap * sz)) == NULL)
		return -ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

int
policy_fail(struct policy_ctx *c, int rc, const char *fmt, ...)
{
	va_list ap;

	if (c->err != NULL && c->errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errsz, fmt, ap);
		va_end(ap);
	}
	c->located = false;
	return rc;
}

char *
policy_strdup(struct policy_ctx *c, const char *s)
{
	char *d = rt_strdup(s);

	if (d == NULL)
		policy_fail(c, -ENOMEM, "out of memory");
	return d;
}
