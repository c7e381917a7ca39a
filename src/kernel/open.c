/* worker-safe */
/*
 * open, openat, openat2 and creat, performed by syd: the target's path is
 * read once, resolved (path_canon), checked for every category the flags
 * touch, opened relative to the resolved parent, never following, and the fd
 * installed in the target with ADDFD+SEND.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>

#include "kernel/kernel_int.h"
#include "rt/rt.h"


/* The categories an open with these flags may touch, before the path is
 * known: what is decided from registers alone. */
static uint64_t
open_caps(uint64_t flags)
{
	uint64_t acc = flags & O_ACCMODE, caps = 0;

	if (flags & O_PATH)
		return POLICY_BIT(POLICY_STAT);
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return POLICY_BIT(POLICY_MKTEMP);
	if (acc == O_RDONLY || acc == O_RDWR)
		caps |= POLICY_BIT(POLICY_READ) | POLICY_BIT(POLICY_READDIR);
	if (acc == O_WRONLY || acc == O_RDWR)
		caps |= POLICY_BIT(POLICY_WRITE);
	if (flags & O_CREAT)
		caps |= POLICY_BIT(POLICY_CREATE);
	if (flags & O_TRUNC)
		caps |= POLICY_BIT(POLICY_TRUNCATE);
	return caps;
}

/* Narrow to what this path really is: a directory is listed, not read; a
 * file that exists is not created nor is a new one truncated. */
static uint64_t
open_caps_path(uint64_t caps, uint64_t flags, const struct path_res *r)
{
	bool dir = r->exists && S_ISDIR(r->mode);

	if (dir || (flags & O_DIRECTORY))
		caps &= ~POLICY_BIT(POLICY_READ);
	else
		caps &= ~POLICY_BIT(POLICY_READDIR);
	if (r->exists)
		caps &= ~POLICY_BIT(POLICY_CREATE);
	else
		caps &= ~POLICY_BIT(POLICY_TRUNCATE);
	return caps;
}

/* Does this open have a new name to check (syd(7) safe names)? */
static bool
open_names(const struct policy *p, uint64_t flags)
{
	return (flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE &&
	    !policy_unsafe_on(p, POLICY_UNSAFE_FILENAME);
}

struct open_args {
	int dirfd;
	uint64_t path;
	struct open_how how;
	bool dironly;	/* checked as a directory: open only a directory */
};

/* The open flags the kernel knows; openat(2) ignores the others. */
#define OPEN_KNOWN (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC |   \
	O_APPEND | O_NONBLOCK | O_SYNC | O_ASYNC | O_DIRECT | O_LARGEFILE |  \
	O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE)

/* The resolve flags the kernel knows (6.8: up to RESOLVE_CACHED). */
#define OPEN_RESOLVE (RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS |            \
	RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | RESOLVE_IN_ROOT |            \
	RESOLVE_CACHED)
#define OPEN_TMPFILE_BIT (O_TMPFILE & ~O_DIRECTORY) /* __O_TMPFILE */

/*
 * openat2 checks its open_how where openat drops what it does not know
 * (the kernel's build_open_flags, in its order, before the path is
 * read): unknown flags or resolve bits, both scopes, a mode that is not
 * one or not wanted, O_CREAT with O_DIRECTORY, a half or read-only
 * O_TMPFILE, O_PATH with flags it does not take are EINVAL. A lookup
 * that could not be only from the cache (create, truncate, tmpfile)
 * under RESOLVE_CACHED is EAGAIN.
 */
static int
open_how_valid(const struct open_how *h)
{
	uint64_t fl = h->flags & ~(uint64_t)O_CLOEXEC;

	if ((fl & ~(uint64_t)OPEN_KNOWN) ||
	    (h->resolve & ~(uint64_t)OPEN_RESOLVE))
		return -EINVAL;
	if ((h->resolve & RESOLVE_BENEATH) && (h->resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if (fl & (O_CREAT | OPEN_TMPFILE_BIT) ? (h->mode & ~(uint64_t)07777) :
	    h->mode != 0)
		return -EINVAL;
	if ((fl & O_DIRECTORY) && (fl & O_CREAT))
		return -EINVAL;
	if ((fl & OPEN_TMPFILE_BIT) && ((fl & (O_TMPFILE | O_CREAT)) !=
	    O_TMPFILE || (fl & 3) == O_RDONLY))
		return -EINVAL;
	if ((fl & O_PATH) && (fl & ~(uint64_t)(O_DIRECTORY | O_NOFOLLOW |
	    O_PATH)))
		return -EINVAL;
	if ((h->resolve & RESOLVE_CACHED) &&
	    (fl & (O_TRUNC | O_CREAT | OPEN_TMPFILE_BIT)))
		return -EAGAIN;
	return 0;
}

static int
open_args(struct emu *e, struct open_args *a)
{
	int nr = e->req.data.nr;
	uint64_t size;
	long r;

	memset(a, 0, sizeof(*a));
	a->dirfd = AT_FDCWD;
	if (nr == SYS_open || nr == SYS_creat) {
		a->path = kernel_arg(e, 0);
		a->how.flags = nr == SYS_creat ? O_CREAT | O_WRONLY | O_TRUNC :
		    (uint32_t)kernel_arg(e, 1);
		a->how.mode = (uint32_t)kernel_arg(e, nr == SYS_creat ? 1 : 2);
		return 0;
	}
	a->dirfd = (int)kernel_arg(e, 0);
	a->path = kernel_arg(e, 1);
	if (nr == SYS_openat) {
		a->how.flags = (uint32_t)kernel_arg(e, 2);
		a->how.mode = (uint32_t)kernel_arg(e, 3);
		return 0;
	}
	/* openat2: the struct is in target memory; read it once, and the
	 * path's first bytes in the same call (kernel_path goes on from
	 * them): the struct whole first, as the kernel copies it first. */
	size = kernel_arg(e, 3);
	if (size < 24) /* OPEN_HOW_SIZE_VER0 */
		return -EINVAL;
	if (size > 4096) /* the kernel's bound (copy_struct_from_user) */
		return -E2BIG;
	r = sys_vm_read_pages2((int)e->req.pid, &a->how, kernel_arg(e, 2),
	    sizeof(a->how), e->path, a->path, 256);
	if (r < (long)sizeof(a->how))
		return -EFAULT;
	e->path_pre = (size_t)r - sizeof(a->how);
	e->path_pre_addr = a->path;
	/* A newer program's larger struct: fields syd does not know are
	 * honoured only when zero, as the kernel does with ones it does
	 * not know. */
	if (size > sizeof(a->how)) {
		unsigned char tail[4096 - sizeof(a->how)];
		size_t n = size - sizeof(a->how);
		if (sys_vm_read((int)e->req.pid, tail, kernel_arg(e, 2) +
		    sizeof(a->how), n) != (long)n)
			return -EFAULT;
		for (size_t i = 0; i < n; i++)
			if (tail[i] != 0)
				return -E2BIG;
	}
	return open_how_valid(&a->how);
}


/*
 * The open itself, in the resolved parent. Its last name was resolved
 * and must not be followed now (a symlink swapped in since): with
 * RESOLVE_NO_SYMLINKS, not O_NOFOLLOW, which the kernel would keep in
 * the description, so that F_GETFL shows the flags the program asked
 * for (and reopening /proc/self/fd/N with them does not fail with
 * ELOOP). openat2 refuses what openat ignores: unknown bits and a mode
 * beyond 07777 are dropped as openat drops them. A magic link to an
 * object without a name is pinned, checked to be the object the rules
 * judged and reopened through syd's own fd of it, with the program's ids
 * (kernel_magic_pin; with the grant where the program's own fd directory
 * refused syd); any other magic link is followed (openat).
 */
static int
open_at(struct emu *e, uint64_t flags, unsigned mode, bool dironly,
    uint64_t res)
{
	const struct path_res *r = &e->res;
	char p[48];
	int fd, d;

	if (r->magic && r->mtext[0] != '\0') {
		if ((d = kernel_magic_pin(e, true)) < 0)
			return d;
		kernel_procfd(p, sizeof(p), d);
		fd = sys_openat(AT_FDCWD, p, (int)((flags & OPEN_KNOWN) |
		    O_CLOEXEC | (dironly ? O_DIRECTORY : 0)), mode);
		sys_close(d);
		return fd;
	}

	/* Checked as a directory (readdir, not read): only a directory may
	 * be opened, also if a file was swapped in under its name. Pinned
	 * with O_PATH|O_DIRECTORY and reopened through /proc, so that the
	 * description does not carry an O_DIRECTORY the program did not
	 * ask for either. One that asked for O_NOFOLLOW (the name, with a
	 * trailing slash, may be a symlink's) keeps it, and so cannot be
	 * reopened: O_DIRECTORY is added. */
	if (dironly && (flags & (O_PATH | O_NOFOLLOW)))
		flags |= O_DIRECTORY;
	else if (dironly) {
		d = r->magic ? sys_openat(r->dirfd, r->name, O_PATH |
		    O_DIRECTORY, 0) : sys_openat2(r->dirfd, r->name, O_PATH |
		    O_DIRECTORY | O_CLOEXEC, 0, RESOLVE_NO_SYMLINKS | res);
		if (d == -ENOSYS)
			return sys_openat(r->dirfd, r->name,
			    (int)(flags | O_NOFOLLOW | O_DIRECTORY), mode);
		if (d < 0)
			return d;
		kernel_procfd(p, sizeof(p), d);
		fd = sys_openat(AT_FDCWD, p, (int)(flags & OPEN_KNOWN), 0);
		sys_close(d);
		return fd;
	}
	if (!r->magic && !(flags & O_PATH)) {
		fd = sys_openat2(r->dirfd, r->name, (flags & OPEN_KNOWN) |
		    O_CLOEXEC, mode & 07777, RESOLVE_NO_SYMLINKS | res);
		if (fd != -ENOSYS)
			return fd;
		flags |= O_NOFOLLOW;
	}
	return sys_openat(r->dirfd, r->name, (int)flags, mode);
}

/* Is this open going to block (a FIFO without O_NONBLOCK)? */
static bool
open_blocks(const struct path_res *r, uint64_t flags)
{
	return r->exists && S_ISFIFO(r->mode) && !(flags & O_NONBLOCK);
}

/*
 * An open that conflicts with a lease another process holds on a regular
 * file waits in syd for the lease break (up to lease-break-time, 45 s):
 * enough of them held every emulator (SPEC.md section 8). So try without
 * waiting: O_NONBLOCK means nothing else for a regular file, and is
 * cleared on our new description before it is handed over. The caller
 * redoes only a lease conflict (-EWOULDBLOCK) as a blocking emulation.
 */
static int
open_try_lease(struct emu *e, uint64_t flags, unsigned mode, uint64_t res)
{
	int fd;

	fd = open_at(e, flags | O_NONBLOCK, mode, false, res);
	if (fd >= 0)
		sys_fcntl(fd, F_SETFL, (long)(flags & (O_APPEND | O_DIRECT |
		    O_NOATIME)));
	return fd;
}

static int
open_do(struct emu *e, const struct open_args *a)
{
	const struct path_res *r = &e->res;
	uint64_t flags = a->how.flags | O_CLOEXEC;
	/* RESOLVE_NO_XDEV and RESOLVE_CACHED judge the last name too: in
	 * the open itself, by the kernel (a mount on it, a name it must
	 * revalidate). */
	uint64_t res = a->how.resolve & (RESOLVE_NO_XDEV | RESOLVE_CACHED) &
	    ~(uint64_t)(r->jumped ? RESOLVE_NO_XDEV : 0);
	struct sandbox_slot *slot = NULL;
	int fd;

	if (r->exists && S_ISREG(r->mode) && !(flags & O_NONBLOCK)) {
		fd = open_try_lease(e, flags,
		    (flags & (O_CREAT | OPEN_TMPFILE_BIT)) ?
		    a->how.mode : 0, res);
		if (fd != -EWOULDBLOCK)
			return fd;
		/* Under RESOLVE_CACHED a name not in the cache is EAGAIN
		 * too: an O_PATH open, which breaks no lease, tells. */
		if ((res & RESOLVE_CACHED) && (fd = sys_openat2(r->dirfd,
		    r->name, O_PATH | O_CLOEXEC, 0, RESOLVE_NO_SYMLINKS |
		    res)) < 0)
			return fd;
		if (fd >= 0)
			sys_close(fd);
		if ((slot = kernel_block_begin(e)) == NULL)
			return -EAGAIN;
	}
	if (open_blocks(r, flags) && (slot = kernel_block_begin(e)) == NULL)
		return -EAGAIN; /* no emulator to spare for blocking */
	/* openat, not openat2: the target's flags may carry bits openat2
	 * refuses (O_LARGEFILE, a mode without O_CREAT). */
	do
		fd = open_at(e, flags,
		    (flags & (O_CREAT | OPEN_TMPFILE_BIT)) ? a->how.mode : 0,
		    a->dironly, res);
	while (kernel_block_retry(slot, fd));
	/* The target's own fd directory, read: the kernel's permission is
	 * its thread group's (kernel_grant_begin). */
	uint64_t saved;
	if (fd == -EACCES && !r->magic && (flags & O_ACCMODE) == O_RDONLY &&
	    !(flags & (O_CREAT | O_TRUNC)) &&
	    (flags & O_TMPFILE) != O_TMPFILE &&
	    kernel_grant_begin(e, false, 0, &saved)) {
		fd = open_at(e, flags, 0, a->dironly, res);
		path_grant_end(saved);
	}
	return (int)kernel_block_end(e, slot, fd);
}

/*
 * Writing a process's memory through /proc/PID/mem (or .../task/TID/mem,
 * its own included) rewrites code the W^X rules keep from being written:
 * the kernel writes through read-only and executable pages for it. Any
 * open that may write is refused, whatever name led there (/proc/self,
 * a symbolic link, a magic link to an fd of it): the file syd opened is
 * what is judged, by its file system and the kernel's name for it.
 */
static bool
open_mem_guard(const struct policy *pol, uint64_t flags)
{
	return !(pol->unsafe & (UINT64_C(1) << POLICY_UNSAFE_PROC_MEM)) &&
	    !(flags & O_PATH) && (flags & O_ACCMODE) != O_RDONLY;
}

/* Does s end in /DIGITS/mem (/proc/PID/mem, /proc/PID/task/TID/mem; on
 * procfs no other file has such a name)? */
static bool
open_mem_name(const char *s, size_t n)
{
	size_t i;

	if (n < 6 || memcmp(s + n - 4, "/mem", 4) != 0)
		return false;
	for (i = n - 4; i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9'; i--)
		;
	return i < n - 4 && i > 0 && s[i - 1] == '/';
}

static bool
open_is_mem(int fd)
{
	char p[64], link[PATH_MAX];
	struct statfs sf;
	long n;

	if (sys_call2(SYS_fstatfs, fd, (long)&sf) < 0)
		return true; /* cannot tell: refuse */
	if (sf.f_type != 0x9fa0) /* PROC_SUPER_MAGIC */
		return false;
	snprintf(p, sizeof(p), "/proc/thread-self/fd/%d", fd);
	if ((n = sys_readlinkat(AT_FDCWD, p, link, sizeof(link) - 1)) <= 0)
		return true;
	link[n] = '\0';
	if (n > 10 && strcmp(link + n - 10, " (deleted)") == 0)
		n -= 10;
	return open_mem_name(link, (size_t)n);
}

/* Served from a plaintext object: a regular crypt file (or a new one),
 * opened for content. */
static bool
open_crypt(struct emu *e, uint64_t flags)
{
	const struct path_res *r = &e->res;

	if ((flags & (O_PATH | O_DIRECTORY)) || (flags & O_TMPFILE) ==
	    O_TMPFILE || r->magic || (r->exists && !S_ISREG(r->mode)))
		return false;
	return kernel_crypted(e);
}

/* mask+: /dev/null keeps the access mode asked for (writes vanish); a
 * replacement FILE or DIR of the rule is only ever read. */
static int
open_mask(const char *repl, uint64_t flags)
{
	int fl = (int)(flags & O_NONBLOCK) | O_NOCTTY;

	if (strcmp(repl, "/dev/null") == 0)
		return sys_openat(AT_FDCWD, repl, fl |
		    (int)(flags & O_ACCMODE), 0);
	return sys_openat(AT_FDCWD, repl, fl | O_RDONLY |
	    (int)(flags & O_DIRECTORY), 0);
}

/* The walk's flags for openat2's RESOLVE_* (path.h). */
static unsigned
open_resolve(uint64_t resolve)
{
	return ((resolve & RESOLVE_BENEATH) ? PATH_BENEATH : 0) |
	    ((resolve & RESOLVE_IN_ROOT) ? PATH_IN_ROOT : 0) |
	    ((resolve & RESOLVE_NO_SYMLINKS) ? PATH_NO_SYMLINKS : 0) |
	    ((resolve & RESOLVE_NO_MAGICLINKS) ? PATH_NO_MAGICLINKS : 0) |
	    ((resolve & RESOLVE_NO_XDEV) ? PATH_NO_XDEV : 0) |
	    ((resolve & RESOLVE_CACHED) ? PATH_CACHED : 0);
}

/* The fd to hand out, or -errno; *cont: an O_PATH open the kernel must
 * make itself (checked, 0 returned); *acc: the fd's access mode when it
 * is the one opened here with a->how.flags (answer.h: the pool need not
 * ask the fd), else left 0. */
static int
open_run(struct emu *e, struct open_args *a, bool *cont, unsigned char *acc)
{
	const char *repl;
	uint64_t caps;
	unsigned pflags = 0;
	int r;

	if ((r = open_args(e, a)) < 0)
		return r;
	caps = open_caps(a->how.flags);
	if ((a->how.flags & O_CREAT) && (r = kernel_umask(e)) < 0)
		return r;
	if ((a->how.flags & O_NOFOLLOW) ||
	    (a->how.flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		pflags |= PATH_NOFOLLOW;
	if (a->how.flags & O_CREAT)
		pflags |= PATH_CREATE;
	pflags |= open_resolve(a->how.resolve);
	if ((r = kernel_path(e, a->dirfd, a->path,
	    pflags | KERNEL_PATH_MAGIC | KERNEL_PATH_DOTDOT)) < 0)
		return r;
	if (e->magic)
		return kernel_valid(e) ? kernel_magic_open(e,
		    (int)a->how.flags) : -ESRCH;
	/* O_PATH, which ADDFD cannot hand over and the kernel cannot be
	 * left to open (it would read open_how again, which another thread
	 * may have rewritten): callers of openat2 fall back to openat,
	 * where O_PATH is continued (below). */
	if (e->req.data.nr == SYS_openat2 && (a->how.flags & O_PATH))
		return -ENOSYS;
	if (!kernel_valid(e))
		return -ESRCH;
	/* A file this open creates gets a safe name or none. An existing
	 * file with an unsafe name opens, but is not made again if it
	 * goes away meanwhile. */
	if (open_names(kernel_policy(e), a->how.flags)) {
		if (!e->res.exists &&
		    (r = kernel_newname(e, e->res.name, e->res.abs)) < 0)
			return r;
		if (e->res.exists && !path_last_safe(e->res.name)) {
			if (a->how.flags & O_EXCL)
				return -EEXIST;
			if (S_ISDIR(e->res.mode))
				return -EISDIR; /* as the kernel answers */
			a->how.flags &= ~(uint64_t)O_CREAT;
		}
	}
	r = kernel_check(e, open_caps_path(caps, a->how.flags, &e->res));
	if (r < 0)
		return r;
	/*
	 * The kernel will not install an O_PATH file with ADDFD (fget skips
	 * them), so an allowed O_PATH open is continued. Such an fd gives no
	 * access to content, and every later use of it by path (as a dirfd,
	 * through /proc/self/fd) is checked by the object's own path.
	 */
	if ((a->how.flags & O_PATH) && e->req.data.nr != SYS_openat2 &&
	    !kernel_masked(e)) {
		*cont = true;
		return 0;
	}
	if ((repl = kernel_mask_repl(e)) != NULL)
		return open_mask(repl, a->how.flags);
	if ((a->how.flags & O_ACCMODE) != O_RDONLY && kernel_appendonly(e)) {
		if (a->how.flags & O_TRUNC)
			return -EPERM;
		a->how.flags |= O_APPEND;
	}
	/* A directory was checked as readdir, not read: make sure a file
	 * swapped in under its name fails instead of being read. */
	if (e->res.exists && S_ISDIR(e->res.mode) && !(a->how.flags & O_CREAT))
		a->dironly = true;
	/* O_TMPFILE holds O_DIRECTORY: the kernel refuses a file already. */
	if ((a->how.flags & O_TMPFILE) == O_TMPFILE)
		a->dironly = false;
	if (open_crypt(e, a->how.flags))
		return kernel_crypt_open(e, a->how.flags, (unsigned)a->how.mode);
	/* /proc/sys judges the opener by its effective ids, not its
	 * filesystem ids (proc_sys_permission): made with the target's
	 * (kernel_creds_eid), so that a file only root may write is
	 * refused at the open, as natively, not at the write. */
	int eid = strncmp(e->res.abs, "/proc/sys/", 10) == 0 ?
	    kernel_creds_eid(e) : 0;
	if (eid < 0)
		return eid;
	r = open_do(e, a);
	if (eid > 0)
		kernel_creds_eid_end(e);
	/* The kernel keeps the access mode asked for, except that O_PATH
	 * drops it (F_GETFL then shows O_RDONLY). A FIFO, socket or device
	 * opened for reading is handed over as one opened for writing
	 * (syd's copy closed before the answer): its open count is seen
	 * (a FIFO's writer gets ENXIO once the target closed the last
	 * reader, a device's last close hangs up or releases it). */
	if (r >= 0)
		*acc = ((a->how.flags & O_PATH) ||
		    (a->how.flags & O_ACCMODE) == O_RDONLY) &&
		    (!e->res.exists || S_ISREG(e->res.mode) ||
		    S_ISDIR(e->res.mode)) ? KERNEL_FD_RO : KERNEL_FD_WR;
	if (r >= 0 && open_mem_guard(kernel_policy(e), a->how.flags) &&
	    open_is_mem(r)) {
		sys_close(r);
		rt_log_msg(RT_WARN, "access", "proc_mem", "%s of %s for "
		    "writing by pid %d: denied (trace/allow_unsafe_proc_mem)",
		    e->sysname, e->res.abs, (int)e->req.pid);
		return -EACCES;
	}
	return r;
}

struct kernel_ans
kernel_open(struct emu *e)
{
	const struct policy *pol = kernel_policy(e);
	struct open_args a;
	struct kernel_ans ans;
	bool cont = false;
	unsigned char acc = 0;
	int fd;

	/* open/openat/creat flags are registers: if no category they touch
	 * is on, the kernel may do it itself. */
	if (e->req.data.nr != SYS_openat2) {
		uint64_t flags = e->req.data.nr == SYS_openat ?
		    kernel_arg(e, 2) : e->req.data.nr == SYS_open ?
		    kernel_arg(e, 1) : (O_CREAT | O_WRONLY | O_TRUNC);
		if ((open_caps(flags) & pol->sandbox) == 0 &&
		    !open_names(pol, flags) &&
		    !open_mem_guard(pol, flags) &&
		    pol->mask.n == 0 && pol->append.n == 0 &&
		    !policy_on(pol, POLICY_CRYPT) && !pol->deny_dotdot &&
		    !pol->force_cloexec && !pol->force_rand_fd &&
		    (pol->lock == POLICY_LOCK_UNSET ||
		    pol->lock == POLICY_LOCK_ON))
			return kernel_ans_continue();
	}
	fd = open_run(e, &a, &cont, &acc);
	if (cont || fd < 0)
		return cont ? kernel_checked(e, 0) : kernel_result(e, fd);
	path_done(&e->res);
	/* The pool installs it and answers (emu.c); trace/force_cloexec and
	 * trace/force_rand_fd choose how. */
	ans = kernel_ans_fd(fd, (a.how.flags & O_CLOEXEC) ||
	    pol->force_cloexec ? O_CLOEXEC : 0);
	ans.acc = acc;
	if (pol->force_rand_fd)
		ans.newfd = kernel_fd_slot(e);
	return ans;
}
