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

/* The remote range [addr, addr + n) cut at page boundaries into
 * remote[*k..max); returns the bytes it covers (all of n unless the
 * pieces ran out). */
static size_t
vm_pieces(struct iovec *remote, int *k, int max, unsigned long addr,
    size_t n)
{
	unsigned long a = addr;

	while (*k < max && (size_t)(a - addr) < n) {
		size_t piece = 4096 - (a & 4095);

		if (piece > n - (size_t)(a - addr))
			piece = n - (size_t)(a - addr);
		remote[*k].iov_base = (void *)a;
		remote[(*k)++].iov_len = piece;
		a += piece;
	}
	return (size_t)(a - addr);
}

long
sys_vm_read_pages(int pid, void *dst, unsigned long addr, size_t n)
{
	struct iovec local = { dst, 0 };
	struct iovec remote[SYS_VM_PIECES];
	int k = 0;

	local.iov_len = vm_pieces(remote, &k, SYS_VM_PIECES, addr, n);
	return sys_call6(SYS_process_vm_readv, pid, (long)&local, 1,
	    (long)remote, k, 0);
}

long
sys_vm_read_pages2(int pid, void *dst, unsigned long addr, size_t n,
    void *dst2, unsigned long addr2, size_t n2)
{
	struct iovec local[2] = { { dst, 0 }, { dst2, 0 } };
	struct iovec remote[2 * SYS_VM_PIECES];
	int k = 0;

	local[0].iov_len = vm_pieces(remote, &k, SYS_VM_PIECES, addr, n);
	if (local[0].iov_len < n)
		return -EINVAL; /* the first range must be read whole */
	local[1].iov_len = vm_pieces(remote, &k, 2 * SYS_VM_PIECES, addr2,
	    n2);
	return sys_call6(SYS_process_vm_readv, pid, (long)local, 2,
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
