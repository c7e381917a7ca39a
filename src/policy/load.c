/*
 * Configuration files (-P FILE): one command per line, UTF-8, `#` comment
 * lines and blank lines skipped, surrounding white space trimmed,
 * `include PATH` relative to the including file. The whole file is read
 * first (bounded by POLICY_FILE_MAX), then run line by line; an error
 * stops at its line and says "<file>:<line>: <reason>". Reading goes
 * through src/sys, so this also works under the policy writer lock on a
 * worker thread (include_profile user from /dev/syd).
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"
#include "sys/sys.h"

#define READ_CHUNK 8192 /* first buffer; it doubles */

static int
fill(int fd, char **buf, size_t *len)
{
	size_t cap = READ_CHUNK, n = 0;
	char *b = rt_alloc(cap), *nb;
	long r;

	if (b == NULL)
		return -ENOMEM;
	for (;;) {
		if (cap - n < 2) {
			if ((nb = rt_realloc(b, cap * 2)) == NULL) {
				r = -ENOMEM;
				break;
			}
			b = nb;
			cap *= 2;
		}
		r = sys_read(fd, b + n, cap - n - 1);
		if (r == -EINTR)
			continue;
		if (r <= 0)
			break;
		if ((n += (size_t)r) > POLICY_FILE_MAX) {
			r = -EFBIG;
			break;
		}
	}
	if (r < 0) {
		rt_free(b);
		return (int)r;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/* The whole file in an rt_alloc'ed buffer with a NUL after it. */
static int
file_read(const char *path, char **buf, size_t *len)
{
	int fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC | O_NOCTTY,
	    0);
	int rc;

	if (fd < 0)
		return fd;
	rc = fill(fd, buf, len);
	sys_close(fd);
	return rc;
}

/* The length of the UTF-8 sequence at s (n bytes left), 0 if invalid:
 * no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	len = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 :
	    (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static bool
utf8_ok(const char *s, size_t n)
{
	size_t k;

	for (size_t i = 0; i < n; i += k)
		if ((k = utf8_seq((const unsigned char *)s + i, n - i)) == 0)
			return false;
	return true;
}

static bool
is_space(char ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

/* One line (n bytes at s, which it may modify). */
static int
line_run(struct policy_ctx *c, char *s, size_t n)
{
	if (memchr(s, '\0', n) != NULL)
		return policy_fail(c, -EINVAL, "NUL byte in line");
	if (!utf8_ok(s, n))
		return policy_fail(c, -EINVAL, "invalid UTF-8");
	while (n > 0 && is_space(s[n - 1]))
		n--;
	s[n] = '\0';
	while (is_space(*s))
		s++;
	if (*s == '\0' || *s == '#')
		return 0;
	return policy_run(c, s);
}

/* Prefix the reason with where it happened, once: the innermost file. */
static int
locate(struct policy_ctx *c, const char *file, unsigned line, int rc)
{
	char reason[1024];

	if (c->located || c->err == NULL || c->errsz == 0)
		return rc;
	snprintf(reason, sizeof(reason), "%s", c->err);
	snprintf(c->err, c->errsz, "%s:%u: %s", file, line, reason);
	c->located = true;
	return rc;
}

/* policy_load_each: run one line, tell c->each, go on whatever it gave. */
static void
each_run(struct policy_ctx *c, const char *file, unsigned line, char *s,
    size_t n)
{
	char cmd[POLICY_CMD_MAX + 1];
	size_t k = n < POLICY_CMD_MAX ? n : POLICY_CMD_MAX;
	const char *t;
	int rc;

	memcpy(cmd, s, k);
	cmd[k] = '\0';
	for (t = cmd; is_space(*t); t++)
		;
	c->err[0] = '\0';
	c->located = false;
	rc = line_run(c, s, n);
	if (*t != '\0' && *t != '#')
		c->each(c->each_arg, file, line, t, rc, c->err);
	if (rc < 0)
		c->failed++;
}

static int
lines_run(struct policy_ctx *c, const char *file, char *buf, size_t len)
{
	char *end = buf + len, *nl;
	unsigned line = 0;
	int rc;

	for (char *s = buf; s < end; s = nl + 1) {
		line++;
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		if (c->each != NULL) {
			each_run(c, file, line, s, (size_t)(nl - s));
			continue;
		}
		if ((rc = line_run(c, s, (size_t)(nl - s))) < 0)
			return locate(c, file, line, rc);
	}
	return 0;
}

static bool
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n > k && strcmp(s + n - k, suf) == 0;
}

int
policy_load_at(struct policy_ctx *c, const char *file, bool optional)
{
	const char *outer = c->file;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (c->depth >= POLICY_DEPTH_MAX)
		return policy_fail(c, -ELOOP, "%s: more than %d nested includes "
		    "(an include loop?)", file, POLICY_DEPTH_MAX);
	if (!has_suffix(file, ".syd-3"))
		return policy_fail(c, -EINVAL, "%s: the name of a configuration "
		    "file must end in .syd-3", file);
	if ((rc = file_read(file, &buf, &len)) == -ENOENT && optional)
		return 0;
	if (rc < 0)
		return policy_fail(c, rc, "%s: %s", file, strerror(-rc));
	c->depth++;
	c->file = file;
	rc = lines_run(c, file, buf, len);
	c->file = outer;
	c->depth--;
	rt_free(buf);
	return rc;
}

int
policy_include(struct policy_ctx *c, const char *path)
{
	const char *slash = strrchr(c->file, '/');
	int dl = slash != NULL && path[0] != '/' ? (int)(slash - c->file) + 1 : 0;
	char full[4096];

	if (*path == '\0')
		return policy_fail(c, -EINVAL, "include: missing path");
	if ((size_t)dl + strlen(path) >= sizeof(full))
		return policy_fail(c, -ENAMETOOLONG, "include: path too long");
	memcpy(full, c->file, (size_t)dl);
	strcpy(full + dl, path);
	return policy_load_at(c, full, false);
}

int
policy_load(struct policy *p, const char *file, char *err, size_t errsz)
{
	struct policy_ctx c = { .p = p, .err = err, .errsz = errsz };

	if (err != NULL && errsz > 0)
		err[0] = '\0';
	return policy_load_at(&c, file, false);
}

int
policy_load_each(struct policy *p, const char *file, policy_line_fn *fn,
    void *arg)
{
	char err[1024];
	struct policy_ctx c = { .p = p, .err = err, .errsz = sizeof(err),
	    .each = fn, .each_arg = arg };
	int rc;

	err[0] = '\0';
	if ((rc = policy_load_at(&c, file, false)) < 0) {
		fn(arg, file, 0, "", rc, err); /* the file itself */
		c.failed++;
	}
	return c.failed;
}
