/*
 * path: target memory reads and path canonicalisation without TOCTOU
 * (DESIGN.md section 5). A path is resolved component by component with
 * O_PATH|O_NOFOLLOW opens from the target's root or base directory,
 * following symlinks as the syscall would and building the canonical
 * string on the way. The caller performs the final operation relative to
 * the returned parent fd with O_NOFOLLOW on the last name, so a component
 * swapped after the check fails the call instead of widening it.
 */
/* worker-safe */
#ifndef SYD_PATH_H
#define SYD_PATH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* Resolution flags. */
#define PATH_NOFOLLOW 0x1  /* do not follow a final symlink (lstat, O_NOFOLLOW) */
#define PATH_EMPTY 0x2	   /* an empty path means the dirfd itself */
#define PATH_LASTNAME 0x4  /* a trailing slash still names the last entry */
#define PATH_CREATE 0x8	   /* open(O_CREAT): a last "name/" is EISDIR */
/*
 * openat2(2)'s RESOLVE_* (resolve.c), checked as the kernel's lookup
 * checks them: they only refuse (EXDEV, ELOOP, EAGAIN); what the walk
 * reaches is still named by its canonical path.
 */
#define PATH_BENEATH 0x10	   /* never above the base: EXDEV */
#define PATH_IN_ROOT 0x20	   /* the base is "/": "..", "/..." stay in */
#define PATH_NO_SYMLINKS 0x40	   /* any symlink followed: ELOOP */
#define PATH_NO_MAGICLINKS 0x80	   /* a /proc magic link followed: ELOOP */
#define PATH_NO_XDEV 0x100	   /* a mount crossed, either way: EXDEV */
#define PATH_CACHED 0x200	   /* a magic link (never cached): EAGAIN */
#define PATH_SCOPED (PATH_BENEATH | PATH_IN_ROOT)
#define PATH_RESOLVE (PATH_SCOPED | PATH_NO_SYMLINKS | PATH_NO_MAGICLINKS | \
	PATH_NO_XDEV | PATH_CACHED)
#define PATH_MAXLINKS 40

/*
 * The longest canonical name syd builds. PATH_MAX bounds what a program
 * passes and what the kernel names through /proc (a cwd, an fd), not the
 * depth of a tree: relative paths and chdir reach deeper, and the kernel
 * resolves them. syd names such directories itself (path_longname) and
 * answers ENAMETOOLONG only past this length.
 */
#define PATH_ABS_MAX (4 * PATH_MAX)

struct path_res {
	int dirfd;	      /* O_PATH fd of the parent (path_done) */
	bool dirfd_own;	      /* dirfd is ours to close (not the root fd) */
	/* Last component; "." for dirfd itself. A call that acts on a name
	 * (PATH_LASTNAME) keeps a trailing slash on it (the kernel judges
	 * it). */
	char name[NAME_MAX + 2];
	/* A final /proc/self or /proc/thread-self not followed: its link
	 * text as the target reads it ("PID", "PID/task/TID"), else "". */
	char self[32];
	/* The last name is a magic link followed to an object without a
	 * name (magic): the link's text as the walk read it ("pipe:[N]"),
	 * "/" for a deleted file (obj), "" when none (or too long to keep:
	 * then "?"). What the rules judged; the object pinned for the call
	 * must still be it (kernel_magic_pin). */
	char mtext[64];
	/* obj may also be named obj + " (deleted)" (path_gone 2): rules
	 * judge it by both. */
	bool obj_alt;
	char abs[PATH_ABS_MAX]; /* canonical absolute path */
	bool exists;	      /* the last component exists */
	bool magic;	      /* a /proc magic link the open must follow */
	/* The last name is a magic link's object's, reached by its name
	 * (PATH_NO_XDEV): the kernel jumped there, no mount to judge. */
	bool jumped;
	bool dirslash;	      /* written with a trailing slash */
	mode_t mode;	      /* st_mode of the last component if it exists */
	bool st_valid;	      /* st holds its lstat (taken during the walk) */
	/* For a magic link to a deleted file: the path it had, which is
	 * what rules judge it by (not /proc/self/fd/N). */
	char obj[PATH_ABS_MAX];
	struct stat st;
};

/*
 * fs.protected_symlinks as it was when syd started (set once at boot,
 * read-only after): a trailing symbolic link in a sticky world-writable
 * directory is followed only by its owner, or where the directory's owner
 * owns it; else EACCES. The kernel checks it in its own walk, which never
 * sees the links syd follows for a target.
 */
extern bool path_protected_symlinks;

/* Who is resolving: the target thread and syd's fds. */
struct path_ctx {
	int tid;     /* the target thread (seccomp_notif.pid) */
	int tgid;    /* its thread group; 0 if not known yet (looked up) */
	int rootfd;  /* O_PATH fd of the target's root */
	/* The root's canonical path when it is not "/" (a chroot'ed
	 * target): canonical paths keep it as a prefix, ".." stops at it. */
	const char *rootpath;
	size_t rootlen;
	/* root: entered by chroot (sandbox/lock as root): the tree's path
	 * as syd's names show it, which the target sees as "/". Removed
	 * from the names read back for it (path_hide), so that rules see
	 * the paths the target sees, as after pivot_root. */
	const char *hide;
	size_t hidelen;
	/* One pidfd kept between calls for path_getfd (NULL: none kept). */
	struct path_pidfd *keep;
};

/*
 * The pidfd of the last thread whose fds were taken (fd -1: none), kept
 * by its owner across calls: a thread's pidfd (PIDFD_THREAD) names one
 * task, so for a thread that died, even one whose tid is reused,
 * pidfd_getfd answers ESRCH and a new one is opened. Without
 * PIDFD_THREAD nothing is kept. path_pidfd_drop closes it.
 */
struct path_pidfd {
	int tid;
	int fd;
};
void path_pidfd_drop(struct path_pidfd *k);

/*
 * s (n bytes, NUL-terminated) below pre (plen bytes, plen > 1): the same
 * name as seen from pre ("/" for pre itself). Otherwise unchanged. The
 * new length.
 */
size_t path_hide(char *s, size_t n, const char *pre, size_t plen);

/*
 * Read a NUL-terminated string at addr of tid into buf (size bytes).
 * Returns its length, -ENAMETOOLONG if no NUL fits, -EFAULT if unreadable.
 */
long path_read(int tid, unsigned long addr, char *buf, size_t size);
/* The same, with the first got bytes at addr already in buf (read
 * together with something else: kernel/open.c). */
long path_read_from(int tid, unsigned long addr, char *buf, size_t size,
    size_t got);

/*
 * Resolve path as tid would with dirfd (AT_FDCWD or the target's fd).
 * Returns 0 with *r filled (r->dirfd open) or -errno with nothing open.
 */
int path_canon(struct path_ctx *c, int dirfd, const char *path,
    unsigned flags, struct path_res *r);
void path_done(struct path_res *r);

/* Our copy of the target's fd (pidfd_getfd: the same open file),
 * or -errno (EBADF: no such fd). */
int path_getfd(struct path_ctx *c, int fd);

/* The canonical name of one of the target's fds or its cwd (dirfd =
 * AT_FDCWD) into out; returns an O_PATH fd of it, or -errno. A file
 * (!dir) too deep to be named gets "" (see path_longname). A directory
 * removed meanwhile is named by the path it had (one path_gone cannot
 * tell is refused); *gone (if not NULL) is path_gone's verdict. */
int path_base(struct path_ctx *c, int dirfd, char *out, size_t size,
    bool dir, int *gone);

/*
 * A magic link's or a descriptor's name text (syd's own, before
 * path_hide) ends in " (deleted)" when the object's name was removed; a
 * live file may be named so too. 1: removed (no link left, obj being its
 * stat), 0: a live name (that very name is this object, or no such
 * suffix), 2: either (links left, the name is not this object: a name
 * removed while others remain, or a rename racing the look-up), so it is
 * judged by both names (path_res.obj_alt), -errno: the look-up failed
 * otherwise (the caller refuses). The name is looked up with
 * CAP_DAC_READ_SEARCH: a directory the program may not search tells
 * nothing about it.
 */
int path_gone(const char *text, const struct stat *obj);

/*
 * The canonical name of the directory fd when the kernel's own (readlink
 * of its /proc fd link) would be longer than PATH_MAX: into out (size
 * bytes), its length or -errno (ENAMETOOLONG: longer than size).
 */
long path_longname(int fd, char *out, size_t size);

/*
 * Safe file names (name.c; syd(7)): false for a name of n bytes with a
 * control byte (0x01-0x1f, 0x7f), invalid UTF-8, one of the characters
 * * ? : [ ] " < > | ( ) { } & ' ! \ ; $ and backquote, a leading space,
 * '-' or '~', or a trailing space. The empty name is safe. Pure.
 */
bool path_name_safe(const char *name, size_t n);
/* The same for the last component of path (trailing slashes ignored);
 * "." and ".." are safe. */
bool path_last_safe(const char *path);

/* Parse a decimal int without errno (after blanks); -EINVAL if none. */
int path_atoi(const char *s);

/* The hex number after key ("\nSigPnd:") in a /proc status text; 0 if
 * absent. */
uint64_t path_status_hex(const char *buf, const char *key);

/* Is s ("/proc/PID", "/proc/PID/fd", ".../ns") a directory of /proc
 * magic links? (procself.c) */
bool path_proc_magic_dir(const char *s);
/* 0 when the process of such a directory s is c's target's own, else
 * -EACCES: syd follows magic links with CAP_SYS_PTRACE, so another
 * process's are refused (procself.c). */
int path_proc_own(struct path_ctx *c, const char *s);
/*
 * The kernel lets a process into its own /proc/PID/fd, .../task/TID/fd
 * and /proc/PID/map_files whatever their owner and mode
 * (proc_fd_permission: its own thread group). Not dumpable, it has them
 * owned by root, and syd, acting with its ids from outside its thread
 * group, meets EACCES where it would not. For a call that met EACCES:
 * when abs (canonical, as in path_res) is such a directory of the
 * target's own process, this thread's CAP_DAC_READ_SEARCH and add are
 * raised and true returned, *saved to put back with path_grant_end.
 * Only for a call whose one permission check is on that directory: a
 * look-up in it (lstat, readlink of a link in it), or an open or
 * access(2) of the directory itself — never one that checks the object
 * a link in it leads to. Never when the walk starts from a target's own
 * root (c->rootpath set: see procself.c).
 */
bool path_grant_begin(struct path_ctx *c, const char *abs, uint64_t add,
    uint64_t *saved);
void path_grant_end(uint64_t saved);
/*
 * abs (a canonical name, dirfd the directory it is in, or itself) lies
 * below a procfs mounted elsewhere than the target's /proc (a second
 * mount, a bind mount of /proc, a container's rootfs/proc): the name
 * holds a process's number or a self link, and dirfd is on procfs
 * (PATH_PROC_MAGIC). There syd would find its own process under "self",
 * and the protections of /proc/PID (syd's own entries hidden, other
 * processes' memory and magic links) do not know the name. One fstatfs,
 * only for such names; true when it cannot tell.
 */
#define PATH_PROC_MAGIC 0x9fa0 /* PROC_SUPER_MAGIC */
bool path_proc_elsewhere(const struct path_ctx *c, const char *abs,
    int dirfd);
/* Thread group id of tid from /proc/TID/status; -errno on failure. */
int path_tgid(int tid);
/* The same, and the thread id, as the innermost pid namespace of tid
 * numbers them (what its own /proc shows); -errno on failure. */
int path_tgid_ns(int tid, int *nstid);

#endif
