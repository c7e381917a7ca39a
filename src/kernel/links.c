/* worker-safe */
/*
 * Calls with two names or a name and a link text: rename, link and
 * symlink. Both names are resolved and checked (rename and link against
 * the rename category, on the source and on the destination); the call
 * is made between the two resolved parents.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/kernel_int.h"

/*
 * A new name for an existing object must not reach what the old one may
 * not: linking or renaming a file the read-side rules deny into an allowed
 * place would undo them. The source is checked for those too.
 */
#define LINKS_READSIDE                                                   \
	(POLICY_BIT(POLICY_READ) | POLICY_BIT(POLICY_WRITE) |             \
	    POLICY_BIT(POLICY_EXEC) | POLICY_BIT(POLICY_STAT))

/*
 * A directory carries what is below it: moving it must not carry a file
 * out from under a rule that denies it. Refuse when any non-allow rule of
 * a read-side category names something below the directory.
 */
static int
links_below(struct emu *e)
{
	const struct policy *p = kernel_policy(e);
	const char *dir = kernel_match_path(e);
	size_t n = strlen(dir);

	for (int c = 0; c < POLICY_NLIST; c++) {
		const struct policy_list *l = &p->list[c];
		if (!(LINKS_READSIDE & POLICY_BIT(c)) || !policy_on(p, c))
			continue;
		for (size_t i = 0; i < l->n; i++) {
			if (l->v[i].act == POLICY_ALLOW || l->v[i].act == POLICY_WARN)
				continue;
			for (unsigned k = 0; k < l->v[i].nalt; k++)
				if (strncmp(l->v[i].alt[k], dir, n) == 0 &&
				    l->v[i].alt[k][n] == '/')
					return kernel_act(e, (enum policy_cat)c,
					    (enum policy_act)l->v[i].act);
		}
	}
	return 0;
}

static int
links_source(struct emu *e)
{
	int r = kernel_check(e, LINKS_READSIDE);

	if (r == 0 && S_ISDIR(e->res.mode))
		r = links_below(e);
	return r;
}

/* Resolve the second path and check cat on both. */
static long
links_second(struct emu *e, int dirfd, uint64_t addr, unsigned flags,
    enum policy_cat cat, bool exchange)
{
	struct path_res tmp;
	int r;

	if ((r = kernel_path2(e, dirfd, addr, flags)) < 0)
		return r;
	if (!kernel_valid(e))
		return -ESRCH;
	/* The new name must be a safe one; an exchange makes none. */
	if (!exchange &&
	    (r = kernel_newname(e, e->res2.name, e->res2.abs)) < 0)
		return r;
	if ((r = kernel_check(e, POLICY_BIT(cat))) < 0)
		return r;
	if ((r = links_source(e)) < 0)
		return r;
	/* kernel_check looks at e->res: swap the second one in for it. */
	tmp = e->res;
	e->res = e->res2;
	e->res2 = tmp;
	r = kernel_check(e, POLICY_BIT(cat));
	/* RENAME_EXCHANGE moves the destination to the source's name too. */
	if (r == 0 && exchange && e->res.exists)
		r = links_source(e);
	tmp = e->res;
	e->res = e->res2;
	e->res2 = tmp;
	return r;
}

/* A name kept with its trailing slash (PATH_LASTNAME)? */
static bool
links_slashed(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && name[n - 1] == '/';
}

/* Are both names in the same directory? */
static bool
links_samedir(struct emu *e)
{
	struct stat a, b;

	return sys_fstatat(e->res.dirfd, "", &a, AT_EMPTY_PATH) == 0 &&
	    sys_fstatat(e->res2.dirfd, "", &b, AT_EMPTY_PATH) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* performed (dispatch.c) */
long
kernel_rename(struct emu *e)
{
	int nr = e->req.data.nr, od = AT_FDCWD, nd = AT_FDCWD, r;
	uint64_t op = kernel_arg(e, 0), np = kernel_arg(e, 1), flags = 0;
	const unsigned pf = PATH_NOFOLLOW | PATH_LASTNAME;

	if (nr != SYS_rename) {
		od = (int)kernel_arg(e, 0);
		op = kernel_arg(e, 1);
		nd = (int)kernel_arg(e, 2);
		np = kernel_arg(e, 3);
		if (nr == SYS_renameat2)
			flags = kernel_arg(e, 4);
	}
	/* The kernel judges the flags before any name. */
	if ((flags & ~(uint64_t)(RENAME_NOREPLACE | RENAME_EXCHANGE |
	    RENAME_WHITEOUT)) || ((flags & (RENAME_NOREPLACE |
	    RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE)))
		return -EINVAL;
	/* A missing source is the kernel's to report, after what it checks
	 * first (the destination's directories, EXDEV, "." and ".."). */
	if ((r = kernel_prepare(e, od, op, pf, false)) < 0)
		return r;
	if ((r = links_second(e, nd, np, pf, POLICY_RENAME,
	    (flags & RENAME_EXCHANGE) != 0)) < 0)
		return r;
	/* A crypt file's pending content goes to disk under its old name
	 * first; what the new name held is no longer that name's. A name
	 * with a trailing slash is a directory's (crypt files are not; the
	 * kernel refuses a file so named): no crypt object moves. */
	if (!links_slashed(e->res.name) && !links_slashed(e->res2.name))
		kernel_crypt_rename(e->res.abs, e->res2.abs, e->res2.name,
		    links_samedir(e), (flags & RENAME_EXCHANGE) != 0);
	return sys_call5(SYS_renameat2, e->res.dirfd, e->res.name,
	    e->res2.dirfd, e->res2.name, flags);
}

/* performed (dispatch.c) */
long
kernel_link(struct emu *e)
{
	bool at = e->req.data.nr == SYS_linkat;
	int od = at ? (int)kernel_arg(e, 0) : AT_FDCWD;
	int nd = at ? (int)kernel_arg(e, 2) : AT_FDCWD;
	int flags = at ? (int)kernel_arg(e, 4) : 0, r;
	unsigned pf = 0;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(flags & AT_SYMLINK_FOLLOW))
		pf |= PATH_NOFOLLOW;
	if (flags & AT_EMPTY_PATH)
		pf |= PATH_EMPTY;
	if ((r = kernel_prepare(e, od, kernel_arg(e, at ? 1 : 0), pf, false)) < 0)
		return r;
	if (!e->res.exists)
		return -ENOENT;
	r = links_second(e, nd, kernel_arg(e, at ? 3 : 1),
	    PATH_NOFOLLOW | PATH_LASTNAME, POLICY_RENAME, false);
	if (r < 0)
		return r;
	if (e->path[0] == '\0')
		return sys_linkat(e->res.dirfd, "", e->res2.dirfd,
		    e->res2.name, AT_EMPTY_PATH);
	if (e->res.magic) {
		/* /proc/self/fd/N of a deleted (or O_TMPFILE) file: link the
		 * object, through syd's own magic link of it, as the
		 * program's is followed natively (AT_EMPTY_PATH would ask
		 * the program for CAP_DAC_READ_SEARCH, or for the very
		 * credentials that opened it, syd's). */
		char p[48];
		int fd = kernel_opath(e);
		if (fd < 0)
			return fd;
		kernel_procfd(p, sizeof(p), fd);
		r = (int)sys_linkat(AT_FDCWD, p, e->res2.dirfd,
		    e->res2.name, AT_SYMLINK_FOLLOW);
		sys_close(fd);
		return r;
	}
	return sys_linkat(e->res.dirfd, e->res.name, e->res2.dirfd,
	    e->res2.name, 0);
}

/* performed (dispatch.c) */
long
kernel_symlink(struct emu *e)
{
	bool at = e->req.data.nr == SYS_symlinkat;
	int dirfd = at ? (int)kernel_arg(e, 1) : AT_FDCWD, r;
	long n;

	/* The link text is data, not a path to resolve: read it once. */
	n = path_read((int)e->req.pid, kernel_arg(e, 0), e->path2,
	    sizeof(e->path2));
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	r = kernel_prepare_new(e, dirfd, kernel_arg(e, at ? 2 : 1),
	    POLICY_SYMLINK, false);
	if (r < 0)
		return r;
	return sys_call3(SYS_symlinkat, e->path2, e->res.dirfd, e->res.name);
}
