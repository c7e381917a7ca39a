/* worker-safe */
/*
 * Exec integrity: force (a binary must have the digest its rule names)
 * and TPE (trusted path execution: no exec from directories others can
 * write). Used at the execve notification on what syd resolved, and again
 * by main at the exec stop on what the kernel actually executed.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto/crypto.h"
#include "kernel/kernel.h"
#include "policy/policy.h"
#include "sys/sys.h"

enum policy_act
kernel_force(const struct policy *p, const char *path, int fd)
{
	uint8_t sum[64];

	if (!policy_on(p, POLICY_FORCE))
		return POLICY_ALLOW;
	for (size_t i = 0; i < p->nforce; i++) {
		const struct policy_force *f = &p->force[i];
		if (strcmp(f->path, path) != 0)
			continue;
		if (crypto_digest_fd(fd, f->len, sum) < 0)
			return f->act;
		return memcmp(sum, f->digest, f->len) == 0 ? POLICY_ALLOW :
		    (enum policy_act)f->act;
	}
	return (enum policy_act)p->defact[POLICY_FORCE];
}

static bool
tpe_member(unsigned gid, unsigned fsgid, const unsigned *groups,
    unsigned ngroups)
{
	if (gid == fsgid)
		return true;
	for (unsigned i = 0; i < ngroups; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

enum policy_act
kernel_tpe(const struct policy *p, const struct stat *dir, unsigned uid,
    unsigned fsgid, const unsigned *groups, unsigned ngroups)
{
	bool applies = true, trusted;

	if (!policy_on(p, POLICY_TPE))
		return POLICY_ALLOW;
	if (p->tpe_gid >= 0)
		applies = tpe_member((unsigned)p->tpe_gid, fsgid, groups,
		    ngroups) != p->tpe_negate;
	if (!applies)
		return POLICY_ALLOW;
	trusted = !(dir->st_mode & (S_IWGRP | S_IWOTH)) &&
	    (!p->tpe_root_owned || dir->st_uid == 0) &&
	    (!p->tpe_user_owned || dir->st_uid == 0 || dir->st_uid == uid);
	return trusted ? POLICY_ALLOW :
	    (enum policy_act)p->defact[POLICY_TPE];
}
