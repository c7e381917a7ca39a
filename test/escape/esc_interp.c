/*
 * esc_interp mk INTERP PROG NAME
 * esc_interp run PROG [MEMFD_SRC]
 *
 * Running code through the program interpreter (PT_INTERP) of an ELF:
 * the kernel opens and maps the interpreter itself, by the name in the
 * program's header, so the execve check never sees it.
 *
 * mk writes two small PIEs of this machine (PT_GNU_STACK rw, one PT_LOAD
 * of the whole file): INTERP (unless "-"), whose code prints "ESCAPED
 * interp" and exits 0, and PROG, whose PT_INTERP is NAME and whose own
 * code (never run when its interpreter is loaded) exits 3.
 *
 * run executes PROG; with MEMFD_SRC, the file MEMFD_SRC is first copied
 * into a memfd that becomes fd 7 (for NAME /proc/self/fd/7: an
 * interpreter that never had a name). If the exec fails it prints
 * "BLOCKED exec=ERRNO" and exits 1. Exit 2 on other errors.
 */
#include <elf.h>
#include <sys/mman.h>

#include "esc.h"

/* The layout of both files: headers, code at 256, text at 320, NAME at
 * 384. */
#define CODE 256
#define TEXT 320
#define NAME 384

static const char msg[] = "ESCAPED interp\n";

#if defined(__x86_64__)
#define MACH EM_X86_64
/* write(1, msg, len); exit(0) */
static const unsigned char interp_code[] = {
	0xb8, 1, 0, 0, 0,			/* mov $1, %eax */
	0xbf, 1, 0, 0, 0,			/* mov $1, %edi */
	0x48, 0x8d, 0x35, TEXT - (CODE + 17), 0, 0, 0, /* lea msg(%rip), %rsi */
	0xba, sizeof(msg) - 1, 0, 0, 0,		/* mov $len, %edx */
	0x0f, 0x05,				/* syscall */
	0xb8, 60, 0, 0, 0,			/* mov $60, %eax */
	0xbf, 0, 0, 0, 0,			/* mov $0, %edi */
	0x0f, 0x05,				/* syscall */
};
/* exit(3) */
static const unsigned char prog_code[] = {
	0xb8, 60, 0, 0, 0, 0xbf, 3, 0, 0, 0, 0x0f, 0x05,
};
#elif defined(__aarch64__)
#define MACH EM_AARCH64
#define MOVZ(rd, imm) (0xd2800000u | (unsigned)(imm) << 5 | (rd))
#define ADR(rd, off) (0x10000000u | ((unsigned)(off) & 3) << 29 | \
	((unsigned)(off) >> 2) << 5 | (rd))
#define SVC0 0xd4000001u
static const unsigned int interp_code[] = {
	MOVZ(0, 1), ADR(1, TEXT - (CODE + 4)), MOVZ(2, sizeof(msg) - 1),
	MOVZ(8, 64), SVC0, MOVZ(0, 0), MOVZ(8, 93), SVC0,
};
static const unsigned int prog_code[] = {
	MOVZ(0, 3), MOVZ(8, 93), SVC0,
};
#else
#error "x86_64 or aarch64"
#endif

/* One file: code (of len bytes), and a PT_INTERP of name unless NULL. */
static int
mk(const char *file, const void *code, size_t len, const char *name)
{
	unsigned char buf[NAME + 4096];
	Elf64_Ehdr *h = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph = (Elf64_Phdr *)(buf + sizeof(*h));
	size_t size = name ? NAME + strlen(name) + 1 : NAME;
	int fd, n = 0;

	if (name != NULL && strlen(name) >= 4096)
		return -1;
	memset(buf, 0, sizeof(buf));
	memcpy(h->e_ident, ELFMAG, SELFMAG);
	h->e_ident[EI_CLASS] = ELFCLASS64;
	h->e_ident[EI_DATA] = ELFDATA2LSB;
	h->e_ident[EI_VERSION] = EV_CURRENT;
	h->e_type = ET_DYN;
	h->e_machine = MACH;
	h->e_version = EV_CURRENT;
	h->e_entry = CODE;
	h->e_phoff = sizeof(*h);
	h->e_ehsize = sizeof(*h);
	h->e_phentsize = sizeof(*ph);
	if (name != NULL) { /* PT_INTERP comes before any PT_LOAD */
		ph[n].p_type = PT_INTERP;
		ph[n].p_flags = PF_R;
		ph[n].p_offset = ph[n].p_vaddr = ph[n].p_paddr = NAME;
		ph[n].p_filesz = ph[n].p_memsz = strlen(name) + 1;
		ph[n++].p_align = 1;
		memcpy(buf + NAME, name, strlen(name) + 1);
	}
	ph[n].p_type = PT_LOAD;
	ph[n].p_flags = PF_R | PF_X;
	ph[n].p_filesz = ph[n].p_memsz = size;
	ph[n++].p_align = 4096;
	ph[n].p_type = PT_GNU_STACK;
	ph[n++].p_flags = PF_R | PF_W;
	h->e_phnum = (Elf64_Half)n;
	memcpy(buf + CODE, code, len);
	memcpy(buf + TEXT, msg, sizeof(msg));
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size || close(fd) < 0)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	char buf[8192];
	ssize_t n;
	int src, fd;

	if (argc == 5 && strcmp(argv[1], "mk") == 0) {
		if ((strcmp(argv[2], "-") != 0 && mk(argv[2], interp_code,
		    sizeof(interp_code), NULL) < 0) ||
		    mk(argv[3], prog_code, sizeof(prog_code), argv[4]) < 0) {
			printf("ERROR mk: %s\n", strerror(errno));
			return 2;
		}
		return 0;
	}
	if ((argc != 3 && argc != 4) || strcmp(argv[1], "run") != 0) {
		fprintf(stderr, "usage: esc_interp mk INTERP PROG NAME | "
		    "run PROG [MEMFD_SRC]\n");
		return 2;
	}
	if (argc == 4) {
		if ((src = open(argv[3], O_RDONLY | O_CLOEXEC)) < 0 ||
		    (fd = (int)syscall(SYS_memfd_create, "interp", 0)) < 0) {
			printf("ERROR memfd: %s\n", strerror(errno));
			return 2;
		}
		while ((n = read(src, buf, sizeof(buf))) > 0)
			if (write(fd, buf, (size_t)n) != n) {
				printf("ERROR copy: %s\n", strerror(errno));
				return 2;
			}
		if (n < 0 || dup2(fd, 7) != 7) {
			printf("ERROR copy: %s\n", strerror(errno));
			return 2;
		}
	}
	execl(argv[2], argv[2], (char *)NULL);
	printf("BLOCKED exec=%s\n", strerror(errno));
	return 1;
}
