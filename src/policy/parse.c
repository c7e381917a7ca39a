/*
 * The grammar of one command (SPEC.md section 2). A command is either a
 * bare word (reset, panic, stat, include_profile NAME) or KEY OP VALUE,
 * where KEY is made of [a-z0-9_/,] and OP is one of : + - ^ ?. The key
 * then says the form: sandbox/CATS, default/CATS, ACTION/CATS, or one of
 * the settings of settings.c.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "policy/internal.h"

#define CATS_ALL ((POLICY_BIT(POLICY_NCAT)) - 1)
#define CATS_LIST ((POLICY_BIT(POLICY_NLIST)) - 1)
/* default/lock: what to do without Landlock (allow, warn, filter: run
 * without it, logged; anything else: exit 111). */
#define CATS_DEFACT                                                     \
	(CATS_LIST | POLICY_BIT(POLICY_FORCE) | POLICY_BIT(POLICY_TPE) | \
	    POLICY_BIT(POLICY_PID) | POLICY_BIT(POLICY_MEM) |             \
	    POLICY_BIT(POLICY_LOCK))

static bool
has_prefix(const char *s, size_t n, const char *pre)
{
	size_t pl = strlen(pre);

	return n > pl && memcmp(s, pre, pl) == 0;
}

/* sandbox/CATS:BOOL and sandbox/CATS? */
static int
sandbox_form(struct policy_ctx *c, const char *cats, size_t n, char op,
    const char *val)
{
	char key[POLICY_CMD_MAX + 16];
	uint64_t m;
	bool on;
	int rc;

	if ((rc = policy_cats_parse(c, cats, n, CATS_ALL, "", &m)) < 0)
		return rc;
	snprintf(key, sizeof(key), "sandbox/%.*s", (int)n, cats);
	if (op == '?' && *val == '\0') {
		if ((c->p->sandbox & m) == m)
			return 0;
		return policy_fail(c, -ENOENT, "sandbox/%.*s is off", (int)n,
		    cats);
	}
	if (op != ':')
		return policy_fail(c, -EINVAL, "expected sandbox/CAT:on|off or "
		    "sandbox/CAT?");
	if ((rc = policy_bool_parse(c, key, val, &on)) < 0)
		return rc;
	if (on)
		c->p->sandbox |= m;
	else
		c->p->sandbox &= ~m;
	return 0;
}

/* default/CATS:ACTION */
static int
default_form(struct policy_ctx *c, const char *cats, size_t n, char op,
    const char *val)
{
	uint64_t m;
	int rc, act;

	if ((rc = policy_cats_parse(c, cats, n, CATS_DEFACT,
	    "has no default action", &m)) < 0)
		return rc;
	if (op != ':')
		return policy_fail(c, -EINVAL, "expected default/CAT:ACTION");
	if ((act = policy_act_parse(c, val)) < 0)
		return act;
	for (int i = 0; i < POLICY_NCAT; i++)
		if (m & POLICY_BIT(i))
			c->p->defact[i] = (uint8_t)act;
	return 0;
}

/* ACTION/CATS{+,-,^}PATTERN and allow/lock/... */
static int
action_form(struct policy_ctx *c, int act, const char *what, size_t n,
    char op, const char *val)
{
	uint64_t m;
	int rc;

	if (has_prefix(what, n, "lock/")) {
		if (act != POLICY_ALLOW)
			return policy_fail(c, -EINVAL, "Landlock rules are "
			    "allow/lock/... only");
		return policy_landlock_cmd(c, what + 5, n - 5, op, val);
	}
	if (n == 8 && memcmp(what, "net/link", 8) == 0)
		return policy_netlink_cmd(c, act, op, val);
	if ((rc = policy_cats_parse(c, what, n, CATS_LIST, "takes no rules",
	    &m)) < 0)
		return rc;
	return policy_rule_cmd(c, act, m, op, val);
}

/* Bare words; 1 when cmd is not one. */
static int
word_cmd(struct policy_ctx *c, const char *cmd)
{
	int rc;

	if (!strcmp(cmd, "reset")) {
		policy_reset(c->p);
		return 0;
	}
	if (!strcmp(cmd, "panic")) {
		c->p->panic = true;
		return 0;
	}
	if (!strcmp(cmd, "stat"))
		return 0; /* the state is read through /dev/syd */
	/* Run-time actions (kernel/magic.c, pool/ipc.c), not settings. */
	if (!strncmp(cmd, "load/", 5) || !strncmp(cmd, "cmd/exec!", 9) ||
	    !strcmp(cmd, "ghost"))
		return policy_fail(c, -EINVAL, "%.*s works only at run time, "
		    "through /dev/syd", *cmd == 'l' ? 4 : *cmd == 'g' ? 5 : 8,
		    cmd);
	/* -ENOENT would read as a false query: an unknown name is bad. */
	if (!strncmp(cmd, "include_profile ", 16))
		return (rc = policy_profile_at(c, cmd + 16)) == -ENOENT ?
		    -EINVAL : rc;
	if (!strncmp(cmd, "include ", 8) && c->file != NULL)
		return policy_include(c, cmd + 8);
	if (!strncmp(cmd, "include ", 8))
		return policy_fail(c, -EINVAL, "include works only in "
		    "configuration files");
	return 1;
}

static bool
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			return true;
	return false;
}

static int
key_form(struct policy_ctx *c, const char *key, size_t kl, char op,
    const char *val)
{
	const char *slash = memchr(key, '/', kl);
	int act;

	if (has_prefix(key, kl, "sandbox/"))
		return sandbox_form(c, key + 8, kl - 8, op, val);
	if (kl == 17 && !memcmp(key, "default/segvguard", 17)) {
		if (op != ':')
			return policy_fail(c, -EINVAL,
			    "expected default/segvguard:ACTION");
		if ((act = policy_act_parse(c, val)) < 0)
			return act;
		if (act == POLICY_ALLOW)
			return policy_fail(c, -EINVAL, "default/segvguard: "
			    "allow is not an action here (segvguard/expiry:0 "
			    "turns SegvGuard off)");
		c->p->segvguard_act = (uint8_t)act;
		return 0;
	}
	if (has_prefix(key, kl, "default/"))
		return default_form(c, key + 8, kl - 8, op, val);
	if (slash != NULL &&
	    (act = policy_act_lookup(key, (size_t)(slash - key))) >= 0)
		return action_form(c, act, slash + 1,
		    kl - (size_t)(slash + 1 - key), op, val);
	return policy_setting(c, key, kl, op, val);
}

int
policy_exec(struct policy_ctx *c, const char *cmd)
{
	size_t kl;
	int rc;

	if (*cmd == '\0')
		return policy_fail(c, -EINVAL, "empty command");
	if (has_control(cmd))
		return policy_fail(c, -EINVAL, "control character in command");
	if ((rc = word_cmd(c, cmd)) <= 0)
		return rc;
	kl = strspn(cmd, POLICY_KEY_CHARS);
	if (kl == 0 || cmd[kl] == '\0' || strchr(":+-^?", cmd[kl]) == NULL)
		return policy_fail(c, -EINVAL, "unknown command `%s'", cmd);
	return key_form(c, cmd, kl, cmd[kl], cmd + kl + 1);
}
