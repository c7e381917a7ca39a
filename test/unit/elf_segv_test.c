/*
 * Unit tests for src/kernel/elf.c (the ELF header reader of the exec
 * checks: bounds, truncation, corruption never read past what was read)
 * and src/sandbox/segvguard.c (the crash table: counting, suspension,
 * expiry, and what a full table gives up).
 */
#include <atf-c.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kernel/kernel.h"
#include "policy/policy.h"
#include "sandbox/sandbox.h"

/* A 64-bit ET_DYN with PT_NULL, PT_GNU_STACK (flags) and PT_INTERP. */
static size_t
mk64(unsigned char *b, unsigned type, unsigned stack)
{
	Elf64_Ehdr *h = (Elf64_Ehdr *)b;
	Elf64_Phdr *ph = (Elf64_Phdr *)(b + sizeof(*h));

	memset(b, 0, 512);
	memcpy(h->e_ident, ELFMAG, SELFMAG);
	h->e_ident[EI_CLASS] = ELFCLASS64;
	h->e_ident[EI_DATA] = ELFDATA2LSB;
	h->e_type = type;
	h->e_phoff = sizeof(*h);
	h->e_phentsize = sizeof(*ph);
	h->e_phnum = 3;
	ph[1].p_type = PT_GNU_STACK;
	ph[1].p_flags = stack;
	ph[2].p_type = PT_INTERP;
	return sizeof(*h) + 3 * sizeof(*ph);
}

static int
as_fd(const unsigned char *b, size_t n)
{
	int fd = memfd_create("elf", 0);

	ATF_REQUIRE(fd >= 0);
	ATF_REQUIRE_EQ(write(fd, b, n), (ssize_t)n);
	return fd;
}

static int
read_buf(const unsigned char *b, size_t n, struct kernel_elf *e)
{
	int fd = as_fd(b, n), r = kernel_elf_read(fd, e);

	close(fd);
	return r;
}

ATF_TC_WITHOUT_HEAD(elf_valid);
ATF_TC_BODY(elf_valid, tc)
{
	unsigned char b[512];
	struct kernel_elf e;
	struct policy p;
	const char *hatch;
	size_t n = mk64(b, ET_DYN, PF_R | PF_W);

	policy_init(&p);
	ATF_REQUIRE_EQ(read_buf(b, n, &e), 0);
	ATF_CHECK(e.elf && !e.is32 && e.interp && e.stack_seen && !e.stack_x);
	ATF_CHECK_EQ(e.type, ET_DYN);
	ATF_CHECK(kernel_elf_refused(&p, &e, &hatch) == NULL);
	n = mk64(b, ET_EXEC, PF_R | PF_W);
	ATF_REQUIRE_EQ(read_buf(b, n, &e), 0);
	ATF_CHECK(kernel_elf_refused(&p, &e, &hatch) != NULL);
	ATF_CHECK_STREQ(hatch, "trace/allow_unsafe_exec_nopie");
	n = mk64(b, ET_DYN, PF_R | PF_W | PF_X);
	ATF_REQUIRE_EQ(read_buf(b, n, &e), 0);
	ATF_CHECK(kernel_elf_refused(&p, &e, &hatch) != NULL);
	ATF_CHECK_STREQ(hatch, "trace/allow_unsafe_exec_stack");
	p.elf_deny = POLICY_ELF_DENY_DYNAMIC;
	p.unsafe |= UINT64_C(1) << POLICY_UNSAFE_EXEC_STACK;
	ATF_CHECK(kernel_elf_refused(&p, &e, &hatch) != NULL);
	ATF_CHECK_STREQ(hatch, "trace/deny_elf_dynamic");
	/* Not an ELF: not judged. */
	ATF_REQUIRE_EQ(read_buf((const unsigned char *)"#!/bin/sh\n", 10, &e),
	    0);
	ATF_CHECK(!e.elf && kernel_elf_refused(&p, &e, &hatch) == NULL);
	policy_free(&p);
}

/* Every cut of a valid file: not an ELF below 4 bytes, else refused
 * (-ENOEXEC) until the whole program header table is there. */
ATF_TC_WITHOUT_HEAD(elf_truncated);
ATF_TC_BODY(elf_truncated, tc)
{
	unsigned char b[512];
	struct kernel_elf e;
	size_t n = mk64(b, ET_DYN, PF_R | PF_W);

	for (size_t cut = 0; cut < n; cut++) {
		int r = read_buf(b, cut, &e);
		if (cut < 4)
			ATF_CHECK(r == 0 && !e.elf);
		else
			ATF_CHECK_EQ_MSG(r, -ENOEXEC, "cut %zu", cut);
	}
}

/* Random corruption of the header: any answer, never a read past the
 * buffer (run under the sanitizers of the host build where enabled). */
ATF_TC_WITHOUT_HEAD(elf_corrupt);
ATF_TC_BODY(elf_corrupt, tc)
{
	unsigned char b[512], c[512];
	struct kernel_elf e;
	size_t n = mk64(b, ET_DYN, PF_R | PF_W);

	srand(19);
	for (int i = 0; i < 20000; i++) {
		memcpy(c, b, n);
		for (int k = 0; k < 1 + rand() % 4; k++)
			c[rand() % 64] = (unsigned char)rand();
		int r = read_buf(c, n, &e);
		ATF_CHECK(r == 0 || r == -ENOEXEC || r == -EINVAL);
	}
}

static struct sandbox sbx;

ATF_TC_WITHOUT_HEAD(segv_count);
ATF_TC_BODY(segv_count, tc)
{
	int64_t until;
	struct timespec ts = { 0, 30 * 1000000 };

	memset(&sbx, 0, sizeof(sbx));
	ATF_CHECK_EQ(sandbox_segv_crash(&sbx, "/a", 60000, 20, 3, &until), 1);
	ATF_CHECK_EQ(until, 0);
	ATF_CHECK_EQ(sandbox_segv_crash(&sbx, "/a", 60000, 20, 3, &until), 2);
	ATF_CHECK_EQ(sandbox_segv_suspended(&sbx, "/a"), 0);
	ATF_CHECK_EQ(sandbox_segv_crash(&sbx, "/a", 60000, 20, 3, &until), 3);
	ATF_CHECK(until != 0);
	ATF_CHECK(sandbox_segv_suspended(&sbx, "/a") > 0);
	ATF_CHECK_EQ(sandbox_segv_suspended(&sbx, "/b"), 0);
	/* After the suspension the count starts again. */
	nanosleep(&ts, NULL);
	ATF_CHECK_EQ(sandbox_segv_suspended(&sbx, "/a"), 0);
	ATF_CHECK_EQ(sandbox_segv_crash(&sbx, "/a", 60000, 20, 3, &until), 1);
	/* Crashes older than the expiry do not count. */
	ATF_CHECK_EQ(sandbox_segv_crash(&sbx, "/c", 10, 20, 3, &until), 1);
	nanosleep(&ts, NULL);
	ATF_CHECK_EQ(sandbox_segv_crash(&sbx, "/c", 10, 20, 3, &until), 1);
}

/* Filling the table with one-crash programs does not push out one that
 * is close to its suspension, nor a suspended one. */
ATF_TC_WITHOUT_HEAD(segv_full);
ATF_TC_BODY(segv_full, tc)
{
	char name[32];
	int64_t until;

	memset(&sbx, 0, sizeof(sbx));
	sandbox_segv_crash(&sbx, "/near", 600000, 600000, 3, &until);
	sandbox_segv_crash(&sbx, "/near", 600000, 600000, 3, &until);
	for (int i = 0; i < 3; i++)
		sandbox_segv_crash(&sbx, "/held", 600000, 600000, 3, &until);
	ATF_CHECK(sandbox_segv_suspended(&sbx, "/held") > 0);
	for (int i = 0; i < 4 * SYD_SEGVGUARD_MAX; i++) {
		snprintf(name, sizeof(name), "/filler%d", i);
		sandbox_segv_crash(&sbx, name, 600000, 600000, 3, &until);
	}
	ATF_CHECK(sandbox_segv_suspended(&sbx, "/held") > 0);
	ATF_CHECK_EQ(sandbox_segv_crash(&sbx, "/near", 600000, 600000, 3,
	    &until), 3);
	ATF_CHECK(until != 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, elf_valid);
	ATF_TP_ADD_TC(tp, elf_truncated);
	ATF_TP_ADD_TC(tp, elf_corrupt);
	ATF_TP_ADD_TC(tp, segv_count);
	ATF_TP_ADD_TC(tp, segv_full);
	return atf_no_error();
}
