/* worker-safe */
/*
 * Target memory. process_vm_readv copies at most to the first unmapped
 * page, so a short count is normal at a mapping's end and callers decide
 * whether the bytes they got are enough.
 */
#include <sys/uio.h>

#include "sys/sys.h"

long
sys_vm_read(int pid, void *dst, unsigned long addr, size_t n)
{
	struct iovec local = { dst, n };
	struct iovec remote = { (void *)addr, n };

	return sys_call6(SYS_process_vm_readv, pid, (long)&local, 1,
	    (long)&remote, 1, 0);
}

long
sys_vm_write(int pid, const void *src, unsigned long addr, size_t n)
{
	struct iovec local = { (void *)src, n };
	struct iovec remote = { (void *)addr, n };

	return sys_call6(SYS_process_vm_writev, pid, (long)&local, 1,
	    (long)&remote, 1, 0);
}
