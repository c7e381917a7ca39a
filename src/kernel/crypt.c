/* worker-safe */
/*
 * Crypt sandboxing (SPEC.md section 7, DESIGN.md section 7): files that
 * match crypt+GLOB are plaintext inside the sandbox and ciphertext on disk.
 *
 * An open of such a file is served from a plaintext object: a memfd (or an
 * O_TMPFILE under crypt/tmp:DIR) holding the verified, decrypted content.
 * The first open loads it; every open while it exists gets a new open file
 * description of the same object (a reopen through /proc), so concurrent
 * opens share one plaintext. Each handed-out description carries an OFD
 * lock on a byte of its own far past any real data: the kernel drops it
 * when the description's last reference goes (close, exit, munmap of a
 * shared mapping). The AES worker (syd_aes) owns every object's fd and
 * polls with F_OFD_GETLK: once no lock is left and something was open for
 * writing, it writes header, ciphertext and MAC to a temporary file beside
 * the target and renames it over (appends keep the old ciphertext and
 * continue the counter). The worker holds no reference the sandbox sees.
 *
 * Threads have their own fd tables (no CLONE_FILES): an emulator hands a
 * new object to the worker through a mailbox; the worker reopens it from
 * /proc/TID/fd/N into its own table.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "kernel/crypt_int.h"
#include "rt/rt.h"

#if SYD_WITH_CRYPT /* config.mk WITH_CRYPT */

struct crypt_keyblock crypt_key;
struct crypt_table cr;
int
kernel_crypt_setup(struct sandbox *p, const uint8_t master[32],
    const char *tmpdir)
{
	int r;

	crypt_keys_derive(master, &crypt_key.k);
	/* Locked: the keys never reach swap. Wiped by kernel_crypt_stop. */
	r = (int)sys_call2(SYS_mlock, &crypt_key, sizeof(crypt_key));
	if (r < 0)
		rt_log_msg(RT_WARN, "crypt", "mlock", "cannot lock the crypt "
		    "keys in memory: %d", r);
	cr.sb = p;
	cr.tmpdir = tmpdir;
	cr.on = true;
	for (size_t i = 0; i < SYD_CRYPT_MAX; i++)
		cr.obj[i].fd = cr.obj[i].dirfd = cr.obj[i].cfd = -1;
	return 0;
}

bool
kernel_crypted(struct emu *e)
{
	const struct policy *p = kernel_policy(e);

	return cr.on && policy_on(p, POLICY_CRYPT) && p->crypt.n > 0 &&
	    policy_globs_match(&p->crypt, kernel_match_path(e));
}

int
crypt_reopen(int tid, int fd, int flags)
{
	char p[64];

	snprintf(p, sizeof(p), "/proc/%d/fd/%d", tid, fd);
	return sys_openat(AT_FDCWD, p, flags | O_CLOEXEC, 0);
}

/* The emulator's side: the worker's fds for our fd, dirfd and cfd. */
static int
crypt_give(int tid, int fd, int dirfd, int cfd, int *outdir, int *outcfd)
{
	int r;

	sys_lock(&cr.mbox_lock);
	cr.mbox_tid = tid;
	cr.mbox_fd = fd;
	cr.mbox_dirfd = dirfd;
	cr.mbox_cfd = cfd;
	__atomic_store_n(&cr.mbox_done, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&cr.mbox_req, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&cr.wake, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&cr.wake, 1);
	r = -ESRCH;
	*outdir = -1;
	for (;;) {
		if (__atomic_load_n(&cr.mbox_done, __ATOMIC_ACQUIRE) != 0) {
			r = cr.mbox_outfd;
			*outdir = cr.mbox_outdir;
			*outcfd = cr.mbox_outcfd;
			break;
		}
		if (!sys_thread_alive(&cr.thread))
			break; /* syd is ending */
		sys_futex_wait(&cr.mbox_done, 0, 100);
	}
	sys_unlock(&cr.mbox_lock);
	return r;
}

static struct crypt_obj *
crypt_find(const char *path)
{
	for (size_t i = 0; i < SYD_CRYPT_MAX; i++)
		if (cr.obj[i].state != OBJ_FREE &&
		    strcmp(cr.obj[i].path, path) == 0)
			return &cr.obj[i];
	return NULL;
}

static struct crypt_obj *
crypt_slot(void)
{
	for (size_t i = 0; i < SYD_CRYPT_MAX; i++)
		if (cr.obj[i].state == OBJ_FREE)
			return &cr.obj[i];
	return NULL;
}

/* Back to FREE (table lock held). */
void
crypt_release(struct crypt_obj *o)
{
	if (o->fd >= 0)
		sys_close(o->fd);
	if (o->dirfd >= 0)
		sys_close(o->dirfd);
	if (o->cfd >= 0)
		sys_close(o->cfd);
	o->fd = o->dirfd = o->cfd = -1;
	o->path[0] = '\0';
	__atomic_store_n(&o->state, OBJ_FREE, __ATOMIC_RELEASE);
	sys_futex_wake(&o->state, 64);
}

/* A new description of the object for the target (table lock held). */
static int
crypt_handout(struct emu *e, struct crypt_obj *o, uint64_t flags)
{
	int acc = (int)(flags & O_ACCMODE), fd, r;
	bool wr = acc != O_RDONLY;
	struct flock fl = { .l_whence = SEEK_SET, .l_len = 1 };
	char p[64];

	snprintf(p, sizeof(p), "/proc/%d/fd/%d", cr.thread.tid, o->fd);
	fd = sys_openat(AT_FDCWD, p, acc | (int)(flags & (O_APPEND |
	    O_NONBLOCK)) | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	if (wr && (flags & O_TRUNC) &&
	    (r = (int)sys_ftruncate(fd, 0)) < 0)
		goto fail;
	fl.l_type = wr ? F_WRLCK : F_RDLCK;
	fl.l_start = CRYPT_LOCK_BASE + (int64_t)(o->nhand++ % CRYPT_LOCK_SPAN);
	if ((r = sys_fcntl(fd, F_OFD_SETLK, (long)&fl)) < 0)
		goto fail;
	o->gen++;
	if (wr) {
		o->dirty = true;
		o->failed = false;
		if (!(flags & O_APPEND) || (flags & O_TRUNC))
			o->append_only = false;
	}
	return fd;
fail:
	sys_close(fd);
	return r;
}

/* A fresh plaintext file: a memfd, or an O_TMPFILE in crypt/tmp. */
static int
crypt_plainfile(void)
{
	if (cr.tmpdir != NULL)
		return sys_openat(AT_FDCWD, cr.tmpdir, O_TMPFILE | O_RDWR |
		    O_CLOEXEC, 0600);
	return (int)sys_memfd_create("syd-crypt", MFD_CLOEXEC);
}

/*
 * Load the file at e->res into o (state LOADING, table lock NOT held),
 * with the target's credentials: opening the file on disk is the
 * permission check. Returns 0 or -errno.
 */
static int
crypt_load(struct emu *e, struct crypt_obj *o, uint64_t flags,
    unsigned mode)
{
	const struct path_res *r = &e->res;
	bool wr = (flags & O_ACCMODE) != O_RDONLY;
	struct crypt_info ci;
	struct stat st;
	int cfd, pfd, wfd, wdir, wcfd;
	long n;

	cfd = sys_openat(r->dirfd, r->name, (wr ? O_RDWR : O_RDONLY) |
	    (int)(flags & (O_CREAT | O_EXCL | O_NONBLOCK)) | O_NOFOLLOW |
	    O_CLOEXEC, mode);
	if (cfd < 0)
		return cfd;
	if (sys_fstatat(cfd, "", &st, AT_EMPTY_PATH) < 0 ||
	    !S_ISREG(st.st_mode)) {
		sys_close(cfd);
		return -EBADMSG;
	}
	if ((pfd = crypt_plainfile()) < 0) {
		sys_close(cfd);
		return pfd;
	}
	memset(&ci, 0, sizeof(ci));
	if (wr && (flags & O_TRUNC))
		n = 0, ci.empty = true; /* the content goes: no need to read */
	else
		n = crypt_decrypt(&crypt_key.k, cfd, 0, pfd, &ci);
	if (n >= 0)
		n = wfd = crypt_give(e->tid, pfd, r->dirfd, cfd, &wdir, &wcfd);
	sys_close(cfd);
	sys_close(pfd);
	if (n < 0)
		return (int)n;
	o->fd = wfd;
	o->dirfd = wdir;
	o->cfd = wcfd;
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	o->base = ci;
	o->dirty = o->failed = false;
	o->append_only = true;
	o->nhand = o->gen = 0;
	return 0;
}

int
kernel_crypt_open(struct emu *e, uint64_t flags, unsigned mode)
{
	const char *path = e->res.abs;
	struct crypt_obj *o;
	int r;

	if (strlen(e->res.name) > NAME_MAX || strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	for (;;) {
		sys_lock(&cr.lock);
		o = crypt_find(path);
		if (o == NULL || o->state != OBJ_LOADING)
			break;
		sys_unlock(&cr.lock);
		sys_futex_wait(&o->state, OBJ_LOADING, 100);
	}
	if (o != NULL) {
		/* Shared: the object is the file's current content. */
		if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			r = -EEXIST;
		else
			r = crypt_handout(e, o, flags);
		sys_unlock(&cr.lock);
		return r;
	}
	if ((o = crypt_slot()) == NULL) {
		sys_unlock(&cr.lock);
		rt_log_msg(RT_ERR, "crypt", "table", "too many crypt files open "
		    "at once (%d)", SYD_CRYPT_MAX);
		return -ENFILE;
	}
	memcpy(o->path, path, strlen(path) + 1);
	memcpy(o->name, e->res.name, strlen(e->res.name) + 1);
	o->state = OBJ_LOADING;
	sys_unlock(&cr.lock);

	r = crypt_load(e, o, flags, mode);
	sys_lock(&cr.lock);
	if (r < 0) {
		crypt_release(o);
	} else {
		__atomic_store_n(&o->state, OBJ_READY, __ATOMIC_RELEASE);
		sys_futex_wake(&o->state, 64);
		/* O_TRUNC already applied by not loading; O_EXCL done. */
		r = crypt_handout(e, o, flags & ~(uint64_t)O_TRUNC);
		if (flags & O_TRUNC)
			o->append_only = false;
		/* If the handout failed, nobody has it: the worker's next
		 * sweep releases it (its fds are in the worker's table). */
		__atomic_add_fetch(&cr.wake, 1, __ATOMIC_RELEASE);
		sys_futex_wake(&cr.wake, 1);
	}
	sys_unlock(&cr.lock);
	return r;
}


/* crypt_busy from an emulator: o->fd is a number in the worker's table. */
static bool
crypt_busy_emu(const struct crypt_obj *o)
{
	int fd = crypt_reopen(cr.thread.tid, o->fd, O_RDONLY);
	bool b = crypt_busy(o, fd);

	if (fd >= 0)
		sys_close(fd);
	return b;
}

/*
 * The object of path once no load or commit of it is in flight (and with
 * flush, once what was written and closed is on disk), with the table
 * lock held; NULL (unlocked) when there is none.
 */
static struct crypt_obj *
crypt_settle(const char *path, bool flush)
{
	struct crypt_obj *o;
	int seen;

	for (unsigned waits = 0;; waits++) {
		sys_lock(&cr.lock);
		if ((o = crypt_find(path)) == NULL) {
			sys_unlock(&cr.lock);
			return NULL;
		}
		seen = __atomic_load_n(&cr.commits, __ATOMIC_ACQUIRE);
		if (waits < 60000 && (o->state == OBJ_LOADING ||
		    o->state == OBJ_COMMITTING || (flush && o->dirty &&
		    !o->failed && !crypt_busy_emu(o)))) {
			/* A commit in flight must not land on the name after
			 * the caller changed what it is. */
			sys_unlock(&cr.lock);
			__atomic_add_fetch(&cr.wake, 1, __ATOMIC_RELEASE);
			sys_futex_wake(&cr.wake, 1);
			if (o->state == OBJ_LOADING)
				sys_futex_wait(&o->state, OBJ_LOADING, 10);
			else
				sys_futex_wait(&cr.commits, seen, 10);
			continue;
		}
		return o;
	}
}

void
kernel_crypt_unlink(const char *path)
{
	struct crypt_obj *o;

	if (!cr.on || (o = crypt_settle(path, false)) == NULL)
		return;
	o->path[0] = '\0'; /* later opens load what is on disk */
	sys_unlock(&cr.lock);
}

void
kernel_crypt_rename(const char *from, const char *to, const char *toname,
    bool samedir, bool exchange)
{
	struct crypt_obj *o;

	if (!cr.on)
		return;
	/* What the new name held is no longer that name's. */
	if ((o = crypt_settle(to, exchange)) != NULL) {
		o->path[0] = '\0';
		sys_unlock(&cr.lock);
	}
	/* The file keeps its object (a writer may still have it open):
	 * later opens of the new name share it, and its commits go to the
	 * new name when it stays in the directory, else in place. */
	if ((o = crypt_settle(from, true)) == NULL)
		return;
	if (exchange || strlen(to) >= sizeof(o->path) ||
	    strlen(toname) >= sizeof(o->name)) {
		o->path[0] = '\0';
	} else {
		memcpy(o->path, to, strlen(to) + 1);
		if (samedir)
			memcpy(o->name, toname, strlen(toname) + 1);
	}
	sys_unlock(&cr.lock);
}

#endif /* SYD_WITH_CRYPT */
