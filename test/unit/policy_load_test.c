/*
 * Configuration files (-P) and built-in profiles (-p): comments, includes
 * relative to the including file, include loops, ${VAR}, errors as
 * "<file>:<line>: <reason>", and what each profile allows.
 */
#include <atf-c.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy/policy.h"

static char dir[64]; /* /tmp/syd-policy-XXXXXX */

static void
mkdir_tmp(void)
{
	strcpy(dir, "/tmp/syd-policy-XXXXXX");
	ATF_REQUIRE(mkdtemp(dir) != NULL);
}

/* Write text to dir/name; returns the full path in a static buffer. */
static const char *
put(const char *name, const char *text)
{
	static char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ATF_REQUIRE((f = fopen(path, "w")) != NULL);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
rm_tmp(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ATF_CHECK_EQ(system(cmd), 0);
}

static int
load(struct policy *p, const char *name, char *err, size_t errsz)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return policy_load(p, path, err, errsz);
}

ATF_TC_WITHOUT_HEAD(comments_and_blanks);
ATF_TC_BODY(comments_and_blanks, tc)
{
	struct policy p;
	char err[512];

	mkdir_tmp();
	put("a.syd-3", "# a comment\n\n   \t\n"
		       "  allow/read+/etc/***  \r\n"
		       "\tdeny/read+/etc/shadow\t\n"
		       "   # indented comment\n"
		       "allow/read+/usr/share/#hash");
	policy_init(&p);
	ATF_CHECK_EQ_MSG(load(&p, "a.syd-3", err, sizeof(err)), 0, "%s", err);
	ATF_REQUIRE_EQ(p.list[POLICY_READ].n, 3);
	ATF_CHECK_STREQ(p.list[POLICY_READ].v[0].pat, "/etc/***");
	ATF_CHECK_STREQ(p.list[POLICY_READ].v[2].pat, "/usr/share/#hash");
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/etc/shadow"),
	    POLICY_DENY);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/etc/hosts"),
	    POLICY_ALLOW);
	policy_free(&p);
	rm_tmp();
}

ATF_TC_WITHOUT_HEAD(include_relative);
ATF_TC_BODY(include_relative, tc)
{
	struct policy p;
	char err[512], sub[PATH_MAX + 8];

	mkdir_tmp();
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	ATF_REQUIRE(mkdir(sub, 0700) == 0);
	put("main.syd-3", "include sub/one.syd-3\nallow/write+/w\n");
	put("sub/one.syd-3", "allow/read+/one\ninclude two.syd-3\n"
			     "include_profile noipv6\n");
	put("sub/two.syd-3", "allow/read+/two\n");
	/* Run from elsewhere: includes follow the file, not the cwd. */
	ATF_REQUIRE(chdir("/") == 0);
	policy_init(&p);
	ATF_CHECK_EQ_MSG(load(&p, "main.syd-3", err, sizeof(err)), 0, "%s",
	    err);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/one"), POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/two"), POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/w"), POLICY_ALLOW);
	ATF_CHECK_EQ(p.list[POLICY_NET_CONNECT].n, 1);
	policy_free(&p);
	rm_tmp();
}

ATF_TC_WITHOUT_HEAD(include_loop);
ATF_TC_BODY(include_loop, tc)
{
	struct policy p;
	char err[512];

	mkdir_tmp();
	put("a.syd-3", "allow/read+/a\ninclude b.syd-3\n");
	put("b.syd-3", "include a.syd-3\n");
	policy_init(&p);
	ATF_CHECK_EQ(load(&p, "a.syd-3", err, sizeof(err)), -ELOOP);
	ATF_CHECK_MSG(strstr(err, "nested includes") != NULL, "%s", err);
	ATF_CHECK_MSG(strstr(err, ".syd-3:") != NULL, "%s", err);
	policy_free(&p);
	rm_tmp();
}

ATF_TC_WITHOUT_HEAD(env_vars);
ATF_TC_BODY(env_vars, tc)
{
	struct policy p;
	char err[512], want[PATH_MAX + 64];

	mkdir_tmp();
	setenv("SYD_TEST_PROJECT", "/src/proj", 1);
	unsetenv("SYD_TEST_NOPE");
	put("ok.syd-3", "allow/write+${SYD_TEST_PROJECT}/***\n");
	put("bad.syd-3", "allow/read+/x\n\nallow/write+${SYD_TEST_NOPE}/x\n");
	policy_init(&p);
	ATF_CHECK_EQ_MSG(load(&p, "ok.syd-3", err, sizeof(err)), 0, "%s", err);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/src/proj/a.c"),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(load(&p, "bad.syd-3", err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s/bad.syd-3:3: environment variable "
	    "SYD_TEST_NOPE is not set", dir);
	ATF_CHECK_STREQ(err, want);
	policy_free(&p);
	rm_tmp();
}

ATF_TC_WITHOUT_HEAD(errors);
ATF_TC_BODY(errors, tc)
{
	struct policy p;
	char err[512], want[PATH_MAX + 128];

	mkdir_tmp();
	put("bad.syd-3", "# fine\nallow/read+/x\nbogus\n");
	put("outer.syd-3", "\ninclude inner.syd-3\n");
	put("inner.syd-3", "allow/read+/ok\nallow/read+relative\n");
	put("missing.syd-3", "include nothere.syd-3\n");
	put("wrong.conf", "allow/read+/x\n");
	put("utf8.syd-3", "allow/read+/caf\xc3\xa9\nallow/read+/\xff\n");
	policy_init(&p);
	ATF_CHECK_EQ(load(&p, "bad.syd-3", err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s/bad.syd-3:3: unknown command "
	    "`bogus'", dir);
	ATF_CHECK_STREQ(err, want);
	/* The innermost file and line are named. */
	ATF_CHECK_EQ(load(&p, "outer.syd-3", err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s/inner.syd-3:2: read: `relative' is "
	    "not an absolute path", dir);
	ATF_CHECK_STREQ(err, want);
	ATF_CHECK_EQ(load(&p, "missing.syd-3", err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "%s/missing.syd-3:1: %s/nothere.syd-3: "
	    "No such file or directory", dir, dir);
	ATF_CHECK_STREQ(err, want);
	ATF_CHECK_EQ(load(&p, "absent.syd-3", err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "%s/absent.syd-3: No such file or "
	    "directory", dir);
	ATF_CHECK_STREQ(err, want);
	ATF_CHECK_EQ(load(&p, "wrong.conf", err, sizeof(err)), -EINVAL);
	ATF_CHECK_MSG(strstr(err, "must end in .syd-3") != NULL, "%s", err);
	ATF_CHECK_EQ(load(&p, "utf8.syd-3", err, sizeof(err)), -EINVAL);
	ATF_CHECK_MSG(strstr(err, "utf8.syd-3:2: invalid UTF-8") != NULL,
	    "%s", err);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/caf\xc3\xa9"),
	    POLICY_ALLOW);
	policy_free(&p);
	rm_tmp();
}

static const char *const profiles[] = { "off", "lib", "linux", "tty",
	"user", "readonly", "noipv4", "noipv6", "quiet", "landlock",
	"container", "immutable", "initramfs" };

ATF_TC_WITHOUT_HEAD(profiles_apply);
ATF_TC_BODY(profiles_apply, tc)
{
	struct policy p;
	char err[512];
	size_t n = sizeof(profiles) / sizeof(profiles[0]);

	mkdir_tmp();
	setenv("HOME", dir, 1);
	for (size_t i = 0; i < n; i++) {
		policy_init(&p);
		ATF_CHECK_EQ_MSG(policy_profile(&p, profiles[i], err,
		    sizeof(err)), 0, "%s: %s", profiles[i], err);
		ATF_CHECK_MSG(policy_profile_cmds(profiles[i]) != NULL, "%s",
		    profiles[i]);
		policy_free(&p);
	}
	/* All of them, in a row, in one policy. */
	policy_init(&p);
	for (size_t i = 0; i < n; i++)
		ATF_CHECK_EQ_MSG(policy_profile(&p, profiles[i], err,
		    sizeof(err)), 0, "%s: %s", profiles[i], err);
	policy_free(&p);
	ATF_CHECK(policy_profile_cmds("nosuch") == NULL);
	policy_init(&p);
	ATF_CHECK_EQ(policy_profile(&p, "nosuch", err, sizeof(err)), -ENOENT);
	ATF_CHECK_STREQ(err, "unknown profile `nosuch'");
	policy_free(&p);
	rm_tmp();
}

ATF_TC_WITHOUT_HEAD(profile_off);
ATF_TC_BODY(profile_off, tc)
{
	struct policy p;
	char err[256];

	policy_init(&p);
	ATF_REQUIRE_EQ(policy_cmd(&p, "sandbox/crypt,pid:on", err,
	    sizeof(err)), 0);
	ATF_REQUIRE_EQ(policy_profile(&p, "off", err, sizeof(err)), 0);
	for (int c = 0; c < POLICY_NCAT; c++)
		ATF_CHECK_MSG(!policy_on(&p, c), "%s on", policy_cat_name(c));
	ATF_CHECK_EQ(p.lock, POLICY_LOCK_UNSET);
	policy_free(&p);
	policy_init(&p);
	ATF_REQUIRE_EQ(policy_profile(&p, "lib", err, sizeof(err)), 0);
	ATF_CHECK(!policy_on(&p, POLICY_EXEC));
	ATF_CHECK_EQ(p.lock, POLICY_LOCK_OFF);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(profile_linux);
ATF_TC_BODY(profile_linux, tc)
{
	static const struct {
		int cat;
		const char *path;
		int act;
	} t[] = {
		{ POLICY_EXEC, "/usr/bin/ls", POLICY_ALLOW },
		{ POLICY_EXEC, "/bin/busybox", POLICY_ALLOW },
		{ POLICY_EXEC, "/lib64/ld-linux-x86-64.so.2", POLICY_ALLOW },
		{ POLICY_READ, "/usr/lib/x86_64-linux-gnu/libc.so.6",
		    POLICY_ALLOW },
		{ POLICY_READ, "/etc/ld.so.cache", POLICY_ALLOW },
		{ POLICY_READ, "/etc/passwd", POLICY_ALLOW },
		{ POLICY_READ, "/etc/localtime", POLICY_ALLOW },
		{ POLICY_READ, "/proc/self/status", POLICY_ALLOW },
		{ POLICY_READ, "/dev/urandom", POLICY_ALLOW },
		{ POLICY_WRITE, "/dev/null", POLICY_ALLOW },
		{ POLICY_TRUNCATE, "/dev/null", POLICY_ALLOW },
		{ POLICY_READDIR, "/", POLICY_ALLOW },
		{ POLICY_READDIR, "/usr/bin", POLICY_ALLOW },
		{ POLICY_STAT, "/etc", POLICY_ALLOW },
		{ POLICY_STAT, "/home", POLICY_ALLOW },
		{ POLICY_CHDIR, "/", POLICY_ALLOW },
		{ POLICY_READ, "/etc/shadow", POLICY_DENY },
		{ POLICY_STAT, "/etc/shadow", POLICY_DENY },
		{ POLICY_READ, "/home/u/.ssh/id_rsa", POLICY_DENY },
		{ POLICY_READDIR, "/etc", POLICY_DENY },
		{ POLICY_WRITE, "/usr/bin/ls", POLICY_DENY },
		{ POLICY_WRITE, "/dev/urandom", POLICY_DENY },
		{ POLICY_READ, "/proc/1/environ", POLICY_DENY },
		{ POLICY_EXEC, "/tmp/x", POLICY_DENY },
	};
	struct policy p;
	char err[256];

	policy_init(&p);
	ATF_REQUIRE_EQ(policy_profile(&p, "linux", err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ATF_CHECK_EQ_MSG(policy_match(&p, t[i].cat, t[i].path), t[i].act,
		    "%s %s", policy_cat_name(t[i].cat), t[i].path);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(profile_user);
ATF_TC_BODY(profile_user, tc)
{
	struct policy p;
	char err[512], path[PATH_MAX + 32];
	uint8_t ip[4] = { 93, 184, 216, 34 };

	mkdir_tmp();
	setenv("HOME", dir, 1);
	put(".user.syd-3", "deny/read+${HOME}/private/***\n");
	policy_init(&p);
	ATF_REQUIRE_EQ_MSG(policy_profile(&p, "user", err, sizeof(err)), 0,
	    "%s", err);
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, path), POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_EXEC, path), POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_CREATE, "/tmp/x"), POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/dev/pts/3"),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/usr/lib/libz.so"),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match_ip(&p, POLICY_NET_CONNECT, 2, ip, 443),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/etc/passwd"),
	    POLICY_DENY);
	/* ~/.user.syd-3 was loaded after the profile. */
	snprintf(path, sizeof(path), "%s/private/key", dir);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, path), POLICY_DENY);
	/* readonly on top takes writing away again. */
	ATF_REQUIRE_EQ(policy_profile(&p, "readonly", err, sizeof(err)), 0);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/tmp/x"), POLICY_DENY);
	ATF_CHECK_EQ(policy_match(&p, POLICY_MKDIR, "/tmp/x"), POLICY_DENY);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/tmp/x"), POLICY_ALLOW);
	/* noipv4 on top denies IPv4 again. */
	ATF_REQUIRE_EQ(policy_profile(&p, "noipv4", err, sizeof(err)), 0);
	ATF_CHECK_EQ(policy_match_ip(&p, POLICY_NET_CONNECT, 2, ip, 443),
	    POLICY_DENY);
	policy_free(&p);
	unsetenv("HOME");
	policy_init(&p);
	ATF_CHECK_EQ(policy_profile(&p, "user", err, sizeof(err)), -EINVAL);
	ATF_CHECK_STREQ(err, "environment variable HOME is not set");
	policy_free(&p);
	rm_tmp();
}

ATF_TC_WITHOUT_HEAD(profile_others);
ATF_TC_BODY(profile_others, tc)
{
	struct policy p;
	char err[256];

	policy_init(&p);
	ATF_REQUIRE_EQ(policy_profile(&p, "quiet", err, sizeof(err)), 0);
	ATF_CHECK_EQ(p.defact[POLICY_READ], POLICY_FILTER);
	ATF_CHECK_EQ(p.defact[POLICY_NET_CONNECT], POLICY_FILTER);
	ATF_CHECK_EQ(p.defact[POLICY_IOCTL], POLICY_ALLOW);
	ATF_REQUIRE_EQ(policy_profile(&p, "immutable", err, sizeof(err)), 0);
	ATF_CHECK(p.unshare & CLONE_NEWUSER && p.unshare & CLONE_NEWNS);
	ATF_CHECK(p.unshare & CLONE_NEWNET && p.unshare & CLONE_NEWPID);
	ATF_CHECK(p.nbind >= 2);
	ATF_REQUIRE_EQ(policy_profile(&p, "landlock", err, sizeof(err)), 0);
	ATF_CHECK(policy_on(&p, POLICY_LOCK));
	ATF_CHECK(p.lpath[POLICY_LPATH_READ].n > 0);
	ATF_CHECK(p.lpath[POLICY_LPATH_WRITE].n > 0);
	ATF_REQUIRE_EQ(policy_profile(&p, "initramfs", err, sizeof(err)), 0);
	ATF_CHECK_EQ(policy_match(&p, POLICY_EXEC, "/bin/sh"), POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/dev/ttyS0"),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/etc/passwd"),
	    POLICY_FILTER);
	policy_free(&p);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, comments_and_blanks);
	ATF_TP_ADD_TC(tp, include_relative);
	ATF_TP_ADD_TC(tp, include_loop);
	ATF_TP_ADD_TC(tp, env_vars);
	ATF_TP_ADD_TC(tp, errors);
	ATF_TP_ADD_TC(tp, profiles_apply);
	ATF_TP_ADD_TC(tp, profile_off);
	ATF_TP_ADD_TC(tp, profile_linux);
	ATF_TP_ADD_TC(tp, profile_user);
	ATF_TP_ADD_TC(tp, profile_others);
	return atf_no_error();
}
