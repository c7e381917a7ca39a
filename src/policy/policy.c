/*
 * The policy object: its secure default, its release, and the entry point
 * for one command.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

void
policy_init(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->sandbox = POLICY_PATH_MASK | POLICY_NET_MASK |
	    POLICY_BIT(POLICY_IOCTL);
	for (int c = 0; c < POLICY_NCAT; c++)
		p->defact[c] = POLICY_DENY;
	p->defact[POLICY_IOCTL] = POLICY_ALLOW;
	p->lock = POLICY_LOCK_UNSET;
	p->log_level = -1;
	p->log_verbose = -1;
	p->log_syslog = -1;
	p->tpe_gid = -1;
	p->crypt_key_fd = -1;
	p->segvguard_expiry_ms = POLICY_SEGVGUARD_EXPIRY_MS;
	p->segvguard_suspension_ms = POLICY_SEGVGUARD_SUSPENSION_MS;
	p->segvguard_maxcrashes = POLICY_SEGVGUARD_MAXCRASHES;
	p->segvguard_act = POLICY_DENY;
	p->compile_landlock = true;
}

static void
settings_free(struct policy *p)
{
	for (size_t i = 0; i < p->nbind; i++) {
		rt_free(p->bind[i].src);
		rt_free(p->bind[i].dst);
	}
	rt_free(p->bind);
	for (size_t i = 0; i < p->nforce; i++)
		rt_free(p->force[i].path);
	rt_free(p->force);
	rt_free(p->setuid.v);
	rt_free(p->setgid.v);
	rt_free(p->root);
	rt_free(p->hostname);
	rt_free(p->domainname);
	rt_free(p->crypt_tmp);
	rt_free(p->ipc);
	rt_free(p->crypt_key_env);
	policy_wipe(p->crypt_key, sizeof(p->crypt_key));
}

void
policy_free(struct policy *p)
{
	for (int c = 0; c < POLICY_NLIST; c++)
		policy_list_free(&p->list[c]);
	for (int i = 0; i < POLICY_NLPATH; i++)
		policy_list_free(&p->lpath[i]);
	for (int i = 0; i < POLICY_NLPORT; i++)
		policy_list_free(&p->lport[i]);
	policy_list_free(&p->mask);
	policy_list_free(&p->append);
	policy_list_free(&p->crypt);
	settings_free(p);
	memset(p, 0, sizeof(*p));
}

/*
 * `reset`: back to policy_init, except what no command may undo: the lock
 * (resetting it would loosen it) and trace mode, which is the -x flag.
 */
void
policy_reset(struct policy *p)
{
	uint8_t lock = p->lock;
	bool trace = p->trace;

	policy_free(p);
	policy_init(p);
	p->lock = lock;
	p->trace = trace;
}

/*
 * Remember VAR of crypt/key:${VAR} so that syd can scrub it from the
 * sandbox's environment; a literal key forgets it.
 */
static int
key_env(struct policy_ctx *c, const char *cmd)
{
	static const char pre[] = "crypt/key:";
	const char *name;
	size_t n;
	char *s = NULL;

	/* Only past the prefix check is name inside cmd. */
	if (strncmp(cmd, pre, sizeof(pre) - 1) != 0)
		return 0;
	name = cmd + sizeof(pre) - 1;
	n = strlen(name);
	if (n > 3 && name[0] == '$' && name[1] == '{' &&
	    strchr(name, '}') == name + n - 1) {
		if ((s = rt_alloc(n - 2)) == NULL)
			return policy_fail(c, -ENOMEM, "out of memory");
		memcpy(s, name + 2, n - 3);
	}
	rt_free(c->p->crypt_key_env);
	c->p->crypt_key_env = s;
	return 0;
}

int
policy_run(struct policy_ctx *c, const char *cmd)
{
	char buf[POLICY_CMD_MAX + 1];
	int rc;

	if ((rc = policy_expand(c, cmd, buf, sizeof(buf))) < 0)
		return rc;
	rc = policy_exec(c, buf);
	/* The expansion may hold a key: leave none of it on the stack. */
	policy_wipe(buf, strlen(buf));
	return rc < 0 ? rc : key_env(c, cmd);
}

struct policy_ctx
policy_ctx_open(struct policy *p, char *err, size_t errsz)
{
	if (err != NULL && errsz > 0)
		err[0] = '\0';
	return (struct policy_ctx){ .p = p, .err = err, .errsz = errsz };
}

int
policy_cmd(struct policy *p, const char *cmd, char *err, size_t errsz)
{
	struct policy_ctx c = policy_ctx_open(p, err, errsz);

	return policy_run(&c, cmd);
}

int
policy_cmd_expanded(struct policy *p, const char *cmd, char *err,
    size_t errsz)
{
	struct policy_ctx c = policy_ctx_open(p, err, errsz);

	return policy_exec(&c, cmd);
}
