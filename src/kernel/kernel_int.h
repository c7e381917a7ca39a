/* Internal to src/kernel. */
/* worker-safe */
#ifndef SYD_KERNEL_INT_H
#define SYD_KERNEL_INT_H

#include "kernel/kernel.h"
#include "policy/policy.h"
#include "pool/pool.h"

typedef void (*kernel_fn)(struct emu *e);

#define KERNEL_NR_MAX 512

/* ERESTARTSYS: the kernel restarts (SA_RESTART) or turns it into EINTR. */
#define KERNEL_ERESTARTSYS 512

static inline uint64_t
kernel_arg(const struct emu *e, int i)
{
	return e->req.data.args[i];
}

static inline void
kernel_error(struct emu *e, int err)
{
	e->resp.error = err < 0 ? err : -err;
	e->resp.val = 0;
}

static inline void
kernel_value(struct emu *e, long v)
{
	e->resp.error = 0;
	e->resp.val = v;
}

static inline void
kernel_continue(struct emu *e)
{
	e->resp.error = 0;
	e->resp.val = 0;
	e->resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
}

static inline const struct policy *
kernel_policy(const struct emu *e)
{
	return e->pool->policy;
}

const char *kernel_sysname(int nr);

/* Act with the target's credentials (when syd is root). real: use the
 * target's real ids (access(2) without AT_EACCESS). With umask, returns
 * the target's umask (>= 0); else 0; or -errno. */
int kernel_creds(struct emu *e, bool real, bool umask);

/* Read the path argument at addr and resolve it into e->res. */
int kernel_path(struct emu *e, int dirfd, uint64_t addr, unsigned flags);

/* The still-valid check after reading target memory and /proc. */
bool kernel_valid(struct emu *e);

/*
 * Decide for the canonical path in e->res.abs over the categories in caps
 * (bits of enum policy_cat; those that are off are skipped). Returns 0 to
 * perform, or the -errno to answer. Logs and applies the action.
 */
int kernel_check(struct emu *e, uint64_t caps);

/* Perform a blocking call through the interrupter: see open.c. */

void kernel_open(struct emu *e);
void kernel_stat(struct emu *e);
void kernel_access(struct emu *e);
void kernel_readlink(struct emu *e);
void kernel_statfs(struct emu *e);
void kernel_exec(struct emu *e);
void kernel_setid(struct emu *e);

#endif
