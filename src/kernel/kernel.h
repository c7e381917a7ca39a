/*
 * kernel: the emulated system calls. An emulator thread hands each
 * notification to kernel_handle, which reads the target's arguments once,
 * decides with the policy, performs the call in syd and fills the answer.
 */
/* worker-safe */
#ifndef SYD_KERNEL_H
#define SYD_KERNEL_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "path/path.h"

struct policy;
struct pool;

/* Per-emulator state: buffers live here, never on the heap. */
struct emu {
	struct pool *pool;
	int fd;		/* the notify fd */
	int tid;	/* this emulator's tid */
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	bool answered;	/* the handler already answered (ADDFD+SEND) */
	/* Credentials this thread currently acts with (fsuid etc.). */
	int cred_uid, cred_gid;
	uint64_t cred_groups_hash;
	int tgid;	/* the target's thread group, 0 until looked up */
	char path[PATH_MAX];
	struct path_res res;
	char match[PATH_MAX]; /* res.abs as rules see it (/proc/self/...) */
};

/* Decide and perform; leaves the answer in e->resp unless e->answered. */
void kernel_handle(struct emu *e);

/* Build the (arch, nr) dispatch table; main thread, before boot. */
void kernel_init(void);
/* Is nr emulated by this build (for the filter)? */
bool kernel_has(int nr);

#endif
