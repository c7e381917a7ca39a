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
sys_vm_read_pages(int pid, void *dst, unsigned long addr, size_t n)
{
	struct iovec local = { dst, 0 };
	struct iovec remote[SYS_VM_PIECES];
	unsigned long a = addr;
	int k = 0;

	while (k < SYS_VM_PIECES && (size_t)(a - addr) < n) {
		size_t piece = 4096 - (a & 4095);

		if (piece > n - (size_t)(a - addr))
			piece = n - (size_t)(a - addr);
		remote[k].iov_base = (void *)a;
		remote[k++].iov_len = piece;
		a += piece;
	}
	local.iov_len = (size_t)(a - addr);
	return sys_call6(SYS_process_vm_readv, pid, (long)&local, 1,
	    (long)remote, k, 0);
}

long
sys_vm_write(int pid, const void *src, unsigned long addr, size_t n)
{
	struct iovec local = { (void *)src, n };
	struct iovec remote = { (void *)addr, n };

	return sys_call6(SYS_process_vm_writev, pid, (long)&local, 1,
	    (long)&remote, 1, 0);
}
