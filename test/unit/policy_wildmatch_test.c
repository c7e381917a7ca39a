/*
 * policy_wildmatch and policy_brace: the pattern semantics users write
 * rules in — rsync's wildmatch (*, **, ***, ?, classes, escapes) and
 * {a,b} alternatives.
 */
#include <atf-c.h>
#include <errno.h>
#include <string.h>

#include "policy/policy.h"
#include "rt/rt.h"

struct wm_case {
	const char *pat, *str;
	bool match;
};

static void
check_cases(const struct wm_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ATF_CHECK_MSG(policy_wildmatch(t[i].pat, t[i].str) == t[i].match,
		    "wildmatch(\"%s\", \"%s\") should be %s", t[i].pat,
		    t[i].str, t[i].match ? "true" : "false");
}

#define CHECK_CASES(t) check_cases((t), sizeof(t) / sizeof((t)[0]))

ATF_TC_WITHOUT_HEAD(literal);
ATF_TC_BODY(literal, tc)
{
	static const struct wm_case t[] = {
		{ "/etc/passwd", "/etc/passwd", true },
		{ "/etc/passwd", "/etc/passwd2", false },
		{ "/etc/passwd", "/etc/passw", false },
		{ "/etc/passwd", "/ETC/passwd", false },
		{ "/", "/", true },
		{ "", "", true },
		{ "", "/", false },
	};

	CHECK_CASES(t);
}

ATF_TC_WITHOUT_HEAD(star);
ATF_TC_BODY(star, tc)
{
	static const struct wm_case t[] = {
		{ "/tmp/*", "/tmp/foo", true },
		{ "/tmp/*", "/tmp/", true },
		{ "/tmp/*", "/tmp", false },
		{ "/tmp/*", "/tmp/a/b", false },
		{ "/tmp/*.txt", "/tmp/a.txt", true },
		{ "/tmp/*.txt", "/tmp/.txt", true },
		{ "/tmp/*.txt", "/tmp/a/b.txt", false },
		{ "/tmp/*.txt", "/tmp/a.txt.bak", false },
		{ "/*/passwd", "/etc/passwd", true },
		{ "/*/passwd", "/usr/etc/passwd", false },
		{ "/usr/*/bin", "/usr/local/bin", true },
		{ "/a*b*c", "/abc", true },
		{ "/a*b*c", "/aXXbYYc", true },
		{ "/a*b*c", "/aXXbYY/c", false },
		{ "*", "/", false },
		{ "/lib*/***", "/lib64/ld-linux-x86-64.so.2", true },
		{ "/lib*/***", "/libx32", true },
		{ "/lib*/***", "/usr/lib", false },
	};

	CHECK_CASES(t);
}

ATF_TC_WITHOUT_HEAD(double_star);
ATF_TC_BODY(double_star, tc)
{
	static const struct wm_case t[] = {
		{ "/home/**", "/home/u/.ssh/id_rsa", true },
		{ "/home/**", "/home/", true },
		{ "/home/**", "/home", false },
		{ "/**/id_rsa", "/home/u/.ssh/id_rsa", true },
		{ "/**/id_rsa", "/id_rsa", false },
		{ "/**.so", "/usr/lib/libc.so", true },
		{ "/**.so", "/usr/lib/libc.so.6", false },
		{ "/a/**/b", "/a/x/y/b", true },
		{ "/a/**/b", "/a/b", false },
		{ "**", "/anything/at/all", true },
		{ "/usr/**/bin/*", "/usr/local/sbin/bin/sh", true },
		{ "/usr/**/bin/*", "/usr/local/bin/x/sh", false },
	};

	CHECK_CASES(t);
}

ATF_TC_WITHOUT_HEAD(triple_star);
ATF_TC_BODY(triple_star, tc)
{
	static const struct wm_case t[] = {
		{ "/dir/***", "/dir", true },
		{ "/dir/***", "/dir/", true },
		{ "/dir/***", "/dir/a", true },
		{ "/dir/***", "/dir/a/b/c", true },
		{ "/dir/***", "/dirx", false },
		{ "/dir/***", "/di", false },
		{ "/dir/***", "/other/dir/a", false },
		{ "/***", "/", true },
		{ "/***", "/etc/shadow", true },
		{ "/d*/***", "/data", true },
		{ "/d*/***", "/data/x", true },
	};

	CHECK_CASES(t);
}

ATF_TC_WITHOUT_HEAD(question);
ATF_TC_BODY(question, tc)
{
	static const struct wm_case t[] = {
		{ "/dev/tty?", "/dev/tty1", true },
		{ "/dev/tty?", "/dev/tty", false },
		{ "/dev/tty?", "/dev/tty12", false },
		{ "/dev/tty??", "/dev/tty12", true },
		{ "/a?b", "/a/b", false },
		{ "/?", "/x", true },
	};

	CHECK_CASES(t);
}

ATF_TC_WITHOUT_HEAD(classes);
ATF_TC_BODY(classes, tc)
{
	static const struct wm_case t[] = {
		{ "/dev/sd[abc]", "/dev/sda", true },
		{ "/dev/sd[abc]", "/dev/sdd", false },
		{ "/dev/sd[a-c]1", "/dev/sdb1", true },
		{ "/dev/sd[a-c]1", "/dev/sdz1", false },
		{ "/dev/sd[!a-c]", "/dev/sdz", true },
		{ "/dev/sd[!a-c]", "/dev/sda", false },
		{ "/dev/sd[^a-c]", "/dev/sdz", true },
		{ "/dev/sd[^a-c]", "/dev/sdb", false },
		{ "/x[]]", "/x]", true },
		{ "/x[!]]", "/x]", false },
		{ "/x[a-]", "/x-", true },
		{ "/a[/]b", "/a/b", false },
		{ "/a[!x]b", "/a/b", false },
		{ "/x[\\]]", "/x]", true },
		{ "/x[", "/x[", true },
		{ "/x[ab", "/x[ab", true },
	};

	CHECK_CASES(t);
}

ATF_TC_WITHOUT_HEAD(posix_classes);
ATF_TC_BODY(posix_classes, tc)
{
	static const struct wm_case t[] = {
		{ "/[[:alpha:]]", "/q", true },
		{ "/[[:alpha:]]", "/7", false },
		{ "/[[:digit:]][[:digit:]]", "/42", true },
		{ "/[[:digit:]]", "/x", false },
		{ "/[[:alnum:]]", "/Z", true },
		{ "/[[:alnum:]]", "/_", false },
		{ "/[[:space:]]", "/ ", true },
		{ "/[[:space:]]", "/x", false },
		{ "/[[:upper:]]", "/A", true },
		{ "/[[:upper:]]", "/a", false },
		{ "/[[:lower:]]", "/a", true },
		{ "/[[:lower:]]", "/A", false },
		{ "/[[:punct:]]", "/!", true },
		{ "/[[:punct:]]", "/a", false },
		{ "/[[:xdigit:]]", "/f", true },
		{ "/[[:xdigit:]]", "/g", false },
		{ "/[![:digit:]]", "/a", true },
		{ "/[![:digit:]]", "/1", false },
		{ "/[[:digit:]_]", "/_", true },
		{ "/[[:bogus:]]", "/a", false },
		/* rsync: a name ends at the first ']', which must follow
		 * ':'; otherwise '[' is an ordinary member. */
		{ "/[[:a]b:]", "/ab:]", true },
		{ "/[[:a]b:]", "/:b:]", true },
		{ "/[[:a]b:]", "/[b:]", true },
		{ "/[[:a]b:]", "/b", false },
		{ "/[[:]]", "/:]", true },
		{ "/[[:]]", "/[]", true },
		{ "/[[::]x]", "/x", true },
	};

	CHECK_CASES(t);
}

ATF_TC_WITHOUT_HEAD(escapes);
ATF_TC_BODY(escapes, tc)
{
	static const struct wm_case t[] = {
		{ "/a\\*", "/a*", true },
		{ "/a\\*", "/ab", false },
		{ "/a\\?", "/a?", true },
		{ "/a\\?", "/ab", false },
		{ "/\\[x]", "/[x]", true },
		{ "/\\[x]", "/x", false },
		{ "/a\\\\b", "/a\\b", true },
		{ "/a\\", "/a\\", true },
		{ "/\\a", "/a", true },
	};

	CHECK_CASES(t);
}

/*
 * A backtracking matcher takes exponential time here (30 stars against
 * 4000 bytes); the state-set simulation answers at once. The test case's
 * timeout, not a clock in the test, is what fails a slow matcher.
 */
ATF_TC(pathological);
ATF_TC_HEAD(pathological, tc)
{
	atf_tc_set_md_var(tc, "timeout", "10");
}
ATF_TC_BODY(pathological, tc)
{
	char str[4001], pat[200] = "";

	memset(str, 'a', sizeof(str) - 1);
	str[sizeof(str) - 1] = '\0';
	for (int i = 0; i < 30; i++)
		strcat(pat, "a*");
	strcat(pat, "b");
	ATF_CHECK(!policy_wildmatch(pat, str));
	ATF_CHECK(!policy_wildmatch("**a**a**a**a**a**a**a**a**a**b", str));
	ATF_CHECK(!policy_wildmatch("/**/**/**/**/**/**/**/**/x", str));
	str[sizeof(str) - 2] = 'b';
	ATF_CHECK(policy_wildmatch(pat, str));
	ATF_CHECK(policy_wildmatch("**a**a**a**a**a**a**a**a**a**b", str));
}

static void
check_brace(const char *pat, const char *const *want, unsigned nwant)
{
	char **v;
	unsigned n;

	ATF_REQUIRE_EQ_MSG(policy_brace(pat, &v, &n), 0, "%s", pat);
	ATF_CHECK_EQ_MSG(n, nwant, "%s: %u alternatives", pat, n);
	for (unsigned i = 0; i < n && i < nwant; i++)
		ATF_CHECK_STREQ_MSG(v[i], want[i], "%s: #%u", pat, i);
	ATF_CHECK(v[n] == NULL);
	for (unsigned i = 0; i < n; i++)
		rt_free(v[i]);
	rt_free(v);
}

ATF_TC_WITHOUT_HEAD(brace);
ATF_TC_BODY(brace, tc)
{
	static const char *const one[] = { "/etc/passwd" };
	static const char *const two[] = { "/usr/bin", "/usr/sbin" };
	static const char *const nest[] = { "/a", "/bc", "/bd" };
	static const char *const multi[] = { "/a/x", "/a/y", "/b/x", "/b/y" };
	static const char *const empty[] = { "/x", "/xy" };
	static const char *const esc[] = { "/\\{a,b\\}" };
	static const char *const deep[] = { "/1a", "/1b1", "/1b2", "/2" };

	check_brace("/etc/passwd", one, 1);
	check_brace("/usr/{bin,sbin}", two, 2);
	check_brace("/{a,b{c,d}}", nest, 3);
	check_brace("/{a,b}/{x,y}", multi, 4);
	check_brace("/x{,y}", empty, 2);
	check_brace("/\\{a,b\\}", esc, 1);
	check_brace("/{1{a,b{1,2}},2}", deep, 4);
}

ATF_TC_WITHOUT_HEAD(brace_errors);
ATF_TC_BODY(brace_errors, tc)
{
	char **v;
	unsigned n;
	char big[64] = "/";

	ATF_CHECK_EQ(policy_brace("/{a,b", &v, &n), -EINVAL);
	ATF_CHECK_EQ(policy_brace("/a,b}", &v, &n), -EINVAL);
	ATF_CHECK_EQ(policy_brace("/{a,{b}", &v, &n), -EINVAL);
	ATF_CHECK_EQ(policy_brace("/}{", &v, &n), -EINVAL);
	/* 2^9 = 512 alternatives: past the limit of 256. */
	for (int i = 0; i < 9; i++)
		strcat(big, "{a,b}");
	ATF_CHECK_EQ(policy_brace(big, &v, &n), -E2BIG);
	ATF_CHECK(v == NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, literal);
	ATF_TP_ADD_TC(tp, star);
	ATF_TP_ADD_TC(tp, double_star);
	ATF_TP_ADD_TC(tp, triple_star);
	ATF_TP_ADD_TC(tp, question);
	ATF_TP_ADD_TC(tp, classes);
	ATF_TP_ADD_TC(tp, posix_classes);
	ATF_TP_ADD_TC(tp, escapes);
	ATF_TP_ADD_TC(tp, pathological);
	ATF_TP_ADD_TC(tp, brace);
	ATF_TP_ADD_TC(tp, brace_errors);
	return atf_no_error();
}
