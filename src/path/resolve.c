/* worker-safe */
/*
 * openat2(2)'s RESOLVE_* flags on the walk (canon.c), refused where and
 * as the kernel's lookup refuses them (fs/namei.c): an absolute link or
 * ".." out of a RESOLVE_BENEATH base and a magic link in a scoped
 * lookup are EXDEV, a mount crossed under RESOLVE_NO_XDEV too, a
 * symlink followed under RESOLVE_NO_SYMLINKS and a magic link under
 * RESOLVE_NO_MAGICLINKS ELOOP. Under RESOLVE_IN_ROOT the base is the
 * root of every absolute name. The flags only refuse: the walk's
 * canonical name, which rules judge, stays the object's real one.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <string.h>

#include "path/walk.h"
#include "sys/sys.h"

#define RES_STATX_MNT_ID 0x1000U
#define RES_STX_MNT_ID 0x90 /* offset of stx_mnt_id in struct statx */

/* The mount of name below fd ("" for fd itself; followed when follow):
 * 0 with *id, or -errno. */
static int
res_mnt(int fd, const char *name, bool follow, uint64_t *id)
{
	unsigned char stx[256];
	uint32_t mask;
	int e;

	memset(stx, 0, sizeof(stx));
	e = sys_statx(fd, name, (name[0] == '\0' ? AT_EMPTY_PATH : 0) |
	    (follow ? 0 : AT_SYMLINK_NOFOLLOW), RES_STATX_MNT_ID, stx);
	if (e < 0)
		return e;
	memcpy(&mask, stx, sizeof(mask));
	if (!(mask & RES_STATX_MNT_ID))
		return -EXDEV; /* cannot tell: refuse */
	memcpy(id, stx + RES_STX_MNT_ID, sizeof(*id));
	return 0;
}

/* 0 when name below a (followed) is on b's mount, else -EXDEV or the
 * error of asking. */
static int
res_same_mnt(int a, const char *name, int b)
{
	uint64_t ma, mb;
	int e;

	if ((e = res_mnt(a, name, true, &ma)) < 0 ||
	    (e = res_mnt(b, "", false, &mb)) < 0)
		return e;
	return ma == mb ? 0 : -EXDEV;
}

unsigned long
walk_xdev(const struct walk *w)
{
	return (w->flags & PATH_NO_XDEV) && w->xresume == NULL ?
	    RESOLVE_NO_XDEV : 0;
}

int
walk_scope(struct walk *w)
{
	if (!(w->flags & PATH_SCOPED))
		return 0;
	w->sfd = sys_fcntl(w->cur, F_DUPFD_CLOEXEC, 0);
	if (w->sfd < 0)
		return w->sfd;
	w->slen = w->alen;
	return 0;
}

/*
 * An absolute link's text: the kernel's nd_jump_root. Refused beneath
 * a base; under RESOLVE_NO_XDEV when the link's directory is not on
 * the root's mount, and (as the kernel compares with a root it has not
 * set yet) before an absolute name or a ".." set it; in the base
 * itself under RESOLVE_IN_ROOT.
 */
int
walk_jump(struct walk *w)
{
	int e, fd;

	if (w->flags & PATH_BENEATH)
		return -EXDEV;
	if (walk_xdev(w) && !w->rootset && !(w->flags & PATH_SCOPED))
		return -EXDEV;
	if (walk_xdev(w) && (e = res_same_mnt(w->cur, "",
	    (w->flags & PATH_IN_ROOT) ? w->sfd : w->c->rootfd)) < 0)
		return e;
	w->rootset = true;
	if (!(w->flags & PATH_IN_ROOT))
		return walk_root(w);
	if ((fd = sys_fcntl(w->sfd, F_DUPFD_CLOEXEC, 0)) < 0)
		return fd;
	w->alen = w->slen;
	w->abs[w->alen] = '\0';
	return walk_set(w, fd);
}

/*
 * A link comp about to be followed: ELOOP under RESOLVE_NO_SYMLINKS
 * (the kernel refuses before it reads one: another process's magic
 * link too). Not a link: 0, the caller finds out what it is.
 */
int
walk_nolinks(struct walk *w, const char *comp)
{
	struct stat st;

	if (!(w->flags & PATH_NO_SYMLINKS) ||
	    sys_fstatat(w->cur, comp, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISLNK(st.st_mode))
		return 0;
	return -ELOOP;
}

/*
 * A magic link about to be followed, its process's access checked and
 * its text read (as the kernel does first): never in the cache (EAGAIN
 * under RESOLVE_CACHED), ELOOP under RESOLVE_NO_MAGICLINKS, EXDEV to an
 * object on another mount under RESOLVE_NO_XDEV and in any scoped
 * lookup (nd_jump_link).
 */
int
walk_magic_flags(struct walk *w, const char *comp)
{
	int e;

	if (w->flags & PATH_CACHED)
		return -EAGAIN;
	if (w->flags & PATH_NO_MAGICLINKS)
		return -ELOOP;
	if ((w->flags & PATH_NO_XDEV) &&
	    (e = res_same_mnt(w->cur, comp, w->cur)) < 0)
		return e;
	if (w->flags & PATH_SCOPED)
		return -EXDEV;
	return 0;
}
