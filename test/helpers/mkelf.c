/*
 * mkelf FILE CLASS TYPE STACK INTERP [CUT]
 *
 * Writes a small ELF file for the ELF-check tests, whose header says what
 * syd's checks look at and nothing more (no PT_LOAD: the kernel cannot
 * run it, and says so its own way): CLASS 32 or 64; TYPE exec (ET_EXEC)
 * or dyn (ET_DYN); STACK none (no PT_GNU_STACK), rw or rwx; INTERP 1 for
 * a PT_INTERP program header (a PT_NULL one comes first). e_machine is this machine's (for class 32
 * on x86_64, i386). CUT: write only that many bytes (a truncated ELF).
 * Mode 0755. Exit 0; 1 on errors, 2 on usage errors.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__)
#define MACH64 EM_X86_64
#define MACH32 EM_386
#elif defined(__aarch64__)
#define MACH64 EM_AARCH64
#define MACH32 EM_ARM
#else
#error "mkelf: unknown machine"
#endif

/* The header and program headers of one class into buf; sets len. */
#define MKELF(Ehdr, Phdr, CLASS, MACH) do {				\
	Ehdr *h = (Ehdr *)buf;						\
	Phdr *ph = (Phdr *)(buf + sizeof(*h));				\
	memcpy(h->e_ident, ELFMAG, SELFMAG);				\
	h->e_ident[EI_CLASS] = CLASS;					\
	h->e_ident[EI_DATA] = ELFDATA2LSB;				\
	h->e_ident[EI_VERSION] = EV_CURRENT;				\
	h->e_type = type;						\
	h->e_machine = MACH;						\
	h->e_version = EV_CURRENT;					\
	h->e_phoff = sizeof(*h);					\
	h->e_ehsize = sizeof(*h);					\
	h->e_phentsize = sizeof(*ph);					\
	ph[n++].p_type = PT_NULL; /* at least one program header */	\
	if (stack) {							\
		ph[n].p_type = PT_GNU_STACK;				\
		ph[n++].p_flags = stack;				\
	}								\
	if (interp) {							\
		ph[n].p_type = PT_INTERP;				\
		ph[n].p_flags = PF_R;					\
		ph[n].p_offset = 300;					\
		ph[n++].p_filesz = 12;					\
		memcpy(buf + 300, "/nonexistent", 12);			\
	}								\
	h->e_phnum = n;							\
	len = interp ? 313 : sizeof(*h) + n * sizeof(*ph);		\
} while (0)

int
main(int argc, char **argv)
{
	unsigned char buf[512];
	size_t len, cut;
	int fd, n = 0, is64, stack, interp, type;

	if (argc < 6) {
		fprintf(stderr, "usage: mkelf FILE 32|64 exec|dyn "
		    "none|rw|rwx 0|1 [CUT]\n");
		return 2;
	}
	is64 = strcmp(argv[2], "64") == 0;
	type = strcmp(argv[3], "exec") == 0 ? ET_EXEC : ET_DYN;
	stack = strcmp(argv[4], "none") == 0 ? 0 : strcmp(argv[4], "rw") == 0 ?
	    PF_R | PF_W : PF_R | PF_W | PF_X;
	interp = atoi(argv[5]);
	memset(buf, 0, sizeof(buf));
	if (is64)
		MKELF(Elf64_Ehdr, Elf64_Phdr, ELFCLASS64, MACH64);
	else
		MKELF(Elf32_Ehdr, Elf32_Phdr, ELFCLASS32, MACH32);
	cut = argc > 6 ? (size_t)atol(argv[6]) : len;
	if (cut > len)
		cut = len;
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, buf, cut) != (ssize_t)cut || close(fd) < 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
