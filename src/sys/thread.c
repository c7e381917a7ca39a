/* worker-safe */
/*
 * Raw clone threads (DESIGN.md section 2). No CLONE_FILES, no CLONE_FS:
 * every syd thread has its own fd table and cwd, so an fd one emulator
 * opens for a target can never be seen or closed by another, and a
 * thread's chdir never moves the others.
 */
#include <sched.h>
#include <sys/mman.h>

#include "sys/sys.h"

long sys_clone_raw(unsigned long flags, void *stack_top, volatile int *ptid,
    volatile int *ctid, int (*fn)(void *), void *arg);

#define THREAD_FLAGS                                                    \
	(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |     \
	    CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

int
sys_thread_spawn(struct sys_thread *t, int (*fn)(void *), void *arg,
    size_t stack)
{
	size_t page = 4096, len;
	char *map;
	long r;

	stack = (stack + page - 1) & ~(page - 1);
	len = stack + page;
	map = sys_mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if ((unsigned long)map > -4096UL)
		return (int)(long)map;
	/* The lowest page is the guard: an overflow faults, not corrupts. */
	r = sys_mprotect(map, page, PROT_NONE);
	if (r < 0)
		goto fail;
	t->map = map;
	t->maplen = len;
	t->tid = 0;
	r = sys_clone_raw(THREAD_FLAGS, map + len, &t->tid, &t->tid, fn, arg);
	if (r < 0)
		goto fail;
	return 0;
fail:
	sys_munmap(map, len);
	t->map = NULL;
	return (int)r;
}

bool
sys_thread_alive(const struct sys_thread *t)
{
	return __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE) != 0;
}

int
sys_thread_join(struct sys_thread *t, long timeout_ms)
{
	int64_t end = timeout_ms >= 0 ? sys_now_ns() + timeout_ms * 1000000 : 0;
	int tid;

	if (t->map == NULL)
		return 0;
	/* The kernel zeroes the tid word and wakes it once the thread is gone
	 * and its stack is no longer touched. */
	while ((tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE)) != 0) {
		long left = -1;
		if (timeout_ms >= 0) {
			int64_t now = sys_now_ns();
			if (now >= end)
				return -ETIMEDOUT;
			left = (long)((end - now) / 1000000) + 1;
		}
		sys_futex_wait_shared(&t->tid, tid, left);
	}
	sys_munmap(t->map, t->maplen);
	t->map = NULL;
	return 0;
}
