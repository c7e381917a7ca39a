/*
 * esc_aarch32
 *
 * An AArch32 (compat) task: a 32-bit ARM program, written here as a tiny
 * ELF file and executed in place of this process. Its system calls reach
 * seccomp with arch ARM, whose numbers mean other calls than aarch64's
 * (ARM 20 is getpid, aarch64 20 is epoll_create1); a filter that forgets
 * the arch check lets denied calls through under other numbers. syd kills
 * the process (SIGSYS) at its first call. The calls here are getpid and,
 * if it answered, write: harmless if they get through.
 *
 * Natively, on an aarch64 kernel with 32-bit EL0 support, the program
 * prints "ESCAPED aarch32 getpid ran" and exits 0. Where the kernel or
 * CPU cannot run AArch32 the exec fails, and on x86_64 (where binfmt_misc
 * may hand it to qemu-arm, a native process) it is not tried: "BLOCKED
 * ..." and exit 1. Under syd the process must be killed by SIGSYS (status 128+31)
 * before it prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A32 code at 0x10054: getpid; if > 0 write(1, msg, 27), exit(0); else
 * exit(1). */
static const uint32_t code[] = {
	0xe3a07014, /* mov r7, #20 (getpid) */
	0xef000000, /* svc #0 */
	0xe3500000, /* cmp r0, #0 */
	0xda000007, /* ble fail */
	0xe3a00001, /* mov r0, #1 */
	0xe28f1020, /* add r1, pc, #32 (msg) */
	0xe3a0201b, /* mov r2, #27 */
	0xe3a07004, /* mov r7, #4 (write) */
	0xef000000, /* svc #0 */
	0xe3a00000, /* mov r0, #0 */
	0xe3a07001, /* mov r7, #1 (exit) */
	0xef000000, /* svc #0 */
	0xe3a00001, /* fail: mov r0, #1 */
	0xe3a07001, /* mov r7, #1 (exit) */
	0xef000000, /* svc #0 */
};
static const char msg[] = "ESCAPED aarch32 getpid ran\n";

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

int
main(void)
{
	static const char path[] = "./aarch32.elf";
	uint8_t f[512];
	uint32_t base = 0x10000, size = 84 + sizeof(code) + sizeof(msg) - 1;
	char *av[] = { "aarch32.elf", NULL }, *ev[] = { NULL };
	int fd;

#if !defined(__aarch64__)
	printf("BLOCKED not an aarch64 build: no AArch32 here\n");
	return 1;
#endif
	memset(f, 0, sizeof(f));
	memcpy(f, "\177ELF\1\1\1", 7); /* 32-bit, little-endian */
	put16(f + 16, 2);                /* ET_EXEC */
	put16(f + 18, 40);               /* EM_ARM */
	put32(f + 20, 1);
	put32(f + 24, base + 84);        /* entry */
	put32(f + 28, 52);               /* phoff */
	put32(f + 36, 0x05000000);       /* EABI 5 */
	put16(f + 40, 52);
	put16(f + 42, 32);
	put16(f + 44, 1);
	put32(f + 52, 1);                /* PT_LOAD of the whole file */
	put32(f + 60, base);
	put32(f + 64, base);
	put32(f + 68, size);
	put32(f + 72, size);
	put32(f + 76, 5);                /* R+X */
	put32(f + 80, 0x1000);
	for (size_t i = 0; i < sizeof(code) / sizeof(*code); i++)
		put32(f + 84 + 4 * i, code[i]);
	memcpy(f + 84 + sizeof(code), msg, sizeof(msg) - 1);

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (fd < 0 || write(fd, f, size) != (ssize_t)size || close(fd) != 0) {
		printf("BLOCKED cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	fflush(stdout);
	execve(path, av, ev);
	printf("BLOCKED cannot run AArch32: %s\n", strerror(errno));
	return 1;
}
