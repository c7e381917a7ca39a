/* worker-safe */
/*
 * The AES worker (syd_aes, DESIGN.md section 7), beside the crypt
 * emulation whose objects it owns: it adopts each new plaintext object
 * from an emulator through the mailbox, polls the handed-out
 * descriptions' OFD locks, and once none is left and something was
 * written, writes header, fresh IV (or the continued counter of an
 * append), ciphertext and MAC to a temporary file beside the target and
 * renames it over. It runs under its own role's filter (SANDBOX_AES).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/crypt_int.h"
#include "rt/rt.h"

#if SYD_WITH_CRYPT /* config.mk WITH_CRYPT */

/* The worker's side of the mailbox: the object, its directory and the
 * file on disk, reopened into the worker's own table. */
void
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

/* Is any handed-out description of o still open? fd: a description of
 * o's plaintext holding no lock (table lock held). */
bool
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
	if (sys_getrandom(iv, sizeof(iv), 0) != sizeof(iv))
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
	if (sys_getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd) ||
	    sys_getrandom(iv, sizeof(iv), 0) != sizeof(iv))
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
	if (n >= 0 && (n = sys_fchown(tfd, st.st_uid,
	    st.st_gid)) == -EPERM)
		n = 0; /* not root: the file stays ours, as the original was */
	if (n >= 0)
		n = sys_fchmod(tfd, st.st_mode & 07777);
#if SYD_CRYPT_SYNC
	if (n >= 0)
		n = sys_call1(SYS_fdatasync, tfd);
#endif
	if (n >= 0)
		n = sys_call4(SYS_renameat, o->dirfd, tmp, o->dirfd, o->name);
	if (n < 0)
		sys_unlinkat(o->dirfd, tmp, 0);
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

#endif /* SYD_WITH_CRYPT */
