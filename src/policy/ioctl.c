/*
 * ioctl request names for allow/ioctl and deny/ioctl: the table made at
 * build time from the kernel headers (mk/ioctl-names.sh, compiled by the
 * target's compiler so each number is the target's: tty, block, net, fs,
 * kvm, drm, input, loop and the other device families), sorted by name.
 * A request not named there can be given as a number (decimal or 0x hex).
 */
/* worker-safe */
#include <errno.h>
#include <string.h>

#include "policy/internal.h"

/* The generated table (build/.../gen/ioctl_names.c); same layout. */
struct syd_ioctl_name {
	const char *name;
	unsigned long req;
};
extern const struct syd_ioctl_name syd_ioctl_names[];
extern const unsigned long syd_ioctl_nnames;

int
policy_ioctl_parse(const char *s, uint64_t *req)
{
	unsigned long lo = 0, hi = syd_ioctl_nnames;

	if (s[0] >= '0' && s[0] <= '9')
		return policy_num(s, req);
	/* Binary search: the generator sorts the names (LC_ALL=C). */
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		int c = strcmp(s, syd_ioctl_names[mid].name);
		if (c == 0) {
			*req = syd_ioctl_names[mid].req;
			return 0;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -EINVAL;
}
