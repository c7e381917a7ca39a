/* worker-safe */
/*
 * load/FD from /dev/syd: a configuration a sandboxed process hands over
 * as an open file. The file is read whole from offset 0 (bounded), then
 * each of its lines runs as if it came through /dev/syd on its own: the
 * caller's judge sees it first (the lock as it is at that line, so a
 * `lock:on` half way stops the rest), then sandbox_config. The first
 * refused or bad line ends the load with its errno; lines before it
 * stay applied, as with -P.
 */
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "policy/policy.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"

static bool
load_space(char ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

/* Read all of fd, a regular file, into an rt_alloc'ed NUL-ended buffer. */
static int
load_read(int fd, char **out, size_t *outn)
{
	struct stat st;
	size_t n = 0, cap;
	char *b;
	long r;

	if ((r = sys_fstatat(fd, "", &st, AT_EMPTY_PATH)) < 0)
		return (int)r;
	if (!S_ISREG(st.st_mode))
		return -EINVAL; /* a pipe could block syd for ever */
	if (st.st_size > SANDBOX_LOAD_MAX)
		return -EFBIG;
	cap = (size_t)st.st_size + 1;
	if ((b = rt_alloc(cap)) == NULL)
		return -ENOMEM;
	while (n + 1 < cap) {
		r = sys_pread(fd, b + n, cap - 1 - n, (long)n);
		if (r == -EINTR)
			continue;
		if (r < 0) {
			rt_free(b);
			return (int)r;
		}
		if (r == 0)
			break; /* it shrank meanwhile: what is there */
		n += (size_t)r;
	}
	b[n] = '\0';
	*out = b;
	*outn = n;
	return 0;
}

int
sandbox_load(struct sandbox *sb, int fd, sandbox_judge_fn *judge, void *arg,
    const char *who)
{
	char x[POLICY_CMD_MAX + 1];
	char *buf = NULL, *end, *s, *nl, *next;
	size_t len = 0;
	unsigned line = 0;
	int r;

	if ((r = load_read(fd, &buf, &len)) < 0) {
		rt_log_msg(RT_NOTICE, who, "load", "cannot read fd: %d", -r);
		return r;
	}
	end = buf + len;
	for (s = buf; s < end && r >= 0; s = next) {
		int kind;
		line++;
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		next = nl + 1;
		*nl = '\0';
		if (memchr(s, '\0', (size_t)(nl - s)) != NULL) {
			r = -EINVAL;
			rt_log_msg(RT_NOTICE, who, "load", "line %u: NUL byte",
			    line);
			break;
		}
		while (nl > s && load_space(nl[-1]))
			*--nl = '\0';
		while (load_space(*s))
			s++;
		if (*s == '\0' || *s == '#')
			continue;
		if (strncmp(s, "load/", 5) == 0 || strncmp(s, "cmd/", 4) == 0 ||
		    strcmp(s, "ghost") == 0) {
			r = -EINVAL; /* run-time actions, not configuration */
			rt_log_msg(RT_NOTICE, who, "load", "line %u: %s: not "
			    "allowed in a loaded configuration", line, s);
			break;
		}
		kind = sandbox_cmd_prepare(s, x, sizeof(x));
		r = judge(arg, kind < 0 ? "" : x, kind != SANDBOX_CMD_QUERY);
		if (r == 0)
			r = sandbox_config(sb, s, x, kind, who);
		if (r == -ENOENT && kind == SANDBOX_CMD_QUERY)
			r = 0; /* a false query is an answer, not an error */
		if (r < 0)
			rt_log_msg(RT_NOTICE, who, "load", "line %u refused: %d",
			    line, -r);
	}
	explicit_bzero(x, sizeof(x));
	explicit_bzero(buf, len);
	rt_free(buf);
	return r < 0 ? r : 0;
}
