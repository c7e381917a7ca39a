/*
 * path_name_safe and path_last_safe (src/path/name.c): the safe file
 * name rules of syd(7). Each class of bad name, the good names that are
 * close to them, and UTF-8 validity against an independent decoder over
 * every sequence of up to three bytes (and every four-byte lead).
 */
#include <atf-c.h>
#include <stdio.h>
#include <string.h>

#include "path/path.h"

static bool
safe(const char *s)
{
	return path_name_safe(s, strlen(s));
}

ATF_TC_WITHOUT_HEAD(good);
ATF_TC_BODY(good, tc)
{
	static const char *const ok[] = { "a", "file.txt", ".hidden", "..a",
	    "a b", "a-b", "a~", "a~b", "a.", "_x", "+x", "=x", "#x#", "x,y",
	    "%20", "@x", "^x", "café", "日本語", "emoji\xf0\x9f\x98\x80",
	    "a\xc2\xa0" "b", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf", "", "." };

	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		ATF_CHECK_MSG(safe(ok[i]), "\"%s\" should be safe", ok[i]);
}

ATF_TC_WITHOUT_HEAD(control);
ATF_TC_BODY(control, tc)
{
	char s[4] = "a?b";

	for (int c = 1; c < 0x20; c++) {
		s[1] = (char)c;
		ATF_CHECK_MSG(!safe(s), "byte 0x%02x", c);
	}
	s[1] = 0x7f;
	ATF_CHECK(!safe(s));
	/* C1 controls are valid UTF-8 characters (U+0080..U+009F): the
	 * rule is about the bytes 0x01-0x1f and 0x7f. */
	ATF_CHECK(safe("a\xc2\x85" "b"));
}

ATF_TC_WITHOUT_HEAD(meta);
ATF_TC_BODY(meta, tc)
{
	const char *meta = "*?:[]\"<>|(){}&'!\\;$`";
	char s[4] = "a?b";

	for (const char *m = meta; *m != '\0'; m++) {
		s[1] = *m;
		ATF_CHECK_MSG(!safe(s), "'%c' inside", *m);
		s[0] = *m;
		ATF_CHECK_MSG(!safe(s), "'%c' first", *m);
		s[0] = 'a';
	}
	/* Every other printable ASCII character is fine inside a name. */
	for (int c = 0x20; c < 0x7f; c++) {
		if (c == '/' || strchr(meta, c) != NULL)
			continue;
		s[1] = (char)c;
		ATF_CHECK_MSG(safe(s), "'%c' inside", c);
	}
}

ATF_TC_WITHOUT_HEAD(ends);
ATF_TC_BODY(ends, tc)
{
	ATF_CHECK(!safe(" a"));
	ATF_CHECK(!safe("-a"));
	ATF_CHECK(!safe("-"));
	ATF_CHECK(!safe("--help"));
	ATF_CHECK(!safe("~a"));
	ATF_CHECK(!safe("~"));
	ATF_CHECK(!safe("a "));
	ATF_CHECK(!safe(" "));
	ATF_CHECK(safe("a -b"));
	ATF_CHECK(safe("a ~b"));
}

ATF_TC_WITHOUT_HEAD(utf8_vectors);
ATF_TC_BODY(utf8_vectors, tc)
{
	static const char *const bad[] = {
		"\x80", "a\xbf", "\xc0\x80", "\xc1\xbf", "\xc2", "\xc2z",
		"\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
		"\xe2\x82", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf",
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff", "\xfe",
		"caf\xe9",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ATF_CHECK_MSG(!safe(bad[i]), "vector %zu should be unsafe", i);
	ATF_CHECK(safe("\xe0\xa0\x80"));
	ATF_CHECK(safe("\xed\x9f\xbf"));
	ATF_CHECK(safe("\xee\x80\x80"));
	ATF_CHECK(safe("\xf0\x90\x80\x80"));
}

/*
 * The reference: decode as the Unicode standard defines a well-formed
 * sequence (the shortest form of a scalar value that is not a
 * surrogate), the opposite way from name.c's byte-range table.
 */
static bool
ref_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], cp, len, min;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0)
			len = 2, cp = c & 0x1f, min = 0x80;
		else if ((c & 0xf0) == 0xe0)
			len = 3, cp = c & 0x0f, min = 0x800;
		else if ((c & 0xf8) == 0xf0)
			len = 4, cp = c & 0x07, min = 0x10000;
		else
			return false;
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* Names of letters around the bytes under test: only UTF-8 decides. */
static void
cmp(const unsigned char *b, size_t n)
{
	char s[8];
	bool want;

	s[0] = 'x';
	memcpy(s + 1, b, n);
	s[n + 1] = 'y';
	want = ref_utf8(b, n);
	for (size_t i = 0; i < n; i++)
		if (b[i] < 0x20 || b[i] == 0x7f ||
		    strchr("*?:[]\"<>|(){}&'!\\;$`/", b[i]) != NULL)
			return; /* other rules; '/' is never in a name */
	if (path_name_safe(s, n + 2) != want)
		atf_tc_fail("bytes %02x %02x %02x %02x (%zu): want %s", b[0],
		    n > 1 ? b[1] : 0, n > 2 ? b[2] : 0, n > 3 ? b[3] : 0, n,
		    want ? "safe" : "unsafe");
}

ATF_TC_WITHOUT_HEAD(utf8_exhaustive);
ATF_TC_BODY(utf8_exhaustive, tc)
{
	unsigned char b[4];

	for (unsigned a = 1; a < 256; a++) {
		b[0] = (unsigned char)a;
		cmp(b, 1);
		for (unsigned c = 1; c < 256; c++) {
			b[1] = (unsigned char)c;
			cmp(b, 2);
			/* Third bytes only after a lead that wants them. */
			if (a < 0xe0)
				continue;
			for (unsigned d = 1; d < 256; d++) {
				b[2] = (unsigned char)d;
				cmp(b, 3);
			}
		}
	}
	/* Four bytes: every lead and second byte, a few tails. */
	for (unsigned a = 0xf0; a < 256; a++)
		for (unsigned c = 0x70; c < 0xd0; c++) {
			static const unsigned char tail[] = { 0x41, 0x80, 0xbf,
			    0xc0 };
			for (size_t t = 0; t < sizeof(tail); t++) {
				b[0] = (unsigned char)a;
				b[1] = (unsigned char)c;
				b[2] = 0x80;
				b[3] = tail[t];
				cmp(b, 4);
			}
		}
}

ATF_TC_WITHOUT_HEAD(last);
ATF_TC_BODY(last, tc)
{
	ATF_CHECK(path_last_safe("/tmp/a"));
	ATF_CHECK(path_last_safe("/tmp/a/"));
	ATF_CHECK(path_last_safe("a"));
	ATF_CHECK(path_last_safe("/"));
	ATF_CHECK(path_last_safe(""));
	ATF_CHECK(path_last_safe("/tmp/-x/."));
	ATF_CHECK(path_last_safe("/tmp/-x/.."));
	ATF_CHECK(path_last_safe("/a:b/c"));	/* only the last name */
	ATF_CHECK(!path_last_safe("/tmp/-x"));
	ATF_CHECK(!path_last_safe("/tmp/a:b/"));
	ATF_CHECK(!path_last_safe("-x"));
	ATF_CHECK(!path_last_safe("/tmp/a\nb"));
	ATF_CHECK(!path_last_safe("/tmp/x "));
	ATF_CHECK(!path_last_safe("/tmp/ x//"));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, good);
	ATF_TP_ADD_TC(tp, control);
	ATF_TP_ADD_TC(tp, meta);
	ATF_TP_ADD_TC(tp, ends);
	ATF_TP_ADD_TC(tp, utf8_vectors);
	ATF_TP_ADD_TC(tp, utf8_exhaustive);
	ATF_TP_ADD_TC(tp, last);
	return atf_no_error();
}
