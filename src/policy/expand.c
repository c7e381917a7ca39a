/*
 * ${VAR} expansion of commands from the environment, and what the
 * run-time path (/dev/syd, IPC, on any thread) asks of a command before
 * it runs it. The environment is read through environ directly rather
 * than getenv: it is the same walk over memory, and says plainly that
 * nothing else is touched. syd changes its own environment only on the
 * main thread before boot, so a command from /dev/syd or IPC reads a
 * stable array.
 */
/* worker-safe */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"

extern char **environ;

static const char *
env_find(const char *name, size_t n)
{
	for (char **e = environ; e != NULL && *e != NULL; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static bool
name_ok(const char *s, size_t n)
{
	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
		    ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')))
			return false;
	return true;
}

/* The value of "${NAME}" at in (in[0] == '$'); *len gets its length. */
static int
var_value(struct policy_ctx *c, const char *in, size_t *len, const char **v)
{
	const char *end = strchr(in + 2, '}');
	size_t n;

	if (end == NULL)
		return policy_fail(c, -EINVAL, "unterminated ${ in `%s'", in);
	n = (size_t)(end - in - 2);
	if (!name_ok(in + 2, n))
		return policy_fail(c, -EINVAL, "invalid variable name `%.*s'",
		    (int)n, in + 2);
	if ((*v = env_find(in + 2, n)) == NULL)
		return policy_fail(c, -EINVAL,
		    "environment variable %.*s is not set", (int)n, in + 2);
	*len = n + 3;
	return 0;
}

/* Values are copied as they are: they are never expanded again. */
int
policy_expand(struct policy_ctx *c, const char *in, char *out, size_t outsz)
{
	size_t o = 0, skip = 0, n;
	const char *v = NULL;
	int rc;

	if (strnlen(in, POLICY_CMD_MAX + 1) > POLICY_CMD_MAX)
		return policy_fail(c, -E2BIG, "command longer than %d bytes",
		    POLICY_CMD_MAX);
	while (*in != '\0') {
		if (in[0] == '$' && in[1] == '{') {
			if ((rc = var_value(c, in, &skip, &v)) < 0)
				return rc;
			n = strlen(v);
		} else {
			v = in;
			n = skip = 1;
		}
		if (o + n >= outsz || o + n > POLICY_CMD_MAX)
			return policy_fail(c, -E2BIG, "command longer than %d "
			    "bytes after ${VAR} expansion", POLICY_CMD_MAX);
		memcpy(out + o, v, n);
		o += n;
		in += skip;
	}
	out[o] = '\0';
	return 0;
}

int
policy_cmd_expand(const char *cmd, char *out, size_t outsz, char *err,
    size_t errsz)
{
	struct policy_ctx c = { .err = err, .errsz = errsz };

	if (err != NULL && errsz > 0)
		err[0] = '\0';
	return policy_expand(&c, cmd, out, outsz);
}

/* The operator is the first byte past the key: `?' there and only there
 * makes a query (a `?' in a value is a glob). */
bool
policy_cmd_query(const char *cmd)
{
	size_t kl = strspn(cmd, POLICY_KEY_CHARS);

	return kl > 0 && cmd[kl] == '?';
}
