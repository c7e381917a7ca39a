/*
 * Fuzz target: the JSON line writer (src/rt/json.c). Log records carry
 * bytes chosen by sandboxed processes, so whatever the values and however
 * small the buffer, the line must be strict JSON ending in "}\n", stay
 * inside the buffer, and hold the members in order: each complete one
 * decoding to exactly the bytes given, at most the last one cut short.
 *
 * Input: two bytes of buffer size, then operations (a byte each: kind and
 * key) with their values.
 */
#include "fuzz.h"
#include "rt/rt.h"

#define OPS_MAX 64
#define VAL_MAX 300

static const char *const keys[] = { "ctx", "path", "", "a_long_key_name",
	"sys", "cmd", "x", "pid" };
/* rt_json_raw takes JSON written by syd itself. */
static const char *const raws[] = { "[]", "{}", "[1,2,3]", "null",
	"{\"a\":[true,false,null],\"b\":\"\\u0001\"}", "-0.5e+3" };

struct member {
	const char *key;
	int type;
	char val[VAL_MAX];
	size_t vl;
};

struct seen {
	const struct member *want;
	size_t nwant, n;
	bool cut; /* a string member was cut short: it must be the last */
};

static void
on_member(void *arg, const char *key, size_t kl, int type, const char *val,
    size_t vl)
{
	struct seen *s = arg;
	const struct member *m;

	FUZZ_CHECK(!s->cut, "member after a cut string");
	FUZZ_CHECK(s->n < s->nwant, "more members than written");
	m = &s->want[s->n++];
	FUZZ_CHECK(kl == strlen(m->key) && memcmp(key, m->key, kl) == 0,
	    "member %zu key `%.*s' instead of `%s'", s->n, (int)kl, key,
	    m->key);
	FUZZ_CHECK(type == m->type, "member %zu type %d, want %d", s->n,
	    type, m->type);
	FUZZ_CHECK(vl <= m->vl && memcmp(val, m->val, vl) == 0,
	    "member %zu value differs from what was written", s->n);
	if (vl < m->vl) {
		FUZZ_CHECK(type == JSON_STR, "non-string member cut");
		s->cut = true;
	}
}

/* One operation from the input into j, recorded in m. */
static void
op_run(struct fuzz_in *in, struct rt_json *j, struct member *m)
{
	unsigned b = fuzz_byte(in), vl;

	m->key = keys[(b >> 3) % (sizeof(keys) / sizeof(*keys))];
	m->type = JSON_OTHER;
	switch (b % 6) {
	case 0: /* C string: up to the first NUL */
	case 1: /* counted bytes, NULs included */
		vl = fuzz_byte(in) % VAL_MAX;
		vl = vl < in->n ? vl : (unsigned)in->n;
		memcpy(m->val, in->p, vl);
		in->p += vl;
		in->n -= vl;
		m->type = JSON_STR;
		if (b % 6 == 0) {
			char tmp[VAL_MAX + 1];
			memcpy(tmp, m->val, vl);
			tmp[vl] = '\0';
			m->vl = strlen(tmp);
			rt_json_str(j, m->key, tmp);
		} else {
			m->vl = vl;
			rt_json_strn(j, m->key, m->val, vl);
		}
		break;
	case 2: {
		long long v = 0;
		for (int i = 0; i < 8; i++)
			v = (long long)((unsigned long long)v << 8 |
			    fuzz_byte(in));
		m->vl = (size_t)snprintf(m->val, sizeof(m->val), "%lld", v);
		rt_json_int(j, m->key, v);
		break;
	}
	case 3:
		vl = fuzz_byte(in) & 1;
		m->vl = (size_t)snprintf(m->val, sizeof(m->val), "%s",
		    vl ? "true" : "false");
		rt_json_bool(j, m->key, vl);
		break;
	case 4: {
		const char *r = raws[fuzz_byte(in) % (sizeof(raws) /
		    sizeof(*raws))];
		m->vl = strlen(r);
		memcpy(m->val, r, m->vl);
		rt_json_raw(j, m->key, r);
		break;
	}
	default:
		memcpy(m->val, "null", 4);
		m->vl = 4;
		rt_json_str(j, m->key, NULL);
		break;
	}
}

/* An upper bound of the object's length: then nothing may be missing. */
static size_t
bound(const struct member *m, size_t n)
{
	size_t b = 4;

	for (size_t i = 0; i < n; i++)
		b += strlen(m[i].key) + 4 + 6 * m[i].vl + 2;
	return b;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct member want[OPS_MAX];
	static char dec[VAL_MAX * 2];
	struct fuzz_in in = { data, size };
	struct seen seen = { want, 0, 0, false };
	struct json_rd rd = { .member = on_member, .arg = &seen, .dec = dec,
		.decsz = sizeof(dec) };
	size_t cap = (fuzz_byte(&in) << 8 | fuzz_byte(&in)) % 4097, len, n = 0;
	char *buf = malloc(cap), *copy;
	struct rt_json j;

	if (buf == NULL)
		return 0;
	rt_json_open(&j, buf, cap);
	while (in.n > 0 && n < OPS_MAX)
		op_run(&in, &j, &want[n++]);
	seen.nwant = n;
	len = rt_json_close(&j);
	if (cap < 4) {
		FUZZ_CHECK(len == 0, "cap %zu gave %zu bytes", cap, len);
		free(buf);
		return 0;
	}
	FUZZ_CHECK(len >= 3 && len < cap && buf[len] == '\0',
	    "length %zu in a buffer of %zu", len, cap);
	FUZZ_CHECK(memcmp(buf + len - 2, "}\n", 2) == 0, "no }\\n at the end");
	FUZZ_CHECK(memchr(buf, '\n', len - 1) == NULL, "newline inside");
	FUZZ_CHECK(json_valid(buf, len, &rd), "invalid JSON: %s", buf);
	if (cap >= bound(want, n))
		FUZZ_CHECK(seen.n == n && !seen.cut, "%zu of %zu members in a "
		    "buffer of %zu", seen.n, n, cap);
	/* Closing again changes nothing. */
	copy = malloc(len + 1);
	memcpy(copy, buf, len + 1);
	FUZZ_CHECK(rt_json_close(&j) == len && memcmp(copy, buf, len + 1) == 0,
	    "a second close changed the line");
	free(copy);
	free(buf);
	return 0;
}
