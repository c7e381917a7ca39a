/* main thread only */
/*
 * syd-elf [-36dhpstxX] FILE: what syd's exec checks see in a file
 * (kernel/elf.c's reader), one line of colon-separated fields:
 *   FILE:ELF:TYPE:BITS:LINKING:PIE:STACK:ARCH
 * TYPE rel, exe, dyn or core (e_type); BITS 32 or 64; LINKING static or
 * dynamic (PT_INTERP); PIE pie or nopie (ET_DYN); STACK xs (an executable
 * stack: PT_GNU_STACK with PF_X, or none at all) or noxs; ARCH the
 * machine (x86_64, x86, x32, aarch64, arm, ...). A script (#!) is
 * FILE:SCRIPT. The query options print nothing and exit 0 when the file
 * is what they ask, 1 when not; -t prints TYPE (or script).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "applet.h"
#include "kernel/kernel.h"

static const char *
elf_type(unsigned t)
{
	switch (t) {
	case ET_REL: return "rel";
	case ET_EXEC: return "exe";
	case ET_DYN: return "dyn";
	case ET_CORE: return "core";
	default: return "unknown";
	}
}

static const char *
elf_arch(unsigned m, bool is32, char *buf, size_t n)
{
	switch (m) {
	case EM_X86_64: return is32 ? "x32" : "x86_64";
	case EM_386: return "x86";
	case EM_AARCH64: return "aarch64";
	case EM_ARM: return "arm";
	case EM_RISCV: return is32 ? "riscv32" : "riscv64";
	case EM_PPC64: return "ppc64";
	case EM_PPC: return "ppc";
	case EM_S390: return is32 ? "s390" : "s390x";
	case EM_MIPS: return is32 ? "mips" : "mips64";
#ifdef EM_LOONGARCH
	case EM_LOONGARCH: return "loongarch64";
#endif
	default:
		snprintf(buf, n, "machine%u", m);
		return buf;
	}
}

int
applet_elf(int argc, char **argv)
{
	struct kernel_elf e = { 0 };
	unsigned char h[20] = { 0 };
	char abuf[32];
	int c, q = 0, fd, r;
	bool script;
	ssize_t n;

	while ((c = getopt(argc, argv, "36dhpstxX")) != -1) {
		if (c == 'h') {
			puts("usage: syd-elf [-36dhpstxX] binary|script\n"
			    "Prints FILE:ELF:TYPE:BITS:LINKING:PIE:STACK:ARCH; "
			    "see syd-applets(1).");
			return 0;
		}
		if (c == '?')
			return 100;
		q = c;
	}
	if (argc - optind != 1)
		applet_die(100, "one file (see -h)");
	const char *path = argv[optind];
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		applet_die(1, "%s: %s", path, strerror(errno));
	n = pread(fd, h, sizeof(h), 0);
	script = n >= 2 && h[0] == '#' && h[1] == '!';
	if (!script && (r = kernel_elf_read(fd, &e)) < 0)
		applet_die(1, "%s: %s", path, r == -ENOEXEC ? "a malformed or "
		    "truncated ELF file" : strerror(-r));
	close(fd);
	if (!script && !e.elf)
		applet_die(1, "%s: neither an ELF file nor a script", path);
	bool big = h[EI_DATA] == ELFDATA2MSB;
	unsigned mach = big ? (unsigned)h[18] << 8 | h[19] :
	    (unsigned)h[19] << 8 | h[18];
	bool dyn = e.interp, pie = e.type == ET_DYN;
	bool xs = e.stack_x || !e.stack_seen;
	switch (q) {
	case '3': return script || !e.is32;
	case '6': return script || e.is32;
	case 'd': return script || !dyn;
	case 's': return script || dyn;
	case 'p': return script || !pie;
	case 'x': return !script;
	case 'X': return script || !xs;
	case 't':
		puts(script ? "script" : elf_type(e.type));
		return 0;
	}
	if (script)
		printf("%s:SCRIPT\n", path);
	else
		printf("%s:ELF:%s:%d:%s:%s:%s:%s\n", path, elf_type(e.type),
		    e.is32 ? 32 : 64, dyn ? "dynamic" : "static",
		    pie ? "pie" : "nopie", xs ? "xs" : "noxs",
		    elf_arch(mach, e.is32, abuf, sizeof(abuf)));
	return 0;
}
