/* main thread only */
/*
 * syd pandora: the profile written from what was learned — rules grouped
 * by category and sorted, trees covering what they cover, with a header
 * naming the command, and force lines with -H.
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

	pandora_set_uniq(s);
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i][0] == 'T')
			pandora_set_add(&trees, s->v[i]);
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

		pandora_set_uniq(s);
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

	pandora_set_uniq(&L->execs);
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
	pandora_set_uniq(&L->skipped);
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
size_t
pandora_write_profile(FILE *f, struct learn *L, char **argv, int status)
{
	size_t rules;

	put_header(f, L, argv, status);
	rules = put_paths(f, L) + put_net(f, L) + put_ioctl(f, L);
	if (L->hash)
		rules += put_force(f, L);
	put_skipped(f, L);
	return rules;
}
