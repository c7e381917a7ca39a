/* main thread only */
/*
 * syd pandora: string sets, and the JSON access records of syd's log
 * (flat objects, one a line) turned into what a profile must allow.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "policy/policy.h"
#include "pandora.h"
#include "syd.h"


void
pandora_set_add(struct set *s, const char *str)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		if ((s->v = realloc(s->v, s->cap * sizeof(*s->v))) == NULL)
			syd_die(SYD_EX_TEMP, "pandora: out of memory");
	}
	if ((s->v[s->n++] = strdup(str)) == NULL)
		syd_die(SYD_EX_TEMP, "pandora: out of memory");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort and drop duplicates. */
void
pandora_set_uniq(struct set *s)
{
	size_t k = 0;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	for (size_t i = 1; i < s->n; i++) {
		if (strcmp(s->v[i], s->v[k]) == 0)
			free(s->v[i]);
		else
			s->v[++k] = s->v[i];
	}
	s->n = k + 1;
}

/* --- reading the log: flat JSON objects, one a line -------------------- */

static const char *
ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/*
 * A JSON string at p (p[0] == '"') into out (NUL-terminated, cut at
 * outsz - 1); returns the byte past the closing quote, NULL if malformed
 * or if it holds a NUL. syd writes a byte that starts no valid UTF-8
 * sequence as \u00XX (rt/json.c), so \u0080..\u00ff are those bytes.
 */
static const char *
jstr(const char *p, char *out, size_t outsz)
{
	size_t o = 0;

	for (p++; *p != '"'; p++) {
		unsigned c = (unsigned char)*p;
		char enc[4];
		size_t n = 1;

		if (c == '\0')
			return NULL;
		enc[0] = (char)c;
		if (c == '\\') {
			switch (*++p) {
			case '"': case '\\': case '/': enc[0] = *p; break;
			case 'b': enc[0] = '\b'; break;
			case 'f': enc[0] = '\f'; break;
			case 'n': enc[0] = '\n'; break;
			case 'r': enc[0] = '\r'; break;
			case 't': enc[0] = '\t'; break;
			case 'u':
				c = 0;
				for (int i = 1; i <= 4; i++) {
					int h = hexval(p[i]);
					if (h < 0)
						return NULL;
					c = c << 4 | (unsigned)h;
				}
				p += 4;
				if (c == 0)
					return NULL;
				if (c < 0x100) {
					enc[0] = (char)c;
				} else if (c < 0x800) {
					enc[0] = (char)(0xc0 | c >> 6);
					enc[1] = (char)(0x80 | (c & 0x3f));
					n = 2;
				} else {
					enc[0] = (char)(0xe0 | c >> 12);
					enc[1] = (char)(0x80 | (c >> 6 & 0x3f));
					enc[2] = (char)(0x80 | (c & 0x3f));
					n = 3;
				}
				break;
			default:
				return NULL;
			}
		}
		for (size_t i = 0; i < n; i++)
			if (o + 1 < outsz)
				out[o++] = enc[i];
	}
	out[o] = '\0';
	return p + 1;
}

/* Skip a non-string value (number, true, null, or a nested object or
 * array, strings inside it included). */
static const char *
jskip(const char *p)
{
	static char scratch[VAL_MAX];
	int depth = 0;

	for (;;) {
		if (*p == '\0')
			return depth == 0 ? p : NULL;
		if (*p == '"') {
			if ((p = jstr(p, scratch, sizeof(scratch))) == NULL)
				return NULL;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']') {
			if (depth == 0)
				return p;
			depth--;
		} else if (*p == ',' && depth == 0)
			return p;
		p++;
	}
}

/* The fields of an access record pandora reads. */
enum { F_CTX, F_CAP, F_SYS, F_PATH, F_ADDR, F_REQ, F_CMD, F_TIME, F_N };
static const char *const fname[F_N] = { "ctx", "cap", "sys", "path", "addr",
	"req", "cmd", "time" };

struct rec {
	char *f[F_N];	/* NULL: absent */
	char buf[F_N][VAL_MAX];
};

/* 0 for a JSON object (fields it lacks are NULL), -1 otherwise. */
static int
parse_rec(const char *p, struct rec *r)
{
	char key[64];

	for (int i = 0; i < F_N; i++)
		r->f[i] = NULL;
	p = ws(p);
	if (*p++ != '{')
		return -1;
	for (p = ws(p); *p != '}'; p = ws(p + 1)) {
		int k;

		if (*p != '"' || (p = jstr(p, key, sizeof(key))) == NULL)
			return -1;
		p = ws(p);
		if (*p++ != ':')
			return -1;
		p = ws(p);
		for (k = 0; k < F_N && strcmp(key, fname[k]) != 0; k++)
			;
		if (*p == '"') {
			char scratch[64];
			if (k < F_N) {
				p = jstr(p, r->buf[k], VAL_MAX);
				r->f[k] = r->buf[k];
			} else {
				/* long values of other keys: cut, skipped */
				p = jstr(p, scratch, sizeof(scratch));
			}
		} else {
			p = jskip(p);
		}
		if (p == NULL)
			return -1;
		p = ws(p);
		if (*p == '}')
			break;
		if (*p != ',')
			return -1;
	}
	return 0;
}

/* --- turning records into rules --------------------------------------- */

/* Whether a raw path can be written as a rule: UTF-8 (config files are),
 * no control characters, no white space at its end (lines are trimmed). */
static bool
ruleable(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || s[n - 1] == ' ')
		return false;
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if (*u < 0x20 || *u == 0x7f)
			return false;
		if (*u >= 0x80) {
			int len = (*u & 0xe0) == 0xc0 ? 2 :
			    (*u & 0xf0) == 0xe0 ? 3 :
			    (*u & 0xf8) == 0xf0 ? 4 : 0;
			if (len == 0)
				return false;
			for (int k = 1; k < len; k++)
				if ((u[k] & 0xc0) != 0x80)
					return false;
			u += len - 1;
		}
	}
	return true;
}

/* As a comment line: control characters shown as '?'. */
static void
skip_note(struct learn *L, const char *what, const char *s)
{
	char line[600];
	size_t n = (size_t)snprintf(line, sizeof(line), "%s: ", what);

	for (; *s != '\0' && n + 1 < sizeof(line); s++)
		line[n++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
	line[n] = '\0';
	pandora_set_add(&L->skipped, line);
}

/*
 * The raw rule for path in a path category: "L" + path, or "T" + its
 * first depth components (a tree: PREFIX, a slash and three stars). A
 * number right below /proc that is not the process itself (rules see that
 * as /proc/self) becomes PROC_PID: pids differ from run to run.
 */
static void
collapse(const char *path, int depth, char *out, size_t outsz)
{
	char tmp[VAL_MAX + 8];
	const char *s = path;
	size_t n = 0, comps = 0;

	if (strncmp(path, "/proc/", 6) == 0 && path[6] >= '0' &&
	    path[6] <= '9') {
		const char *e = path + 6;
		while (*e >= '0' && *e <= '9')
			e++;
		if (*e == '\0' || *e == '/') {
			snprintf(tmp, sizeof(tmp), "/proc/" PROC_PID "%s", e);
			s = tmp;
		}
	}
	out[0] = 'L';
	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == '/' && s[i + 1] != '\0' && depth > 0 &&
		    (size_t)depth == comps++) {
			out[0] = 'T';
			break;
		}
		if (n + 2 < outsz)
			out[1 + n++] = s[i];
	}
	out[1 + n] = '\0';
}

static void
learn_path(struct learn *L, int cat, const char *path)
{
	char raw[VAL_MAX + 8];

	if (path[0] != '/' || !ruleable(path)) {
		skip_note(L, policy_cat_name(cat), path);
		return;
	}
	collapse(path, L->depth, raw, sizeof(raw));
	pandora_set_add(&L->path[cat], raw);
}

static void
learn_line(struct learn *L, const char *line, struct rec *r)
{
	enum policy_cat cat = POLICY_NCAT;
	const char *cap;

	if (parse_rec(line, r) < 0) {
		L->bad++;
		return;
	}
	if (r->f[F_CTX] == NULL || strcmp(r->f[F_CTX], "access") != 0 ||
	    (cap = r->f[F_CAP]) == NULL)
		return;
	L->records++;
	if (r->f[F_TIME] != NULL) {
		if (L->first[0] == '\0')
			snprintf(L->first, sizeof(L->first), "%s",
			    r->f[F_TIME]);
		snprintf(L->last, sizeof(L->last), "%s", r->f[F_TIME]);
	}
	if (L->cmd[0] == '\0' && r->f[F_CMD] != NULL)
		snprintf(L->cmd, sizeof(L->cmd), "%s", r->f[F_CMD]);
	for (int c = 0; c < POLICY_NLIST; c++)
		if (strcmp(cap, policy_cat_name((enum policy_cat)c)) == 0)
			cat = (enum policy_cat)c;
	if (cat < POLICY_NET_BIND && r->f[F_PATH] != NULL) {
		learn_path(L, cat, r->f[F_PATH]);
		if (cat == POLICY_EXEC && r->f[F_SYS] != NULL &&
		    strncmp(r->f[F_SYS], "exec", 4) == 0 &&
		    ruleable(r->f[F_PATH]))
			pandora_set_add(&L->execs, r->f[F_PATH]);
	} else if (cat >= POLICY_NET_BIND && cat < POLICY_IOCTL &&
	    r->f[F_ADDR] != NULL) {
		const char *a = r->f[F_ADDR];
		if (!ruleable(a) || (a[0] == '@' && a[1] == '\0'))
			skip_note(L, cap, a);
		else
			pandora_set_add(&L->net[cat - POLICY_NET_BIND], a);
	} else if (cat == POLICY_IOCTL && r->f[F_REQ] != NULL) {
		char *end;
		unsigned long long v = strtoull(r->f[F_REQ], &end, 0);
		if (*end != '\0') {
			skip_note(L, cap, r->f[F_REQ]);
			return;
		}
		if (L->nreq == L->reqcap) {
			L->reqcap = L->reqcap ? L->reqcap * 2 : 16;
			L->req = realloc(L->req, L->reqcap * sizeof(*L->req));
			if (L->req == NULL)
				syd_die(SYD_EX_TEMP, "pandora: out of memory");
		}
		L->req[L->nreq++] = v;
	} else {
		L->other++; /* force, tpe, pid, mem: not rules to learn */
	}
}

void
pandora_learn_fd(struct learn *L, FILE *in)
{
	static struct rec r;
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, in) >= 0)
		learn_line(L, line, &r);
	free(line);
}
