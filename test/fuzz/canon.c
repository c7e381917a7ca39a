/*
 * Fuzz target: path canonicalisation (path_canon, src/path/canon.c) over a
 * synthetic tree built at start-up in a private temporary directory R:
 * nested directories, files, `..`-heavy links, absolute links, a link
 * loop, dangling links and links that climb out of R.
 *
 * Each input resolves one path, either confined to R (R is the target's
 * root, as for a chroot'ed process) or from a directory inside R with the
 * real root. On success the result must be absolute, without `.`, `..`,
 * empty components or a trailing slash, and when confined it must stay
 * inside R. The kernel is the reference: openat2 with RESOLVE_IN_ROOT
 * (confined) or a plain openat must reach the same object whose name
 * path_canon gave, and must fail when path_canon says the last component
 * does not exist. No fd may leak.
 *
 * Input: one byte of mode (bit 0 confined, bit 1 relative, bit 2
 * PATH_NOFOLLOW, bit 3 PATH_LASTNAME, bit 4 PATH_EMPTY), then the path.
 * The kernel comparison is left out for PATH_LASTNAME (the name itself
 * is the result, whatever it is) and for the empty path.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz.h"
#include "path/path.h"

static char root[PATH_MAX];
static size_t rootlen;
static int rootfd = -1, hostfd = -1, d1fd = -1, lowfd;

static void
mk(const char *kind, const char *name, const char *target)
{
	char p[PATH_MAX];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", root, name);
	if (kind[0] == 'd')
		fd = mkdir(p, 0755);
	else if (kind[0] == 'l')
		fd = symlink(target, p);
	else if ((fd = open(p, O_CREAT | O_WRONLY, 0644)) >= 0)
		fd = close(fd);
	if (fd < 0)
		abort();
}

static int
rm_one(const char *p, const struct stat *st, int type, struct FTW *f)
{
	return remove(p);
}

static void
tree_free(void)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char t[] = "/tmp/syd-fuzz-canon.XXXXXX";

	if (mkdtemp(t) == NULL || realpath(t, root) == NULL)
		abort();
	rootlen = strlen(root);
	mk("d", "d1", NULL);
	mk("d", "d1/d2", NULL);
	mk("d", "d1/d2/d3", NULL);
	mk("f", "f", NULL);
	mk("f", "d1/d2/f", NULL);
	mk("l", "loop1", "loop2");
	mk("l", "loop2", "loop1");
	mk("l", "self", ".");
	mk("l", "dang", "nothere/x");
	mk("l", "abs", "/d1/d2");
	mk("l", "absf", "/d1/d2/f");
	mk("l", "d1/up", "../..");
	mk("l", "d1/esc", "../../../../../../etc");
	mk("l", "d1/d2/back", "../../d1/./d2/");
	mk("l", "d1/d2/d3/deep", "../../../d1/d2/d3/../../up/d1");
	mk("l", "dslash", "d1/d2/");
	mk("l", "chain", "abs/back/back/f");
	mk("l", "d1/rel", "d2/f");
	mk("l", "d1/d2/d3/tof", "/f");
	mk("l", "d1/abs2", "/d1/d2/d3");
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	hostfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	snprintf(t, sizeof(t), "d1");
	d1fd = openat(rootfd, t, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0 || hostfd < 0 || d1fd < 0)
		abort();
	atexit(tree_free);
	return 0;
}

static void
shape_check(const char *abs, bool confined)
{
	size_t n = strlen(abs);

	FUZZ_CHECK(abs[0] == '/', "`%s' is not absolute", abs);
	FUZZ_CHECK(n < PATH_MAX, "too long");
	FUZZ_CHECK(strstr(abs, "//") == NULL, "`%s' has //", abs);
	FUZZ_CHECK(strstr(abs, "/./") == NULL && strstr(abs, "/../") == NULL,
	    "`%s' has . or ..", abs);
	FUZZ_CHECK(!(n >= 2 && !strcmp(abs + n - 2, "/.")) &&
	    !(n >= 3 && !strcmp(abs + n - 3, "/..")), "`%s' ends in . or ..",
	    abs);
	FUZZ_CHECK(n == 1 || abs[n - 1] != '/', "`%s' ends in /", abs);
	if (confined)
		FUZZ_CHECK(!strncmp(abs, root, rootlen) && (abs[rootlen] ==
		    '\0' || abs[rootlen] == '/'), "`%s' escaped %s", abs, root);
}

/* What the kernel resolves: an O_PATH fd's name, or -errno. */
static int
kernel_name(bool confined, bool rel, bool nofollow, const char *path,
    char *out)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC |
		(nofollow ? O_NOFOLLOW : 0) };
	char p[PATH_MAX + 4], link[64];
	int fd;
	long n;

	if (confined) {
		how.resolve = RESOLVE_IN_ROOT;
		snprintf(p, sizeof(p), "%s%s", rel ? "d1/" : "", path);
		/* EAGAIN: a rename anywhere raced a ".." walk; again. */
		for (int i = 0; i < 1000; i++)
			if ((fd = (int)syscall(SYS_openat2, rootfd, p, &how,
			    sizeof(how))) >= 0 || errno != EAGAIN)
				break;
	} else {
		fd = (int)syscall(SYS_openat2, rel ? d1fd : AT_FDCWD, path,
		    &how, sizeof(how));
	}
	if (fd < 0)
		return -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, out, PATH_MAX - 1);
	close(fd);
	if (n < 0)
		return -errno;
	out[n] = '\0';
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct path_res r;
	struct path_ctx c = { .tid = getpid(), .tgid = getpid() };
	char path[PATH_MAX + 16], kname[PATH_MAX];
	bool confined, rel, nofollow, lastname, empty;
	size_t n;
	int e, k, fd;

	if (size == 0)
		return 0;
	/* The lowest free fd now: libFuzzer's own (a merge's control file)
	 * come and go between inputs, not during one. */
	lowfd = dup(0);
	close(lowfd);
	confined = data[0] & 1;
	rel = data[0] & 2;
	nofollow = data[0] & 4;
	lastname = data[0] & 8;
	empty = data[0] & 16;
	n = strnlen((const char *)data + 1, size - 1);
	if (n >= sizeof(path))
		return 0;
	memcpy(path, data + 1, n);
	path[n] = '\0';
	/* dirfd is ignored for absolute paths; a confined target's base
	 * is inside its root (a cwd outside it is refused with EACCES). */
	rel = (rel || confined) && path[0] != '/';
	c.rootfd = confined ? rootfd : hostfd;
	c.rootpath = confined ? root : "/";
	c.rootlen = confined ? rootlen : 1;
	if (n == 0 && empty && confined)
		rel = true; /* the dirfd itself: inside the root */
	e = path_canon(&c, rel ? d1fd : AT_FDCWD, path,
	    (nofollow ? PATH_NOFOLLOW : 0) | (lastname ? PATH_LASTNAME : 0) |
	    (empty ? PATH_EMPTY : 0), &r);
	FUZZ_CHECK(e <= 0, "path_canon returned %d", e);
	if (e == 0) {
		struct stat st;
		shape_check(r.abs, confined);
		FUZZ_CHECK(fstat(r.dirfd, &st) == 0, "no parent fd");
		/* One component: a slash only as the last byte ("dir/",
		 * kept for the kernel to judge) or the root of a name call. */
		FUZZ_CHECK(r.name[0] != '\0' && (strchr(r.name, '/') == NULL ||
		    strchr(r.name, '/') == r.name + strlen(r.name) - 1) &&
		    (strcmp(r.name, "/") != 0 || lastname),
		    "last name `%s'", r.name);
	}
	/* Absolute paths without confinement roam the host: compare only
	 * what stays in the synthetic tree. */
	if (n == 0 && !empty)
		FUZZ_CHECK(e == -ENOENT, "empty path gave %d", e);
	if (n == 0 && empty)
		FUZZ_CHECK(e == 0 && r.exists, "empty path with PATH_EMPTY gave "
		    "%d", e);
	if (n > 0 && !lastname && (confined || rel)) {
		k = kernel_name(confined, rel, nofollow, path, kname);
		if (e == 0 && r.exists && !r.magic)
			FUZZ_CHECK(k == 0 && !strcmp(kname, r.abs), "`%s': "
			    "path_canon `%s', kernel %d `%s'", path, r.abs, k,
			    k == 0 ? kname : "");
		if (e == 0 && !r.exists)
			FUZZ_CHECK(k == -ENOENT, "`%s': path_canon says `%s' "
			    "does not exist, kernel %d", path, r.abs, k);
		if (k == 0 && (!strncmp(kname, root, rootlen) || confined))
			FUZZ_CHECK(e == 0, "`%s': kernel `%s', path_canon %d",
			    path, kname, e);
	}
	if (e == 0)
		path_done(&r);
	fd = dup(0);
	FUZZ_CHECK(fd == lowfd, "fd leak: got %d, want %d", fd, lowfd);
	close(fd);
	return 0;
}
