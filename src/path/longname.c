/* worker-safe */
/*
 * The name of a directory the kernel cannot name through /proc: one
 * deeper than PATH_MAX (readlink of its fd answers ENAMETOOLONG), which a
 * program reaches by relative paths and chdir. It is built from the end
 * by walking up with "..", finding each directory's entry in its parent
 * by device and inode (as getcwd(3) did before the kernel had it), until
 * an ancestor's name fits in one readlink.
 *
 * This is syd's own look-up, not the target's call: it reads the
 * directories on the way with CAP_DAC_READ_SEARCH where syd has it,
 * whatever filesystem ids the emulator acts with, and gives the
 * emulator's effective set back as it was.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "path/path.h"
#include "sys/sys.h"

struct dent {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Is name in dir the object st describes? */
static bool
ln_same(int dir, const char *name, const struct stat *st)
{
	struct stat s;

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	return sys_fstatat(dir, name, &s, AT_SYMLINK_NOFOLLOW) == 0 &&
	    s.st_dev == st->st_dev && s.st_ino == st->st_ino;
}

/*
 * The entry of dir naming st into name. The first pass trusts d_ino; a
 * mount point's entry shows the inode under the mount, so the second
 * looks at every directory.
 */
static int
ln_entry(int dir, const struct stat *st, char *name)
{
	char buf[4096] __attribute__((aligned(8)));

	for (int pass = 0; pass < 2; pass++) {
		long n;

		if (sys_lseek(dir, 0, SEEK_SET) < 0)
			return -EIO;
		while ((n = sys_call3(SYS_getdents64, dir, buf, sizeof(buf))) > 0) {
			for (long i = 0; i < n;) {
				struct dent *d = (struct dent *)(buf + i);
				i += d->reclen;
				if (pass == 0 && d->ino != st->st_ino)
					continue;
				if (pass == 1 && d->type != DT_DIR &&
				    d->type != DT_UNKNOWN)
					continue;
				if (ln_same(dir, d->name, st)) {
					memcpy(name, d->name, strlen(d->name) + 1);
					return 0;
				}
			}
		}
		if (n < 0)
			return (int)n;
	}
	return -ENOENT; /* moved away meanwhile */
}

/* Put s (n bytes) before out + *pos. */
static int
ln_prepend(char *out, size_t *pos, const char *s, size_t n)
{
	if (n > *pos)
		return -ENAMETOOLONG;
	*pos -= n;
	memcpy(out + *pos, s, n);
	return 0;
}

static long
ln_walk(int cur, char *out, size_t size)
{
	char link[64], buf[PATH_MAX], name[NAME_MAX + 1];
	size_t pos = size - 1;
	struct stat st;
	long n;
	int up, r;

	out[pos] = '\0';
	for (;;) {
		sys_proc_name(link, sizeof(link), cur);
		n = sys_readlinkat(AT_FDCWD, link, buf, sizeof(buf));
		if (n >= 0 && n < (long)sizeof(buf)) {
			if (n == 1 && pos < size - 1)
				n = 0; /* "/" + "/rest" */
			r = ln_prepend(out, &pos, buf, (size_t)n);
			break;
		}
		if (n >= 0)
			n = -ENAMETOOLONG;
		if (n != -ENAMETOOLONG ||
		    (r = sys_fstatat(cur, "", &st, AT_EMPTY_PATH)) < 0) {
			r = n != -ENAMETOOLONG ? (int)n : r;
			break;
		}
		up = sys_openat(cur, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
		if (up < 0) {
			r = up;
			break;
		}
		sys_close(cur);
		cur = up;
		if ((r = ln_entry(cur, &st, name)) < 0 ||
		    (r = ln_prepend(out, &pos, name, strlen(name))) < 0 ||
		    (r = ln_prepend(out, &pos, "/", 1)) < 0)
			break;
	}
	sys_close(cur);
	if (r < 0)
		return r;
	memmove(out, out + pos, size - pos);
	return (long)(size - 1 - pos);
}

long
path_longname(int fd, char *out, size_t size)
{
	uint64_t eff, perm;
	long n;
	int cur;

	if (size < 2)
		return -ENAMETOOLONG;
	if (sys_caps_get(&eff, &perm) < 0)
		return -EPERM;
	/* Searching and reading the directories on the way up. */
	if ((perm & (1ULL << CAP_DAC_READ_SEARCH)) &&
	    sys_caps_set_effective(eff | 1ULL << CAP_DAC_READ_SEARCH) < 0)
		return -EPERM;
	cur = sys_openat(fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	n = cur < 0 ? cur : ln_walk(cur, out, size);
	if ((perm & (1ULL << CAP_DAC_READ_SEARCH)) &&
	    sys_caps_set_effective(eff) < 0)
		return -EPERM; /* cannot happen: eff was ours */
	return n;
}
