/* main thread only */
/*
 * syd --check -P FILE [-p NAME] [-m CMD]...: check configuration before it
 * is used, without running anything (syd(1) CHECKING A PROFILE).
 *
 * Every line goes through the real parser (policy_load_each), which goes
 * on after a failing line, so one run names every error with its
 * file:line. Then the resulting policy is examined:
 * - a rule that can never decide, because a later rule of the same
 *   category matches everything it matches (the last matching rule wins);
 * - a category on, with a default other than allow and no allow rule,
 *   when a line of the file turned it on (every access of it is denied);
 *   categories on only by syd's secure default are listed in one note.
 * Errors exit 100, warnings alone 1, a clean file 0.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confine/confine.h"
#include "policy/policy.h"
#include "syd.h"

/* Where one rule of a category list came from. */
struct origin {
	const char *pat; /* the rule's own pattern pointer */
	char *text;	 /* a copy, so a reused pointer is not mistaken */
	char *where;	 /* "FILE:LINE" or "-m 'CMD'" */
	bool profile;	 /* from include_profile or -p: not reported */
};

struct olist {
	struct origin *v;
	size_t n, cap;
};

struct check {
	struct policy pol;
	struct olist o[POLICY_NLIST];
	char *on[POLICY_NLIST]; /* the line that turned the category on */
	uint64_t sandbox;	/* the categories on before the last line */
	unsigned errors, warnings;
};

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL) {
		syd_die(SYD_EX_TEMP, "out of memory");
	}
	return d;
}

static const struct origin *
olist_find(const struct olist *l, const struct policy_rule *r)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].pat == r->pat && strcmp(l->v[i].text, r->pat) == 0)
			return &l->v[i];
	return NULL;
}

static void
olist_push(struct olist *l, const struct policy_rule *r, const char *where,
    bool profile)
{
	struct origin *n;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		if ((l->v = realloc(l->v, l->cap * sizeof(*l->v))) == NULL)
			syd_die(SYD_EX_TEMP, "out of memory");
	}
	n = &l->v[l->n++];
	n->pat = r->pat;
	n->text = xstrdup(r->pat);
	n->where = xstrdup(where);
	n->profile = profile;
}

static void
olist_free(struct olist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].text);
		free(l->v[i].where);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* A category's origins after a command: most commands add rules at the
 * end or none; after a removal the rules still there keep their origin
 * and the new ones come from where. */
static void
olist_update(struct olist *o, const struct policy_list *pl, const char *where,
    bool profile)
{
	struct olist nl = { 0 };
	size_t same = 0;

	while (same < o->n && same < pl->n && o->v[same].pat == pl->v[same].pat)
		same++;
	if (same == o->n) {
		for (size_t i = same; i < pl->n; i++)
			olist_push(o, &pl->v[i], where, profile);
		return;
	}
	for (size_t i = 0; i < pl->n; i++) {
		const struct origin *old = olist_find(o, &pl->v[i]);
		olist_push(&nl, &pl->v[i], old != NULL ? old->where : where,
		    old != NULL ? old->profile : profile);
	}
	olist_free(o);
	*o = nl;
}

/* After one command: where its rules came from, and the categories it
 * turned on (from off). */
static void
track(struct check *k, const char *where, bool profile)
{
	const struct policy *p = &k->pol;

	for (int c = 0; c < POLICY_NLIST; c++) {
		uint64_t b = POLICY_BIT(c);
		olist_update(&k->o[c], &p->list[c], where, profile);
		if ((p->sandbox & b) && !(k->sandbox & b)) {
			free(k->on[c]);
			k->on[c] = profile ? NULL : xstrdup(where);
		}
	}
	k->sandbox = p->sandbox;
}

/*
 * The categories a command turns on, already on or not: the same command
 * on a scratch policy with every category off (include lines read files
 * and were seen line by line; profiles are not the file's own lines).
 */
static void
turned_on(struct check *k, const char *where, const char *cmd)
{
	static struct policy scratch;
	char err[256];

	if (strncmp(cmd, "include", 7) == 0)
		return;
	policy_init(&scratch);
	scratch.sandbox = 0;
	if (policy_cmd(&scratch, cmd, err, sizeof(err)) == 0) {
		for (int c = 0; c < POLICY_NLIST; c++) {
			if (!(scratch.sandbox & POLICY_BIT(c)))
				continue;
			free(k->on[c]);
			k->on[c] = xstrdup(where);
		}
	}
	policy_free(&scratch);
}

static void
each(void *arg, const char *file, unsigned line, const char *cmd, int rc,
    const char *err)
{
	struct check *k = arg;
	char where[4096 + 16];

	if (line == 0)
		snprintf(where, sizeof(where), "%s", file);
	else
		snprintf(where, sizeof(where), "%s:%u", file, line);
	if (rc < 0) {
		k->errors++;
		if (line == 0)
			fprintf(stderr, "syd: %s\n", err[0] ? err :
			    strerror(-rc));
		else
			fprintf(stderr, "syd: %s: %s\n", where, err[0] ? err :
			    strerror(-rc));
	}
	track(k, where, strncmp(cmd, "include_profile", 15) == 0);
	if (rc == 0)
		turned_on(k, where, cmd);
}

/* --- rules that never decide ------------------------------------------ */

static bool
has_meta(const char *s)
{
	return strpbrk(s, "*?[\\") != NULL;
}

/* Whether glob b matches everything glob a matches (sound, not complete:
 * false when unsure). */
static bool
glob_covers(const char *b, const char *a)
{
	size_t bl = strlen(b), pl;

	if (strcmp(a, b) == 0)
		return true;
	if (!has_meta(a))
		return policy_wildmatch(b, a);
	if (bl >= 4 && strcmp(b + bl - 4, "/***") == 0) {
		pl = bl - 4;
		for (size_t x = 0; x < pl; x++)
			if (strchr("*?[\\", b[x]) != NULL)
				return false;
		/* b is a literal PREFIX, a slash and three stars: it covers
		 * PREFIX itself and anything below it */
		return pl == 0 ? a[0] == '/' :
		    strncmp(a, b, pl) == 0 && a[pl] == '/';
	}
	return false;
}

static bool
alts_cover(const struct policy_rule *j, const struct policy_rule *i)
{
	for (unsigned x = 0; x < i->nalt; x++) {
		bool ok = false;
		for (unsigned y = 0; y < j->nalt && !ok; y++)
			ok = glob_covers(j->alt[y], i->alt[x]);
		if (!ok)
			return false;
	}
	return true;
}

static bool
addr_covers(const struct policy_addr *b, const struct policy_addr *a)
{
	unsigned full, bits = b->prefix;

	if (a->family != b->family || b->prefix > a->prefix ||
	    b->port_lo > a->port_lo || b->port_hi < a->port_hi)
		return false;
	full = bits / 8;
	if (memcmp(a->addr, b->addr, full) != 0)
		return false;
	if (bits % 8 != 0) {
		uint8_t m = (uint8_t)(0xff << (8 - bits % 8));
		if ((a->addr[full] & m) != (b->addr[full] & m))
			return false;
	}
	return true;
}

static bool
rule_covers(int cat, const struct policy_rule *j, const struct policy_rule *i)
{
	if (cat == POLICY_IOCTL)
		return (uint32_t)j->req == (uint32_t)i->req;
	if (!alts_cover(j, i))
		return false;
	for (unsigned x = 0; x < i->naddr; x++) {
		bool ok = false;
		for (unsigned y = 0; y < j->naddr && !ok; y++)
			ok = addr_covers(&j->addr[y], &i->addr[x]);
		if (!ok)
			return false;
	}
	return true;
}

static void
shadowed(struct check *k)
{
	const struct policy *p = &k->pol;

	for (int c = 0; c < POLICY_NLIST; c++) {
		const struct policy_list *l = &p->list[c];
		const char *cat = policy_cat_name((enum policy_cat)c);
		for (size_t i = 0; i < l->n; i++) {
			const struct origin *oi = &k->o[c].v[i];
			if (oi->profile)
				continue;
			for (size_t j = l->n; j-- > i + 1;) {
				if (!rule_covers(c, &l->v[j], &l->v[i]))
					continue;
				fprintf(stderr, "syd: %s: warning: `%s/%s+%s' "
				    "never decides: `%s/%s+%s' (%s) comes "
				    "later and matches all it matches (the "
				    "last matching rule wins)\n", oi->where,
				    policy_act_name(l->v[i].act), cat,
				    l->v[i].pat, policy_act_name(l->v[j].act),
				    cat, l->v[j].pat, k->o[c].v[j].where);
				k->warnings++;
				break;
			}
		}
	}
}

/* Categories on that deny everything: no allow (or warn) rule and a
 * default that is not one either. */
static void
empty(struct check *k, const char *what)
{
	const struct policy *p = &k->pol;
	char note[1024];
	size_t n = 0;

	note[0] = '\0';
	for (int c = 0; c < POLICY_NLIST; c++) {
		const struct policy_list *l = &p->list[c];
		bool allows = p->defact[c] == POLICY_ALLOW ||
		    p->defact[c] == POLICY_WARN;
		if (!policy_on(p, (enum policy_cat)c))
			continue;
		for (size_t i = 0; i < l->n && !allows; i++)
			allows = l->v[i].act == POLICY_ALLOW ||
			    l->v[i].act == POLICY_WARN;
		if (allows)
			continue;
		if (k->on[c] != NULL) {
			fprintf(stderr, "syd: %s: warning: sandbox/%s is on "
			    "with no allow rule and default/%s:%s: every %s "
			    "access is denied\n", k->on[c],
			    policy_cat_name((enum policy_cat)c),
			    policy_cat_name((enum policy_cat)c),
			    policy_act_name((enum policy_act)p->defact[c]),
			    policy_cat_name((enum policy_cat)c));
			k->warnings++;
		} else if (n + 32 < sizeof(note)) {
			n += (size_t)snprintf(note + n, sizeof(note) - n, " %s",
			    policy_cat_name((enum policy_cat)c));
		}
	}
	if (n > 0 && k->errors == 0) /* a note only on what loaded */
		fprintf(stderr, "syd: %s: note: on by default with no allow "
		    "rule (everything denied):%s\n", what, note);
}

int
syd_check_files(char **args)
{
	static struct check k;
	const char *what = NULL;
	const char *missing;
	char err[1024];

	policy_init(&k.pol);
	k.sandbox = k.pol.sandbox;
	for (; *args != NULL; args++) {
		const char *opt = *args, *val = args[1];
		char where[4200];
		int rc;

		if (strcmp(opt, "-P") != 0 && strcmp(opt, "-p") != 0 &&
		    strcmp(opt, "-m") != 0) {
			fprintf(stderr, "syd: --check: unexpected '%s' (usage: "
			    "syd --check [-P FILE | -p NAME | -m CMD]...)\n",
			    opt);
			return SYD_EX_USAGE;
		}
		if (val == NULL) {
			fprintf(stderr, "syd: --check: %s: missing argument\n",
			    opt);
			return SYD_EX_USAGE;
		}
		args++;
		if (what == NULL || opt[1] == 'P')
			what = val;
		if (opt[1] == 'P') {
			policy_load_each(&k.pol, val, each, &k);
			continue;
		}
		err[0] = '\0';
		snprintf(where, sizeof(where), "-%c '%s'", opt[1], val);
		rc = opt[1] == 'm' ? policy_cmd(&k.pol, val, err, sizeof(err)) :
		    policy_profile(&k.pol, val, err, sizeof(err));
		if (rc < 0) {
			k.errors++;
			fprintf(stderr, "syd: %s: %s\n", where, err[0] ? err :
			    strerror(-rc));
		}
		track(&k, where, opt[1] == 'p');
	}
	if (what == NULL) {
		fputs("syd: --check: nothing to check (syd --check -P FILE)\n",
		    stderr);
		return SYD_EX_USAGE;
	}
	if ((missing = confine_unsupported(&k.pol)) != NULL) {
		k.errors++;
		fprintf(stderr, "syd: %s\n", missing);
	}
	shadowed(&k);
	empty(&k, what);
	fprintf(stderr, "syd: %s: %u error%s, %u warning%s\n", what, k.errors,
	    k.errors == 1 ? "" : "s", k.warnings, k.warnings == 1 ? "" : "s");
	return k.errors > 0 ? SYD_EX_USAGE : k.warnings > 0 ? 1 : 0;
}
