/*
 * fsops: the call interpreter of the differential file-system fidelity
 * harness (issue 17, test/integration/fidelity_test.sh). It runs a script
 * of file-system calls, one per line, and prints one result line per call;
 * the driver runs the same script natively and under syd in identical
 * trees and compares the outputs, so every difference is a call syd did
 * not perform as the kernel would.
 *
 *   fsops [CREDS] [SCRIPT]     run SCRIPT (default stdin) with CREDS
 *   fsops -r SEED N            print a reproducible random script
 *   fsops --dump DIR           print the tree under DIR (run natively)
 *
 * CREDS, applied with raw system calls in this order so that any
 * combination (euid != ruid included) is exactly what was asked:
 *   -G g1,g2  setgroups (-G - : none)
 *   -g gid    setresgid(gid, gid, gid)     -E egid  setresgid(-1, egid, -1)
 *   -F fsgid  setfsgid
 *   -u uid    setresuid(uid, uid, uid)     -e euid  setresuid(-1, euid, -1)
 *   -f fsuid  setfsuid
 *   -m umask  umask                        -D       PR_SET_DUMPABLE 0
 *
 * Script lines: VERB ARG...; '#' lines are echoed; empty lines skipped.
 * Paths: a token "C{N}" stands for the character C N times (long names),
 * '""' for the empty string. Fds: "$N" is the Nth successful open
 * (O_PATH included), "$NAME" the last one whose line ended "=NAME",
 * "cwd" is AT_FDCWD, a number is itself (an unknown "$..." is 999). Flags and
 * modes: names (O_*, AT_*, RENAME_*, S_IF*, R_OK..., PROT_*, XATTR_*,
 * RESOLVE_*) or numbers (0644 is octal) joined by '|'. "openat2 DIRFD
 * PATH FLAGS [MODE [RESOLVE]]".
 *
 * Output: "LINE = N" or "LINE = -1 ENAME"; after a successful call that
 * names objects, " | PATH: TYPE MODE uUID gGID nNLINK sSIZE" for each
 * (lstat after the call, done by this process), and what the call
 * returned (stat buffer, link target, xattr value, ...). No inode numbers
 * and no times except those set explicitly with the utime family
 * (utimensat NULL/UTIME_NOW prints only whether they are now).
 *
 * Concurrency: "bg CREDS -- LINE" forks a child that sets CREDS and runs
 * LINE in a loop until "bgstop" (or the end); "loop N LINE" runs LINE N
 * times and prints the count of each result.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <linux/openat2.h>

/* musl 1.2.3 has no statx: the kernel's layout, the fields used here. */
struct fs_statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct { int64_t tv_sec; uint32_t tv_nsec; int32_t pad; } stx_atime,
	    stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};
#define STATX_TYPE 0x1U
#define STATX_MODE 0x2U
#define STATX_NLINK 0x4U
#define STATX_UID 0x8U
#define STATX_GID 0x10U
#define STATX_SIZE 0x200U
#define STATX_BASIC_STATS 0x7ffU
#define STATX_ALL 0xfffU
#ifndef AT_STATX_SYNC_AS_STAT
#define AT_STATX_SYNC_AS_STAT 0
#endif

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#define RENAME_WHITEOUT (1 << 2)
#endif
#ifndef AT_EACCESS
#define AT_EACCESS 0x200
#endif

#define MAXARG 16
#define FD_RESULT (-3)		/* an fd was returned */
#define MAXFD 256
#define MAXBG 8

static int fdtab[MAXFD];
static char *fdname[MAXFD];	/* "=NAME" at the end of an open line */
static int nfd;
static char *label;		/* the current line's =NAME, if any */
static pid_t bgpid[MAXBG];
static int bgstop_fd[MAXBG];	/* closing it ends the child's loop */
static int nbg;
static int quiet;		/* inside loop/bg: no labels, no output */

/* What the current call printed besides its result. */
static char extra[65536];
static size_t extralen;

static void
addf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
addf(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (extralen >= sizeof(extra) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(extra + extralen, sizeof(extra) - extralen, fmt, ap);
	va_end(ap);
	if (n > 0)
		extralen += (size_t)n < sizeof(extra) - extralen ?
		    (size_t)n : sizeof(extra) - extralen - 1;
}

static const char *
errname(int e)
{
	static char num[16];

	switch (e) {
#define E(x) case x: return #x
	E(EPERM); E(ENOENT); E(ESRCH); E(EINTR); E(EIO); E(ENXIO); E(E2BIG);
	E(ENOEXEC); E(EBADF); E(ECHILD); E(EAGAIN); E(ENOMEM); E(EACCES);
	E(EFAULT); E(ENOTBLK); E(EBUSY); E(EEXIST); E(EXDEV); E(ENODEV);
	E(ENOTDIR); E(EISDIR); E(EINVAL); E(ENFILE); E(EMFILE); E(ENOTTY);
	E(ETXTBSY); E(EFBIG); E(ENOSPC); E(ESPIPE); E(EROFS); E(EMLINK);
	E(EPIPE); E(ERANGE); E(ENAMETOOLONG); E(ENOSYS); E(ENOTEMPTY);
	E(ELOOP); E(ENODATA); E(EOPNOTSUPP); E(EOVERFLOW);
	E(EDQUOT); E(ESTALE); E(EBADFD); E(ENOTSOCK); E(EMSGSIZE);
#undef E
	}
	snprintf(num, sizeof(num), "E%d", e);
	return num;
}

/* Names for flags, modes and masks. */
static const struct {
	const char *name;
	long val;
} names[] = {
#define N(x) { #x, (long)(x) }
	N(O_RDONLY), N(O_WRONLY), N(O_RDWR), N(O_CREAT), N(O_EXCL),
	N(O_NOCTTY), N(O_TRUNC), N(O_APPEND), N(O_NONBLOCK), N(O_DIRECTORY),
	N(O_NOFOLLOW), N(O_CLOEXEC), N(O_PATH), N(O_TMPFILE), N(O_SYNC),
	N(O_DSYNC), N(O_NOATIME), N(O_LARGEFILE),
	N(AT_FDCWD), N(AT_SYMLINK_NOFOLLOW), N(AT_REMOVEDIR),
	N(AT_SYMLINK_FOLLOW), N(AT_EMPTY_PATH), N(AT_EACCESS),
	N(AT_NO_AUTOMOUNT), N(AT_STATX_SYNC_AS_STAT),
	N(RENAME_NOREPLACE), N(RENAME_EXCHANGE), N(RENAME_WHITEOUT),
	N(F_OK), N(R_OK), N(W_OK), N(X_OK),
	N(S_IFREG), N(S_IFDIR), N(S_IFLNK), N(S_IFIFO), N(S_IFCHR),
	N(S_IFBLK), N(S_IFSOCK), N(S_ISUID), N(S_ISGID), N(S_ISVTX),
	N(PROT_NONE), N(PROT_READ), N(PROT_WRITE), N(PROT_EXEC),
	N(MAP_PRIVATE), N(MAP_SHARED),
	N(XATTR_CREATE), N(XATTR_REPLACE),
	N(STATX_TYPE), N(STATX_MODE), N(STATX_NLINK), N(STATX_UID),
	N(STATX_GID), N(STATX_SIZE), N(STATX_BASIC_STATS), N(STATX_ALL),
	N(SEEK_SET), N(SEEK_END),
	N(RESOLVE_NO_XDEV), N(RESOLVE_NO_MAGICLINKS), N(RESOLVE_NO_SYMLINKS),
	N(RESOLVE_BENEATH), N(RESOLVE_IN_ROOT), N(RESOLVE_CACHED),
#undef N
};

static int
val(const char *tok, long *out)
{
	char buf[256], *p, *q, *end;
	long v = 0;

	if (strlen(tok) >= sizeof(buf))
		return -1;
	strcpy(buf, tok);
	for (p = buf; p != NULL; p = q) {
		size_t i;

		q = strchr(p, '|');
		if (q != NULL)
			*q++ = '\0';
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(p, names[i].name) == 0)
				break;
		if (i < sizeof(names) / sizeof(names[0])) {
			v |= names[i].val;
			continue;
		}
		errno = 0;
		long n = strtol(p, &end, 0);
		if (*p == '\0' || *end != '\0' || errno != 0)
			return -1;
		v |= n;
	}
	*out = v;
	return 0;
}

/* An fd token: "$N", "cwd" or a number. */
static int
fdval(const char *tok, long *out)
{
	if (strcmp(tok, "cwd") == 0) {
		*out = AT_FDCWD;
		return 0;
	}
	if (tok[0] == '$' && !isdigit((unsigned char)tok[1])) {
		/* A named fd; the last open of that name wins. */
		*out = 999;
		for (int i = 0; i < nfd; i++)
			if (fdname[i] != NULL && strcmp(fdname[i], tok + 1) == 0)
				*out = fdtab[i];
		return 0;
	}
	if (tok[0] == '$') {
		long n = atol(tok + 1);

		/* An fd never opened: one past the table, EBADF natively. */
		*out = n >= 1 && n <= nfd ? fdtab[n - 1] : 999;
		return 0;
	}
	return val(tok, out);
}

/* Expand "C{N}" repeats and '""' in a token. */
static char *
expand(const char *tok)
{
	size_t cap = strlen(tok) + 1, len = 0;
	char *s = malloc(cap);

	if (strcmp(tok, "\"\"") == 0) {
		s[0] = '\0';
		return s;
	}
	for (const char *p = tok; *p != '\0'; p++) {
		long n = 1;

		if (p[1] == '{' && isdigit((unsigned char)p[2])) {
			char *end;

			n = strtol(p + 2, &end, 10);
			if (*end == '}') {
				cap += n;
				s = realloc(s, cap);
				memset(s + len, *p, n);
				len += n;
				p = end;
				continue;
			}
			n = 1;
		}
		s[len++] = *p;
	}
	s[len] = '\0';
	return s;
}

static const char *
ftype(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG: return "reg";
	case S_IFDIR: return "dir";
	case S_IFLNK: return "lnk";
	case S_IFIFO: return "fifo";
	case S_IFCHR: return "chr";
	case S_IFBLK: return "blk";
	case S_IFSOCK: return "sock";
	}
	return "?";
}

static void
addstat(const struct stat *st)
{
	addf("%s %04o u%u g%u n%lu", ftype(st->st_mode),
	    (unsigned)st->st_mode & 07777, (unsigned)st->st_uid,
	    (unsigned)st->st_gid, (unsigned long)st->st_nlink);
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		addf(" r%u:%u", major(st->st_rdev), minor(st->st_rdev));
	else
		addf(" s%lld", (long long)st->st_size);
}

/* Objects the call named: lstat'ed after a successful call. */
static struct {
	long dfd;
	const char *path;	/* NULL: the fd itself */
} touched[4];
static int ntouched;

static void
touch(long dfd, const char *path)
{
	if (ntouched < 4) {
		touched[ntouched].dfd = dfd;
		touched[ntouched].path = path;
		ntouched++;
	}
}

static void
print_touched(void)
{
	struct stat st;

	for (int i = 0; i < ntouched; i++) {
		long r;

		if (touched[i].path == NULL) {
			r = syscall(SYS_fstat, touched[i].dfd, &st);
			addf(" | $fd: ");
		} else {
			r = syscall(SYS_newfstatat, touched[i].dfd,
			    touched[i].path, &st, AT_SYMLINK_NOFOLLOW);
			addf(" | %.40s%s: ", touched[i].path,
			    strlen(touched[i].path) > 40 ? "..." : "");
		}
		if (r < 0)
			addf("-%s", errname(errno));
		else
			addstat(&st);
	}
}

/* Bytes as printable text. */
static void
addbytes(const char *b, long n)
{
	addf(" \"");
	for (long i = 0; i < n; i++) {
		unsigned char c = b[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			addf("%c", c);
		else
			addf("\\x%02x", c);
	}
	addf("\"");
}

/* "NULL" or "A,M", each SEC[.NSEC] (NSEC in nanoseconds), NOW or OMIT. */
static int
parse_times(const char *tok, struct timespec ts[2])
{
	char buf[128], *m;

	if (strcmp(tok, "NULL") == 0)
		return 0;
	if (strlen(tok) >= sizeof(buf) || (m = strchr(strcpy(buf, tok), ',')) == NULL)
		return -1;
	*m++ = '\0';
	for (int i = 0; i < 2; i++) {
		const char *p = i ? m : buf;

		if (strcmp(p, "NOW") == 0)
			ts[i].tv_nsec = UTIME_NOW, ts[i].tv_sec = 0;
		else if (strcmp(p, "OMIT") == 0)
			ts[i].tv_nsec = UTIME_OMIT, ts[i].tv_sec = 0;
		else {
			char *end;

			ts[i].tv_sec = strtol(p, &end, 10);
			ts[i].tv_nsec = *end == '.' ? strtol(end + 1, NULL, 10) : 0;
		}
	}
	return 1;
}

struct call {
	int argc;
	char *argv[MAXARG];	/* argv[0] is the verb */
	long n[MAXARG];		/* numeric value of each (when it parses) */
};

typedef long (*verb_fn)(struct call *);

static long
take_fd(long r)
{
	if (r >= 0 && quiet) {
		close((int)r);
		return r;
	}
	if (r >= 0 && nfd < MAXFD) {
		fdname[nfd] = label != NULL ? strdup(label) : NULL;
		fdtab[nfd++] = (int)r;
		touch(r, NULL);
	}
	/* The number itself would make every later line differ after one
	 * open did: "= fd", the lowest free number is checked by "fds". */
	return r >= 0 ? FD_RESULT : r;
}

#define A(i) (c->argv[i])
#define V(i) (c->n[i])

static long v_open(struct call *c)
{
	long r = syscall(SYS_open, A(1), V(2), c->argc > 3 ? V(3) : 0);
	return take_fd(r);
}
static long v_creat(struct call *c)
{
	return take_fd(syscall(SYS_creat, A(1), V(2)));
}
static long v_openat(struct call *c)
{
	return take_fd(syscall(SYS_openat, V(1), A(2), V(3),
	    c->argc > 4 ? V(4) : 0));
}
static long v_openat2(struct call *c)
{
	struct open_how how = { .flags = V(3), .mode = c->argc > 4 ? V(4) : 0,
	    .resolve = c->argc > 5 ? V(5) : 0 };
	return take_fd(syscall(SYS_openat2, V(1), A(2), &how, sizeof(how)));
}
static long v_close(struct call *c)
{
	return syscall(SYS_close, V(1));
}

static long
stat_done(long r, struct stat *st)
{
	if (r == 0)
		addf(" :"), addstat(st);
	return r;
}
static long v_stat(struct call *c)
{
	struct stat st;
	return stat_done(syscall(SYS_stat, A(1), &st), &st);
}
static long v_lstat(struct call *c)
{
	struct stat st;
	return stat_done(syscall(SYS_lstat, A(1), &st), &st);
}
static long v_fstat(struct call *c)
{
	struct stat st;
	return stat_done(syscall(SYS_fstat, V(1), &st), &st);
}
static long v_fstatat(struct call *c)
{
	struct stat st;
	return stat_done(syscall(SYS_newfstatat, V(1), A(2), &st,
	    c->argc > 3 ? V(3) : 0), &st);
}
static long v_statx(struct call *c)
{
	struct fs_statx sx;
	long r = syscall(SYS_statx, V(1), A(2), c->argc > 3 ? V(3) : 0,
	    c->argc > 4 ? V(4) : STATX_BASIC_STATS, &sx);

	if (r == 0) {
		struct stat st = { 0 };

		st.st_mode = sx.stx_mode;
		st.st_uid = sx.stx_uid;
		st.st_gid = sx.stx_gid;
		st.st_nlink = sx.stx_nlink;
		st.st_size = sx.stx_size;
		st.st_rdev = makedev(sx.stx_rdev_major, sx.stx_rdev_minor);
		addf(" : mask %#x ", sx.stx_mask & STATX_BASIC_STATS);
		addstat(&st);
	}
	return r;
}
static long v_access(struct call *c)
{
	return syscall(SYS_access, A(1), V(2));
}
static long v_faccessat(struct call *c)
{
	return syscall(SYS_faccessat, V(1), A(2), V(3));
}
static long v_faccessat2(struct call *c)
{
	return syscall(SYS_faccessat2, V(1), A(2), V(3), c->argc > 4 ? V(4) : 0);
}

static long
link_done(long r, const char *buf)
{
	if (r >= 0)
		addbytes(buf, r);
	return r;
}
static long v_readlink(struct call *c)
{
	char buf[8192];
	return link_done(syscall(SYS_readlink, A(1), buf,
	    c->argc > 2 ? V(2) : (long)sizeof(buf)), buf);
}
static long v_readlinkat(struct call *c)
{
	char buf[8192];
	return link_done(syscall(SYS_readlinkat, V(1), A(2), buf,
	    c->argc > 3 ? V(3) : (long)sizeof(buf)), buf);
}

static long v_link(struct call *c)
{
	touch(AT_FDCWD, A(1)), touch(AT_FDCWD, A(2));
	return syscall(SYS_link, A(1), A(2));
}
static long v_linkat(struct call *c)
{
	touch(V(1), A(2)), touch(V(3), A(4));
	return syscall(SYS_linkat, V(1), A(2), V(3), A(4),
	    c->argc > 5 ? V(5) : 0);
}
static long v_rename(struct call *c)
{
	touch(AT_FDCWD, A(1)), touch(AT_FDCWD, A(2));
	return syscall(SYS_rename, A(1), A(2));
}
static long v_renameat(struct call *c)
{
	touch(V(1), A(2)), touch(V(3), A(4));
	return syscall(SYS_renameat, V(1), A(2), V(3), A(4));
}
static long v_renameat2(struct call *c)
{
	touch(V(1), A(2)), touch(V(3), A(4));
	return syscall(SYS_renameat2, V(1), A(2), V(3), A(4),
	    c->argc > 5 ? V(5) : 0);
}
static long v_unlink(struct call *c)
{
	touch(AT_FDCWD, A(1));
	return syscall(SYS_unlink, A(1));
}
static long v_unlinkat(struct call *c)
{
	touch(V(1), A(2));
	return syscall(SYS_unlinkat, V(1), A(2), c->argc > 3 ? V(3) : 0);
}
static long v_mkdir(struct call *c)
{
	touch(AT_FDCWD, A(1));
	return syscall(SYS_mkdir, A(1), V(2));
}
static long v_mkdirat(struct call *c)
{
	touch(V(1), A(2));
	return syscall(SYS_mkdirat, V(1), A(2), V(3));
}
static long v_rmdir(struct call *c)
{
	touch(AT_FDCWD, A(1));
	return syscall(SYS_rmdir, A(1));
}

/* A device as MAJ:MIN or a number. */
static long
devval(const char *tok)
{
	const char *colon = strchr(tok, ':');

	if (colon != NULL)
		return (long)makedev(atoi(tok), atoi(colon + 1));
	return strtol(tok, NULL, 0);
}
static long v_mknod(struct call *c)
{
	touch(AT_FDCWD, A(1));
	return syscall(SYS_mknod, A(1), V(2), c->argc > 3 ? devval(A(3)) : 0);
}
static long v_mknodat(struct call *c)
{
	touch(V(1), A(2));
	return syscall(SYS_mknodat, V(1), A(2), V(3),
	    c->argc > 4 ? devval(A(4)) : 0);
}
static long v_symlink(struct call *c)
{
	touch(AT_FDCWD, A(2));
	return syscall(SYS_symlink, A(1), A(2));
}
static long v_symlinkat(struct call *c)
{
	touch(V(2), A(3));
	return syscall(SYS_symlinkat, A(1), V(2), A(3));
}
static long v_chmod(struct call *c)
{
	touch(AT_FDCWD, A(1));
	return syscall(SYS_chmod, A(1), V(2));
}
static long v_fchmod(struct call *c)
{
	touch(V(1), NULL);
	return syscall(SYS_fchmod, V(1), V(2));
}
static long v_fchmodat(struct call *c)
{
	touch(V(1), A(2));
	return syscall(SYS_fchmodat, V(1), A(2), V(3));
}
static long v_fchmodat2(struct call *c)
{
	touch(V(1), A(2));
	return syscall(SYS_fchmodat2, V(1), A(2), V(3), c->argc > 4 ? V(4) : 0);
}
static long v_chown(struct call *c)
{
	touch(AT_FDCWD, A(1));
	return syscall(SYS_chown, A(1), V(2), V(3));
}
static long v_lchown(struct call *c)
{
	touch(AT_FDCWD, A(1));
	return syscall(SYS_lchown, A(1), V(2), V(3));
}
static long v_fchown(struct call *c)
{
	touch(V(1), NULL);
	return syscall(SYS_fchown, V(1), V(2), V(3));
}
static long v_fchownat(struct call *c)
{
	touch(V(1), A(2));
	return syscall(SYS_fchownat, V(1), A(2), V(3), V(4),
	    c->argc > 5 ? V(5) : 0);
}

/*
 * The utime family. Explicit times print what the object holds after the
 * call; NULL and UTIME_NOW print only whether each time changed.
 */
/*
 * The utime family. Explicit times print what the object holds after the
 * call. A time set to "now" prints only whether it is at least the coarse
 * clock read before the call (the kernel's clock ticks coarsely: an atime
 * a lookup set in the same tick may equal it, so "changed" would be
 * flaky); an omitted one whether it was kept.
 */
static void
times_done(long r, long dfd, const char *path, int flags,
    const struct stat *before, const struct timespec ts[2], int set,
    const struct timespec *t0)
{
	const struct timespec *now[2], *old[2];
	struct stat st;

	if (r != 0)
		return;
	if (syscall(SYS_newfstatat, dfd, path, &st,
	    flags | (*path == '\0' ? AT_EMPTY_PATH : 0)) != 0) {
		addf(" : -%s", errname(errno));
		return;
	}
	now[0] = &st.st_atim, now[1] = &st.st_mtim;
	old[0] = &before->st_atim, old[1] = &before->st_mtim;
	addf(" :");
	for (int i = 0; i < 2; i++) {
		if (set && ts[i].tv_nsec == UTIME_OMIT)
			addf(" %ckept=%d", "am"[i],
			    now[i]->tv_sec == old[i]->tv_sec &&
			    now[i]->tv_nsec == old[i]->tv_nsec);
		else if (set && ts[i].tv_nsec != UTIME_NOW)
			addf(" %c%lld.%09ld", "am"[i], (long long)now[i]->tv_sec,
			    now[i]->tv_nsec);
		else
			addf(" %cnow=%d", "am"[i], now[i]->tv_sec > t0->tv_sec ||
			    (now[i]->tv_sec == t0->tv_sec &&
			    now[i]->tv_nsec >= t0->tv_nsec));
	}
}

static long
utime_common(struct call *c, long dfd, const char *path, const char *ttok,
    int flags)
{
	struct timespec ts[2];
	struct stat before = { 0 };
	struct timespec t0;
	int set = parse_times(ttok, ts);
	long r;

	syscall(SYS_newfstatat, dfd, path == NULL ? "" : path, &before,
	    flags | (path == NULL || *path == '\0' ? AT_EMPTY_PATH : 0));
	clock_gettime(CLOCK_REALTIME_COARSE, &t0);
	if (strcmp(A(0), "utimensat") == 0)
		r = syscall(SYS_utimensat, dfd, path, set ? ts : NULL, flags);
	else if (strcmp(A(0), "utime") == 0) {
		struct { long a, m; } ub = { ts[0].tv_sec, ts[1].tv_sec };
		r = syscall(SYS_utime, path, set ? &ub : NULL);
	} else {
		struct timeval tv[2] = { { ts[0].tv_sec, ts[0].tv_nsec / 1000 },
		    { ts[1].tv_sec, ts[1].tv_nsec / 1000 } };
		if (strcmp(A(0), "utimes") == 0)
			r = syscall(SYS_utimes, path, set ? tv : NULL);
		else
			r = syscall(SYS_futimesat, dfd, path, set ? tv : NULL);
	}
	times_done(r, dfd, path == NULL ? "" : path, flags, &before, ts,
	    set, &t0);
	return r;
}
static long v_utimensat(struct call *c)
{
	/* utimensat DIRFD PATH|NULL TIMES [FLAGS] */
	const char *path = strcmp(A(2), "NULL") == 0 ? NULL : A(2);
	return utime_common(c, V(1), path, A(3), c->argc > 4 ? V(4) : 0);
}
static long v_utime(struct call *c)
{
	return utime_common(c, AT_FDCWD, A(1), A(2), 0);
}
static long v_futimesat(struct call *c)
{
	return utime_common(c, V(1), A(2), A(3), 0);
}

static long v_truncate(struct call *c)
{
	touch(AT_FDCWD, A(1));
	return syscall(SYS_truncate, A(1), V(2));
}
static long v_ftruncate(struct call *c)
{
	touch(V(1), NULL);
	return syscall(SYS_ftruncate, V(1), V(2));
}

/* xattrs: [l|f]setxattr OBJ NAME VALUE [FLAGS], getxattr OBJ NAME [SIZE],
 * listxattr OBJ [SIZE], removexattr OBJ NAME. A setxattr VALUE
 * "hex:HH..." is those bytes. */
static long
xattr_call(struct call *c, int nr_path, int nr_l, int nr_f, int op)
{
	char buf[4096];
	const char *v = A(0);
	int nr = v[0] == 'l' ? nr_l : v[0] == 'f' ? nr_f : nr_path;
	long obj = v[0] == 'f' ? V(1) : (long)A(1), r;

	switch (op) {
	case 's':
		/* A value "hex:HH..." is those bytes (binary values: ACLs). */
		if (strncmp(A(3), "hex:", 4) == 0) {
			size_t k = 0;
			for (const char *h = A(3) + 4; h[0] && h[1] &&
			    k < sizeof(buf); h += 2) {
				unsigned b;
				if (sscanf(h, "%2x", &b) != 1)
					break;
				buf[k++] = (char)b;
			}
			r = syscall(nr, obj, A(2), buf, k,
			    c->argc > 4 ? V(4) : 0);
			break;
		}
		r = syscall(nr, obj, A(2), A(3), strlen(A(3)),
		    c->argc > 4 ? V(4) : 0);
		break;
	case 'g':
		r = syscall(nr, obj, A(2), buf,
		    c->argc > 3 ? V(3) : (long)sizeof(buf));
		if (r > 0 && (c->argc <= 3 || V(3) > 0))
			addbytes(buf, r);
		break;
	case 'l':
		r = syscall(nr, obj, buf, c->argc > 2 ? V(2) : (long)sizeof(buf));
		if (r > 0 && (c->argc <= 2 || V(2) > 0))
			addbytes(buf, r);
		break;
	default:
		r = syscall(nr, obj, A(2));
	}
	return r;
}
static long v_setxattr(struct call *c)
{
	return xattr_call(c, SYS_setxattr, SYS_lsetxattr, SYS_fsetxattr, 's');
}
static long v_getxattr(struct call *c)
{
	return xattr_call(c, SYS_getxattr, SYS_lgetxattr, SYS_fgetxattr, 'g');
}
static long v_listxattr(struct call *c)
{
	return xattr_call(c, SYS_listxattr, SYS_llistxattr, SYS_flistxattr, 'l');
}
static long v_removexattr(struct call *c)
{
	return xattr_call(c, SYS_removexattr, SYS_lremovexattr,
	    SYS_fremovexattr, 'r');
}

static long v_chdir(struct call *c)
{
	return syscall(SYS_chdir, A(1));
}
static long v_fchdir(struct call *c)
{
	return syscall(SYS_fchdir, V(1));
}
static long v_umask(struct call *c)
{
	return syscall(SYS_umask, V(1));
}
static long v_mmap(struct call *c)
{
	/* mmap FD PROT [FLAGS]: one page at offset 0, unmapped at once. */
	void *p = (void *)syscall(SYS_mmap, NULL, 4096, V(2),
	    c->argc > 3 ? V(3) : MAP_PRIVATE, V(1), 0);

	if (p == MAP_FAILED)
		return -1;
	munmap(p, 4096);
	return 0;
}
static long v_read(struct call *c)
{
	char buf[4096];
	long n = c->argc > 2 && V(2) < (long)sizeof(buf) ? V(2) : 64;
	long r = syscall(SYS_read, V(1), buf, n);

	if (r > 0)
		addbytes(buf, r);
	return r;
}
static long v_write(struct call *c)
{
	touch(V(1), NULL);
	return syscall(SYS_write, V(1), A(2), strlen(A(2)));
}
static long v_lseek(struct call *c)
{
	return syscall(SYS_lseek, V(1), V(2), c->argc > 3 ? V(3) : SEEK_SET);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ls FD: the names getdents64 gives, sorted (from the current offset). */
static long v_ls(struct call *c)
{
	char buf[16384], *name[512];
	int n = 0;
	long r, total = 0;

	while ((r = syscall(SYS_getdents64, V(1), buf, sizeof(buf))) > 0) {
		for (long off = 0; off < r;) {
			struct { uint64_t ino; int64_t off; unsigned short reclen;
			    unsigned char type; char name[]; } *d = (void *)(buf + off);
			if (n < 512)
				name[n++] = strdup(d->name);
			off += d->reclen;
		}
		total += r;
	}
	if (r < 0)
		return r;
	qsort(name, n, sizeof(name[0]), cmpstr);
	addf(" :");
	for (int i = 0; i < n; i++) {
		addf(" %.20s%s", name[i], strlen(name[i]) > 20 ? "..." : "");
		free(name[i]);
	}
	return n;
}

/* getfl FD: the description's flags (F_GETFL), as the open left them. */
static long v_getfl(struct call *c)
{
	return syscall(SYS_fcntl, V(1), F_GETFL);
}

/* fds: the open fd numbers (the kernel gives the lowest free one). */
static long v_fds(struct call *c)
{
	long n = 0;

	addf(" :");
	for (int fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			addf(" %d", fd), n++;
	return n;
}

static long v_loop(struct call *c);
static long v_bg(struct call *c);
static long v_creds(struct call *c);
static long v_bgstop(struct call *c);

static const struct verb {
	const char *name;
	int nargs;		/* required arguments */
	verb_fn fn;
	const char *fdargs;	/* which arguments are fds ("1", "13") */
} verbs[] = {
	{ "open", 2, v_open, "" }, { "creat", 2, v_creat, "" },
	{ "openat", 3, v_openat, "1" }, { "openat2", 3, v_openat2, "1" },
	{ "close", 1, v_close, "1" },
	{ "stat", 1, v_stat, "" }, { "lstat", 1, v_lstat, "" },
	{ "fstat", 1, v_fstat, "1" }, { "fstatat", 2, v_fstatat, "1" },
	{ "statx", 2, v_statx, "1" },
	{ "access", 2, v_access, "" }, { "faccessat", 3, v_faccessat, "1" },
	{ "faccessat2", 3, v_faccessat2, "1" },
	{ "readlink", 1, v_readlink, "" }, { "readlinkat", 2, v_readlinkat, "1" },
	{ "link", 2, v_link, "" }, { "linkat", 4, v_linkat, "13" },
	{ "rename", 2, v_rename, "" }, { "renameat", 4, v_renameat, "13" },
	{ "renameat2", 4, v_renameat2, "13" },
	{ "unlink", 1, v_unlink, "" }, { "unlinkat", 2, v_unlinkat, "1" },
	{ "mkdir", 2, v_mkdir, "" }, { "mkdirat", 3, v_mkdirat, "1" },
	{ "rmdir", 1, v_rmdir, "" },
	{ "mknod", 2, v_mknod, "" }, { "mknodat", 3, v_mknodat, "1" },
	{ "symlink", 2, v_symlink, "" }, { "symlinkat", 3, v_symlinkat, "2" },
	{ "chmod", 2, v_chmod, "" }, { "fchmod", 2, v_fchmod, "1" },
	{ "fchmodat", 3, v_fchmodat, "1" }, { "fchmodat2", 3, v_fchmodat2, "1" },
	{ "chown", 3, v_chown, "" }, { "lchown", 3, v_lchown, "" },
	{ "fchown", 3, v_fchown, "1" }, { "fchownat", 4, v_fchownat, "1" },
	{ "utimensat", 3, v_utimensat, "1" }, { "utime", 2, v_utime, "" },
	{ "utimes", 2, v_utime, "" }, { "futimesat", 3, v_futimesat, "1" },
	{ "truncate", 2, v_truncate, "" }, { "ftruncate", 2, v_ftruncate, "1" },
	{ "setxattr", 3, v_setxattr, "" }, { "lsetxattr", 3, v_setxattr, "" },
	{ "fsetxattr", 3, v_setxattr, "1" },
	{ "getxattr", 2, v_getxattr, "" }, { "lgetxattr", 2, v_getxattr, "" },
	{ "fgetxattr", 2, v_getxattr, "1" },
	{ "listxattr", 1, v_listxattr, "" }, { "llistxattr", 1, v_listxattr, "" },
	{ "flistxattr", 1, v_listxattr, "1" },
	{ "removexattr", 2, v_removexattr, "" },
	{ "lremovexattr", 2, v_removexattr, "" },
	{ "fremovexattr", 2, v_removexattr, "1" },
	{ "chdir", 1, v_chdir, "" }, { "fchdir", 1, v_fchdir, "1" },
	{ "umask", 1, v_umask, "" }, { "mmap", 2, v_mmap, "1" },
	{ "read", 1, v_read, "1" }, { "write", 2, v_write, "1" },
	{ "lseek", 2, v_lseek, "1" }, { "ls", 1, v_ls, "1" },
	{ "loop", 2, v_loop, "" }, { "bg", 1, v_bg, "" },
	{ "bgstop", 0, v_bgstop, "" }, { "fds", 0, v_fds, "" },
	{ "getfl", 1, v_getfl, "1" }, { "creds", 1, v_creds, "" },
};

static int
split(char *line, struct call *c)
{
	char *save, *t;

	c->argc = 0;
	for (t = strtok_r(line, " \t", &save); t != NULL;
	    t = strtok_r(NULL, " \t", &save)) {
		if (c->argc == MAXARG)
			return -1;
		c->argv[c->argc++] = expand(t);
	}
	return c->argc;
}

static void
call_free(struct call *c)
{
	for (int i = 0; i < c->argc; i++)
		free(c->argv[i]);
	c->argc = 0;
}

/* Look up the verb and give numeric arguments their values. */
static const struct verb *
prepare(struct call *c)
{
	const struct verb *v = NULL;

	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(c->argv[0], verbs[i].name) == 0)
			v = &verbs[i];
	if (v == NULL || c->argc - 1 < v->nargs)
		return NULL;
	for (int i = 1; i < c->argc; i++) {
		char d = '0' + i;

		if (strchr(v->fdargs, d) != NULL)
			fdval(c->argv[i], &c->n[i]);
		else if (val(c->argv[i], &c->n[i]) < 0)
			c->n[i] = 0;
	}
	return v;
}

/* Run a prepared call; the result as a raw value, errno set on -1. */
static long
perform(const struct verb *v, struct call *c)
{
	extralen = 0;
	extra[0] = '\0';
	ntouched = 0;
	errno = 0;
	return v->fn(c);
}

static int creds_apply(int argc, char **argv, int *used);

/* loop N VERB ARGS...: "= ok:K ENAME:M ..." in order of first sight. */
static long
v_loop(struct call *c)
{
	struct call in = { 0 };
	const struct verb *v;
	long n = V(1), count[64] = { 0 };
	int err[64], nerr = 0, saved = quiet;
	char summary[512];
	size_t len = 0;

	in.argc = c->argc - 2;
	for (int i = 0; i < in.argc; i++)
		in.argv[i] = c->argv[i + 2];
	if ((v = prepare(&in)) == NULL) {
		errno = EINVAL;
		return -1;
	}
	quiet = 1;
	for (long i = 0; i < n; i++) {
		long r = perform(v, &in);
		int e = r < 0 ? errno : 0, k;

		for (k = 0; k < nerr && err[k] != e; k++)
			;
		if (k == nerr && nerr < 64)
			err[nerr++] = e;
		if (k < 64)
			count[k]++;
	}
	quiet = saved;
	summary[0] = '\0';
	for (int k = 0; k < nerr; k++)
		len += snprintf(summary + len, sizeof(summary) - len, " %s:%ld",
		    err[k] ? errname(err[k]) : "ok", count[k]);
	extralen = 0;
	ntouched = 0;
	addf(" :%s", summary);
	return nerr == 1 && err[0] == 0 ? 0 : -2;
}

/*
 * bg CREDS -- VERB ARGS...: a child with CREDS runs the call in a loop
 * until its stop pipe reads EOF (the parent may have become a user that
 * cannot signal it).
 */
static long
v_bg(struct call *c)
{
	int p[2], stop[2], used = 0, k;
	pid_t pid;
	char b;

	for (k = 1; k < c->argc && strcmp(c->argv[k], "--") != 0; k++)
		;
	if (k >= c->argc - 1 || nbg == MAXBG)
		return errno = EINVAL, -1;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(stop, O_CLOEXEC) < 0)
		return close(p[0]), close(p[1]), -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct call in = { 0 };
		const struct verb *v;

		close(p[0]);
		close(stop[1]);
		for (int i = 0; i < nbg; i++)
			close(bgstop_fd[i]);
		fcntl(stop[0], F_SETFL, O_NONBLOCK);
		if (creds_apply(k - 1, c->argv + 1, &used) < 0)
			_exit(125);
		in.argc = c->argc - k - 1;
		for (int i = 0; i < in.argc; i++)
			in.argv[i] = c->argv[k + 1 + i];
		if ((v = prepare(&in)) == NULL)
			_exit(125);
		quiet = 1;
		perform(v, &in);
		write(p[1], "x", 1);
		close(p[1]);
		while (read(stop[0], &b, 1) < 0 && errno == EAGAIN)
			perform(v, &in);
		_exit(0);
	}
	close(p[1]);
	close(stop[0]);
	/* Wait for the child's first call: the loops overlap. */
	if (read(p[0], &b, 1) != 1) {
		close(p[0]);
		close(stop[1]);
		waitpid(pid, NULL, 0);
		return errno = ECHILD, -1;
	}
	close(p[0]);
	bgstop_fd[nbg] = stop[1];
	bgpid[nbg++] = pid;
	return 0;
}

static long
v_bgstop(struct call *c)
{
	(void)c;
	for (int i = 0; i < nbg; i++)
		close(bgstop_fd[i]);
	for (int i = 0; i < nbg; i++)
		waitpid(bgpid[i], NULL, 0);
	nbg = 0;
	return 0;
}

static void print_creds(void);

/* creds CREDS: change this process's credentials mid-script. */
static long
v_creds(struct call *c)
{
	int used;

	if (creds_apply(c->argc - 1, c->argv + 1, &used) < 0)
		return -1;
	fflush(stdout);
	print_creds();
	return 0;
}

static int
run_line(char *line)
{
	struct call c = { 0 };
	const struct verb *v;
	char *copy;
	long r;

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == '#') {
		printf("%s\n", line);
		return 0;
	}
	copy = strdup(line);
	if (split(copy, &c) <= 0) {
		free(copy);
		return 0;
	}
	label = NULL;
	if (c.argc > 1 && c.argv[c.argc - 1][0] == '=') {
		label = c.argv[c.argc - 1] + 1;
		c.argc--;
	}
	if ((v = prepare(&c)) == NULL) {
		printf("%s = BADLINE\n", line);
		call_free(&c);
		free(copy);
		return -1;
	}
	r = perform(v, &c);
	if (r == FD_RESULT) {
		print_touched();
		printf("%s = fd%s\n", line, extra);
	} else if (r == -2)	/* loop with failures: the summary says it */
		printf("%s = FAILURES%s\n", line, extra);
	else if (r < 0)
		printf("%s = -1 %s\n", line, errname(errno));
	else {
		print_touched();
		printf("%s = %ld%s\n", line, r, extra);
	}
	fflush(stdout);
	if (label != NULL)
		c.argc++;
	label = NULL;
	call_free(&c);
	free(copy);
	return 0;
}

/* Credentials: see the header comment. */
static int
creds_apply(int argc, char **argv, int *used)
{
	long g = -1, eg = -1, fg = -1, u = -1, eu = -1, fu = -1, m = -1;
	int dumpable = 1, i, setgr = 0, ngr = 0;
	gid_t gr[64];

	for (i = 0; i < argc; i++) {
		const char *o = argv[i];

		if (o[0] != '-' || o[1] == '\0' || o[2] != '\0')
			break;
		if (o[1] == 'D') {
			dumpable = 0;
			continue;
		}
		if (i + 1 >= argc || strchr("ugGeEfFm", o[1]) == NULL)
			return -1;
		const char *a = argv[++i];
		switch (o[1]) {
		case 'u': u = atol(a); break;
		case 'g': g = atol(a); break;
		case 'e': eu = atol(a); break;
		case 'E': eg = atol(a); break;
		case 'f': fu = atol(a); break;
		case 'F': fg = atol(a); break;
		case 'm': m = strtol(a, NULL, 8); break;
		case 'G':
			setgr = 1;
			for (const char *p = a; *p != '\0' && *p != '-' && ngr < 64;) {
				gr[ngr++] = strtoul(p, (char **)&p, 10);
				if (*p == ',')
					p++;
			}
		}
	}
	*used = i;
	if (setgr && syscall(SYS_setgroups, ngr, gr) < 0)
		return -1;
	if (g >= 0 && syscall(SYS_setresgid, g, g, g) < 0)
		return -1;
	if (eg >= 0 && syscall(SYS_setresgid, -1, eg, -1) < 0)
		return -1;
	if (fg >= 0)
		syscall(SYS_setfsgid, fg);
	if (u >= 0 && syscall(SYS_setresuid, u, u, u) < 0)
		return -1;
	if (eu >= 0 && syscall(SYS_setresuid, -1, eu, -1) < 0)
		return -1;
	if (fu >= 0)
		syscall(SYS_setfsuid, fu);
	if (m >= 0)
		umask(m);
	if (!dumpable && prctl(PR_SET_DUMPABLE, 0) < 0)
		return -1;
	return 0;
}

static void
print_creds(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs, groups[64];
	int n = getgroups(64, groups);
	mode_t m = umask(0);

	umask(m);
	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("# creds uid %u %u %u fs %ld gid %u %u %u fs %ld groups", r, e,
	    s, syscall(SYS_setfsuid, -1), gr, ge, gs, syscall(SYS_setfsgid, -1));
	for (int i = 0; i < n; i++)
		printf("%s%u", i ? "," : " ", groups[i]);
	printf(" dumpable %d umask %04o\n", prctl(PR_GET_DUMPABLE), m);
}

/* --dump: the tree, one line per object, depth by indentation. */
static void
dump_dir(int depth)
{
	DIR *d = opendir(".");
	struct dirent *de;
	char **name = NULL;
	size_t n = 0;

	if (d == NULL) {
		printf("%*s! opendir: %s\n", depth * 2, "", errname(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		name = realloc(name, (n + 1) * sizeof(*name));
		name[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(name, n, sizeof(*name), cmpstr);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		char buf[8192];
		long r;

		extralen = 0;
		extra[0] = '\0';
		if (lstat(name[i], &st) < 0) {
			printf("%*s%s ! %s\n", depth * 2, "", name[i],
			    errname(errno));
			continue;
		}
		addstat(&st);
		if (S_ISLNK(st.st_mode) &&
		    (r = readlink(name[i], buf, sizeof(buf))) >= 0)
			addf(" ->"), addbytes(buf, r);
		if ((r = llistxattr(name[i], buf, sizeof(buf))) > 0) {
			for (char *p = buf; p < buf + r; p += strlen(p) + 1) {
				char v[1024];
				long vn = lgetxattr(name[i], p, v, sizeof(v));

				addf(" x:%s=", p);
				if (vn >= 0)
					addbytes(v, vn);
			}
		}
		if (S_ISREG(st.st_mode) && st.st_size <= 4096) {
			int fd = open(name[i], O_RDONLY | O_NOFOLLOW | O_NONBLOCK);

			if (fd >= 0 && (r = read(fd, buf, sizeof(buf))) >= 0)
				addf(" c"), addbytes(buf, r);
			if (fd >= 0)
				close(fd);
		}
		printf("%*s%s %s\n", depth * 2, "", strlen(name[i]) > 60 ?
		    "(long)" : name[i], extra);
		if (strlen(name[i]) > 60)
			printf("%*s  (name of %zu bytes, %.20s...)\n",
			    depth * 2, "", strlen(name[i]), name[i]);
		if (S_ISDIR(st.st_mode)) {
			if (chdir(name[i]) == 0) {
				dump_dir(depth + 1);
				if (chdir("..") < 0)
					exit(111);
			}
		}
		free(name[i]);
	}
	free(name);
}

/*
 * -r SEED N: a random script over a small name set. The driver's random
 * tree has: a (file 0644), b (file 0600, uid 65534), d/ (0755) holding
 * d/a, e/ (empty 0777), s/ (01777 holding s/o of uid 1234), l -> a,
 * n -> missing, p -> p (loop), ld -> d.
 */
static unsigned long rnd_state;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33) % n;
}

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])

static void
random_script(unsigned long seed, long n)
{
	static const char *path[] = { "a", "b", "c", "d", "d/a", "d/c", "e",
	    "e/c", "s", "s/o", "s/c", "l", "n", "p", "ld", "ld/a", "ld/c",
	    "d/..", "d/../a", "a/", "d/", "e/..", "x/y", "l/", "n/", ".",
	    "s/../d/a", "d/./a", "ld/../a", "" };
	/* O_NONBLOCK everywhere: a script may have made a FIFO of any name. */
	static const char *oflag[] = { "O_RDONLY", "O_WRONLY", "O_RDWR",
	    "O_RDWR|O_CREAT", "O_WRONLY|O_CREAT|O_EXCL", "O_RDONLY|O_DIRECTORY",
	    "O_RDONLY|O_NOFOLLOW", "O_PATH", "O_PATH|O_NOFOLLOW",
	    "O_WRONLY|O_TRUNC", "O_RDWR|O_APPEND", "O_RDONLY|O_CREAT|O_NOFOLLOW",
	    "O_WRONLY|O_CREAT|O_TRUNC", "O_PATH|O_DIRECTORY", "O_RDWR|O_TMPFILE" };
	static const char *mode[] = { "0644", "0600", "0755", "0777", "04755",
	    "02755", "06777", "01777", "0", "0400", "02711" };
	static const char *id[] = { "0", "65534", "1234", "-1" };
	static const char *atflag[] = { "0", "AT_SYMLINK_NOFOLLOW",
	    "AT_EMPTY_PATH", "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH" };
	static const char *verb[] = { "open", "openat", "stat", "lstat",
	    "fstatat", "statx", "fstat", "access", "faccessat2", "readlink",
	    "link", "rename", "renameat2", "unlink", "unlinkat", "mkdir",
	    "mkdirat", "rmdir", "mknod", "symlink", "chmod", "fchmod",
	    "fchmodat", "chown", "lchown", "fchownat", "fchown", "utimensat",
	    "truncate", "ftruncate", "setxattr", "getxattr", "listxattr",
	    "removexattr", "close", "umask", "chdir", "fchdir" };
	int opens = 3;

	rnd_state = seed * 2654435761UL + 1;
	printf("# random seed %lu\n", seed);
	/* Three fds that always open: $1..$3 are dirfds from the start. */
	printf("open . O_PATH\nopen d O_RDONLY|O_DIRECTORY\nopen s O_PATH\n");
	for (long i = 0; i < n; i++) {
		const char *v = PICK(verb), *p = PICK(path), *q = PICK(path);
		char fd[16], dfd[16];

		snprintf(fd, sizeof(fd), "$%u", opens ? rnd(opens) + 1 : 1);
		if (rnd(3) == 0)
			snprintf(dfd, sizeof(dfd), "cwd");
		else
			snprintf(dfd, sizeof(dfd), "%s", fd);
		if (*p == '\0')
			p = "\"\"";
		if (*q == '\0')
			q = "\"\"";
		if (strcmp(v, "open") == 0)
			printf("open %s %s|O_NONBLOCK %s\n", p, PICK(oflag),
			    PICK(mode)), opens++;
		else if (strcmp(v, "openat") == 0)
			printf("openat %s %s %s|O_NONBLOCK %s\n", dfd, p,
			    PICK(oflag), PICK(mode)), opens++;
		else if (strcmp(v, "fstatat") == 0 || strcmp(v, "statx") == 0)
			printf("%s %s %s %s\n", v, dfd, p, PICK(atflag));
		else if (strcmp(v, "faccessat2") == 0)
			printf("faccessat2 %s %s %s %s\n", dfd, p,
			    rnd(2) ? "W_OK" : "R_OK|X_OK", rnd(2) ? "AT_EACCESS" :
			    "AT_SYMLINK_NOFOLLOW");
		else if (strcmp(v, "access") == 0)
			printf("access %s %s\n", p, rnd(2) ? "W_OK" : "F_OK");
		else if (strcmp(v, "fstat") == 0 || strcmp(v, "close") == 0 ||
		    strcmp(v, "fchdir") == 0)
			printf("%s %s\n", v, fd);
		else if (strcmp(v, "fchmod") == 0)
			printf("fchmod %s %s\n", fd, PICK(mode));
		else if (strcmp(v, "fchown") == 0)
			printf("fchown %s %s %s\n", fd, PICK(id), PICK(id));
		else if (strcmp(v, "ftruncate") == 0)
			printf("ftruncate %s %u\n", fd, rnd(3) * 7);
		else if (strcmp(v, "link") == 0 || strcmp(v, "rename") == 0 ||
		    strcmp(v, "symlink") == 0)
			printf("%s %s %s\n", v, p, q);
		else if (strcmp(v, "renameat2") == 0)
			printf("renameat2 %s %s cwd %s %s\n", dfd, p, q,
			    rnd(2) ? "RENAME_NOREPLACE" : "RENAME_EXCHANGE");
		else if (strcmp(v, "unlinkat") == 0)
			printf("unlinkat %s %s %s\n", dfd, p,
			    rnd(2) ? "0" : "AT_REMOVEDIR");
		else if (strcmp(v, "mkdir") == 0 || strcmp(v, "chmod") == 0)
			printf("%s %s %s\n", v, p, PICK(mode));
		else if (strcmp(v, "mkdirat") == 0)
			printf("mkdirat %s %s %s\n", dfd, p, PICK(mode));
		else if (strcmp(v, "fchmodat") == 0)
			printf("fchmodat %s %s %s\n", dfd, p, PICK(mode));
		else if (strcmp(v, "mknod") == 0)
			printf("mknod %s S_IFIFO|%s\n", p, PICK(mode));
		else if (strcmp(v, "chown") == 0 || strcmp(v, "lchown") == 0)
			printf("%s %s %s %s\n", v, p, PICK(id), PICK(id));
		else if (strcmp(v, "fchownat") == 0)
			printf("fchownat %s %s %s %s %s\n", dfd, p, PICK(id),
			    PICK(id), PICK(atflag));
		else if (strcmp(v, "utimensat") == 0)
			printf("utimensat %s %s %s %s\n", dfd, p,
			    rnd(2) ? "NULL" : "1000000000.5,OMIT", PICK(atflag));
		else if (strcmp(v, "truncate") == 0)
			printf("truncate %s %u\n", p, rnd(3) * 5);
		else if (strcmp(v, "setxattr") == 0)
			printf("setxattr %s user.%c v%u %s\n", p, 'a' + rnd(2),
			    rnd(9), rnd(2) ? "0" : "XATTR_CREATE");
		else if (strcmp(v, "getxattr") == 0 ||
		    strcmp(v, "removexattr") == 0)
			printf("%s %s user.%c\n", v, p, 'a' + rnd(2));
		else if (strcmp(v, "umask") == 0)
			printf("umask %s\n", rnd(2) ? "022" : "077");
		else
			printf("%s %s\n", v, p);
	}
}

int
main(int argc, char **argv)
{
	char *script = NULL, *line, *next;
	size_t len = 0;
	FILE *in = stdin;
	int used = 0, bad = 0;

	if (argc == 3 && strcmp(argv[1], "--dump") == 0) {
		if (chdir(argv[2]) < 0)
			return 111;
		dump_dir(0);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "-r") == 0) {
		random_script(strtoul(argv[2], NULL, 10), atol(argv[3]));
		return 0;
	}
	/* Skip the options to find the script; they are applied later. */
	for (used = 1; used < argc && argv[used][0] == '-' &&
	    argv[used][1] != '\0' && argv[used][2] == '\0'; used++)
		if (argv[used][1] != 'D')
			used++;
	if (used < argc && strcmp(argv[used], "-") != 0 &&
	    (in = fopen(argv[used], "r")) == NULL) {
		fprintf(stderr, "fsops: %s: %s\n", argv[used], errname(errno));
		return 125;
	}
	/* The whole script is read before the first call: no fd of ours. */
	if (getdelim(&script, &len, '\0', in) < 0)
		script = strdup("");
	if (in != stdin)
		fclose(in);
	/* The fd numbers a script sees must not depend on what was inherited. */
	syscall(SYS_close_range, 3, ~0U, 0);
	if (creds_apply(argc - 1, argv + 1, &used) < 0) {
		fprintf(stderr, "fsops: cannot set credentials: %s\n",
		    errname(errno));
		return 125;
	}
	print_creds();
	for (line = script; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		bad |= run_line(line) < 0;
	}
	v_bgstop(NULL);
	return bad ? 2 : 0;
}
