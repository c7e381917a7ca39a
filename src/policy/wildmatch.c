/*
 * rsync wildmatch as a set-of-states simulation: the states are offsets
 * into the pattern where a token starts, and each byte of the path moves
 * every live state at once. This costs O(len(path) * len(pattern)) in the
 * worst case instead of the exponential backtracking of a recursive
 * matcher (a*a*a*a*b against a long run of a's), uses a fixed bitset on the
 * stack and allocates nothing.
 *
 * Tokens: `*` (a run without '/'), `**` or longer (any run), `?` (one
 * byte but '/'), `[...]` (one byte but '/' from a class; `[!...]` and
 * `[^...]` negate; ranges; [:alpha:] and friends, ASCII only), `\x` (x
 * itself), anything else literally. A `[` that does not close a class is
 * a literal `[`. A pattern ending in a slash and three stars also matches
 * without that suffix: it names a directory and everything below it.
 */
/* worker-safe */
#include <stdint.h>
#include <string.h>

#include "policy/internal.h"

#define NSTATE (POLICY_PAT_MAX + 1)
#define NWORD ((NSTATE + 63) / 64)

struct states {
	uint64_t w[NWORD];
	size_t nw; /* words in use: the pattern's length / 64 + 1 */
};

static bool
posix_class(const char *name, size_t n, unsigned char c)
{
	bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
	bool dig = c >= '0' && c <= '9';

#define IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
	if (IS("alpha"))
		return up || lo;
	if (IS("digit"))
		return dig;
	if (IS("alnum"))
		return up || lo || dig;
	if (IS("upper"))
		return up;
	if (IS("lower"))
		return lo;
	if (IS("space"))
		return c == ' ' || (c >= '\t' && c <= '\r');
	if (IS("blank"))
		return c == ' ' || c == '\t';
	if (IS("xdigit"))
		return dig || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
	if (IS("punct"))
		return c > ' ' && c < 0x7f && !(up || lo || dig);
	if (IS("print"))
		return c >= ' ' && c < 0x7f;
	if (IS("graph"))
		return c > ' ' && c < 0x7f;
	if (IS("cntrl"))
		return c < ' ' || c == 0x7f;
#undef IS
	return false; /* an unknown class matches nothing */
}

/* One class member at p (a byte, maybe escaped); its length, 0 at end. */
static size_t
class_byte(const char *p, unsigned char *b)
{
	if (p[0] == '\\') {
		*b = (unsigned char)p[1];
		return p[1] != '\0' ? 2 : 0;
	}
	*b = (unsigned char)p[0];
	return p[0] != '\0' ? 1 : 0;
}

/*
 * "[:name:]" at p: its length with *hit updated, or 0 if it is not one.
 * As in rsync, the name ends at the first ']', which must follow a ':'
 * other than the opening one; otherwise the '[' is an ordinary member
 * ("[[:a]b:]" is the class "[:a" followed by "b:]").
 */
static size_t
class_posix(const char *p, unsigned char c, bool *hit)
{
	const char *end;

	if (p[0] != '[' || p[1] != ':' || (end = strchr(p + 2, ']')) == NULL ||
	    end - p < 3 || end[-1] != ':')
		return 0;
	end--;
	if (posix_class(p + 2, (size_t)(end - p - 2), c))
		*hit = true;
	return (size_t)(end - p) + 2;
}

/*
 * The class at p (p[0] == '['): its length, or 0 when it does not close.
 * *hit says whether it matches c. '/' is never in a class.
 */
static size_t
class_match(const char *p, unsigned char c, bool *hit)
{
	size_t i = 1, n;
	bool neg = false, in = false;
	unsigned char lo, hi;

	if (p[i] == '!' || p[i] == '^') {
		neg = true;
		i++;
	}
	for (bool first = true;; first = false) {
		if (p[i] == ']' && !first)
			break;
		if ((n = class_posix(p + i, c, &in)) > 0) {
			i += n;
			continue;
		}
		if ((n = class_byte(p + i, &lo)) == 0)
			return 0;
		i += n;
		hi = lo;
		if (p[i] == '-' && p[i + 1] != ']' && p[i + 1] != '\0') {
			if ((n = class_byte(p + i + 1, &hi)) == 0)
				return 0;
			i += 1 + n;
		}
		if (c >= lo && c <= hi)
			in = true;
	}
	*hit = c != '/' && in != neg;
	return i + 1;
}

/*
 * The non-star token at pat[i] against byte c: true with *next set when
 * it consumes c.
 */
static bool
tok_step(const char *pat, size_t i, unsigned char c, size_t *next)
{
	size_t n;
	bool hit;

	switch (pat[i]) {
	case '?':
		*next = i + 1;
		return c != '/';
	case '[':
		if ((n = class_match(pat + i, c, &hit)) > 0) {
			*next = i + n;
			return hit;
		}
		break;
	case '\\':
		if (pat[i + 1] != '\0') {
			*next = i + 2;
			return c == (unsigned char)pat[i + 1];
		}
		break;
	}
	*next = i + 1;
	return c == (unsigned char)pat[i];
}

static size_t
star_end(const char *pat, size_t i)
{
	while (pat[i] == '*')
		i++;
	return i;
}

static void
set_bit(struct states *s, size_t i)
{
	s->w[i / 64] |= UINT64_C(1) << (i % 64);
}

static bool
has_bit(const struct states *s, size_t i)
{
	return (s->w[i / 64] >> (i % 64)) & 1;
}

/* The first live state at or after i, or SIZE_MAX. */
static size_t
next_bit(const struct states *s, size_t i)
{
	uint64_t w;

	for (size_t k = i / 64; k < s->nw; k++) {
		w = s->w[k];
		if (k == i / 64)
			w &= ~UINT64_C(0) << (i % 64);
		if (w != 0)
			return k * 64 + (size_t)__builtin_ctzll(w);
	}
	return SIZE_MAX;
}

/*
 * Add the states reachable without consuming a byte: past a star (it may
 * match nothing), and from a final slash-and-three-stars to the end (the
 * directory itself). Every such edge
 * goes forward, so one ascending pass finds them all.
 */
static void
closure(struct states *s, const char *pat, size_t m)
{
	for (size_t i = next_bit(s, 0); i < m; i = next_bit(s, i + 1)) {
		if (pat[i] == '*')
			set_bit(s, star_end(pat, i));
		else if (pat[i] == '/' && i + 4 == m && !strcmp(pat + i, "/***"))
			set_bit(s, m);
	}
}

/* Move every live state over byte c; false when none survives. */
static bool
step(const struct states *cur, struct states *nxt, const char *pat,
    size_t m, unsigned char c)
{
	size_t i, next, end;
	bool live = false;

	memset(nxt->w, 0, nxt->nw * sizeof(nxt->w[0]));
	for (i = next_bit(cur, 0); i < m; i = next_bit(cur, i + 1)) {
		if (pat[i] == '*') {
			end = star_end(pat, i);
			if (end - i > 1 || c != '/') {
				set_bit(nxt, i);
				live = true;
			}
		} else if (tok_step(pat, i, c, &next)) {
			set_bit(nxt, next);
			live = true;
		}
	}
	closure(nxt, pat, m);
	return live;
}

static bool
simulate(const char *pat, size_t m, size_t start, const char *str)
{
	struct states a, b, *cur = &a, *nxt = &b, *t;

	a.nw = b.nw = m / 64 + 1;
	memset(a.w, 0, a.nw * sizeof(a.w[0]));
	set_bit(cur, start);
	closure(cur, pat, m);
	for (; *str != '\0'; str++) {
		if (!step(cur, nxt, pat, m, (unsigned char)*str))
			return false;
		t = cur;
		cur = nxt;
		nxt = t;
	}
	return has_bit(cur, m);
}

bool
policy_wildmatch(const char *pat, const char *str)
{
	size_t m = strlen(pat), lit = strcspn(pat, "*?[\\");

	if (lit == m)
		return strcmp(pat, str) == 0;
	if (m > POLICY_PAT_MAX)
		return false;
	/*
	 * Compare the literal head directly, most rules fail there. Keep
	 * its last byte for the simulation: it may be the slash before a
	 * final "***".
	 */
	if (lit > 0)
		lit--;
	if (strncmp(pat, str, lit) != 0)
		return false;
	return simulate(pat, m, lit, str + lit);
}
