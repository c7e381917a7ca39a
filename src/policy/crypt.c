/*
 * Crypt sandboxing settings (SPEC.md section 7): which files are kept
 * encrypted, the master key, and where plaintext working copies live.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"
#include "rt/rt.h"

/* crypt+GLOB, crypt-GLOB, crypt^GLOB */
POLICY_SETTER(policy_set_crypt)
{
	return policy_globs_cmd(c, &c->p->crypt, op, val);
}

/* crypt/key:HEX64. A bad key leaves the old one in place. */
POLICY_SETTER(policy_set_crypt_key)
{
	uint8_t k[32];

	if (policy_hex(val, sizeof(k), k) < 0)
		return policy_fail(c, -EINVAL, "crypt/key: expected 64 hex "
		    "digits (a 256-bit key)");
	memcpy(c->p->crypt_key, k, sizeof(k));
	policy_wipe(k, sizeof(k));
	c->p->crypt_key_set = true;
	c->p->crypt_key_fd = -1;
	return 0;
}

/* crypt/key/fd:N: the key is read from fd N when the sandbox starts. */
POLICY_SETTER(policy_set_crypt_fd)
{
	uint64_t fd;

	if (policy_u64(val, &fd) < 0 || fd > INT32_MAX)
		return policy_fail(c, -EINVAL, "crypt/key/fd: `%s' is not a "
		    "file descriptor", val);
	c->p->crypt_key_fd = (int)fd;
	return 0;
}

/* crypt/tmp:mem (memfds) or an absolute directory. */
POLICY_SETTER(policy_set_crypt_tmp)
{
	char *s = NULL;

	if (strcmp(val, "mem") != 0) {
		if (val[0] != '/')
			return policy_fail(c, -EINVAL, "crypt/tmp: expected mem "
			    "or an absolute directory, not `%s'", val);
		if ((s = policy_strdup(c, val)) == NULL)
			return -ENOMEM;
	}
	rt_free(c->p->crypt_tmp);
	c->p->crypt_tmp = s;
	return 0;
}
