/*
 * rt JSON writer: log consumers parse every line, so whatever bytes a
 * sandboxed process puts in a path, the line must be valid JSON and valid
 * UTF-8, even when it is too long for its buffer.
 */
#include <atf-c.h>
#include <stdint.h>
#include <string.h>

#include "rt/rt.h"

/*
 * A small independent checker: one JSON object followed by "\n", strings
 * well-formed UTF-8 (decoded and checked for minimality, surrogates and
 * range, unlike the writer's byte-range table).
 */
struct chk {
	const unsigned char *s;
	size_t n, i;
};

static bool chk_value(struct chk *c, int depth);

static int
chk_peek(struct chk *c)
{
	return c->i < c->n ? c->s[c->i] : -1;
}

static bool
chk_utf8(struct chk *c)
{
	unsigned char b = c->s[c->i];
	uint32_t cp, min;
	int k, i;

	if (b < 0x80) {
		c->i++;
		return true;
	}
	if ((b & 0xe0) == 0xc0) {
		k = 1, cp = b & 0x1f, min = 0x80;
	} else if ((b & 0xf0) == 0xe0) {
		k = 2, cp = b & 0x0f, min = 0x800;
	} else if ((b & 0xf8) == 0xf0) {
		k = 3, cp = b & 0x07, min = 0x10000;
	} else {
		return false;
	}
	if (c->i + k >= c->n)
		return false;
	for (i = 1; i <= k; i++) {
		if ((c->s[c->i + i] & 0xc0) != 0x80)
			return false;
		cp = cp << 6 | (c->s[c->i + i] & 0x3f);
	}
	c->i += k + 1;
	return cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
}

static bool
chk_hex(int ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
	    (ch >= 'A' && ch <= 'F');
}

static bool
chk_string(struct chk *c)
{
	int ch, i;

	if (chk_peek(c) != '"')
		return false;
	c->i++;
	while ((ch = chk_peek(c)) != '"') {
		if (ch < 0x20)
			return false;	/* also end of input */
		if (ch != '\\') {
			if (!chk_utf8(c))
				return false;
			continue;
		}
		c->i++;
		ch = chk_peek(c);
		c->i++;
		if (ch == 'u') {
			for (i = 0; i < 4; i++, c->i++)
				if (!chk_hex(chk_peek(c)))
					return false;
		} else if (ch <= 0 || strchr("\"\\/bfnrt", ch) == NULL) {
			return false;
		}
	}
	c->i++;
	return true;
}

static bool
chk_number(struct chk *c)
{
	size_t start = c->i;

	if (chk_peek(c) == '-')
		c->i++;
	if (chk_peek(c) == '0')
		c->i++;
	else
		while (chk_peek(c) >= '0' && chk_peek(c) <= '9')
			c->i++;
	return c->i > start && c->s[c->i - 1] != '-';
}

static bool
chk_word(struct chk *c, const char *w)
{
	size_t n = strlen(w);

	if (c->n - c->i < n || memcmp(c->s + c->i, w, n) != 0)
		return false;
	c->i += n;
	return true;
}

/* Object or array: members separated by ',' between open and close. */
static bool
chk_container(struct chk *c, int close, int depth)
{
	c->i++;
	if (chk_peek(c) == close) {
		c->i++;
		return true;
	}
	for (;;) {
		if (close == '}' && (!chk_string(c) || !chk_word(c, ":")))
			return false;
		if (!chk_value(c, depth + 1))
			return false;
		if (chk_peek(c) == close) {
			c->i++;
			return true;
		}
		if (!chk_word(c, ","))
			return false;
	}
}

static bool
chk_value(struct chk *c, int depth)
{
	switch (chk_peek(c)) {
	case '"':
		return chk_string(c);
	case '{':
		return depth < 16 && chk_container(c, '}', depth);
	case '[':
		return depth < 16 && chk_container(c, ']', depth);
	case 't':
		return chk_word(c, "true");
	case 'f':
		return chk_word(c, "false");
	case 'n':
		return chk_word(c, "null");
	default:
		return chk_number(c);
	}
}

static bool
json_line_ok(const char *s, size_t n)
{
	struct chk c = { (const unsigned char *)s, n, 0 };

	return n >= 3 && chk_peek(&c) == '{' && chk_value(&c, 0) &&
	    chk_word(&c, "\n") && c.i == n;
}

/* A one-member object {"v":...} for val; the line is left in out. */
static size_t
one_str(char *out, size_t cap, const char *val, size_t n)
{
	struct rt_json j;

	rt_json_open(&j, out, cap);
	rt_json_strn(&j, "v", val, n);
	return rt_json_close(&j);
}

static void
check_str(const char *val, size_t n, const char *want)
{
	char out[512];
	size_t len = one_str(out, sizeof(out), val, n);

	ATF_CHECK_STREQ(out, want);
	ATF_CHECK_EQ(len, strlen(want));
	ATF_CHECK_MSG(json_line_ok(out, len), "invalid JSON: %s", out);
}

#define CHECK_STR(lit, want) check_str((lit), sizeof(lit) - 1, (want))

ATF_TC_WITHOUT_HEAD(members);
ATF_TC_BODY(members, tc)
{
	char buf[256];
	struct rt_json j;
	size_t n;

	rt_json_open(&j, buf, sizeof(buf));
	rt_json_str(&j, "ctx", "access");
	rt_json_int(&j, "pid", 123);
	rt_json_int(&j, "neg", -9223372036854775807LL - 1);
	rt_json_bool(&j, "t", true);
	rt_json_bool(&j, "f", false);
	rt_json_raw(&j, "arr", "[1,\"x\"]");
	rt_json_str(&j, "nul", NULL);
	n = rt_json_close(&j);
	ATF_CHECK_STREQ(buf, "{\"ctx\":\"access\",\"pid\":123,"
	    "\"neg\":-9223372036854775808,\"t\":true,\"f\":false,"
	    "\"arr\":[1,\"x\"],\"nul\":null}\n");
	ATF_CHECK_EQ(n, strlen(buf));
	ATF_CHECK(json_line_ok(buf, n));
}

ATF_TC_WITHOUT_HEAD(empty_object_and_double_close);
ATF_TC_BODY(empty_object_and_double_close, tc)
{
	char buf[4];
	struct rt_json j;

	rt_json_open(&j, buf, sizeof(buf));
	ATF_CHECK_EQ(rt_json_close(&j), 3);
	ATF_CHECK_STREQ(buf, "{}\n");
	/* Closing again must not write past the buffer or repeat "}\n". */
	ATF_CHECK_EQ(rt_json_close(&j), 3);
	ATF_CHECK_STREQ(buf, "{}\n");
	rt_json_open(&j, buf, 3);
	rt_json_str(&j, "k", "v");
	ATF_CHECK_EQ(rt_json_close(&j), 0);
}

ATF_TC_WITHOUT_HEAD(escape_quote_backslash);
ATF_TC_BODY(escape_quote_backslash, tc)
{
	CHECK_STR("a\"b\\c", "{\"v\":\"a\\\"b\\\\c\"}\n");
	CHECK_STR("\"}\n{\"x\":1", "{\"v\":\"\\\"}\\n{\\\"x\\\":1\"}\n");
	CHECK_STR("/", "{\"v\":\"/\"}\n");
}

ATF_TC_WITHOUT_HEAD(escape_control);
ATF_TC_BODY(escape_control, tc)
{
	CHECK_STR("\n\t\r\b\f", "{\"v\":\"\\n\\t\\r\\b\\f\"}\n");
	CHECK_STR("\x01\x0b\x1f\x7f",
	    "{\"v\":\"\\u0001\\u000b\\u001f\\u007f\"}\n");
	CHECK_STR("a\0b", "{\"v\":\"a\\u0000b\"}\n");
	CHECK_STR("\x1b[31mred", "{\"v\":\"\\u001b[31mred\"}\n");
}

ATF_TC_WITHOUT_HEAD(escape_invalid_utf8);
ATF_TC_BODY(escape_invalid_utf8, tc)
{
	CHECK_STR("\xff", "{\"v\":\"\\u00ff\"}\n");
	CHECK_STR("\x80x", "{\"v\":\"\\u0080x\"}\n");
	/* Truncated sequence at the end of the value. */
	CHECK_STR("a\xc3", "{\"v\":\"a\\u00c3\"}\n");
	CHECK_STR("\xe2\x82", "{\"v\":\"\\u00e2\\u0082\"}\n");
	/* Overlong encodings of '/' and NUL. */
	CHECK_STR("\xc0\xaf", "{\"v\":\"\\u00c0\\u00af\"}\n");
	CHECK_STR("\xe0\x80\xaf", "{\"v\":\"\\u00e0\\u0080\\u00af\"}\n");
	/* A UTF-16 surrogate and a code point above U+10FFFF. */
	CHECK_STR("\xed\xa0\x80", "{\"v\":\"\\u00ed\\u00a0\\u0080\"}\n");
	CHECK_STR("\xf4\x90\x80\x80",
	    "{\"v\":\"\\u00f4\\u0090\\u0080\\u0080\"}\n");
	/* A bad byte does not swallow the valid character after it. */
	CHECK_STR("\xc3\xc3\xa9", "{\"v\":\"\\u00c3\xc3\xa9\"}\n");
}

ATF_TC_WITHOUT_HEAD(valid_utf8_kept);
ATF_TC_BODY(valid_utf8_kept, tc)
{
	CHECK_STR("caf\xc3\xa9", "{\"v\":\"caf\xc3\xa9\"}\n");
	CHECK_STR("\xe2\x82\xac", "{\"v\":\"\xe2\x82\xac\"}\n");
	CHECK_STR("\xf0\x9f\x98\x80", "{\"v\":\"\xf0\x9f\x98\x80\"}\n");
	CHECK_STR("\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf",
	    "{\"v\":\"\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf\"}\n");
}

/* A record with every kind of member, written into a buffer of size cap. */
static size_t
record(char *buf, size_t cap)
{
	struct rt_json j;

	rt_json_open(&j, buf, cap);
	rt_json_str(&j, "ctx", "access");
	rt_json_int(&j, "pid", 4242);
	rt_json_str(&j, "path", "/tmp/\"q\"\\\n\x01\xff\xc3\xa9\xf0\x9f\x98\x80"
	    "/end");
	rt_json_bool(&j, "ok", false);
	rt_json_raw(&j, "args", "[\"a\",{\"b\":[]}]");
	rt_json_str(&j, "tail", "\x7f\x7f\x7f");
	return rt_json_close(&j);
}

/*
 * Every buffer size from the minimum up gives a valid line inside the
 * buffer that agrees with the untruncated line up to where it was cut.
 */
ATF_TC_WITHOUT_HEAD(overflow_stays_valid);
ATF_TC_BODY(overflow_stays_valid, tc)
{
	char full[512], buf[512];
	size_t flen, cap, n, i;

	flen = record(full, sizeof(full));
	ATF_REQUIRE(json_line_ok(full, flen));
	for (cap = 4; cap <= flen + 1; cap++) {
		memset(buf, 'X', sizeof(buf));
		n = record(buf, cap);
		ATF_REQUIRE_MSG(n + 1 <= cap, "cap %zu: length %zu", cap, n);
		ATF_REQUIRE_EQ_MSG(buf[n], '\0', "cap %zu: unterminated", cap);
		ATF_REQUIRE_EQ_MSG(buf[cap], 'X', "cap %zu: overrun", cap);
		ATF_REQUIRE_MSG(json_line_ok(buf, n), "cap %zu: invalid: %s",
		    cap, buf);
		/* Same text up to the cut (a closing quote or "}\n"). */
		for (i = 0; i + 3 < n && buf[i] == full[i]; i++)
			;
		ATF_CHECK_MSG(i + 3 >= n, "cap %zu differs at %zu: %s", cap,
		    i, buf);
	}
	ATF_CHECK_STREQ(buf, full);
}

/* A long value is cut, not dropped, and later members are skipped. */
ATF_TC_WITHOUT_HEAD(overflow_cuts_long_value);
ATF_TC_BODY(overflow_cuts_long_value, tc)
{
	char val[300], buf[64];
	struct rt_json j;
	size_t n;

	memset(val, 'a', sizeof(val) - 1);
	val[sizeof(val) - 1] = '\0';
	rt_json_open(&j, buf, sizeof(buf));
	rt_json_str(&j, "path", val);
	rt_json_int(&j, "pid", 1);
	n = rt_json_close(&j);
	ATF_CHECK_EQ(n, sizeof(buf) - 1);
	ATF_CHECK(strncmp(buf, "{\"path\":\"aaaa", 13) == 0);
	ATF_CHECK(strstr(buf, "pid") == NULL);
	ATF_CHECK(json_line_ok(buf, n));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, members);
	ATF_TP_ADD_TC(tp, empty_object_and_double_close);
	ATF_TP_ADD_TC(tp, escape_quote_backslash);
	ATF_TP_ADD_TC(tp, escape_control);
	ATF_TP_ADD_TC(tp, escape_invalid_utf8);
	ATF_TP_ADD_TC(tp, valid_utf8_kept);
	ATF_TP_ADD_TC(tp, overflow_stays_valid);
	ATF_TP_ADD_TC(tp, overflow_cuts_long_value);
	return atf_no_error();
}
