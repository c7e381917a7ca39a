/* worker-safe */
/*
 * Extended attributes. Setting and removing is the chattr category;
 * getting and listing is stat (a hidden path answers ENOENT). Names and
 * values are read from the target once, within the kernel's limits.
 * There is no *xattrat before Linux 6.13: the object is pinned with
 * O_PATH and named through /proc/thread-self/fd/N.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kernel/kernel_int.h"

#define XATTR_NAME_MAX_ 255
#define XATTR_SIZE_MAX_ 65536

static int
xattr_nr(int nr)
{
	switch (nr) {
	case SYS_setxattr: case SYS_lsetxattr: case SYS_fsetxattr:
		return 's';
	case SYS_removexattr: case SYS_lremovexattr: case SYS_fremovexattr:
		return 'r';
	case SYS_getxattr: case SYS_lgetxattr:
		return 'g';
	default:
		return 'l';
	}
}

static bool
xattr_nofollow(int nr)
{
	return nr == SYS_lsetxattr || nr == SYS_lremovexattr ||
	    nr == SYS_lgetxattr || nr == SYS_llistxattr;
}

/* Perform op on the object named p (its last name not followed when
 * nofollow); value buffer v of size n. */
static long
xattr_do(struct emu *e, const char *p, bool nofollow, int op,
    const char *name, char *v, size_t n)
{
	switch (op) {
	case 's':
		return sys_call5(nofollow ? SYS_lsetxattr : SYS_setxattr, p,
		    name, v, n, kernel_arg(e, 4));
	case 'r':
		return sys_call2(nofollow ? SYS_lremovexattr :
		    SYS_removexattr, p, name);
	case 'g':
		return sys_call4(nofollow ? SYS_lgetxattr : SYS_getxattr, p,
		    name, n ? v : NULL, n);
	default:
		return sys_call3(nofollow ? SYS_llistxattr : SYS_listxattr, p,
		    n ? v : NULL, n);
	}
}

/*
 * POSIX ACLs carry ids: in a user namespace that maps only syd's own
 * (sandbox.h, idmap), the kernel reads an unmapped one of a named user
 * or group entry (tags 2 and 8) as -1 and refuses one written with
 * EINVAL. Entries are 8 bytes (tag, perm, id) after a 4-byte header.
 */
static int
xattr_acl_ids(const struct emu *e, const char *name, char *v, long n,
    bool set)
{
	const struct sandbox *sb = e->sb;

	if (!sb->idmap || n < 4 ||
	    (strcmp(name, "system.posix_acl_access") != 0 &&
	    strcmp(name, "system.posix_acl_default") != 0))
		return 0;
	for (long i = 4; i + 8 <= n; i += 8) {
		uint16_t tag;
		uint32_t id, mine;
		memcpy(&tag, v + i, sizeof(tag));
		memcpy(&id, v + i + 4, sizeof(id));
		if (tag != 2 && tag != 8)
			continue;
		mine = tag == 2 ? sb->idmap_uid : sb->idmap_gid;
		if (id == mine)
			continue;
		if (set)
			return -EINVAL;
		id = (uint32_t)-1;
		memcpy(v + i + 4, &id, sizeof(id));
	}
	return 0;
}

/* The result r of op; a value or list read is copied to the target (an
 * ACL's ids as the user namespace shows them). */
static long
xattr_out(struct emu *e, long r, int op, const char *name, char *v, size_t n)
{
	if (op == 'g' && r > 0 && n > 0)
		xattr_acl_ids(e, name, v, r, false);
	if (r > 0 && (op == 'g' || op == 'l') && n > 0 &&
	    sys_vm_write((int)e->req.pid, v, kernel_arg(e, op == 'g' ? 2 : 1),
	    (size_t)r) != r)
		return -EFAULT;
	return r;
}

static long
xattr_run(struct emu *e, char *v)
{
	int nr = e->req.data.nr, op = xattr_nr(nr), fd, pid = (int)e->req.pid;
	bool byfd = nr == SYS_fsetxattr || nr == SYS_fremovexattr;
	uint64_t caps = POLICY_BIT(op == 's' || op == 'r' ? POLICY_CHATTR :
	    POLICY_STAT);
	size_t n = op == 's' ? kernel_arg(e, 3) : op == 'g' ? kernel_arg(e, 3) :
	    op == 'l' ? kernel_arg(e, 2) : 0;
	char name[XATTR_NAME_MAX_ + 1], p[48];
	long r;

	if (n > XATTR_SIZE_MAX_)
		n = op == 's' ? (size_t)-1 : XATTR_SIZE_MAX_;
	if (n == (size_t)-1)
		return -E2BIG;
	if (op != 'l') {
		r = path_read(pid, kernel_arg(e, 1), name, sizeof(name));
		if (r < 0)
			return r == -ENAMETOOLONG ? -ERANGE : r;
	}
	if (op == 's' && n > 0 && sys_vm_read(pid, v, kernel_arg(e, 2), n) !=
	    (long)n)
		return -EFAULT;
	if (byfd) {
		if ((r = kernel_ownfd(e, (int)kernel_arg(e, 0), &fd)) < 0)
			return r;
		if (!kernel_valid(e) || (kernel_is_path(e) &&
		    (r = kernel_check(e, caps)) < 0)) {
			sys_close(fd);
			return kernel_valid(e) ? r : -ESRCH;
		}
		if (op == 's' && (r = xattr_acl_ids(e, name, v, (long)n,
		    true)) < 0) {
			sys_close(fd);
			return r;
		}
		r = op == 's' ? sys_call5(SYS_fsetxattr, fd, name, v, n,
		    kernel_arg(e, 4)) : sys_call2(SYS_fremovexattr, fd, name);
		sys_close(fd);
		return r;
	}
	r = kernel_prepare(e, AT_FDCWD, kernel_arg(e, 0),
	    xattr_nofollow(nr) ? PATH_NOFOLLOW : 0, false);
	if (r < 0)
		return r;
	if (!e->res.exists)
		return -ENOENT;
	if ((r = kernel_check(e, caps)) < 0)
		return r;
	if (op == 's' && (r = xattr_acl_ids(e, name, v, (long)n, true)) < 0)
		return r;
	/* A symbolic link has attributes of its own (trusted.*,
	 * security.*; the kernel refuses user.* on it): named through its
	 * pinned parent, whose last name the l* call does not follow. */
	if (S_ISLNK(e->res.mode)) {
		char lp[sizeof(p) + NAME_MAX + 2];

		kernel_procfd(p, sizeof(p), e->res.dirfd);
		snprintf(lp, sizeof(lp), "%s/%s", p, e->res.name);
		return xattr_out(e, xattr_do(e, lp, true, op, name, v, n), op,
		    name, v, n);
	}
	if ((fd = kernel_opath(e)) < 0)
		return fd;
	kernel_procfd(p, sizeof(p), fd);
	r = xattr_do(e, p, false, op, name, v, n);
	sys_close(fd);
	return xattr_out(e, r, op, name, v, n);
}

struct kernel_ans
kernel_xattr(struct emu *e)
{
	/* 64 KiB on the emulator's own stack (SYD_STACK_SIZE): no heap on
	 * this path, and no TLS on raw clone threads. */
	char v[XATTR_SIZE_MAX_];

	return kernel_result(e, xattr_run(e, v));
}
