/*
 * Compiling path categories to Landlock, the policy side (compile.c):
 * which patterns are literal trees, that syd's own matcher gives such a
 * tree exactly the paths Landlock's rule on the directory covers, and
 * which policies are refused.
 */
#include <atf-c.h>
#include <string.h>

#include "policy/policy.h"

static void
cmd(struct policy *p, const char *c)
{
	char err[256];
	int rc = policy_cmd(p, c, err, sizeof(err));

	ATF_REQUIRE_EQ_MSG(rc, 0, "`%s': %s", c, err);
}

static int
rule(enum policy_cat c, const char *pat, char *dir, bool *self)
{
	return policy_compile_rule(c, pat, dir, 4096, self);
}

ATF_TC_WITHOUT_HEAD(literal_trees);
ATF_TC_BODY(literal_trees, tc)
{
	char dir[4096];
	bool self;

	ATF_CHECK_EQ(rule(POLICY_READ, "/usr/***", dir, &self), 0);
	ATF_CHECK_STREQ(dir, "/usr");
	ATF_CHECK(self);
	ATF_CHECK_EQ(rule(POLICY_READ, "/usr/lib/**", dir, &self), 0);
	ATF_CHECK_STREQ(dir, "/usr/lib");
	ATF_CHECK(!self);
	ATF_CHECK_EQ(rule(POLICY_WRITE, "/***", dir, &self), 0);
	ATF_CHECK_STREQ(dir, "/");
	/* readdir: /X/\** leaves X out, Landlock's rule on X cannot. */
	ATF_CHECK_EQ(rule(POLICY_READDIR, "/usr/**", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READDIR, "/usr/***", dir, &self), 0);
	/* Not literal trees. */
	ATF_CHECK_EQ(rule(POLICY_READ, "/etc/hostname", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "/lib*/***", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "/u?r/***", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "/a/[bc]/***", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "/a\\*/***", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "/a/${HOME}/***", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "usr/***", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "/usr/../etc/***", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "/usr/./lib/***", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "/usr//lib/***", dir, &self), -1);
	ATF_CHECK_EQ(rule(POLICY_READ, "/usr/*", dir, &self), -1);
	/* A name that merely starts with dots is literal. */
	ATF_CHECK_EQ(rule(POLICY_READ, "/a/..b/***", dir, &self), 0);
}

/* The premise: syd's matcher gives /X/\*** exactly X and what is beneath
 * it, /X/\** what is beneath only. */
ATF_TC_WITHOUT_HEAD(matcher_agrees);
ATF_TC_BODY(matcher_agrees, tc)
{
	struct policy p;

	policy_init(&p);
	cmd(&p, "allow/read+/srv/a/***");
	cmd(&p, "allow/write+/srv/a/**");
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/srv/a"), POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/srv/a/b/c"), POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/srv/ab"), POLICY_DENY);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/srv"), POLICY_DENY);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/srv/a"), POLICY_DENY);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/srv/a/b/c"),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(policy_match(&p, POLICY_WRITE, "/srv/ab/c"), POLICY_DENY);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(decision);
ATF_TC_BODY(decision, tc)
{
	struct policy p;

	policy_init(&p);
	cmd(&p, "sandbox/read:on");
	cmd(&p, "allow/read+/usr/***");
	ATF_CHECK(policy_compile_global(&p) == NULL);
	ATF_CHECK(policy_compile_cat(&p, POLICY_READ) == NULL);
	cmd(&p, "allow/exec+/usr/bin/***");
	ATF_CHECK(policy_compile_covers(&p));
	cmd(&p, "allow/exec+/opt/***");
	ATF_CHECK(!policy_compile_covers(&p));
	cmd(&p, "allow/exec-/opt/***");
	ATF_CHECK(policy_compile_covers(&p));
	cmd(&p, "deny/read+/usr/share/***");
	ATF_CHECK(policy_compile_cat(&p, POLICY_READ) != NULL);
	cmd(&p, "deny/read-/usr/share/***");
	cmd(&p, "default/read:warn");
	ATF_CHECK(policy_compile_cat(&p, POLICY_READ) != NULL);
	cmd(&p, "default/read:filter");
	ATF_CHECK(policy_compile_cat(&p, POLICY_READ) == NULL);
	cmd(&p, "allow/read+/***");
	ATF_CHECK(policy_compile_cat(&p, POLICY_READ) != NULL);
	cmd(&p, "allow/read-/***");
	ATF_CHECK(policy_compile_cat(&p, POLICY_STAT) != NULL);
	cmd(&p, "trace/compile_landlock:0");
	ATF_CHECK(policy_compile_global(&p) != NULL);
	cmd(&p, "trace/compile_landlock:1");
	cmd(&p, "lock:off");
	ATF_CHECK(policy_compile_global(&p) != NULL);
	policy_free(&p);
	policy_init(&p);
	cmd(&p, "bind+tmpfs:/srv");
	ATF_CHECK(policy_compile_global(&p) != NULL);
	policy_free(&p);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, literal_trees);
	ATF_TP_ADD_TC(tp, matcher_agrees);
	ATF_TP_ADD_TC(tp, decision);
	return 0;
}
