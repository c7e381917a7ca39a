/* main thread only */
/*
 * syd pandora: a profile from what a run did (syd(1) LEARNING A PROFILE).
 *
 *   syd pandora profile [-o FILE] [-d DEPTH] [-H] [-s OPT]... -- CMD...
 *   syd pandora inspect [-i LOG] [-o FILE] [-d DEPTH] [-H]
 *
 * `profile' runs CMD under this syd in trace mode (-x: every category on,
 * as syd's secure default, plus default/ioctl:deny so that every ioctl
 * request is heard) with SYD_LOG_FD on a pipe, and reads the JSON access
 * records from it as they come; `inspect' reads the same records from a
 * log. The JSON log is the only source: what syd would have denied is
 * what the profile allows. Path rules are collapsed to DEPTH components
 * (`/usr/lib/x86_64-linux-gnu/libc.so.6' at depth 3 becomes
 * `/usr/lib/x86_64-linux-gnu/' and three stars), other processes'
 * /proc/PID become /proc/[0-9]*, and a rule another rule of the category
 * already covers is left out, so the result passes `syd --check' without
 * warnings. -s OPT gives the learning syd one more option.
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
#include "syd.h"

#define DEPTH_DEF 3
#define OUT_DEF "pandora_out.syd-3"
#define VAL_MAX 65536 /* bytes of one decoded JSON string */
#define PROC_PID "\001" /* stands for a number below /proc in a raw path */

struct set {
	char **v;
	size_t n, cap;
};

struct learn {
	int depth;
	bool hash;
	struct set path[POLICY_NLIST]; /* "L/raw" literal or "T/raw" tree */
	struct set net[3];		/* raw addresses, per net category */
	uint64_t *req;			/* ioctl requests */
	size_t nreq, reqcap;
	struct set execs;		/* raw paths of executed files */
	struct set skipped;		/* what cannot be a rule: comments */
	unsigned long records, other, bad;
	char first[32], last[32];	/* "time" of the first, last record */
	char cmd[512];			/* "cmd" of the first record */
};

static void
set_add(struct set *s, const char *str)
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
static void
set_uniq(struct set *s)
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
	set_add(&L->skipped, line);
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
	set_add(&L->path[cat], raw);
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
			set_add(&L->execs, r->f[F_PATH]);
	} else if (cat >= POLICY_NET_BIND && cat < POLICY_IOCTL &&
	    r->f[F_ADDR] != NULL) {
		const char *a = r->f[F_ADDR];
		if (!ruleable(a) || (a[0] == '@' && a[1] == '\0'))
			skip_note(L, cap, a);
		else
			set_add(&L->net[cat - POLICY_NET_BIND], a);
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

static void
learn_fd(struct learn *L, FILE *in)
{
	static struct rec r;
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, in) >= 0)
		learn_line(L, line, &r);
	free(line);
}

/* --- writing the profile ---------------------------------------------- */

/* A raw path as a pattern: glob characters escaped, PROC_PID as
 * [0-9]* (a `${' is escaped too, so it is never expanded). */
static void
put_pat(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == PROC_PID[0])
			fputs("[0-9]*", f);
		else if (strchr("*?[]\\{}", *s) != NULL)
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

static int
bsearch_str(const struct set *s, const char *key)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->v[mid], key);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Whether a tree of trees (sorted "T..." entries) covers raw entry e:
 * one at e's own path (a literal), or at any directory above it. */
static bool
covered(const struct set *trees, const char *e)
{
	char buf[VAL_MAX + 8];
	size_t n = strlen(e);

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, e, n + 1);
	buf[0] = 'T';
	if (e[0] == 'L' && bsearch_str(trees, buf))
		return true;
	for (size_t i = n; i > 1; i--) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		if (bsearch_str(trees, buf))
			return true;
	}
	return false;
}

/* Sort, drop duplicates and what a tree of the same category covers. */
static void
path_tidy(struct set *s)
{
	struct set trees = { 0 };
	size_t k = 0;

	set_uniq(s);
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i][0] == 'T')
			set_add(&trees, s->v[i]);
	for (size_t i = 0; i < s->n; i++) {
		if (covered(&trees, s->v[i]))
			free(s->v[i]);
		else
			s->v[k++] = s->v[i];
	}
	s->n = k;
	for (size_t i = 0; i < trees.n; i++)
		free(trees.v[i]);
	free(trees.v);
}

/* Sorted by the path, not by the L/T flag. */
static int
cmp_raw(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = strcmp(x + 1, y + 1);

	return c != 0 ? c : (int)(unsigned char)x[0] - (unsigned char)y[0];
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
put_quoted(FILE *f, const char *s)
{
	bool plain = *s != '\0';

	for (const char *t = s; *t != '\0'; t++)
		if (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:@%+,-", *t) ==
		    NULL)
			plain = false;
	if (plain) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
	}
	fputc('\'', f);
}

static void
put_header(FILE *f, struct learn *L, char **argv, int status)
{
	char date[32];
	time_t now = time(NULL);

	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(f, "# syd profile learned by `syd pandora' (syd %s, C "
	    "edition)\n# command:", SYD_VERSION);
	if (argv != NULL) {
		for (; *argv != NULL; argv++) {
			fputc(' ', f);
			put_quoted(f, *argv);
		}
	} else {
		fputc(' ', f);
		for (const char *s = L->cmd; *s != '\0'; s++)
			fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
		fputs(" (the first record's process)", f);
	}
	fprintf(f, "\n# date: %s; log: %lu access records", date, L->records);
	if (L->first[0] != '\0')
		fprintf(f, " from %s to %s", L->first, L->last);
	fprintf(f, "\n# depth: %d", L->depth);
	if (status >= 0)
		fprintf(f, "; the command exited %d", status);
	fputs("\n#\n# Use: syd -P THIS_FILE -- COMMAND. Every category stays "
	    "on and denies\n# what is not allowed below (syd's default); "
	    "check it with\n# syd --check -P THIS_FILE.\n\n", f);
	fputs("# ioctl requests are decided one by one: none but those below.\n"
	    "default/ioctl:deny\n", f);
	if (L->hash)
		fputs("# -H: only the files below may be executed, unchanged.\n"
		    "sandbox/force:on\ndefault/force:deny\n", f);
}

static size_t
put_paths(FILE *f, struct learn *L)
{
	size_t rules = 0;

	for (int c = 0; c < POLICY_NET_BIND; c++) {
		const char *name = policy_cat_name((enum policy_cat)c);
		struct set *s = &L->path[c];

		path_tidy(s);
		qsort(s->v, s->n, sizeof(*s->v), cmp_raw);
		if (s->n > 0)
			fprintf(f, "\n# %s\n", name);
		for (size_t i = 0; i < s->n; i++) {
			fprintf(f, "allow/%s+", name);
			if (strcmp(s->v[i], "T/") != 0)
				put_pat(f, s->v[i] + 1);
			fputs(s->v[i][0] == 'T' ? "/***\n" : "\n", f);
		}
		rules += s->n;
	}
	return rules;
}

static size_t
put_net(FILE *f, struct learn *L)
{
	size_t rules = 0;

	for (int k = 0; k < 3; k++) {
		struct set *s = &L->net[k];
		const char *name = policy_cat_name(
		    (enum policy_cat)(POLICY_NET_BIND + k));

		set_uniq(s);
		if (s->n > 0)
			fprintf(f, "\n# %s\n", name);
		for (size_t i = 0; i < s->n; i++) {
			fprintf(f, "allow/%s+", name);
			if (s->v[i][0] == '@') {
				fputc('@', f);
				put_pat(f, s->v[i] + 1);
			} else if (s->v[i][0] == '/') {
				put_pat(f, s->v[i]);
			} else {
				fputs(s->v[i], f); /* ADDR!PORT as logged */
			}
			fputc('\n', f);
		}
		rules += s->n;
	}
	return rules;
}

static size_t
put_ioctl(FILE *f, struct learn *L)
{
	size_t k = 0;

	if (L->nreq == 0)
		return 0;
	qsort(L->req, L->nreq, sizeof(*L->req), cmp_u64);
	for (size_t i = 1; i < L->nreq; i++)
		if (L->req[i] != L->req[k])
			L->req[++k] = L->req[i];
	L->nreq = k + 1;
	fputs("\n# ioctl\n", f);
	for (size_t i = 0; i < L->nreq; i++)
		fprintf(f, "allow/ioctl+0x%llx\n",
		    (unsigned long long)L->req[i]);
	return L->nreq;
}

/* -H: force+PATH:SHA256 for each executed file, as syd --sum. */
static size_t
put_force(FILE *f, struct learn *L)
{
	size_t rules = 0;

	set_uniq(&L->execs);
	fputs("\n# force (SHA-256 of each executed file, as syd --sum)\n", f);
	for (size_t i = 0; i < L->execs.n; i++) {
		const char *p = L->execs.v[i];
		int fd = open(p, O_RDONLY | O_CLOEXEC);
		uint8_t d[64];
		char hex[129];

		if (fd < 0 || crypto_digest_fd(fd, 32, d) < 0 ||
		    strchr(p, ':') != NULL) {
			fprintf(f, "# not hashed: %s: %s\n", p, fd < 0 ?
			    strerror(errno) : strchr(p, ':') ?
			    "a ':' in the name" : "read error");
		} else {
			crypto_hex(d, 32, hex);
			fprintf(f, "force+%s:%s\n", p, hex);
			rules++;
		}
		if (fd >= 0)
			close(fd);
	}
	return rules;
}

static void
put_skipped(FILE *f, struct learn *L)
{
	set_uniq(&L->skipped);
	if (L->skipped.n == 0 && L->other == 0 && L->bad == 0)
		return;
	fputs("\n# Seen but not learned:\n", f);
	for (size_t i = 0; i < L->skipped.n; i++)
		fprintf(f, "#   %s (cannot be written as a rule)\n",
		    L->skipped.v[i]);
	if (L->other > 0)
		fprintf(f, "#   %lu records of force, tpe, pid or mem "
		    "(limits, not rules)\n", L->other);
	if (L->bad > 0)
		fprintf(f, "#   %lu lines that are not JSON objects\n", L->bad);
}

/* The profile; returns the number of rules written. */
static size_t
write_profile(FILE *f, struct learn *L, char **argv, int status)
{
	size_t rules;

	put_header(f, L, argv, status);
	rules = put_paths(f, L) + put_net(f, L) + put_ioctl(f, L);
	if (L->hash)
		rules += put_force(f, L);
	put_skipped(f, L);
	return rules;
}

/* --- the applets ------------------------------------------------------ */

static void
usage(FILE *f)
{
	fputs("usage: syd pandora profile [-o FILE] [-d DEPTH] [-H] "
	    "[-s OPT]... -- COMMAND [ARG]...\n"
	    "       syd pandora inspect [-i LOG] [-o FILE] [-d DEPTH] [-H]\n"
	    "Learn a profile from a run, or from a JSON log; see syd(1).\n", f);
}

#define SYD_OPTS_MAX 64

struct args {
	const char *out, *in;
	const char *syd_opts[SYD_OPTS_MAX]; /* -s: for the learning run */
	size_t nsyd;
	int depth;
	bool hash;
	char **cmd;
};

static void
args_parse(int argc, char **argv, bool profile, struct args *a)
{
	int i;

	a->out = profile ? OUT_DEF : "-";
	a->in = "-";
	a->depth = DEPTH_DEF;
	a->hash = false;
	a->nsyd = 0;
	for (i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0) {
			i++;
			break;
		}
		if (s[0] != '-' || s[1] == '\0')
			break;
		if (strcmp(s, "-h") == 0) {
			usage(stdout);
			exit(0);
		} else if (strcmp(s, "-H") == 0) {
			a->hash = true;
		} else if (profile && strcmp(s, "-s") == 0 && i + 1 < argc) {
			if (a->nsyd == SYD_OPTS_MAX)
				syd_die(SYD_EX_USAGE, "pandora: -s: more than "
				    "%d", SYD_OPTS_MAX);
			a->syd_opts[a->nsyd++] = argv[++i];
		} else if ((strcmp(s, "-o") == 0 || strcmp(s, "-d") == 0 ||
		    (!profile && strcmp(s, "-i") == 0)) && i + 1 < argc) {
			const char *v = argv[++i];
			char *end;
			if (s[1] == 'o')
				a->out = v;
			else if (s[1] == 'i')
				a->in = v;
			else if ((a->depth = (int)strtol(v, &end, 10)) < 0 ||
			    *end != '\0' || *v == '\0' || a->depth > 4096)
				syd_die(SYD_EX_USAGE, "pandora: -d '%s': "
				    "expected a depth, 0 (no collapsing) or "
				    "more", v);
		} else {
			syd_die(SYD_EX_USAGE, "pandora: %s: unknown option "
			    "or missing argument (see syd pandora -h)", s);
		}
	}
	a->cmd = argv + i;
	if (profile && a->cmd[0] == NULL)
		syd_die(SYD_EX_USAGE, "pandora: profile: no command (syd "
		    "pandora profile [-o FILE] [-d DEPTH] [-H] -- COMMAND "
		    "[ARG]...)");
	if (!profile && a->cmd[0] != NULL)
		syd_die(SYD_EX_USAGE, "pandora: inspect: unexpected '%s'",
		    a->cmd[0]);
}

static FILE *
out_open(const char *name)
{
	FILE *f = strcmp(name, "-") == 0 ? stdout : fopen(name, "w");

	if (f == NULL)
		syd_die(SYD_EX_USAGE, "pandora: %s: %s", name, strerror(errno));
	return f;
}

static void
out_close(FILE *f, const char *name, struct learn *L, size_t rules)
{
	if (fflush(f) != 0 || ferror(f) || (f != stdout && fclose(f) != 0))
		syd_die(SYD_EX_TEMP, "pandora: %s: %s", name, strerror(errno));
	fprintf(stderr, "syd: pandora: %s: %zu rules from %lu access records\n",
	    strcmp(name, "-") == 0 ? "standard output" : name, rules,
	    L->records);
}

static volatile pid_t learn_child;

static void
forward(int sig)
{
	if (learn_child > 0)
		kill(learn_child, sig);
}

/* The command's exit status the way syd reports it. */
static int
run_learning(struct learn *L, const char *syd, const struct args *a)
{
	struct sigaction fwd = { .sa_handler = forward,
	    .sa_flags = SA_RESTART };
	char **cmd = a->cmd;
	int fds[2], st;
	char fdnum[16];
	size_t n = 0;
	pid_t pid;
	FILE *in;

	while (cmd[n] != NULL)
		n++;
	if (pipe2(fds, O_CLOEXEC) < 0)
		syd_die(SYD_EX_TEMP, "pandora: pipe: %s", strerror(errno));
	if ((pid = fork()) < 0)
		syd_die(SYD_EX_TEMP, "pandora: fork: %s", strerror(errno));
	if (pid == 0) {
		char **av = calloc(n + a->nsyd + 6, sizeof(*av));
		size_t k = 4;
		if (av == NULL)
			_exit(SYD_EX_TEMP);
		/* syd's own log fd: kept across its exec, nothing else. */
		fcntl(fds[1], F_SETFD, 0);
		snprintf(fdnum, sizeof(fdnum), "%d", fds[1]);
		setenv("SYD_LOG_FD", fdnum, 1);
		setenv("SYD_LOG", "warn", 1);
		av[0] = "syd";
		av[1] = "-x";
		av[2] = "-m";
		av[3] = "default/ioctl:deny";
		for (size_t j = 0; j < a->nsyd; j++)
			av[k++] = (char *)a->syd_opts[j];
		av[k++] = "--";
		memcpy(av + k, cmd, (n + 1) * sizeof(*av));
		execv("/proc/self/exe", av);
		execvp(syd, av);
		fprintf(stderr, "syd: pandora: cannot run syd (%s): %s\n", syd,
		    strerror(errno));
		_exit(SYD_EX_TEMP);
	}
	close(fds[1]);
	/* ^C ends the learning run, not pandora: the terminal's SIGINT
	 * reaches syd, the sandbox dies with it, the pipe ends and the
	 * profile is still written. TERM and HUP sent to pandora go to syd. */
	learn_child = pid;
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	sigaction(SIGTERM, &fwd, NULL);
	sigaction(SIGHUP, &fwd, NULL);
	if ((in = fdopen(fds[0], "r")) == NULL)
		syd_die(SYD_EX_TEMP, "pandora: fdopen: %s", strerror(errno));
	learn_fd(L, in);
	fclose(in);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			syd_die(SYD_EX_TEMP, "pandora: waitpid: %s",
			    strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int
syd_pandora(int argc, char **argv)
{
	static struct learn L;
	struct args a;
	const char *what = argc > 2 ? argv[2] : "";
	int status = -1;
	size_t rules;
	FILE *f;

	if (strcmp(what, "-h") == 0 || strcmp(what, "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(what, "profile") != 0 && strcmp(what, "inspect") != 0) {
		usage(stderr);
		return SYD_EX_USAGE;
	}
	args_parse(argc - 3, argv + 3, what[0] == 'p', &a);
	L.depth = a.depth;
	L.hash = a.hash;
	if (what[0] == 'p') {
		/* Open the output first: a run is not wasted on a bad name. */
		f = out_open(a.out);
		status = run_learning(&L, argv[0], &a);
	} else {
		FILE *in = strcmp(a.in, "-") == 0 ? stdin : fopen(a.in, "r");
		if (in == NULL)
			syd_die(SYD_EX_USAGE, "pandora: %s: %s", a.in,
			    strerror(errno));
		learn_fd(&L, in);
		f = out_open(a.out);
	}
	rules = write_profile(f, &L, what[0] == 'p' ? a.cmd : NULL, status);
	out_close(f, a.out, &L, rules);
	return status >= 0 ? status : 0;
}
