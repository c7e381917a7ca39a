/*
 * Unit tests for src/path: canonicalisation by walking and reading strings
 * from target memory. The "target" is this test process itself, so the
 * kernel's own answer (open, stat, realpath) is the reference wherever one
 * exists: syd must resolve a path exactly as the sandboxed call would.
 *
 * Every case builds its tree under a fresh mkdtemp directory ($TMPDIR, which
 * kyua points at the case's work directory, else /tmp) and names it by its
 * realpath, since the temporary directory may itself sit behind a link.
 */
#include <atf-c.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "path/path.h"

/* Short enough that every path built on it fits PATH_MAX. */
static char base[512];
static struct path_ctx ctx;

static void
ctx_init(int tid)
{
	ctx.tid = tid;
	ctx.tgid = 0;
	if (ctx.rootfd <= 0) {
		ctx.rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		ATF_REQUIRE_MSG(ctx.rootfd >= 0, "open /: %s", strerror(errno));
	}
}

/* A fresh tree root; `base` is its canonical name. */
static void
tree_init(void)
{
	const char *tmp = getenv("TMPDIR");
	char t[PATH_MAX], real[PATH_MAX];

	snprintf(t, sizeof(t), "%s/path_test.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	ATF_REQUIRE_MSG(mkdtemp(t) != NULL, "mkdtemp: %s", strerror(errno));
	ATF_REQUIRE(realpath(t, real) != NULL);
	ATF_REQUIRE_MSG(strlen(real) < sizeof(base), "tmp too deep: %s", real);
	memcpy(base, real, strlen(real) + 1);
	ctx_init(getpid());
}

static int
rm_one(const char *p, const struct stat *st, int type, struct FTW *f)
{
	return remove(p) < 0 ? -1 : 0;
}

static void
tree_free(void)
{
	ATF_CHECK_EQ(0, nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS));
}

/* base/rel into out. */
static const char *
at(char *out, const char *rel)
{
	snprintf(out, PATH_MAX, "%s/%s", base, rel);
	return out;
}

static void
mk_dir(const char *rel)
{
	char p[PATH_MAX];

	ATF_REQUIRE_MSG(mkdir(at(p, rel), 0755) == 0, "mkdir %s: %s", p,
	    strerror(errno));
}

static void
mk_file(const char *rel)
{
	char p[PATH_MAX];
	int fd = open(at(p, rel), O_WRONLY | O_CREAT | O_EXCL, 0644);

	ATF_REQUIRE_MSG(fd >= 0, "create %s: %s", p, strerror(errno));
	close(fd);
}

static void
mk_link(const char *target, const char *rel)
{
	char p[PATH_MAX];

	ATF_REQUIRE_MSG(symlink(target, at(p, rel)) == 0, "symlink %s: %s", p,
	    strerror(errno));
}

/*
 * The contract of a successful result: r->dirfd is the parent and r->name
 * the last component, i.e. the object reached through (dirfd, name) is the
 * object the kernel finds under r->abs, and r->mode is its type.
 */
static void
check_parent(const struct path_res *r, unsigned flags)
{
	struct stat a, b;
	bool self = strcmp(r->name, ".") == 0;

	ATF_REQUIRE_MSG(r->dirfd >= 0, "%s: no dirfd", r->abs);
	ATF_REQUIRE_MSG(r->abs[0] == '/', "abs not absolute: %s", r->abs);
	if (!r->exists) {
		ATF_REQUIRE_MSG(lstat(r->abs, &b) < 0 && errno == ENOENT,
		    "%s reported missing but exists", r->abs);
		ATF_REQUIRE_MSG(fstatat(r->dirfd, r->name, &a,
		    AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT,
		    "%s: name %s exists under dirfd", r->abs, r->name);
		return;
	}
	if (self)
		ATF_REQUIRE(fstatat(r->dirfd, "", &a, AT_EMPTY_PATH) == 0);
	else
		ATF_REQUIRE_MSG(fstatat(r->dirfd, r->name, &a,
		    AT_SYMLINK_NOFOLLOW) == 0, "fstatat(dirfd, %s): %s",
		    r->name, strerror(errno));
	ATF_REQUIRE_MSG((flags & PATH_NOFOLLOW ? lstat(r->abs, &b) :
	    stat(r->abs, &b)) == 0, "stat %s: %s", r->abs, strerror(errno));
	ATF_REQUIRE_MSG(a.st_dev == b.st_dev && a.st_ino == b.st_ino,
	    "%s: dirfd/name %s is another inode", r->abs, r->name);
	ATF_REQUIRE_EQ_MSG(a.st_mode & S_IFMT, r->mode & S_IFMT,
	    "%s: mode %o, want %o", r->abs, r->mode, a.st_mode);
}

/* Resolve and expect success with the given canonical name. */
static void
ok_at(int dirfd, const char *path, unsigned flags, const char *want,
    bool exists)
{
	struct path_res r;
	int e = path_canon(&ctx, dirfd, path, flags, &r);

	ATF_REQUIRE_EQ_MSG(0, e, "%s: %d (%s)", path, e, strerror(-e));
	ATF_CHECK_STREQ_MSG(want, r.abs, "%s", path);
	ATF_CHECK_EQ_MSG(exists, r.exists, "%s: exists %d", path, r.exists);
	check_parent(&r, flags);
	path_done(&r);
	ATF_CHECK_EQ(-1, r.dirfd);
}

static void
ok(const char *path, unsigned flags, const char *want)
{
	ok_at(AT_FDCWD, path, flags, want, true);
}

/* Resolve and expect -err with nothing left open. */
static void
fails_at(int dirfd, const char *path, unsigned flags, int err)
{
	struct path_res r;
	int e = path_canon(&ctx, dirfd, path, flags, &r);

	if (e == 0)
		path_done(&r);
	ATF_CHECK_EQ_MSG(-err, e, "%.80s: got %d (%s), want -%s", path, e,
	    strerror(-e), strerror(err));
	ATF_CHECK_EQ_MSG(-1, r.dirfd, "%.80s: dirfd left open", path);
}

static void
fails(const char *path, unsigned flags, int err)
{
	fails_at(AT_FDCWD, path, flags, err);
}

/* The kernel's verdict on path: 0 or -errno of an O_PATH open. */
static int
kernel_open(const char *path, int oflags)
{
	int fd = open(path, O_PATH | oflags);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int
fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	ATF_REQUIRE(d != NULL);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* d1/d2/f, the usual fixture. */
static void
tree_basic(void)
{
	tree_init();
	mk_dir("d1");
	mk_dir("d1/d2");
	mk_file("d1/d2/f");
}

ATF_TC_WITHOUT_HEAD(absolute);
ATF_TC_BODY(absolute, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	struct path_res r;

	tree_basic();
	ok(at(p, "d1/d2/f"), 0, at(w, "d1/d2/f"));
	ok(at(p, "d1/d2"), 0, at(w, "d1/d2"));
	ok(base, 0, base);
	ok("/", 0, "/");

	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "d1/d2/f"), 0, &r));
	ATF_CHECK_STREQ("f", r.name);
	ATF_CHECK(S_ISREG(r.mode));
	ATF_CHECK(!r.magic);
	ATF_CHECK(!r.dirslash);
	path_done(&r);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(slashes);
ATF_TC_BODY(slashes, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	struct path_res r;

	tree_basic();
	snprintf(p, sizeof(p), "/%s//d1///d2/", base);
	ok(p, 0, at(w, "d1/d2"));
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, p, 0, &r));
	ATF_CHECK(r.dirslash);
	ATF_CHECK(S_ISDIR(r.mode));
	path_done(&r);
	snprintf(p, sizeof(p), "//%s///d1//d2//f", base);
	ok(p, 0, at(w, "d1/d2/f"));
	ok("//", 0, "/");
	ok("///etc//", 0, "/etc");
	tree_free();
}

ATF_TC_WITHOUT_HEAD(dot_dotdot);
ATF_TC_BODY(dot_dotdot, tc)
{
	char p[PATH_MAX], w[PATH_MAX];

	tree_basic();
	ok(at(p, "d1/./d2/../d2/./f"), 0, at(w, "d1/d2/f"));
	ok(at(p, "d1/d2/.."), 0, at(w, "d1"));
	ok(at(p, "d1/d2/."), 0, at(w, "d1/d2"));
	ok(at(p, "d1/d2/../../d1"), 0, at(w, "d1"));
	ok("/../../etc", 0, "/etc");
	ok("/..", 0, "/");
	ok("/./../.", 0, "/");
	/* ".." never climbs past the root, however many there are. */
	snprintf(p, sizeof(p), "%s/../../../../../../../../../../../..%s",
	    base, base);
	ok(p, 0, base);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(relative_cwd);
ATF_TC_BODY(relative_cwd, tc)
{
	char p[PATH_MAX], w[PATH_MAX], old[PATH_MAX];

	tree_basic();
	ATF_REQUIRE(getcwd(old, sizeof(old)) != NULL);
	ATF_REQUIRE(chdir(at(p, "d1")) == 0);
	ok("d2/f", 0, at(w, "d1/d2/f"));
	ok("./d2/../d2/f", 0, at(w, "d1/d2/f"));
	ok(".", 0, at(w, "d1"));
	ok("..", 0, base);
	ok("../d1/d2", 0, at(w, "d1/d2"));
	ATF_REQUIRE(chdir(old) == 0);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(relative_dirfd);
ATF_TC_BODY(relative_dirfd, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	int dfd, ffd;

	tree_basic();
	dfd = open(at(p, "d1"), O_RDONLY | O_DIRECTORY);
	ATF_REQUIRE(dfd >= 0);
	ok_at(dfd, "d2/f", 0, at(w, "d1/d2/f"), true);
	ok_at(dfd, "..", 0, base, true);
	ok_at(dfd, ".", 0, at(w, "d1"), true);
	/* An absolute path ignores the dirfd, as openat does. */
	ok_at(dfd, "/etc", 0, "/etc", true);
	/* The dirfd follows the directory, not its old name. */
	ATF_REQUIRE(rename(at(p, "d1"), at(w, "moved")) == 0);
	ok_at(dfd, "d2/f", 0, at(w, "moved/d2/f"), true);
	ATF_REQUIRE(rename(at(p, "moved"), at(w, "d1")) == 0);

	ffd = open(at(p, "d1/d2/f"), O_RDONLY);
	ATF_REQUIRE(ffd >= 0);
	ATF_REQUIRE_EQ(-ENOTDIR, -(openat(ffd, "x", O_PATH) < 0 ? errno : 0));
	fails_at(ffd, "x", 0, ENOTDIR);
	/* A closed fd: the target's table has no such fd. (A high number:
	 * here the target is this process, whose next fd, the pidfd syd
	 * opens to take the target's, would get a low one.) */
	ATF_REQUIRE_EQ(900, dup2(ffd, 900));
	close(900);
	close(ffd);
	fails_at(900, "x", 0, EBADF);
	fails_at(-5, "x", 0, EBADF);
	close(dfd);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(symlink_file);
ATF_TC_BODY(symlink_file, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	struct path_res r;

	tree_basic();
	mk_link("d1/d2/f", "lf");
	ok(at(p, "lf"), 0, at(w, "d1/d2/f"));
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "lf"), 0, &r));
	ATF_CHECK_STREQ("f", r.name);
	ATF_CHECK(S_ISREG(r.mode));
	path_done(&r);

	ok(at(p, "lf"), PATH_NOFOLLOW, at(w, "lf"));
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "lf"),
	    PATH_NOFOLLOW, &r));
	ATF_CHECK_STREQ("lf", r.name);
	ATF_CHECK_MSG(S_ISLNK(r.mode), "mode %o", r.mode);
	path_done(&r);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(symlink_kinds);
ATF_TC_BODY(symlink_kinds, tc)
{
	char p[PATH_MAX], w[PATH_MAX], t[PATH_MAX];

	tree_basic();
	mk_dir("x");
	/* Relative targets are read from the link's directory. */
	mk_link("../d1/d2/f", "x/rel");
	ok(at(p, "x/rel"), 0, at(w, "d1/d2/f"));
	mk_link("../d1/./d2/..", "x/reldir");
	ok(at(p, "x/reldir/d2/f"), 0, at(w, "d1/d2/f"));
	mk_link(at(t, "d1/d2/f"), "abs");
	ok(at(p, "abs"), 0, at(w, "d1/d2/f"));
	/* A link in the middle of the path, and ".." after it is taken from
	 * the target (physical), not lexically from the link. */
	mk_link("d1/d2", "mid");
	ok(at(p, "mid/f"), 0, at(w, "d1/d2/f"));
	ok(at(p, "mid/.."), 0, at(w, "d1"));
	mk_link("/", "root");
	ok(at(p, "root"), 0, "/");
	ok(at(p, "root/etc"), 0, "/etc");
	mk_link(".", "x/dot");
	ok(at(p, "x/dot/dot/dot/rel"), 0, at(w, "d1/d2/f"));
	/* A chain: c1 -> c2 -> c3 -> d1/d2/f. */
	mk_link("c2", "c1");
	mk_link("x/../c3", "c2");
	mk_link(at(t, "mid/f"), "c3");
	ok(at(p, "c1"), 0, at(w, "d1/d2/f"));
	ok(at(p, "c1"), PATH_NOFOLLOW, at(w, "c1"));
	tree_free();
}

/* n links "<tag>0" .. "<tag>n-1", each naming the next, the last "d1/d2/f". */
static void
mk_chain(const char *tag, int n)
{
	char name[64], target[64];

	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s%d", tag, i);
		if (i == n - 1)
			snprintf(target, sizeof(target), "d1/d2/f");
		else
			snprintf(target, sizeof(target), "%s%d", tag, i + 1);
		mk_link(target, name);
	}
}

ATF_TC_WITHOUT_HEAD(symlink_loop);
ATF_TC_BODY(symlink_loop, tc)
{
	char p[PATH_MAX], w[PATH_MAX];

	tree_basic();
	mk_link("self", "self");
	mk_link("b", "a");
	mk_link("a", "b");
	fails(at(p, "self"), 0, ELOOP);
	fails(at(p, "a"), 0, ELOOP);
	fails(at(p, "a/x"), 0, ELOOP);
	ATF_CHECK_EQ(-ELOOP, kernel_open(at(p, "a"), 0));
	/* Not following the last link never loops. */
	ok(at(p, "a"), PATH_NOFOLLOW, at(w, "a"));

	/* The kernel's limit is 40 links per lookup: match it exactly. */
	mk_chain("s", 39);
	mk_chain("m", 40);
	mk_chain("l", 41);
	ok(at(p, "s0"), 0, at(w, "d1/d2/f"));
	ok(at(p, "m0"), 0, at(w, "d1/d2/f"));
	fails(at(p, "l0"), 0, ELOOP);
	ATF_CHECK_EQ(0, kernel_open(at(p, "m0"), 0));
	ATF_CHECK_EQ(-ELOOP, kernel_open(at(p, "l0"), 0));
	/* Links in the middle of the path count too. */
	mk_link("m0", "viam");
	fails(at(p, "viam"), 0, ELOOP);
	ATF_CHECK_EQ(-ELOOP, kernel_open(at(p, "viam"), 0));
	tree_free();
}

ATF_TC_WITHOUT_HEAD(dangling);
ATF_TC_BODY(dangling, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	struct path_res r;

	tree_basic();
	mk_link("d1/ghost", "dang");
	ok_at(AT_FDCWD, at(p, "dang"), 0, at(w, "d1/ghost"), false);
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "dang"), 0, &r));
	ATF_CHECK_STREQ("ghost", r.name);
	/* The parent is d1: creating through it makes the link's target. */
	ATF_REQUIRE(mkdirat(r.dirfd, r.name, 0755) == 0);
	path_done(&r);
	ATF_CHECK_EQ(0, kernel_open(at(p, "dang"), O_DIRECTORY));
	ok(at(p, "dang"), 0, at(w, "d1/ghost"));
	ok(at(p, "dang"), PATH_NOFOLLOW, at(w, "dang"));
	/* A missing name in an existing directory. */
	ok_at(AT_FDCWD, at(p, "d1/new"), 0, at(w, "d1/new"), false);
	/* A dangling link whose target's directory is missing too. */
	mk_link("nowhere/x", "dang2");
	fails(at(p, "dang2"), 0, ENOENT);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(errors);
ATF_TC_BODY(errors, tc)
{
	char p[PATH_MAX];

	tree_basic();
	fails(at(p, "nope/x"), 0, ENOENT);
	fails(at(p, "d1/nope/d2/f"), 0, ENOENT);
	fails(at(p, "d1/d2/f/x"), 0, ENOTDIR);
	fails(at(p, "d1/d2/f/.."), 0, ENOTDIR);
	fails(at(p, "d1/d2/f/"), 0, ENOTDIR);
	fails(at(p, "d1/d2/f/"), PATH_NOFOLLOW, ENOTDIR);
	ATF_CHECK_EQ(-ENOTDIR, kernel_open(at(p, "d1/d2/f/"), 0));
	fails("", 0, ENOENT);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(trailing_slash);
ATF_TC_BODY(trailing_slash, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	struct path_res r;

	tree_basic();
	mk_link("d1/d2", "ld");
	mk_link("d1/d2/f", "lf");
	/* A trailing slash always follows the link, even for lstat. */
	ok(at(p, "ld/"), 0, at(w, "d1/d2"));
	ok(at(p, "ld/"), PATH_NOFOLLOW, at(w, "d1/d2"));
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "ld/"),
	    PATH_NOFOLLOW, &r));
	ATF_CHECK(S_ISDIR(r.mode));
	ATF_CHECK(r.dirslash);
	path_done(&r);
	ok(at(p, "ld"), PATH_NOFOLLOW, at(w, "ld"));
	fails(at(p, "lf/"), 0, ENOTDIR);
	ATF_CHECK_EQ(-ENOTDIR, kernel_open(at(p, "lf/"), 0));
	fails(at(p, "d1/nope/new/"), 0, ENOENT);
	fails(at(p, "d1/nope/"), PATH_NOFOLLOW, ENOENT);
	/* A slash at the end of a link's target counts like one written
	 * in the path: the kernel refuses a file there. */
	mk_link("d1/d2/f/", "lfs");
	mk_link("d1/d2/", "lds");
	ATF_CHECK_EQ(-ENOTDIR, kernel_open(at(p, "lfs"), 0));
	fails(at(p, "lfs"), 0, ENOTDIR);
	ok(at(p, "lds"), 0, at(w, "d1/d2"));
	ok(at(p, "lds/f"), 0, at(w, "d1/d2/f"));
	tree_free();
}

/*
 * mkdir("new/") and rename("dir", "new/") are valid calls: a missing last
 * name written with a slash is a directory to create. path_canon reports
 * -ENOENT for it today, which fails such calls closed; changing that
 * needs the open handler to refuse O_CREAT on r->dirslash (the kernel's
 * EISDIR) first, or open("new/", O_CREAT) would create a file.
 */
ATF_TC_WITHOUT_HEAD(trailing_slash_create);
ATF_TC_BODY(trailing_slash_create, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	struct path_res r;

	tree_basic();
	ATF_REQUIRE(mkdir(at(p, "d1/kernel/"), 0755) == 0);
	/* Without PATH_LASTNAME "new/" is a directory to enter: missing. */
	ATF_CHECK_EQ(-ENOENT, path_canon(&ctx, AT_FDCWD, at(p, "d1/new/"), 0,
	    &r));
	/* mkdir("new/") and friends name the entry itself, and keep the
	 * slash on the name they are performed with (the kernel judges
	 * it: mknod "new/" is ENOENT, mkdir makes it). */
	ok_at(AT_FDCWD, at(p, "d1/new/"), PATH_LASTNAME, at(w, "d1/new"),
	    false);
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "d1/new//"),
	    PATH_LASTNAME | PATH_NOFOLLOW, &r));
	ATF_CHECK_STREQ("new/", r.name);
	ATF_CHECK(r.dirslash);
	path_done(&r);
	/* An existing directory with a slash is named too, not entered. */
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "d1/kernel/"),
	    PATH_LASTNAME | PATH_NOFOLLOW, &r));
	ATF_CHECK_STREQ("kernel/", r.name);
	ATF_CHECK(r.exists && S_ISDIR(r.mode));
	path_done(&r);
	/* A final ".." of a name call is performed on ".." itself (the
	 * kernel's ENOTEMPTY, EEXIST...); rules see the directory. */
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "d1/kernel/.."),
	    PATH_LASTNAME | PATH_NOFOLLOW, &r));
	ATF_CHECK_STREQ("..", r.name);
	ATF_CHECK_STREQ(at(w, "d1"), r.abs);
	path_done(&r);
	/* open(O_CREAT) of "name/": EISDIR once the directories resolved. */
	ATF_CHECK_EQ(-EISDIR, path_canon(&ctx, AT_FDCWD, at(p, "d1/new/"),
	    PATH_CREATE, &r));
	ATF_CHECK_EQ(-ENOENT, path_canon(&ctx, AT_FDCWD, at(p, "nx/new/"),
	    PATH_CREATE, &r));
	tree_free();
}

/* A worker reuses one path_res for every request: nothing of an earlier
 * result may leak into the next one. */
ATF_TC_WITHOUT_HEAD(res_reuse);
ATF_TC_BODY(res_reuse, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	struct path_res r;
	int pfd[2];

	tree_basic();
	mk_link("d1/d2/f", "lf");
	ATF_REQUIRE(pipe(pfd) == 0);
	snprintf(p, sizeof(p), "/proc/self/fd/%d", pfd[0]);
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, p, 0, &r));
	ATF_REQUIRE(r.magic);
	path_done(&r);
	/* A stale magic would make the handler drop O_NOFOLLOW (stat would
	 * report the link's target, open would follow a swapped-in link). */
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "lf"),
	    PATH_NOFOLLOW, &r));
	ATF_CHECK_MSG(!r.magic, "magic left over from the pipe");
	ATF_CHECK(S_ISLNK(r.mode));
	path_done(&r);

	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "d1/"), 0, &r));
	ATF_REQUIRE(r.dirslash);
	path_done(&r);
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, "", PATH_EMPTY, &r));
	ATF_CHECK_MSG(!r.dirslash, "dirslash left over");
	path_done(&r);

	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "d1/d2/f"), 0, &r));
	ATF_REQUIRE(r.exists);
	path_done(&r);
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, at(p, "d1/none"), 0, &r));
	ATF_CHECK(!r.exists);
	ATF_CHECK_STREQ(at(w, "d1/none"), r.abs);
	path_done(&r);
	close(pfd[0]);
	close(pfd[1]);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(name_too_long);
ATF_TC_BODY(name_too_long, tc)
{
	static char p[PATH_MAX * 2];
	char comp[NAME_MAX + 2], w[PATH_MAX];
	size_t n;

	tree_basic();
	/* A path of PATH_MAX bytes or more, even if all of it is slashes. */
	memset(p, '/', PATH_MAX);
	p[PATH_MAX] = '\0';
	fails(p, 0, ENAMETOOLONG);
	p[PATH_MAX - 1] = '\0';
	ok(p, 0, "/");
	n = (size_t)snprintf(p, sizeof(p), "%s/", base);
	while (n < PATH_MAX + 10)
		n += (size_t)snprintf(p + n, sizeof(p) - n, "d1/../");
	fails(p, 0, ENAMETOOLONG);

	memset(comp, 'a', NAME_MAX);
	comp[NAME_MAX] = '\0';
	snprintf(p, sizeof(p), "%s/%s", base, comp);
	ok_at(AT_FDCWD, p, 0, at(w, comp), false);
	comp[NAME_MAX] = 'a';
	comp[NAME_MAX + 1] = '\0';
	snprintf(p, sizeof(p), "%s/%s", base, comp);
	fails(p, 0, ENAMETOOLONG);
	ATF_CHECK_EQ(-ENAMETOOLONG, kernel_open(p, 0));
	snprintf(p, sizeof(p), "%s/%s/x", base, comp);
	fails(p, 0, ENAMETOOLONG);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(proc_self);
ATF_TC_BODY(proc_self, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	int pid = getpid();

	tree_basic();
	snprintf(w, sizeof(w), "/proc/%d/status", pid);
	ok("/proc/self/status", 0, w);
	snprintf(w, sizeof(w), "/proc/%d", pid);
	ok("/proc/self", 0, w);
	ATF_CHECK_EQ_MSG(pid, ctx.tgid, "tgid looked up: %d", ctx.tgid);
	ok("/proc/./self/", 0, w);
	/* Through /proc/self/cwd: the target's cwd, by its real name. */
	ATF_REQUIRE(chdir(at(p, "d1")) == 0);
	ok("/proc/self/cwd/d2/f", 0, at(w, "d1/d2/f"));
	tree_free();
}

static pthread_barrier_t park;

/* Publish the thread's id, then stay alive until the test is done. */
static void *
thread_park(void *arg)
{
	*(int *)arg = gettid();
	pthread_barrier_wait(&park);
	pthread_barrier_wait(&park);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(proc_thread_self);
ATF_TC_BODY(proc_thread_self, tc)
{
	char w[PATH_MAX];
	pthread_t t;
	int tid = 0;

	tree_basic();
	ATF_REQUIRE(pthread_barrier_init(&park, NULL, 2) == 0);
	ATF_REQUIRE(pthread_create(&t, NULL, thread_park, &tid) == 0);
	pthread_barrier_wait(&park);
	ATF_REQUIRE(tid > 0 && tid != getpid());
	/* The target is the other thread: thread-self names its task. */
	ctx_init(tid);
	snprintf(w, sizeof(w), "/proc/%d/task/%d/comm", getpid(), tid);
	ok("/proc/thread-self/comm", 0, w);
	ATF_CHECK_EQ(getpid(), ctx.tgid);
	snprintf(w, sizeof(w), "/proc/%d/comm", getpid());
	ok("/proc/self/comm", 0, w);
	pthread_barrier_wait(&park);
	pthread_join(t, NULL);
	ctx_init(getpid());
	tree_free();
}

ATF_TC_WITHOUT_HEAD(proc_fd);
ATF_TC_BODY(proc_fd, tc)
{
	char p[PATH_MAX], w[PATH_MAX];
	struct path_res r;
	int fd, pfd[2];

	tree_basic();
	fd = open(at(p, "d1/d2/f"), O_RDONLY);
	ATF_REQUIRE(fd >= 0);
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	ok(p, 0, at(w, "d1/d2/f"));
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, p, 0, &r));
	ATF_CHECK(!r.magic);
	path_done(&r);
	snprintf(p, sizeof(p), "/dev/fd/%d", fd);
	ok(p, 0, at(w, "d1/d2/f"));
	close(fd);

	/* A pipe has no name: only the object itself, flagged magic. */
	ATF_REQUIRE(pipe(pfd) == 0);
	snprintf(p, sizeof(p), "/proc/self/fd/%d", pfd[0]);
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, p, 0, &r));
	ATF_CHECK(r.magic);
	ATF_CHECK(r.exists);
	ATF_CHECK_MSG(S_ISFIFO(r.mode), "pipe mode %o", r.mode);
	snprintf(w, sizeof(w), "/proc/%d/fd/%d", getpid(), pfd[0]);
	ATF_CHECK_STREQ(w, r.abs);
	path_done(&r);
	/* ... and nothing can be below it. */
	snprintf(p, sizeof(p), "/proc/self/fd/%d/x", pfd[0]);
	fails(p, 0, ENOENT);
	close(pfd[0]);
	close(pfd[1]);

	/* A deleted file is only the object too, never its old name. */
	fd = open(at(p, "d1/d2/f"), O_RDONLY);
	ATF_REQUIRE(fd >= 0);
	ATF_REQUIRE(unlink(p) == 0);
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	ATF_REQUIRE_EQ(0, path_canon(&ctx, AT_FDCWD, p, 0, &r));
	ATF_CHECK(r.magic);
	ATF_CHECK(r.exists && S_ISREG(r.mode));
	ATF_CHECK(strstr(r.abs, "deleted") == NULL);
	path_done(&r);
	close(fd);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(empty_path);
ATF_TC_BODY(empty_path, tc)
{
	char p[PATH_MAX], w[PATH_MAX], old[PATH_MAX];
	struct path_res r;
	struct stat a, b;
	int dfd, ffd;

	tree_basic();
	ffd = open(at(p, "d1/d2/f"), O_RDONLY);
	dfd = open(at(p, "d1"), O_PATH | O_DIRECTORY);
	ATF_REQUIRE(ffd >= 0 && dfd >= 0);

	ATF_REQUIRE_EQ(0, path_canon(&ctx, ffd, "", PATH_EMPTY, &r));
	ATF_CHECK_STREQ(at(w, "d1/d2/f"), r.abs);
	ATF_CHECK_STREQ(".", r.name);
	ATF_CHECK(r.exists && S_ISREG(r.mode) && !r.magic);
	/* The dirfd is the object itself. */
	ATF_REQUIRE(fstatat(r.dirfd, "", &a, AT_EMPTY_PATH) == 0);
	ATF_REQUIRE(fstat(ffd, &b) == 0);
	ATF_CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	path_done(&r);

	ok_at(dfd, "", PATH_EMPTY, at(w, "d1"), true);
	ATF_REQUIRE(getcwd(old, sizeof(old)) != NULL);
	ATF_REQUIRE(chdir(at(p, "d1/d2")) == 0);
	ok_at(AT_FDCWD, "", PATH_EMPTY, at(w, "d1/d2"), true);
	ATF_REQUIRE(chdir(old) == 0);
	fails_at(dfd, "", 0, ENOENT);
	close(ffd);
	close(dfd);
	tree_free();
}

/* The rename race: see race_body. */
struct racer {
	char a[PATH_MAX], b[PATH_MAX];
	atomic_bool stop;
	long flips;
};

static void *
race_rename(void *arg)
{
	struct racer *x = arg;

	while (!atomic_load(&x->stop)) {
		if (rename(x->a, x->b) == 0 && rename(x->b, x->a) == 0)
			x->flips++;
	}
	return NULL;
}

/* A successful result while the directory moves: named by one of its two
 * names, and the dirfd is that very directory. */
static void
race_check(const struct path_res *r, const char *wa, const char *wb,
    ino_t ino)
{
	struct stat st;

	ATF_REQUIRE_MSG(strcmp(r->abs, wa) == 0 || strcmp(r->abs, wb) == 0,
	    "abs %s is neither name", r->abs);
	ATF_REQUIRE(fstatat(r->dirfd, "", &st, AT_EMPTY_PATH) == 0);
	ATF_REQUIRE_EQ_MSG(ino, st.st_ino, "%s: dirfd is another directory",
	    r->abs);
	ATF_REQUIRE(r->exists && S_ISREG(r->mode));
}

ATF_TC_WITHOUT_HEAD(rename_race);
ATF_TC_BODY(rename_race, tc)
{
	static struct racer x;
	char p[PATH_MAX], wa[PATH_MAX], wb[PATH_MAX], pa[PATH_MAX];
	struct path_res r;
	struct timespec t0, t1;
	struct stat st;
	pthread_t t;
	long ok_fd = 0, ok_up = 0, ok_abs = 0, iter = 0;
	int dfd, sfd, before, e;

	tree_init();
	mk_dir("A");
	mk_dir("A/sub");
	mk_file("A/f");
	at(x.a, "A");
	at(x.b, "B");
	at(wa, "A/f");
	at(wb, "B/f");
	at(pa, "A/f");
	ATF_REQUIRE(stat(x.a, &st) == 0);
	dfd = open(x.a, O_PATH | O_DIRECTORY);
	sfd = open(at(p, "A/sub"), O_PATH | O_DIRECTORY);
	ATF_REQUIRE(dfd >= 0 && sfd >= 0);
	before = fd_count();

	atomic_store(&x.stop, false);
	ATF_REQUIRE(pthread_create(&t, NULL, race_rename, &x) == 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		/* Through the moving directory's fd: both names occur. */
		if ((e = path_canon(&ctx, dfd, "f", 0, &r)) == 0) {
			race_check(&r, wa, wb, st.st_ino);
			path_done(&r);
			ok_fd++;
		} else {
			ATF_REQUIRE_EQ_MSG(-ENOENT, e, "fd-relative: %d", e);
		}
		/* ".." re-opens the parent by name: a stale name must fail,
		 * never reach another directory. */
		if ((e = path_canon(&ctx, sfd, "../f", 0, &r)) == 0) {
			race_check(&r, wa, wb, st.st_ino);
			path_done(&r);
			ok_up++;
		} else {
			ATF_REQUIRE_EQ_MSG(-ENOENT, e, "sub/..: %d", e);
		}
		if ((e = path_canon(&ctx, AT_FDCWD, pa, 0, &r)) == 0) {
			race_check(&r, wa, wa, st.st_ino);
			path_done(&r);
			ok_abs++;
		} else {
			ATF_REQUIRE_EQ_MSG(-ENOENT, e, "absolute: %d", e);
		}
		iter++;
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while (t1.tv_sec - t0.tv_sec < 1 ||
	    (t1.tv_sec - t0.tv_sec == 1 && t1.tv_nsec < t0.tv_nsec));
	atomic_store(&x.stop, true);
	pthread_join(t, NULL);

	ATF_CHECK_EQ_MSG(before, fd_count(), "fds leaked under the race");
	ATF_CHECK_MSG(x.flips > 0, "the directory never moved");
	ATF_CHECK_MSG(ok_fd > 0, "fd-relative never succeeded in %ld", iter);
	printf("iterations %ld flips %ld ok fd %ld up %ld abs %ld\n", iter,
	    x.flips, ok_fd, ok_up, ok_abs);
	close(dfd);
	close(sfd);
	tree_free();
}

ATF_TC_WITHOUT_HEAD(fd_balance);
ATF_TC_BODY(fd_balance, tc)
{
	char p[PATH_MAX];
	struct path_res r;
	int before;

	tree_basic();
	mk_link("self", "self");
	before = fd_count();
	/* Failures close everything; successes hold exactly r.dirfd. */
	for (int i = 0; i < 100; i++) {
		ATF_REQUIRE(path_canon(&ctx, AT_FDCWD, at(p, "d1/x/y"), 0,
		    &r) < 0);
		ATF_REQUIRE(path_canon(&ctx, AT_FDCWD, at(p, "self"), 0,
		    &r) < 0);
		ATF_REQUIRE(path_canon(&ctx, AT_FDCWD, at(p, "d1/d2/f/x"), 0,
		    &r) < 0);
		ATF_REQUIRE(path_canon(&ctx, AT_FDCWD, at(p, "d1/../d1/d2/f"),
		    0, &r) == 0);
		ATF_REQUIRE_EQ(before + 1, fd_count());
		path_done(&r);
	}
	ATF_CHECK_EQ(before, fd_count());
	tree_free();
}

/* Two mapped pages with the second unmapped again: a hole right after p. */
static char *
page_before_hole(long *pg)
{
	char *m;

	*pg = sysconf(_SC_PAGESIZE);
	m = mmap(NULL, (size_t)*pg * 2, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ATF_REQUIRE(m != MAP_FAILED);
	ATF_REQUIRE(munmap(m + *pg, (size_t)*pg) == 0);
	return m;
}

ATF_TC_WITHOUT_HEAD(read_string);
ATF_TC_BODY(read_string, tc)
{
	static const char s[] = "/etc/passwd";
	static char big[3 * 4096 + 100];
	char buf[PATH_MAX], *bb;
	int pid = getpid();

	ATF_CHECK_EQ((long)strlen(s), path_read(pid, (unsigned long)s, buf,
	    sizeof(buf)));
	ATF_CHECK_STREQ(s, buf);
	ATF_CHECK_EQ(0, path_read(pid, (unsigned long)"", buf, sizeof(buf)));
	ATF_CHECK_STREQ("", buf);
	/* A string spanning several pages, read whole. */
	memset(big, 'q', sizeof(big) - 1);
	bb = malloc(sizeof(big));
	ATF_REQUIRE(bb != NULL);
	ATF_CHECK_EQ((long)sizeof(big) - 1, path_read(pid, (unsigned long)big,
	    bb, sizeof(big)));
	ATF_CHECK(memcmp(big, bb, sizeof(big)) == 0);
	free(bb);
}

ATF_TC_WITHOUT_HEAD(read_limits);
ATF_TC_BODY(read_limits, tc)
{
	char buf[16], *m, *s;
	long pg;
	int pid = getpid();

	/* The NUL is the last byte before the hole. */
	m = page_before_hole(&pg);
	s = m + pg - sizeof("/tmp/edge");
	memcpy(s, "/tmp/edge", sizeof("/tmp/edge"));
	ATF_CHECK_EQ(9, path_read(pid, (unsigned long)s, buf, sizeof(buf)));
	ATF_CHECK_STREQ("/tmp/edge", buf);
	/* No NUL before the hole: unreadable, not too long. */
	memset(m + pg - 8, 'x', 8);
	ATF_CHECK_EQ(-EFAULT, path_read(pid, (unsigned long)(m + pg - 8),
	    buf, sizeof(buf)));
	ATF_CHECK_EQ(-EFAULT, path_read(pid, (unsigned long)(m + pg), buf,
	    sizeof(buf)));
	ATF_CHECK_EQ(-EFAULT, path_read(pid, 0, buf, sizeof(buf)));

	/* size counts the NUL: size - 1 characters fit, size do not. */
	memset(m, 'y', 15);
	m[15] = '\0';
	ATF_CHECK_EQ(15, path_read(pid, (unsigned long)m, buf, 16));
	ATF_CHECK_EQ(-ENAMETOOLONG, path_read(pid, (unsigned long)m, buf, 15));
	ATF_CHECK_EQ(-ENAMETOOLONG, path_read(pid, (unsigned long)m, buf, 8));
	munmap(m, (size_t)pg);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, absolute);
	ATF_TP_ADD_TC(tp, slashes);
	ATF_TP_ADD_TC(tp, dot_dotdot);
	ATF_TP_ADD_TC(tp, relative_cwd);
	ATF_TP_ADD_TC(tp, relative_dirfd);
	ATF_TP_ADD_TC(tp, symlink_file);
	ATF_TP_ADD_TC(tp, symlink_kinds);
	ATF_TP_ADD_TC(tp, symlink_loop);
	ATF_TP_ADD_TC(tp, dangling);
	ATF_TP_ADD_TC(tp, errors);
	ATF_TP_ADD_TC(tp, trailing_slash);
	ATF_TP_ADD_TC(tp, trailing_slash_create);
	ATF_TP_ADD_TC(tp, res_reuse);
	ATF_TP_ADD_TC(tp, name_too_long);
	ATF_TP_ADD_TC(tp, proc_self);
	ATF_TP_ADD_TC(tp, proc_thread_self);
	ATF_TP_ADD_TC(tp, proc_fd);
	ATF_TP_ADD_TC(tp, empty_path);
	ATF_TP_ADD_TC(tp, rename_race);
	ATF_TP_ADD_TC(tp, fd_balance);
	ATF_TP_ADD_TC(tp, read_string);
	ATF_TP_ADD_TC(tp, read_limits);
	return atf_no_error();
}
