/*
 * xattrat PATH   setxattrat(2) (Linux 6.13) of user.syd=v1 on PATH, then
 *                getxattrat(2) of it: "setxattrat = 0|-1 ENAME" and
 *                "getxattrat = N|-1 ENAME". The *xattrat calls are not
 *                emulated by syd: with chattr or stat checked they must
 *                not reach the file (ENOSYS, libc falls back).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

struct xattr_args_ { uint64_t value; uint32_t size, flags; };

int
main(int argc, char **argv)
{
	char v[8] = "v1", g[8];
	struct xattr_args_ a = { (uintptr_t)v, 2, 0 };
	long r;

	if (argc != 2)
		return 2;
	r = syscall(463 /* setxattrat */, AT_FDCWD, argv[1], 0, "user.syd",
	    &a, sizeof(a));
	if (r < 0)
		printf("setxattrat = -1 %s\n", ename(errno));
	else
		printf("setxattrat = %ld\n", r);
	a.value = (uintptr_t)g;
	a.size = sizeof(g);
	r = syscall(464 /* getxattrat */, AT_FDCWD, argv[1], 0, "user.syd",
	    &a, sizeof(a));
	if (r < 0)
		printf("getxattrat = -1 %s\n", ename(errno));
	else
		printf("getxattrat = %ld\n", r);
	return 0;
}
