/*
 * Fuzz target: the rule grammar (policy_cmd, src/policy). The input is a
 * list of commands, one per line, run on one policy. After each command:
 * the result is 0 or -errno with a one-line reason on failure; every rule
 * is well formed (brace alternatives absolute and no longer than their
 * pattern, addresses in range, actions and lock valid); the lock, once on
 * or ipc, stays so. An accepted ACTION/CATS+PATTERN adds rules that `-`
 * with the same text removes again, and for a literal absolute pattern
 * the rule decides that very path in each category named (last match
 * wins). `reset` gives the default policy back, lock and trace kept.
 */
#include <errno.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "policy/policy.h"

static const char *const actions[] = { "allow", "warn", "filter", "deny",
	"panic", "stop", "abort", "kill", "exit" };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* ${VAR} expansion needs variables to expand. */
	setenv("FUZZ_DIR", "/tmp/fuzz", 1);
	setenv("FUZZ_GLOB", "/{a,b}/**", 1);
	setenv("FUZZ_ADDR", "127.0.0.1!80", 1);
	setenv("FUZZ_NEST", "${FUZZ_DIR}", 1);
	setenv("FUZZ_KEY", "000102030405060708090a0b0c0d0e0f"
	    "101112131415161718191a1b1c1d1e1f", 1);
	return 0;
}

static size_t
list_total(const struct policy *p)
{
	size_t n = p->mask.n + p->append.n + p->crypt.n;

	for (int c = 0; c < POLICY_NLIST; c++)
		n += p->list[c].n;
	for (int i = 0; i < POLICY_NLPATH; i++)
		n += p->lpath[i].n;
	for (int i = 0; i < POLICY_NLPORT; i++)
		n += p->lport[i].n;
	return n;
}

static void
rule_check(const struct policy_rule *r, int cat)
{
	bool net = cat == POLICY_NET_BIND || cat == POLICY_NET_CONNECT ||
	    cat == POLICY_NET_SENDFD;

	FUZZ_CHECK(r->act < POLICY_NACT, "action %u", r->act);
	FUZZ_CHECK(r->pat != NULL && r->pat[0] != '\0', "empty pattern");
	if (cat == POLICY_IOCTL)
		return;
	FUZZ_CHECK(net ? r->nalt + r->naddr >= 1 : r->nalt >= 1,
	    "rule `%s' matches nothing", r->pat);
	/* policy_brace: at most 256 alternatives (policy.h). */
	FUZZ_CHECK(r->nalt <= 256 && r->naddr <= 256 * POLICY_ALIAS_MAX,
	    "rule `%s': %u alternatives, %u addresses", r->pat, r->nalt,
	    r->naddr);
	for (unsigned i = 0; i < r->nalt; i++) {
		FUZZ_CHECK(r->alt[i] != NULL && strlen(r->alt[i]) <=
		    strlen(r->pat), "alternative longer than `%s'", r->pat);
		FUZZ_CHECK(r->alt[i][0] == '/' || (net && (r->alt[i][0] ==
		    '@' || r->alt[i][0] == '!')), "alternative `%s' of `%s'",
		    r->alt[i], r->pat);
	}
	FUZZ_CHECK(r->nalt == 0 || r->alt[r->nalt] == NULL, "alt list not "
	    "NULL-terminated");
	for (unsigned i = 0; i < r->naddr; i++) {
		const struct policy_addr *a = &r->addr[i];
		FUZZ_CHECK((a->family == AF_INET && a->prefix <= 32) ||
		    (a->family == AF_INET6 && a->prefix <= 128), "address %u/%u",
		    a->family, a->prefix);
		FUZZ_CHECK(a->port_lo <= a->port_hi, "ports");
	}
}

static void
policy_check(const struct policy *p)
{
	for (int c = 0; c < POLICY_NCAT; c++)
		FUZZ_CHECK(p->defact[c] < POLICY_NACT, "default of %d", c);
	for (int c = 0; c < POLICY_NLIST; c++)
		for (size_t i = 0; i < p->list[c].n; i++)
			rule_check(&p->list[c].v[i], c);
	FUZZ_CHECK(p->lock <= POLICY_LOCK_IPC, "lock %u", p->lock);
	FUZZ_CHECK((p->sandbox >> POLICY_NCAT) == 0, "sandbox bits");
}

/* The action word and category names of "ACT/CATS+PAT"; act < 0: no. */
static int
rule_form(const char *cmd, const char **cats, size_t *cl, const char **pat)
{
	const char *slash = strchr(cmd, '/'), *plus;
	size_t kl;

	if (slash == NULL)
		return -1;
	kl = strspn(cmd, "abcdefghijklmnopqrstuvwxyz0123456789_/,");
	if (cmd[kl] != '+')
		return -1;
	plus = cmd + kl;
	for (int a = 0; a < (int)(sizeof(actions) / sizeof(*actions)); a++)
		if (strlen(actions[a]) == (size_t)(slash - cmd) &&
		    !strncmp(cmd, actions[a], (size_t)(slash - cmd))) {
			*cats = slash + 1;
			*cl = (size_t)(plus - slash - 1);
			*pat = plus + 1;
			return a;
		}
	return -1;
}

/* For a literal absolute pattern: it decides itself in each category. */
static void
literal_check(const struct policy *p, int act, const char *cats, size_t cl,
    const char *pat)
{
	const char *s = cats, *end = cats + cl;

	if (pat[0] != '/' || strpbrk(pat, "*?[\\{}$") != NULL)
		return;
	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		size_t n = (size_t)((comma != NULL ? comma : end) - s);
		for (int c = 0; c < POLICY_NLIST; c++)
			if (strlen(policy_cat_name(c)) == n &&
			    !strncmp(policy_cat_name(c), s, n) &&
			    c != POLICY_IOCTL)
				FUZZ_CHECK((int)policy_match(p, c, pat) == act,
				    "`%s' in %s decided %d after its own rule "
				    "%d", pat, policy_cat_name(c),
				    policy_match(p, c, pat), act);
		s += n + 1;
	}
}

static void
reset_check(const struct policy *p, uint8_t lock, bool trace)
{
	struct policy d;

	policy_init(&d);
	FUZZ_CHECK(p->sandbox == d.sandbox && !memcmp(p->defact, d.defact,
	    sizeof(d.defact)) && list_total(p) == 0 && p->lock == lock &&
	    p->trace == trace && p->nbind == 0 && p->nforce == 0 &&
	    p->root == NULL && p->ipc == NULL && p->unsafe == 0,
	    "reset left state behind");
	policy_free(&d);
}

static void
cmd_run(struct policy *p, char *cmd, size_t errsz)
{
	char err[256], undo[4200];
	const char *cats, *pat;
	size_t before = list_total(p), cl;
	uint8_t lock = p->lock;
	int rc, act;

	memset(err, 'x', sizeof(err));
	rc = policy_cmd(p, cmd, err, errsz);
	FUZZ_CHECK(rc <= 0 && rc > -4096, "`%s' returned %d", cmd, rc);
	FUZZ_CHECK(memchr(err, '\0', errsz) != NULL, "reason not terminated");
	if (rc < 0)
		FUZZ_CHECK(errsz < 2 || (err[0] != '\0' &&
		    strchr(err, '\n') == NULL), "`%s' failed (%d) without a "
		    "one-line reason", cmd, rc);
	if (lock == POLICY_LOCK_ON || lock == POLICY_LOCK_IPC)
		FUZZ_CHECK(p->lock == POLICY_LOCK_ON ||
		    p->lock == POLICY_LOCK_IPC, "lock loosened by `%s'", cmd);
	policy_check(p);
	if (rc != 0)
		return;
	if (strcmp(cmd, "reset") == 0)
		reset_check(p, lock, p->trace);
	if ((act = rule_form(cmd, &cats, &cl, &pat)) < 0 ||
	    strlen(cmd) >= sizeof(undo) || strstr(cmd, "${") != NULL)
		return;
	literal_check(p, act, cats, cl, pat);
	FUZZ_CHECK(list_total(p) > before, "`%s' added no rule", cmd);
	/* The same text with `-' takes them away again; then re-add. */
	memcpy(undo, cmd, strlen(cmd) + 1);
	undo[pat - 1 - cmd] = '-';
	FUZZ_CHECK(policy_cmd(p, undo, err, sizeof(err)) == 0, "`%s' failed: "
	    "%s", undo, err);
	FUZZ_CHECK(list_total(p) == before, "`%s' left %zu rules, not %zu",
	    undo, list_total(p), before);
	FUZZ_CHECK(policy_cmd(p, cmd, err, sizeof(err)) == 0, "`%s' failed "
	    "the second time: %s", cmd, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *line, *nl;
	struct policy p;
	size_t errsz;

	if (buf == NULL || size == 0) {
		free(buf);
		return 0;
	}
	/* The first byte: the size of the reason buffer (1..256). */
	errsz = (size_t)data[0] % 256 + 1;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	policy_init(&p);
	for (line = buf; line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		cmd_run(&p, line, errsz);
	}
	policy_free(&p);
	free(buf);
	return 0;
}
