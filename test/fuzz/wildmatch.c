/*
 * Fuzz target: policy_wildmatch (src/policy/wildmatch.c) against a plain
 * recursive matcher written from the documented semantics (policy.h and
 * the file's head comment: rsync wildmatch, a `[` that does not close is
 * literal, an unknown [:class:] matches nothing, a final slash-and-three-
 * stars also matches the directory itself). The reference memoises on
 * (token, offset), so it is exact and fast enough for short inputs; longer
 * ones only check that the matcher survives them in time (libFuzzer's
 * -timeout catches a blow-up).
 *
 * Input: PATTERN NUL STRING.
 */
#include "fuzz.h"
#include "policy/policy.h"

#define REF_MAX 200 /* pattern and string bytes the reference takes */

enum { T_LIT, T_ANY, T_STAR, T_STARS, T_CLASS };

struct tok {
	int kind;
	unsigned char c;	/* T_LIT */
	bool slash;		/* T_LIT: an unescaped '/' */
	bool neg;		/* T_CLASS */
	uint8_t set[32];	/* T_CLASS: bytes in the class */
	unsigned nstar;
};

static bool
posix(const char *name, size_t n, int c)
{
	static const char *const names[] = { "alpha", "digit", "alnum",
		"upper", "lower", "space", "blank", "xdigit", "punct",
		"print", "graph", "cntrl" };
	bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
	bool dig = c >= '0' && c <= '9';
	int k = -1;

	for (int i = 0; i < 12; i++)
		if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
			k = i;
	switch (k) {
	case 0: return up || lo;
	case 1: return dig;
	case 2: return up || lo || dig;
	case 3: return up;
	case 4: return lo;
	case 5: return c == ' ' || (c >= 9 && c <= 13);
	case 6: return c == ' ' || c == '\t';
	case 7: return dig || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	case 8: return c > 32 && c < 127 && !(up || lo || dig);
	case 9: return c >= 32 && c < 127;
	case 10: return c > 32 && c < 127;
	case 11: return c < 32 || c == 127;
	}
	return false;
}

static void
set_add(struct tok *t, int c)
{
	t->set[c / 8] |= (uint8_t)(1u << (c % 8));
}

/* A member byte at p[*j] (maybe escaped); -1 at the end of the pattern. */
static int
member(const char *p, size_t *j)
{
	if (p[*j] == '\0' || (p[*j] == '\\' && p[*j + 1] == '\0'))
		return -1;
	if (p[*j] == '\\')
		*j += 1;
	return (unsigned char)p[(*j)++];
}

/* The class at p[i] == '[' into t; its end, or 0 if it does not close. */
static size_t
class_parse(const char *p, size_t i, struct tok *t)
{
	size_t j = i + 1;
	bool first = true;
	int lo, hi;

	memset(t->set, 0, sizeof(t->set));
	t->kind = T_CLASS;
	t->neg = p[j] == '!' || p[j] == '^';
	j += t->neg;
	for (;; first = false) {
		if (p[j] == ']' && !first)
			return j + 1;
		if (p[j] == '[' && p[j + 1] == ':') {
			/* rsync: the first ']' closes the name, after a ':'
			 * that is not the opening one. */
			const char *close = strchr(p + j + 2, ']');
			if (close != NULL && close - (p + j) >= 3 &&
			    close[-1] == ':') {
				size_t n = (size_t)(close - 1 - (p + j + 2));
				close--;
				for (int c = 0; c < 256; c++)
					if (posix(p + j + 2, n, c))
						set_add(t, c);
				j = (size_t)(close - p) + 2;
				continue;
			}
		}
		if ((lo = member(p, &j)) < 0)
			return 0;
		hi = lo;
		if (p[j] == '-' && p[j + 1] != ']' && p[j + 1] != '\0') {
			j++;
			if ((hi = member(p, &j)) < 0)
				return 0;
		}
		for (int c = lo; c <= hi; c++)
			set_add(t, c);
	}
}

static size_t
tokenize(const char *p, struct tok *v)
{
	size_t i = 0, n = 0, e;

	while (p[i] != '\0') {
		struct tok *t = &v[n++];
		memset(t, 0, sizeof(*t));
		if (p[i] == '*') {
			while (p[i] == '*')
				i++, t->nstar++;
			t->kind = t->nstar == 1 ? T_STAR : T_STARS;
		} else if (p[i] == '?') {
			t->kind = T_ANY;
			i++;
		} else if (p[i] == '[' && (e = class_parse(p, i, t)) > 0) {
			i = e;
		} else if (p[i] == '\\' && p[i + 1] != '\0') {
			t->kind = T_LIT;
			t->c = (unsigned char)p[i + 1];
			i += 2;
		} else {
			t->kind = T_LIT;
			t->c = (unsigned char)p[i];
			t->slash = p[i] == '/';
			i++;
		}
	}
	return n;
}

static struct tok toks[REF_MAX + 1];
static int8_t memo[REF_MAX + 2][REF_MAX + 2];

static bool
ref(size_t ti, size_t nt, const char *s, size_t si, size_t sn)
{
	const struct tok *t = &toks[ti];
	bool r = false;

	if (ti == nt)
		return si == sn;
	if (memo[ti][si] >= 0)
		return memo[ti][si];
	switch (t->kind) {
	case T_STAR:
	case T_STARS:
		r = ref(ti + 1, nt, s, si, sn);
		for (size_t k = si; !r && k < sn; k++) {
			if (t->kind == T_STAR && s[k] == '/')
				break;
			r = ref(ti + 1, nt, s, k + 1, sn);
		}
		break;
	case T_ANY:
		r = si < sn && s[si] != '/' && ref(ti + 1, nt, s, si + 1, sn);
		break;
	case T_CLASS: {
		int c = si < sn ? (unsigned char)s[si] : -1;
		bool in = c >= 0 && (t->set[c / 8] >> (c % 8) & 1);
		r = c >= 0 && c != '/' && in != t->neg &&
		    ref(ti + 1, nt, s, si + 1, sn);
		break;
	}
	default:
		r = si < sn && (unsigned char)s[si] == t->c &&
		    ref(ti + 1, nt, s, si + 1, sn);
	}
	memo[ti][si] = r;
	return r;
}

static bool
ref_match(const char *pat, const char *s)
{
	size_t nt = tokenize(pat, toks), sn = strlen(s);

	memset(memo, -1, sizeof(memo));
	if (ref(0, nt, s, 0, sn))
		return true;
	/* "/dir/" "***": the directory itself. */
	if (nt >= 2 && toks[nt - 2].slash && toks[nt - 1].kind == T_STARS &&
	    toks[nt - 1].nstar == 3) {
		memset(memo, -1, sizeof(memo));
		return ref(0, nt - 2, s, 0, sn);
	}
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 2), *pat, *str, *esc;
	size_t pl, sl;
	bool got;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = buf[size + 1] = '\0';
	pat = buf;
	pl = strlen(pat);
	str = buf + pl + (pl < size);
	sl = strlen(str);
	got = policy_wildmatch(pat, str);
	if (pl <= REF_MAX && sl <= REF_MAX)
		FUZZ_CHECK(got == ref_match(pat, str), "pattern `%s' string "
		    "`%s': wildmatch %d, reference %d", pat, str, got, !got);
	if (strcspn(pat, "*?[\\") == pl)
		FUZZ_CHECK(got == (strcmp(pat, str) == 0), "literal `%s' vs "
		    "`%s'", pat, str);
	/* Every byte escaped: exactly the string itself. */
	if ((esc = malloc(2 * sl + 2)) != NULL) {
		for (size_t i = 0; i < sl; i++) {
			esc[2 * i] = '\\';
			esc[2 * i + 1] = str[i];
		}
		esc[2 * sl] = '\0';
		if (2 * sl <= 4096) {
			FUZZ_CHECK(policy_wildmatch(esc, str), "escaped `%s' "
			    "does not match itself", str);
			if (sl > 0)
				FUZZ_CHECK(!policy_wildmatch(esc, pat) ||
				    strcmp(pat, str) == 0, "escaped `%s' "
				    "matches `%s'", str, pat);
		}
		free(esc);
	}
	free(buf);
	return 0;
}
