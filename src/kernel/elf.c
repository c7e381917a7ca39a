/* worker-safe */
/*
 * ELF checks at exec (syd 3's): the ELF header and program headers of the
 * file being executed, read through an fd syd holds on that very file
 * (the exec check's own, or /proc/PID/exe at the exec stop), never by
 * name again. Every offset and count is bounds-checked; a file that
 * starts like an ELF but cannot be read whole as one is refused (fail
 * closed). A file that is not an ELF at all (a #! script, a binfmt_misc
 * format) is the kernel's to judge.
 */
#include <fcntl.h>
#include <string.h>

#include "rt/rt.h"

#include "kernel/kernel.h"
#include "policy/policy.h"
#include "sys/sys.h"

#define ELF_PT_INTERP 3
#define ELF_PT_GNU_STACK 0x6474e551u
#define ELF_PF_X 1u
#define ELF_ET_EXEC 2
#define ELF_ET_DYN 3
/* The kernel's own bound on the program header table (load_elf_phdrs). */
#define ELF_PH_MAX 65536u

static uint64_t
elf_get(const uint8_t *b, unsigned n, bool be)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)b[be ? n - 1 - i : i] << (8 * i);
	return v;
}

/* The program headers in ph (len bytes, whole entries) into out. */
static void
elf_phdrs(const uint8_t *ph, size_t len, unsigned entsz, bool is64, bool be,
    struct kernel_elf *out)
{
	for (size_t o = 0; o + entsz <= len; o += entsz) {
		uint32_t type = (uint32_t)elf_get(ph + o, 4, be);
		uint32_t flags = (uint32_t)elf_get(ph + o + (is64 ? 4 : 24), 4,
		    be);
		if (type == ELF_PT_INTERP)
			out->interp = true;
		if (type == ELF_PT_GNU_STACK) {
			out->stack_seen = true;
			out->stack_x = (flags & ELF_PF_X) != 0;
		}
	}
}

/*
 * One read of the file's first page holds the ELF header and, in every
 * ordinary executable, the program headers after it: the table is read
 * again only when it lies (partly) beyond.
 */
int
kernel_elf_read(int fd, struct kernel_elf *out)
{
	uint8_t b[4096];
	const uint8_t *h = b;
	uint64_t phoff, size, done;
	unsigned entsz, num, need;
	bool is64, be;
	long n;

	memset(out, 0, sizeof(*out));
	n = sys_pread(fd, b, sizeof(b), 0);
	if (n < 0)
		return (int)n;
	if (n < 4 || memcmp(h, "\177ELF", 4) != 0)
		return 0; /* not an ELF: not ours to judge */
	out->elf = true;
	if (n < 20 || (h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2))
		return -ENOEXEC;
	is64 = h[4] == 2;
	be = h[5] == 2;
	if (n < (is64 ? 64 : 52))
		return -ENOEXEC;
	out->is32 = !is64;
	out->type = (unsigned)elf_get(h + 16, 2, be);
	phoff = is64 ? elf_get(h + 32, 8, be) : elf_get(h + 28, 4, be);
	entsz = (unsigned)elf_get(h + (is64 ? 54 : 42), 2, be);
	num = (unsigned)elf_get(h + (is64 ? 56 : 44), 2, be);
	need = is64 ? 56 : 32;
	/* What the kernel would refuse to load anyway, refused too. */
	if (entsz != need || num == 0 || (uint64_t)num * entsz > ELF_PH_MAX ||
	    phoff > UINT64_MAX - (uint64_t)num * entsz)
		return -ENOEXEC;
	size = (uint64_t)num * entsz;
	if (phoff + size <= (uint64_t)n) {
		elf_phdrs(b + phoff, (size_t)size, entsz, is64, be, out);
		return 0;
	}
	for (done = 0; done < size; ) {
		size_t want = size - done > sizeof(b) ? sizeof(b) /
		    entsz * entsz : (size_t)(size - done);
		n = sys_pread(fd, b, want, (long)(phoff + done));
		if (n < 0)
			return (int)n;
		if ((size_t)n != want)
			return -ENOEXEC; /* truncated */
		elf_phdrs(b, want, entsz, is64, be, out);
		done += want;
	}
	return 0;
}

const char *
kernel_elf_refused(const struct policy *p, const struct kernel_elf *e,
    const char **hatch)
{
	/* Not an ELF, or no executable one: the kernel refuses it itself. */
	if (!e->elf || (e->type != ELF_ET_EXEC && e->type != ELF_ET_DYN))
		return NULL;
	if (e->type == ELF_ET_EXEC &&
	    !policy_unsafe_on(p, POLICY_UNSAFE_EXEC_NOPIE)) {
		*hatch = "trace/allow_unsafe_exec_nopie";
		return "not a PIE (ET_EXEC)";
	}
	if ((e->stack_x || !e->stack_seen) &&
	    !policy_unsafe_on(p, POLICY_UNSAFE_EXEC_STACK)) {
		*hatch = "trace/allow_unsafe_exec_stack";
		return e->stack_x ? "an executable stack (PT_GNU_STACK with "
		    "PF_X)" : "no PT_GNU_STACK (an executable stack)";
	}
	if (e->is32 && (p->elf_deny & POLICY_ELF_DENY_32)) {
		*hatch = "trace/deny_elf32";
		return "a 32-bit ELF";
	}
	if (!e->interp && (p->elf_deny & POLICY_ELF_DENY_STATIC)) {
		*hatch = "trace/deny_elf_static";
		return "statically linked (no PT_INTERP)";
	}
	if (e->interp && (p->elf_deny & POLICY_ELF_DENY_DYNAMIC)) {
		*hatch = "trace/deny_elf_dynamic";
		return "dynamically linked (PT_INTERP)";
	}
	return NULL;
}
