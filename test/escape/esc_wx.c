/*
 * esc_wx
 *
 * Run code this process wrote itself (what a JIT does, and what injected
 * shellcode needs), breaking W^X:
 *
 *	rwx      mmap PROT_READ|PROT_WRITE|PROT_EXEC, write, call
 *	flip     mmap PROT_READ|PROT_WRITE, write, mprotect(PROT_READ|
 *	         PROT_EXEC), call
 *	pkey     the same flip by pkey_mprotect (pkey -1)
 *	shared   a memory file mapped shared twice, writable and executable
 *	         (the dual-mapping trick), write through one, call the other
 *	shm      shmat(SHM_EXEC) of a System V segment (writable too), write,
 *	         call
 *
 * The code returns 42 (x86_64: mov $42,%eax; ret; aarch64: mov w0,#42;
 * ret). A variant escapes when the call returns 42.
 * Prints "ESCAPED <variant>=ran... (blocked: ...)" and exits 0, else
 * "BLOCKED <variant>=<step>:<errno>..." and exits 1.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>

#include "esc.h"

#ifndef SYS_pkey_mprotect
#define SYS_pkey_mprotect 329
#endif
#ifndef SHM_EXEC
#define SHM_EXEC 0100000
#endif

static void
note(const char *what, const char *step, int e)
{
	esc_cat(esc_why, sizeof(esc_why), " %s=%s:%s", what, step,
	    esc_ename(e));
}

/* Write the code at W (if not NULL), then call it at X. */
static void
run(const char *what, void *w, void *x)
{
	int (*volatile fn)(void) = (int (*)(void))x;

	if (w != NULL)
		memcpy(w, esc_code42, sizeof(esc_code42));
	__builtin___clear_cache((char *)x, (char *)x + sizeof(esc_code42));
	if (fn() == 42)
		esc_cat(esc_got, sizeof(esc_got), " %s=ran", what);
	else
		esc_cat(esc_why, sizeof(esc_why), " %s=wrong-result", what);
}

static void *
map_rw(const char *what)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		note(what, "mmap", errno);
		return NULL;
	}
	return p;
}

static void
try_rwx(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		note("rwx", "mmap", errno);
	else
		run("rwx", p, p);
}

static void
try_flip(int pkey)
{
	const char *what = pkey ? "pkey" : "flip";
	void *p = map_rw(what);
	long r;

	if (p == NULL)
		return;
	memcpy(p, esc_code42, sizeof(esc_code42));
	r = pkey ? syscall(SYS_pkey_mprotect, p, 4096, PROT_READ | PROT_EXEC,
	    -1) : mprotect(p, 4096, PROT_READ | PROT_EXEC);
	if (r < 0)
		note(what, pkey ? "pkey_mprotect" : "mprotect", errno);
	else
		run(what, NULL, p);
}

static void
try_shared(void)
{
	int fd = (int)syscall(SYS_memfd_create, "esc_wx", 0);
	void *w, *x;

	if (fd < 0) {
		note("shared", "memfd_create", errno);
		return;
	}
	if (ftruncate(fd, 4096) < 0) {
		note("shared", "ftruncate", errno);
		close(fd);
		return;
	}
	w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (w == MAP_FAILED) {
		note("shared", "mmap-rw", errno);
		close(fd);
		return;
	}
	x = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	if (x == MAP_FAILED)
		note("shared", "mmap-rx", errno);
	else
		run("shared", w, x);
	close(fd);
}

static void
try_shm(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	void *p;

	if (id < 0) {
		note("shm", "shmget", errno);
		return;
	}
	p = shmat(id, NULL, SHM_EXEC);
	shmctl(id, IPC_RMID, NULL);
	if (p == (void *)-1)
		note("shm", "shmat", errno);
	else
		run("shm", p, p);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	try_rwx();
	try_flip(0);
	try_flip(1);
	try_shared();
	try_shm();
	return esc_report();
}
