/* Internal to src/kernel. */
/* worker-safe */
#ifndef SYD_KERNEL_INT_H
#define SYD_KERNEL_INT_H

#include "kernel/kernel.h"
#include "policy/policy.h"
#include "sandbox/sandbox.h"

typedef struct kernel_ans (*kernel_fn)(struct emu *e);

#define KERNEL_NR_MAX 512



static inline uint64_t
kernel_arg(const struct emu *e, int i)
{
	return e->req.data.args[i];
}

/* The policy, read under the pool's policy_lock (held for reading by
 * the emulator around each notification). */
static inline const struct policy *
kernel_policy(const struct emu *e)
{
	return e->sb->policy;
}


/*
 * Act with the target's credentials (when syd is root): its filesystem
 * ids, groups and filesystem capabilities; real: its real ids instead
 * (access(2) without AT_EACCESS). kernel_handle does it (real = false)
 * before any handler runs, so no handler can act with what the previous
 * notification left on this thread. 0 or -errno.
 */
int kernel_creds(struct emu *e, bool real);
/* As root, the target's effective ids for one call (creds.c): 1 when
 * switched (kernel_creds_eid_end after the call), 0, or -errno. */
int kernel_creds_eid(struct emu *e);
/* SCM_CREDENTIALS of the target's message checked against the target
 * (creds.c): 0 or -EPERM. */
int kernel_creds_scm(struct emu *e, int pid, unsigned uid, unsigned gid);
/* The credentials a UNIX message of the target carries natively: its
 * pid, real uid and gid (the kernel's scm_send). 0 or -ESRCH; for a root
 * syd (creds.c). */
int kernel_creds_msg(struct emu *e, int *pid, unsigned *uid, unsigned *gid);
void kernel_creds_eid_end(struct emu *e);
/* This thread's umask becomes the target's, for what the call creates
 * (read fresh: threads share it and change it without notice). */
int kernel_umask(struct emu *e);

/* Read the path argument at addr and resolve it into e->res (e->res2). */
int kernel_path(struct emu *e, int dirfd, uint64_t addr, unsigned flags);
/* path_canon of buf (a copy of the target's string) as the target
 * resolves it: from its own root when targets may have their own. */
int kernel_canon(struct emu *e, int dirfd, const char *buf, unsigned flags,
    struct path_res *res);
int kernel_path2(struct emu *e, int dirfd, uint64_t addr, unsigned flags);
/* kernel_path + the validity check; with umask, kernel_umask too. */
int kernel_prepare(struct emu *e, int dirfd, uint64_t addr, unsigned flags,
    bool umask);
/* A call that makes a name (mkdir, mknod, symlink): kernel_prepare of
 * the last name, never followed, its safe-name check (kernel_newname),
 * then decided for cat. */
int kernel_prepare_new(struct emu *e, int dirfd, uint64_t addr,
    enum policy_cat cat, bool umask);
/*
 * Take the target's fd first (pidfd_getfd: *ours, the caller closes it)
 * and name e->res after our copy: what is checked is then exactly what
 * is acted on, whatever the target does with its fd number meanwhile.
 */
int kernel_ownfd(struct emu *e, int fd, int *ours);
/* e->res for one of the target's fds (e->path left empty). */
int kernel_fdpath(struct emu *e, int fd);
/* Is r the answer of a notification whose target is gone? */
bool kernel_gone(struct emu *e, long r);
/* Release e->res, e->res2; the answer for r (>= 0 value, -errno, -ESRCH:
 * the target is gone, no answer). kernel_checked: r >= 0 continues the
 * call (checked here, done by the kernel). */
struct kernel_ans kernel_result(struct emu *e, long r);
struct kernel_ans kernel_checked(struct emu *e, long r);
/*
 * A call that may block (a FIFO open, a blocking connect), with the
 * interrupter watching (sandbox_block_begin: NULL, no room to block, the
 * caller answers EAGAIN): try the call while kernel_block_retry says so;
 * kernel_block_end gives its result, or -ERESTARTSYS when the
 * interrupter kicked it out for a signal of the target's.
 */
struct sandbox_slot *kernel_block_begin(struct emu *e);
bool kernel_block_retry(const struct sandbox_slot *s, long r);
long kernel_block_end(struct emu *e, struct sandbox_slot *s, long r);
/* An O_PATH fd of e->res's object itself (never a swapped-in link; a
 * magic link's object pinned as kernel_magic_pin does). */
int kernel_opath(struct emu *e);
/*
 * An O_PATH fd of the object e->res's magic link leads to (e->res.magic),
 * checked to be the one the walk judged: a thread of the program may put
 * another fd under that number (dup2) after the walk read the link, and
 * syd would act on an object no rule judged. The pinned fd's link text
 * and type must be the walk's (e->res.mtext, .obj, .mode), else -EACCES
 * (logged). grant: where the program's own fd directory refused syd's
 * look-up (it is not dumpable), follow the link with CAP_DAC_READ_SEARCH
 * (kernel_grant_begin): O_PATH, the object itself is not opened.
 */
int kernel_magic_pin(struct emu *e, bool grant);
/* 0 unless e->res names a /proc magic link of a process other than the
 * target's own: -EACCES (path_proc_own). */
int kernel_magic_own(struct emu *e);
/* "/proc/thread-self/fd/N": names an fd's object for calls with no *at
 * form (the kernel follows the magic link to the object, not a name). */
void kernel_procfd(char *buf, size_t size, int fd);
/* Our copy of the target's fd (the same open file description). */
int kernel_getfd(struct emu *e, int fd);

/* The still-valid check after reading target memory and /proc. */
bool kernel_valid(struct emu *e);
/* path_grant_begin for the directory e->res names, or (parent) the one
 * its last name is in (target.c); put back with path_grant_end. */
bool kernel_grant_begin(struct emu *e, bool parent, uint64_t add,
    uint64_t *saved);

/*
 * Decide for the canonical path in e->res.abs over the categories in caps
 * (bits of enum policy_cat; those that are off are skipped). Returns 0 to
 * perform, or the -errno to answer. Logs and applies the action.
 */
int kernel_check(struct emu *e, uint64_t caps);

/* A kernel_path flag (above the path_canon ones): the caller serves the
 * magic /dev/syd paths; kernel_path sets e->magic for them and resolves
 * nothing. Other callers see them as the disk does (ENOENT). */
#define KERNEL_PATH_MAGIC 0x1000
/* Another: trace/deny_dotdot applies (open family, chdir): a `..'
 * component in the argument answers EACCES. */
#define KERNEL_PATH_DOTDOT 0x2000
bool kernel_has_dotdot(const char *path);
/* trace/force_rand_fd: a free fd number of the target's, picked at
 * random, for ADDFD's SETFD; -1: none found (the lowest is used). */
int kernel_fd_slot(struct emu *e);
bool kernel_is_magic(const char *path);
/* stat("/dev/syd/CMD") into st (struct stat, or statx with mask). */
int kernel_magic_stat(struct emu *e, void *st, bool statx, unsigned mask);
/* open("/dev/syd"): an fd of syd's for the target, or -errno. */
int kernel_magic_open(struct emu *e, int flags);

/*
 * Safe file names (syd(7)): 0 if the last component of name, a name the
 * call is about to make (a new file, directory, node or link, a rename's
 * destination), is safe or trace/allow_unsafe_filename is set; else the
 * refusal is logged and -EINVAL is the answer (-x: logged, 0). path is
 * the canonical new path, for the log.
 */
int kernel_newname(struct emu *e, const char *name, const char *path);

/* Log and apply an action decided elsewhere (force, TPE) for e->res. */
int kernel_act(struct emu *e, enum policy_cat cat, enum policy_act act);
/* The same for path, with why in the log line's tip (the hardening
 * checks: a non-PIE, an executable stack, SegvGuard). */
int kernel_act_why(struct emu *e, enum policy_cat cat, enum policy_act act,
    const char *path, const char *why);
/* The same for a decision on something else than a path (key: what). */
int kernel_act_name(struct emu *e, enum policy_cat cat, enum policy_act act,
    const char *key, const char *what);

/* Network decisions (the net categories): an IP address and port, or a UNIX socket's
 * canonical path or "@abstract" name. Logged with "addr" (and "ipv"). */
int kernel_check_ip(struct emu *e, enum policy_cat cat, int family,
    const uint8_t *addr, uint16_t port);
int kernel_check_name(struct emu *e, enum policy_cat cat, const char *name);

/* e->res.abs as rules see it: the target's /proc/PID is /proc/self. */
const char *kernel_match_path(struct emu *e);
/* Is e->res a file-system object path rules judge? A "/" name, or ""
 * (one too deep to name, judged by policy_match_any); not pipe:[N],
 * socket:[N], memfd:... */
static inline bool
kernel_is_path(const struct emu *e)
{
	return e->res.abs[0] == '/' || e->res.abs[0] == '\0';
}
/* mask+GLOB: the path reads and stats as /dev/null. */
bool kernel_masked(struct emu *e);
/* What a masked e->res serves instead (mask+PATTERN[:FILE[:DIR]]):
 * /dev/null, FILE, or DIR for a directory; NULL when not masked. */
const char *kernel_mask_repl(struct emu *e);
/* append+GLOB: writes only append; truncation is refused (EPERM). */
bool kernel_appendonly(struct emu *e);
/* mmap(MAP_SHARED) of target fd: 0, or -EACCES for an append-only file
 * open for writing (attrs.c). */
int kernel_append_map(struct emu *e, int fd);

/* crypt+GLOB (sandbox/crypt on): is e->res a crypt file? */
bool kernel_crypted(struct emu *e);
/* Open the crypt file at e->res for the target (checks done): an fd of
 * its plaintext object to hand out, or -errno (EBADMSG: the file on disk
 * is not ours or was tampered with). */
int kernel_crypt_open(struct emu *e, uint64_t flags, unsigned mode);

/* A crypt path is removed: later opens of it load what is on disk. */
void kernel_crypt_unlink(const char *path);
/* A path is renamed (both resolved and checked): what was written and
 * closed reaches the disk first, the object follows the file. */
void kernel_crypt_rename(const char *from, const char *to,
    const char *toname, bool samedir, bool exchange);

/*
 * The handlers (dispatch.c's table). A long one returns the call's result
 * (>= 0, or -errno) and the table says how it is answered; the others
 * answer themselves.
 */
/* Answering themselves: */
struct kernel_ans kernel_open(struct emu *e);
struct kernel_ans kernel_setid(struct emu *e);
struct kernel_ans kernel_truncate(struct emu *e);
struct kernel_ans kernel_ftruncate(struct emu *e);
struct kernel_ans kernel_chmod(struct emu *e);
struct kernel_ans kernel_fchmod(struct emu *e);
struct kernel_ans kernel_chown(struct emu *e);
struct kernel_ans kernel_fchown(struct emu *e);
struct kernel_ans kernel_xattr(struct emu *e);
struct kernel_ans kernel_chdir(struct emu *e);
struct kernel_ans kernel_chroot(struct emu *e);
struct kernel_ans kernel_ioctl(struct emu *e);
struct kernel_ans kernel_mmap(struct emu *e);
struct kernel_ans kernel_mprotect(struct emu *e);
struct kernel_ans kernel_sendto(struct emu *e);
struct kernel_ans kernel_sendmsg(struct emu *e);
struct kernel_ans kernel_fork(struct emu *e);
struct kernel_ans kernel_getdents(struct emu *e);
/* Returning the result: */
long kernel_stat(struct emu *e);
long kernel_access(struct emu *e);
long kernel_readlink(struct emu *e);
long kernel_statfs(struct emu *e);
long kernel_exec(struct emu *e);
long kernel_unlink(struct emu *e);
long kernel_mkdir(struct emu *e);
long kernel_mknod(struct emu *e);
long kernel_rename(struct emu *e);
long kernel_link(struct emu *e);
long kernel_symlink(struct emu *e);
long kernel_utime(struct emu *e);
long kernel_fchdir(struct emu *e);
long kernel_fcntl(struct emu *e);
long kernel_net_addr(struct emu *e);

#endif
