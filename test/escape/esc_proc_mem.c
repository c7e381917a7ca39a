/*
 * esc_proc_mem [DIR [PROC]]
 *
 * Rewrite this program's own code through /proc/PID/mem: the kernel
 * writes through read-only, executable pages for it (FOLL_FORCE), so
 * W^X does not stop it. A function returning 1 is overwritten with code
 * returning 42 and called. Each variant names the file differently:
 *
 *	self     /proc/self/mem
 *	thread   /proc/thread-self/mem
 *	pid      /proc/PID/mem
 *	task     /proc/PID/task/TID/mem
 *	reopen   /proc/self/mem opened read-only, reopened read-write
 *	         through /proc/self/fd/N
 *	link     DIR/mem-link, a symbolic link to /proc/self/mem (with DIR)
 *	mount    PROC/self/mem, where PROC is another procfs mount point
 *	         (with DIR PROC)
 *
 * The original code is put back after each variant that got in.
 * Prints "ESCAPED <variant>=rewrote... (blocked: ...)" and exits 0, else
 * "BLOCKED <variant>=<step>:<errno>..." and exits 1.
 */
#include <stdint.h>
#include <stdlib.h>

#include "esc.h"

__attribute__((noinline, aligned(64))) static int
victim(void)
{
	__asm__ volatile("" ::: "memory");
	return 1;
}

static int (*volatile call)(void) = victim;

static void
note(const char *what, const char *step, int e)
{
	esc_cat(esc_why, sizeof(esc_why), " %s=%s:%s", what, step,
	    esc_ename(e));
}

/* With FD (read-write on this process's memory, -1 with errno): put the
 * new code over victim, call it, put the old code back. */
static void
attempt(const char *what, int fd)
{
	unsigned char old[sizeof(esc_code42)];
	off_t at = (off_t)(uintptr_t)victim;
	int r;

	if (fd < 0) {
		note(what, "open", errno);
		return;
	}
	if (pread(fd, old, sizeof(old), at) != (ssize_t)sizeof(old)) {
		note(what, "pread", errno);
		close(fd);
		return;
	}
	if (pwrite(fd, esc_code42, sizeof(esc_code42), at) != (ssize_t)sizeof(esc_code42)) {
		note(what, "pwrite", errno);
		close(fd);
		return;
	}
	__builtin___clear_cache((char *)victim, (char *)victim + sizeof(esc_code42));
	r = call();
	pwrite(fd, old, sizeof(old), at);
	__builtin___clear_cache((char *)victim, (char *)victim + sizeof(esc_code42));
	close(fd);
	if (r == 42)
		esc_cat(esc_got, sizeof(esc_got), " %s=rewrote", what);
	else
		esc_cat(esc_why, sizeof(esc_why), " %s=unchanged:%d", what, r);
}

int
main(int argc, char **argv)
{
	char p[4096];
	int fd;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (call() != 1) {
		printf("ERROR victim returns %d\n", call());
		return 2;
	}
	attempt("self", open("/proc/self/mem", O_RDWR));
	attempt("thread", open("/proc/thread-self/mem", O_RDWR));
	snprintf(p, sizeof(p), "/proc/%d/mem", (int)getpid());
	attempt("pid", open(p, O_RDWR));
	snprintf(p, sizeof(p), "/proc/%d/task/%d/mem", (int)getpid(),
	    (int)syscall(SYS_gettid));
	attempt("task", open(p, O_RDWR));
	if ((fd = open("/proc/self/mem", O_RDONLY)) < 0) {
		note("reopen", "open-ro", errno);
	} else {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		attempt("reopen", open(p, O_RDWR));
		close(fd);
	}
	if (argc > 1) {
		snprintf(p, sizeof(p), "%s/mem-link", argv[1]);
		unlink(p);
		if (symlink("/proc/self/mem", p) < 0)
			note("link", "symlink", errno);
		else
			attempt("link", open(p, O_RDWR));
		unlink(p);
	}
	if (argc > 2) {
		snprintf(p, sizeof(p), "%s/self/mem", argv[2]);
		attempt("mount", open(p, O_RDWR));
	}
	return esc_report();
}
