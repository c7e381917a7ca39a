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

#include "config.h"
#include "crypto/crypto.h"
#include "kernel/kernel_int.h"
#include "rt/rt.h"

#if SYD_WITH_CRYPT /* config.mk WITH_CRYPT */


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

static struct {
	struct crypt_keys k;
	uint8_t pad[4096 - sizeof(struct crypt_keys)];
} crypt_key __attribute__((aligned(4096)));

static struct {
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
} cr;

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

static int
crypt_reopen(int tid, int fd, int flags)
{
	char p[64];

	snprintf(p, sizeof(p), "/proc/%d/fd/%d", tid, fd);
	return sys_openat(AT_FDCWD, p, flags | O_CLOEXEC, 0);
}

/* The worker's side of the mailbox: the object, its directory and the
 * file on disk, reopened into the worker's own table. */
static void
crypt_adopt(void)
{
	int t = cr.mbox_tid;

	cr.mbox_outfd = crypt_reopen(t, cr.mbox_fd, O_RDWR);
	cr.mbox_outdir = cr.mbox_outcfd = -1;
	if (cr.mbox_outfd >= 0 &&
	    ((cr.mbox_outdir = crypt_reopen(t, cr.mbox_dirfd, O_PATH |
	    O_DIRECTORY)) < 0 ||
	    (cr.mbox_outcfd = crypt_reopen(t, cr.mbox_cfd, O_PATH)) < 0)) {
		int r = cr.mbox_outdir < 0 ? cr.mbox_outdir : cr.mbox_outcfd;
		sys_close(cr.mbox_outfd);
		if (cr.mbox_outdir >= 0)
			sys_close(cr.mbox_outdir);
		cr.mbox_outfd = r;
	}
	__atomic_store_n(&cr.mbox_req, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&cr.mbox_done, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&cr.mbox_done, 1);
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
static void
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
	    (r = (int)sys_call2(SYS_ftruncate, fd, 0)) < 0)
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
	return (int)sys_call2(SYS_memfd_create, "syd-crypt", MFD_CLOEXEC);
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

static bool crypt_busy(const struct crypt_obj *o, int fd);

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

/* Is any handed-out description of o still open? fd: a description of
 * o's plaintext holding no lock (table lock held). */
static bool
crypt_busy(const struct crypt_obj *o, int fd)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
	    .l_start = CRYPT_LOCK_BASE, .l_len = CRYPT_LOCK_SPAN };

	(void)o;
	if (fd < 0 || sys_fcntl(fd, F_OFD_GETLK, (long)&fl) < 0)
		return true;
	return fl.l_type != F_UNLCK;
}

/*
 * Write the object to disk (worker, table lock NOT held; the object is
 * COMMITTING so nobody releases it). Returns 0 or -errno.
 */
/*
 * The file was renamed away while open (its name is another file now, or
 * none): it still has a name somewhere, which syd does not know, so it is
 * rewritten in place, through the fd kept since the load. Not atomic, but
 * nothing written is lost. A file with no name left is simply dropped, as
 * its content would be without syd.
 */
static int
crypt_inplace(struct crypt_obj *o, struct crypt_info *base)
{
	struct stat st;
	uint8_t iv[16];
	char p[48];
	int fd;
	long n;

	if (sys_fstatat(o->cfd, "", &st, AT_EMPTY_PATH) < 0 ||
	    st.st_nlink == 0)
		return -ENOENT;
	if (sys_call3(SYS_getrandom, iv, sizeof(iv), 0) != sizeof(iv))
		return -EIO;
	snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", o->cfd);
	if ((fd = sys_openat(AT_FDCWD, p, O_RDWR | O_CLOEXEC, 0)) < 0)
		return fd;
	n = crypt_encrypt(&crypt_key.k, o->fd, 0, fd, iv);
	sys_close(fd);
	if (n < 0)
		return (int)n;
	memcpy(base->iv, iv, 16);
	base->len = (uint64_t)n - CRYPT_HDR_LEN;
	base->empty = false;
	return 0;
}

static int
crypt_commit(struct crypt_obj *o, bool append, struct crypt_info *base)
{
	char tmp[32];
	struct stat st, pst;
	uint8_t iv[16], rnd[8];
	int tfd = -1, old = -1;
	long n = -ESTALE;

	if (sys_fstatat(o->dirfd, o->name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(st.st_mode) || st.st_dev != o->dev || st.st_ino != o->ino)
		return crypt_inplace(o, base);
	if (sys_fstatat(o->fd, "", &pst, AT_EMPTY_PATH) < 0)
		return -EIO;
	if (sys_call3(SYS_getrandom, rnd, sizeof(rnd), 0) != sizeof(rnd) ||
	    sys_call3(SYS_getrandom, iv, sizeof(iv), 0) != sizeof(iv))
		return -EIO;
	snprintf(tmp, sizeof(tmp), ".syd-crypt-%02x%02x%02x%02x%02x%02x%02x"
	    "%02x", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6],
	    rnd[7]);
	tfd = sys_openat(o->dirfd, tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (tfd < 0)
		return tfd;
	if (append && !base->empty && (uint64_t)pst.st_size >= base->len &&
	    (old = sys_openat(o->dirfd, o->name, O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC, 0)) >= 0) {
		n = crypt_append(&crypt_key.k, old, base, o->fd,
		    (int64_t)base->len, tfd);
		sys_close(old);
		/* The file changed under us: write it whole instead. */
	}
	if (n == -ESTALE || n == -EBADMSG) {
		n = crypt_encrypt(&crypt_key.k, o->fd, 0, tfd, iv);
		memcpy(base->iv, iv, 16);
	}
	crypto_wipe(iv, sizeof(iv));
	if (n >= 0 && (n = sys_call3(SYS_fchown, tfd, st.st_uid,
	    st.st_gid)) == -EPERM)
		n = 0; /* not root: the file stays ours, as the original was */
	if (n >= 0)
		n = sys_call2(SYS_fchmod, tfd, st.st_mode & 07777);
#if SYD_CRYPT_SYNC
	if (n >= 0)
		n = sys_call1(SYS_fdatasync, tfd);
#endif
	if (n >= 0)
		n = sys_call4(SYS_renameat, o->dirfd, tmp, o->dirfd, o->name);
	if (n < 0)
		sys_call3(SYS_unlinkat, o->dirfd, tmp, 0);
	else if (sys_fstatat(tfd, "", &st, AT_EMPTY_PATH) == 0) {
		base->len = (uint64_t)st.st_size - CRYPT_HDR_LEN;
		base->empty = false;
		/* The name is this file now: it is the one to follow. */
		sys_close(o->cfd);
		o->cfd = tfd;
		o->dev = st.st_dev;
		o->ino = st.st_ino;
		return 0;
	}
	sys_close(tfd);
	return n < 0 ? (int)n : 0;
}

/* One pass over the table. force: the sandbox is gone, commit all. */
static unsigned
crypt_sweep(bool force)
{
	unsigned pending = 0;

	for (size_t i = 0; i < SYD_CRYPT_MAX; i++) {
		struct crypt_obj *o = &cr.obj[i];
		struct crypt_info base;
		bool append;
		uint32_t gen;
		int64_t t0;
		int r;

		sys_lock(&cr.lock);
		if (o->state != OBJ_READY || (!force && crypt_busy(o, o->fd))) {
			pending += o->state != OBJ_FREE;
			sys_unlock(&cr.lock);
			continue;
		}
		if (!o->dirty || (o->failed && !force)) {
			if (!o->dirty)
				crypt_release(o);
			else
				pending++;
			sys_unlock(&cr.lock);
			continue;
		}
		/* Snapshot the bookkeeping; handouts from now on mark it
		 * again and keep the object. */
		o->state = OBJ_COMMITTING;
		append = o->append_only;
		base = o->base;
		gen = o->gen;
		o->dirty = false;
		o->append_only = true;
		sys_unlock(&cr.lock);

		t0 = sys_now_ns();
		r = crypt_commit(o, append, &base);
		rt_log_msg(RT_DEBUG, "crypt", "commit", "%s: %s in %ld ms: %d",
		    o->name, append ? "append" : "rewrite",
		    (long)((sys_now_ns() - t0) / 1000000), r);

		sys_lock(&cr.lock);
		o->state = OBJ_READY;
		__atomic_add_fetch(&cr.commits, 1, __ATOMIC_RELEASE);
		sys_futex_wake(&cr.commits, 64);
		if (r == -ENOENT) {
			/* Removed while open: nothing to keep. */
			rt_log_msg(RT_INFO, "crypt", "commit", "%s was removed "
			    "while open; its content is dropped", o->name);
			crypt_release(o);
		} else if (r < 0) {
			rt_log_msg(RT_ERR, "crypt", "commit", "cannot write "
			    "encrypted %s: %d; its last changes are only in "
			    "syd's memory", o->path, r);
			o->dirty = o->failed = true;
			o->append_only = false;
			pending++;
		} else {
			o->base = base;
			if (o->gen == gen && !o->dirty && !crypt_busy(o, o->fd))
				crypt_release(o);
			else
				pending++;
		}
		sys_unlock(&cr.lock);
	}
	return pending;
}

static int
crypt_main(void *arg)
{
	unsigned pending = 0;

	(void)arg;
	sandbox_confine(cr.sb, SANDBOX_AES);
	for (;;) {
		int w = __atomic_load_n(&cr.wake, __ATOMIC_ACQUIRE);
		if (__atomic_load_n(&cr.mbox_req, __ATOMIC_ACQUIRE))
			crypt_adopt();
		if (__atomic_load_n(&cr.stop, __ATOMIC_ACQUIRE))
			break;
		pending = crypt_sweep(false);
		if (__atomic_load_n(&cr.mbox_req, __ATOMIC_ACQUIRE))
			continue;
		sys_futex_wait(&cr.wake, w, pending ? SYD_CRYPT_POLL_MS : -1);
	}
	/* The sandbox is gone: what it wrote reaches the disk now. */
	if (__atomic_load_n(&cr.mbox_req, __ATOMIC_ACQUIRE))
		crypt_adopt();
	crypt_sweep(true);
	return 0;
}

int
kernel_crypt_boot(void)
{
	if (!cr.on)
		return 0;
	return sys_thread_spawn(&cr.thread, crypt_main, NULL, SYD_STACK_SIZE);
}

void
kernel_crypt_stop(void)
{
	if (!cr.on)
		return;
	__atomic_store_n(&cr.stop, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&cr.wake, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&cr.wake, 1);
	sys_thread_join(&cr.thread, -1);
	crypto_wipe(&crypt_key, sizeof(crypt_key));
}

#else /* !SYD_WITH_CRYPT: built without crypt (config.mk WITH_CRYPT=0) */

int
kernel_crypt_setup(struct sandbox *p, const uint8_t master[32],
    const char *tmpdir)
{
	return -EOPNOTSUPP; /* main refuses sandbox/crypt:on before this */
}

bool
kernel_crypted(struct emu *e)
{
	return false;
}

int
kernel_crypt_open(struct emu *e, uint64_t flags, unsigned mode)
{
	return -EOPNOTSUPP;
}

void
kernel_crypt_unlink(const char *path)
{
}

void
kernel_crypt_rename(const char *from, const char *to, const char *toname,
    bool samedir, bool exchange)
{
}

int
kernel_crypt_boot(void)
{
	return 0;
}

void
kernel_crypt_stop(void)
{
}

#endif /* SYD_WITH_CRYPT */
