/* worker-safe */
/*
 * This thread's capability sets as two 64-bit masks. capset(2) acts on
 * the calling thread only (musl's wrappers are not used: they would not
 * be worker-safe), so an emulator can narrow or widen its own effective
 * set within its permitted one without touching other threads.
 */
#include <errno.h>
#include <linux/capability.h>

#include "sys/sys.h"

static int
caps_read(struct __user_cap_header_struct *h, struct __user_cap_data_struct d[2])
{
	h->version = _LINUX_CAPABILITY_VERSION_3;
	h->pid = 0;
	return (int)sys_call2(SYS_capget, h, d);
}

int
sys_caps_get(uint64_t *eff, uint64_t *perm)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[2];
	int r = caps_read(&h, d);

	if (r < 0)
		return r;
	if (eff != NULL)
		*eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	if (perm != NULL)
		*perm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	return 0;
}

int
sys_caps_set_effective(uint64_t eff)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[2];
	int r = caps_read(&h, d);

	if (r < 0)
		return r;
	d[0].effective = (uint32_t)eff;
	d[1].effective = (uint32_t)(eff >> 32);
	return (int)sys_call2(SYS_capset, &h, d);
}

int
sys_caps_raise(uint64_t add, uint64_t *saved)
{
	uint64_t eff, perm;
	int r = sys_caps_get(&eff, &perm);

	if (r < 0)
		return r;
	if ((add & perm) == 0)
		return -EPERM;
	*saved = eff;
	return sys_caps_set_effective(eff | (add & perm));
}
