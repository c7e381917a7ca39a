/* worker-safe */
/*
 * Listings hide what stat hides: getdents64 (and x86_64's getdents),
 * performed by syd on the target's own open directory (pidfd_getfd: the
 * same open file description, so the same offset), with the entries the
 * stat rules deny, and those with unsafe names (syd(7)), left out. The
 * records kept are moved together unchanged: each d_off is the position
 * after its own entry, so telldir/seekdir and later calls go on from
 * where the kernel stopped.
 */
#include <fcntl.h>
#include <string.h>

#include "kernel/kernel_int.h"

/* struct linux_dirent64: d_ino, d_off, d_reclen (16), d_type (18),
 * d_name (19). struct linux_dirent (x86_64's getdents): the same up to
 * d_reclen, d_name at 18, d_type in the record's last byte. For a name
 * of n bytes both records are n + 20 bytes rounded up to 8. */
#define DENT_RECLEN 16
#define DENT64_TYPE 18
#define DENT64_NAME 19
#define DENT_NAME 18

bool
kernel_dents_hide(const struct policy *p)
{
	int any;

	if (!policy_on(p, POLICY_STAT) || p->trace)
		return false;
	if (!policy_unsafe_on(p, POLICY_UNSAFE_FILENAME))
		return true;
	any = policy_match_any(p, POLICY_STAT);
	return any != POLICY_ALLOW && any != POLICY_WARN;
}

static bool
dents_allowing(int act)
{
	return act == POLICY_ALLOW || act == POLICY_WARN;
}

/* Is "/proc/NAME" syd's own process (kernel_check hides it too)? */
static bool
dents_syd(const struct emu *e, size_t dlen, const char *name)
{
	if (dlen != 5 || memcmp(e->res.abs, "/proc", 5) != 0 ||
	    name[0] < '1' || name[0] > '9')
		return false;
	for (const char *p = name; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return false;
	return path_atoi(name) == e->sb->syd_pid;
}

/*
 * One entry of the directory named e->res.abs[0..dlen) (dlen 0: a
 * directory too deep to name, whose entries all get the action unnamed,
 * -1 when that depends on the name). The path is built in place in
 * e->res.abs, after the directory's name.
 */
static bool
dents_hidden(struct emu *e, size_t dlen, int unnamed, const char *name,
    size_t nlen, bool names)
{
	const struct policy *p = kernel_policy(e);
	size_t at = dlen == 1 ? 1 : dlen + 1;

	if ((nlen == 1 && name[0] == '.') ||
	    (nlen == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	if (names && !path_name_safe(name, nlen))
		return true;
	if (dlen == 0 || at + nlen >= sizeof(e->res.abs)) {
		if (dlen != 0)
			unnamed = policy_match_any(p, POLICY_STAT);
		return !dents_allowing(unnamed); /* -1: hidden */
	}
	if (dents_syd(e, dlen, name))
		return true;
	e->res.abs[dlen] = '/';
	memcpy(e->res.abs + at, name, nlen);
	e->res.abs[at + nlen] = '\0';
	return !dents_allowing(policy_match(p, POLICY_STAT,
	    kernel_match_path(e)));
}

/* struct linux_dirent64 records into struct linux_dirent, in place. */
static void
dents_legacy(char *b, size_t n)
{
	for (size_t off = 0; off < n;) {
		uint16_t rl;
		char type = b[off + DENT64_TYPE];
		size_t nlen;

		memcpy(&rl, b + off + DENT_RECLEN, sizeof(rl));
		nlen = strnlen(b + off + DENT64_NAME, rl - DENT64_NAME);
		memmove(b + off + DENT_NAME, b + off + DENT64_NAME, nlen + 1);
		b[off + rl - 1] = type;
		off += rl;
	}
}

/*
 * Read and filter until something is left or the directory ends (0):
 * a chunk whose entries were all hidden is not the end. The result is
 * at most count bytes, as the kernel's: each read asks for no more.
 */
static long
dents_run(struct emu *e, int fd, uint64_t buf, unsigned count, bool legacy)
{
	const struct policy *p = kernel_policy(e);
	bool names = !policy_unsafe_on(p, POLICY_UNSAFE_FILENAME);
	size_t want = count < sizeof(e->dents) ? count : sizeof(e->dents);
	size_t dlen = e->res.abs[0] == '/' ? strlen(e->res.abs) : 0;
	int unnamed = dlen == 0 ? policy_match_any(p, POLICY_STAT) : 0;
	char *b = e->dents;
	long n;
	size_t out;

	/* Entries are judged by their own path, never by a deleted
	 * directory's old name (kernel_match_path). */
	e->res.magic = false;
	e->res.obj[0] = '\0';
	e->res.obj_alt = false;
	if (dlen == 0 && unnamed < 0)
		return -ENAMETOOLONG; /* as kernel_check for such a name */
	do {
		n = sys_call3(SYS_getdents64, fd, b, want);
		if (n <= 0)
			return n;
		out = 0;
		for (size_t off = 0; off < (size_t)n;) {
			uint16_t rl;
			const char *name = b + off + DENT64_NAME;
			size_t nlen;

			memcpy(&rl, b + off + DENT_RECLEN, sizeof(rl));
			if (rl <= DENT64_NAME || off + rl > (size_t)n)
				return -EIO; /* not the kernel's records */
			nlen = strnlen(name, rl - DENT64_NAME);
			if (!dents_hidden(e, dlen, unnamed, name, nlen,
			    names)) {
				if (out != off)
					memmove(b + out, b + off, rl);
				out += rl;
			}
			off += rl;
		}
	} while (out == 0);
	if (legacy)
		dents_legacy(b, out);
	if (sys_vm_write((int)e->req.pid, b, buf, out) != (long)out)
		return -EFAULT;
	return (long)out;
}

struct kernel_ans
kernel_getdents(struct emu *e)
{
	bool legacy = e->req.data.nr != SYS_getdents64;
	int ours;
	long r;

	/* Nothing can be hidden (the policy changed at run time): the
	 * registers were enough to decide. */
	if (!kernel_dents_hide(kernel_policy(e)))
		return kernel_ans_continue();
	if ((r = kernel_ownfd(e, (int)kernel_arg(e, 0), &ours)) < 0)
		return kernel_result(e, r);
	if (!kernel_valid(e))
		r = -ESRCH;
	else
		r = dents_run(e, ours, kernel_arg(e, 1),
		    (unsigned)kernel_arg(e, 2), legacy);
	sys_close(ours);
	return kernel_result(e, r);
}
