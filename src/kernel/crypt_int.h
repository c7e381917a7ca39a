/*
 * Internal to the crypt files of src/kernel: the table of plaintext
 * objects shared by the emulation (crypt.c) and the AES worker
 * (crypt_worker.c), and the keys.
 */
/* worker-safe */
#ifndef SYD_KERNEL_CRYPT_INT_H
#define SYD_KERNEL_CRYPT_INT_H

#include "config.h"
#include "crypto/crypto.h"
#include "kernel/kernel_int.h"


/* Lock bytes: one per handout, far past any file's data. */
#define CRYPT_LOCK_BASE ((int64_t)1 << 62)
#define CRYPT_LOCK_SPAN (1 << 20)

enum { OBJ_FREE, OBJ_LOADING, OBJ_READY, OBJ_COMMITTING };

struct crypt_obj {
	int state;		/* futex word: waiters for LOADING */
	int fd;			/* the worker's fd of the plaintext */
	int dirfd;		/* the worker's O_PATH fd of the directory */
	int cfd;		/* the worker's fd of the file on disk */
	uint64_t dev, ino;	/* which file that is */
	uint32_t nhand;		/* handouts so far (lock byte index) */
	uint32_t gen;		/* bumped by each handout */
	bool dirty;		/* open for writing since the last commit */
	bool append_only;	/* every writer since then only appended */
	bool failed;		/* the last commit failed; retry on change */
	struct crypt_info base;	/* what the file on disk holds */
	char name[NAME_MAX + 1];
	char path[PATH_MAX];
};

struct crypt_keyblock {
	struct crypt_keys k;
	uint8_t pad[4096 - sizeof(struct crypt_keys)];
} __attribute__((aligned(4096)));
extern struct crypt_keyblock crypt_key;

struct crypt_table {
	struct sandbox *sb;
	const char *tmpdir;	/* crypt/tmp:DIR; NULL: memfd */
	struct sys_lock lock;	/* the table */
	struct crypt_obj obj[SYD_CRYPT_MAX];
	struct sys_thread thread;
	int wake;		/* futex word the worker sleeps on */
	int stop;
	/* The mailbox: an emulator's new object into the worker's table. */
	struct sys_lock mbox_lock;
	int mbox_req, mbox_done;
	int mbox_tid, mbox_fd, mbox_dirfd, mbox_cfd;
	int mbox_outfd, mbox_outdir, mbox_outcfd;
	int commits;		/* futex word: bumped after each commit */
	bool on;
};
/* The objects, the worker and its mailbox (crypt.c). */
extern struct crypt_table cr;

/* Our fd of /proc/TID/fd/FD reopened with flags (crypt.c). */
int crypt_reopen(int tid, int fd, int flags);
/* Back to FREE (table lock held; crypt.c). */
void crypt_release(struct crypt_obj *o);
/* Is any handed-out description of o still open? fd: a description of
 * o in the caller's table (crypt_worker.c). */
bool crypt_busy(const struct crypt_obj *o, int fd);
/* The worker's side of the mailbox (crypt_worker.c). */
void crypt_adopt(void);

#endif
