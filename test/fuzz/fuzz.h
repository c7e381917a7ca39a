/*
 * Shared pieces of the libFuzzer targets: a failed invariant aborts with
 * its reason (libFuzzer saves the input), a cursor over the fuzz input, and
 * a strict JSON reader (RFC 8259, UTF-8 checked, no lone surrogates) that
 * the JSON writer and state dump are checked against. Test code: it may
 * use libc freely.
 */
#ifndef SYD_FUZZ_H
#define SYD_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...)                                          \
	do {                                                           \
		if (!(cond)) {                                         \
			fprintf(stderr, "FUZZ: %s:%d: %s: ", __FILE__, \
			    __LINE__, #cond);                          \
			fprintf(stderr, __VA_ARGS__);                  \
			fputc('\n', stderr);                           \
			abort();                                       \
		}                                                      \
	} while (0)

/* Input cursor: bytes and small numbers taken from the front. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline unsigned
fuzz_byte(struct fuzz_in *in)
{
	unsigned b;

	if (in->n == 0)
		return 0;
	b = in->p[0];
	in->p++;
	in->n--;
	return b;
}

/*
 * Strict JSON. json_value parses one value at *s (end e); members of the
 * top-level object may be reported to a callback with the value decoded
 * (the writer escapes a byte that starts no UTF-8 sequence as \u00XX, and
 * the decoder maps \u0080..\u00ff back to that byte so a caller can
 * compare with the bytes written).
 */
struct json_rd {
	const char *s, *e;
	int depth;
	/* Called for each member of the outermost object. */
	void (*member)(void *arg, const char *key, size_t kl, int type,
	    const char *val, size_t vl);
	void *arg;
	char *dec;	/* decoding buffer for the member callback */
	size_t decsz;
};

enum { JSON_STR = 1, JSON_OTHER = 2 };

/* The checker is not what is fuzzed: keep its branches out of the
 * coverage feedback (and its cost down). */
#define FUZZ_NOCOV __attribute__((no_sanitize("coverage")))

static inline FUZZ_NOCOV void
json_ws(struct json_rd *r)
{
	while (r->s < r->e && (*r->s == ' ' || *r->s == '\t' ||
	    *r->s == '\n' || *r->s == '\r'))
		r->s++;
}

static inline FUZZ_NOCOV bool
json_lit(struct json_rd *r, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(r->e - r->s) < n || memcmp(r->s, w, n) != 0)
		return false;
	r->s += n;
	return true;
}

/* Well-formed UTF-8 sequence length at s (RFC 3629), 0 if none. */
static inline FUZZ_NOCOV size_t
json_utf8(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static inline FUZZ_NOCOV int
json_hex4(const char *s)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static inline FUZZ_NOCOV void
json_put(char *out, size_t *o, size_t cap, const char *b, size_t n)
{
	if (out != NULL && *o + n <= cap)
		memcpy(out + *o, b, n);
	*o += n;
}

/* A string at r->s (on the quote); decoded into out (cap) when not NULL,
 * *olen its decoded length. */
static inline FUZZ_NOCOV bool
json_string(struct json_rd *r, char *out, size_t cap, size_t *olen)
{
	size_t o = 0, k;

	if (r->s >= r->e || *r->s != '"')
		return false;
	r->s++;
	while (r->s < r->e && *r->s != '"') {
		unsigned char c = (unsigned char)*r->s;
		if (c < 0x20)
			return false;
		if (c != '\\') {
			if ((k = json_utf8((const unsigned char *)r->s,
			    (size_t)(r->e - r->s))) == 0)
				return false;
			json_put(out, &o, cap, r->s, k);
			r->s += k;
			continue;
		}
		if (r->e - r->s < 2)
			return false;
		switch (r->s[1]) {
		case '"': case '\\': case '/':
			json_put(out, &o, cap, r->s + 1, 1); break;
		case 'b': json_put(out, &o, cap, "\b", 1); break;
		case 'f': json_put(out, &o, cap, "\f", 1); break;
		case 'n': json_put(out, &o, cap, "\n", 1); break;
		case 'r': json_put(out, &o, cap, "\r", 1); break;
		case 't': json_put(out, &o, cap, "\t", 1); break;
		case 'u': {
			int v;
			if (r->e - r->s < 6 || (v = json_hex4(r->s + 2)) < 0)
				return false;
			if (v >= 0xd800 && v <= 0xdbff) {
				int lo;
				if (r->e - r->s < 12 || r->s[6] != '\\' ||
				    r->s[7] != 'u' ||
				    (lo = json_hex4(r->s + 8)) < 0xdc00 ||
				    lo > 0xdfff)
					return false;
				r->s += 6; /* the pair: decoded as '?' */
				json_put(out, &o, cap, "?", 1);
			} else if (v >= 0xdc00 && v <= 0xdfff) {
				return false;
			} else if (v < 0x100) {
				char b = (char)v;
				json_put(out, &o, cap, &b, 1);
			} else {
				json_put(out, &o, cap, "?", 1);
			}
			r->s += 4;
			break;
		}
		default:
			return false;
		}
		r->s += 2;
	}
	if (r->s >= r->e)
		return false;
	r->s++;
	*olen = o;
	return true;
}

static inline FUZZ_NOCOV bool
json_digits(struct json_rd *r)
{
	const char *st = r->s;

	while (r->s < r->e && *r->s >= '0' && *r->s <= '9')
		r->s++;
	return r->s > st;
}

static inline FUZZ_NOCOV bool
json_number(struct json_rd *r)
{
	if (r->s < r->e && *r->s == '-')
		r->s++;
	if (r->s < r->e && *r->s == '0')
		r->s++;
	else if (!(r->s < r->e && *r->s >= '1' && *r->s <= '9') ||
	    !json_digits(r))
		return false;
	if (r->s < r->e && *r->s == '.') {
		r->s++;
		if (!json_digits(r))
			return false;
	}
	if (r->s < r->e && (*r->s == 'e' || *r->s == 'E')) {
		r->s++;
		if (r->s < r->e && (*r->s == '+' || *r->s == '-'))
			r->s++;
		if (!json_digits(r))
			return false;
	}
	return true;
}

static inline FUZZ_NOCOV bool json_value(struct json_rd *r);

static inline FUZZ_NOCOV bool
json_object(struct json_rd *r)
{
	bool top = r->depth == 1;
	size_t kl, vl;

	r->s++;
	json_ws(r);
	if (r->s < r->e && *r->s == '}') {
		r->s++;
		return true;
	}
	for (;;) {
		const char *k, *v;
		char key[256];
		json_ws(r);
		k = r->s;
		if (!json_string(r, key, sizeof(key), &kl))
			return false;
		(void)k;
		json_ws(r);
		if (r->s >= r->e || *r->s != ':')
			return false;
		r->s++;
		json_ws(r);
		v = r->s;
		if (top && r->member != NULL && r->s < r->e && *r->s == '"') {
			if (!json_string(r, r->dec, r->decsz, &vl))
				return false;
			r->member(r->arg, key, kl < sizeof(key) ? kl :
			    sizeof(key), JSON_STR, r->dec,
			    vl < r->decsz ? vl : r->decsz);
		} else {
			if (!json_value(r))
				return false;
			if (top && r->member != NULL)
				r->member(r->arg, key, kl < sizeof(key) ? kl :
				    sizeof(key), JSON_OTHER, v,
				    (size_t)(r->s - v));
		}
		json_ws(r);
		if (r->s < r->e && *r->s == ',') {
			r->s++;
			continue;
		}
		if (r->s < r->e && *r->s == '}') {
			r->s++;
			return true;
		}
		return false;
	}
}

static inline FUZZ_NOCOV bool
json_array(struct json_rd *r)
{
	r->s++;
	json_ws(r);
	if (r->s < r->e && *r->s == ']') {
		r->s++;
		return true;
	}
	for (;;) {
		json_ws(r);
		if (!json_value(r))
			return false;
		json_ws(r);
		if (r->s < r->e && *r->s == ',') {
			r->s++;
			continue;
		}
		if (r->s < r->e && *r->s == ']') {
			r->s++;
			return true;
		}
		return false;
	}
}

static inline FUZZ_NOCOV bool
json_value(struct json_rd *r)
{
	size_t n;
	bool ok;

	if (r->s >= r->e || r->depth > 64)
		return false;
	switch (*r->s) {
	case '{':
		r->depth++;
		ok = json_object(r);
		r->depth--;
		return ok;
	case '[':
		r->depth++;
		ok = json_array(r);
		r->depth--;
		return ok;
	case '"':
		return json_string(r, NULL, 0, &n);
	case 't':
		return json_lit(r, "true");
	case 'f':
		return json_lit(r, "false");
	case 'n':
		return json_lit(r, "null");
	default:
		return json_number(r);
	}
}

/* Is s[0..n) exactly one JSON value, with optional white space around? */
static inline FUZZ_NOCOV bool
json_valid(const char *s, size_t n, struct json_rd *r)
{
	struct json_rd local = { 0 };

	if (r == NULL)
		r = &local;
	r->s = s;
	r->e = s + n;
	r->depth = 0;
	json_ws(r);
	if (!json_value(r))
		return false;
	json_ws(r);
	return r->s == r->e;
}

#endif
