/* worker-safe */
/*
 * Typed wrappers of the calls more than one file outside src/sys makes
 * (each returns the kernel's answer, -errno on failure). The rest are
 * made once, where they are used, with sys_callN.
 */
#include "sys/sys.h"

int
sys_ftruncate(int fd, int64_t len)
{
	return (int)sys_call2(SYS_ftruncate, fd, len);
}

int
sys_fchmod(int fd, unsigned mode)
{
	return (int)sys_call2(SYS_fchmod, fd, mode);
}

int
sys_fchown(int fd, unsigned uid, unsigned gid)
{
	return (int)sys_call3(SYS_fchown, fd, uid, gid);
}

int
sys_fchdir(int fd)
{
	return (int)sys_call1(SYS_fchdir, fd);
}

int
sys_utimensat(int dfd, const char *path, const void *ts, int flags)
{
	return (int)sys_call4(SYS_utimensat, dfd, path, ts, flags);
}

int
sys_linkat(int od, const char *op, int nd, const char *np, int flags)
{
	return (int)sys_call5(SYS_linkat, od, op, nd, np, flags);
}

int
sys_unlinkat(int dfd, const char *path, int flags)
{
	return (int)sys_call3(SYS_unlinkat, dfd, path, flags);
}

long
sys_pread(int fd, void *buf, size_t n, int64_t off)
{
	return sys_call4(SYS_pread64, fd, buf, n, off);
}

int64_t
sys_lseek(int fd, int64_t off, int whence)
{
	return sys_call3(SYS_lseek, fd, off, whence);
}

int
sys_memfd_create(const char *name, unsigned flags)
{
	return (int)sys_call2(SYS_memfd_create, name, flags);
}

long
sys_getrandom(void *buf, size_t n, unsigned flags)
{
	return sys_call3(SYS_getrandom, buf, n, flags);
}

int
sys_setfsuid(int uid)
{
	return (int)sys_call1(SYS_setfsuid, uid);
}

int
sys_setfsgid(int gid)
{
	return (int)sys_call1(SYS_setfsgid, gid);
}

long
sys_sendto(int fd, const void *buf, size_t n, int flags, const void *addr,
    unsigned alen)
{
	return sys_call6(SYS_sendto, fd, (long)buf, (long)n, flags, (long)addr,
	    alen);
}

int
sys_getsockopt(int fd, int level, int opt, void *val, unsigned *len)
{
	return (int)sys_call5(SYS_getsockopt, fd, level, opt, val, len);
}

int
sys_epoll_ctl(int ep, int op, int fd, void *ev)
{
	return (int)sys_call4(SYS_epoll_ctl, ep, op, fd, ev);
}

int
sys_landlock_create_ruleset(const void *attr, size_t size, unsigned flags)
{
	return (int)sys_call3(SYS_landlock_create_ruleset, attr, size, flags);
}

int
sys_landlock_add_rule(int rs, int type, const void *attr, unsigned flags)
{
	return (int)sys_call4(SYS_landlock_add_rule, rs, type, attr, flags);
}
