/*
 * Unit tests for src/sys: the raw system call layer, the futex lock and
 * waits, and raw clone threads.
 *
 * This program is linked with glibc (ATF ships only a glibc library). Code
 * that runs on a raw clone thread shares the parent's thread pointer, so
 * the thread functions below use only sys_* calls and plain memory: no
 * errno, no stdio, no malloc.
 */
#include <atf-c.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys/sys.h"

#define STACK (64 * 1024)

static int64_t
elapsed_ms(int64_t start)
{
	return (sys_now_ns() - start) / 1000000;
}

/*
 * Number of mappings of this process, read with raw calls into a static
 * buffer so that reading it maps nothing itself.
 */
static int
maps_count(void)
{
	static char buf[1 << 20];
	long n, got = 0;
	int fd, lines = 0;

	fd = sys_openat(AT_FDCWD, "/proc/self/maps", O_RDONLY, 0);
	ATF_REQUIRE_MSG(fd >= 0, "open /proc/self/maps: %d", fd);
	while ((n = sys_read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += n;
	sys_close(fd);
	ATF_REQUIRE(got > 0 && got < (long)sizeof(buf));
	for (long i = 0; i < got; i++)
		lines += buf[i] == '\n';
	return lines;
}

/* The permission string of the mapping that starts at addr, or "". */
static void
maps_perms(void *addr, char out[5])
{
	static char buf[1 << 20];
	char want[32];
	long n, got = 0;
	int fd;
	char *p;

	out[0] = '\0';
	snprintf(want, sizeof(want), "%lx-", (unsigned long)addr);
	fd = sys_openat(AT_FDCWD, "/proc/self/maps", O_RDONLY, 0);
	ATF_REQUIRE(fd >= 0);
	while ((n = sys_read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	sys_close(fd);
	buf[got] = '\0';
	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, want, strlen(want)) == 0) {
			char *sp = strchr(p, ' ');
			if (sp != NULL && strlen(sp) > 4) {
				memcpy(out, sp + 1, 4);
				out[4] = '\0';
			}
			return;
		}
	}
}

ATF_TC_WITHOUT_HEAD(raw_errno);
ATF_TC_BODY(raw_errno, tc)
{
	char buf[8];
	int fd;

	errno = 4242;
	ATF_CHECK_EQ(-ENOENT,
	    sys_openat(AT_FDCWD, "/nonexistent/syd-test", O_RDONLY, 0));
	ATF_CHECK_EQ(-ENOTDIR,
	    sys_openat(AT_FDCWD, "/dev/null/x", O_RDONLY, 0));
	ATF_CHECK_EQ(-EBADF, sys_close(-1));
	ATF_CHECK_EQ(-EBADF, sys_read(-1, buf, sizeof(buf)));
	ATF_CHECK_EQ(-EBADF, sys_fcntl(-1, F_GETFD, 0));
	ATF_CHECK_EQ(-ESRCH, sys_kill(0x3fffffff, 0));
	ATF_CHECK_EQ(-EINVAL, sys_pidfd_open(getpid(), ~0u));
	ATF_CHECK_EQ_MSG(4242, errno, "errno touched: %d", errno);

	fd = sys_openat(AT_FDCWD, "/dev/zero", O_RDONLY, 0);
	ATF_REQUIRE(fd >= 0);
	ATF_CHECK_EQ(FD_CLOEXEC, sys_fcntl(fd, F_GETFD, 0) & FD_CLOEXEC);
	memset(buf, 'x', sizeof(buf));
	ATF_CHECK_EQ((long)sizeof(buf), sys_read(fd, buf, sizeof(buf)));
	ATF_CHECK(buf[0] == 0 && buf[7] == 0);
	ATF_CHECK_EQ(0, sys_close(fd));
	ATF_CHECK_EQ(-EBADF, sys_close(fd));

	ATF_CHECK_EQ(getpid(), sys_getpid());
	ATF_CHECK_EQ(4242, errno);
}

ATF_TC_WITHOUT_HEAD(raw_stat_and_openat2);
ATF_TC_BODY(raw_stat_and_openat2, tc)
{
	struct stat st;
	char link[64];
	long n;
	int fd;

	ATF_CHECK_EQ(0, sys_fstatat(AT_FDCWD, "/dev/null", &st, 0));
	ATF_CHECK(S_ISCHR(st.st_mode));
	ATF_CHECK_EQ(-ENOENT,
	    sys_fstatat(AT_FDCWD, "/nonexistent/syd-test", &st, 0));
	/* RESOLVE_NO_SYMLINKS (0x04) refuses /proc/self, a symlink. */
	ATF_CHECK_EQ(-ELOOP,
	    sys_openat2(AT_FDCWD, "/proc/self/status", O_RDONLY | O_CLOEXEC,
		0, 0x04));
	fd = sys_openat2(AT_FDCWD, "/proc/self/status", O_RDONLY | O_CLOEXEC,
	    0, 0);
	ATF_CHECK(fd >= 0);
	sys_close(fd);
	n = sys_readlinkat(AT_FDCWD, "/proc/self", link, sizeof(link) - 1);
	ATF_REQUIRE(n > 0);
	link[n] = '\0';
	ATF_CHECK_EQ(getpid(), atoi(link));
	ATF_CHECK_EQ(-EINVAL,
	    (int)sys_readlinkat(AT_FDCWD, "/dev/null", link, sizeof(link)));
}

ATF_TC_WITHOUT_HEAD(raw_vm_read_write);
ATF_TC_BODY(raw_vm_read_write, tc)
{
	char src[16] = "syd-vm-read", dst[16] = "", back[16] = "changed";

	ATF_CHECK_EQ(16, sys_vm_read(getpid(), dst, (unsigned long)src, 16));
	ATF_CHECK_STREQ("syd-vm-read", dst);
	ATF_CHECK_EQ(16, sys_vm_write(getpid(), back, (unsigned long)src, 16));
	ATF_CHECK_STREQ("changed", src);
	ATF_CHECK_EQ(-EFAULT, sys_vm_read(getpid(), dst, 8, 16));
}

/* One read cut at page boundaries: whole across mapped pages; up to
 * the hole when it runs into one; -EFAULT when it starts in one. */
ATF_TC_WITHOUT_HEAD(raw_vm_read_pages);
ATF_TC_BODY(raw_vm_read_pages, tc)
{
	char *m, *big, dst[300];
	int pid = getpid();

	m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ATF_REQUIRE(m != MAP_FAILED);
	ATF_REQUIRE(munmap(m + 2 * 4096, 4096) == 0);
	memset(m, 'a', 2 * 4096);
	memcpy(m + 4096 - 3, "xyz", 3);
	memcpy(m + 4096, "uvw", 3);
	/* Across the boundary of two mapped pages. */
	ATF_CHECK_EQ(256, sys_vm_read_pages(pid, dst, (unsigned long)m +
	    4096 - 100, 256));
	ATF_CHECK(memcmp(dst + 97, "xyzuvw", 6) == 0);
	/* Into the hole: the 100 bytes before it. */
	ATF_CHECK_EQ(100, sys_vm_read_pages(pid, dst, (unsigned long)m +
	    2 * 4096 - 100, 256));
	ATF_CHECK_EQ(-EFAULT, sys_vm_read_pages(pid, dst, (unsigned long)m +
	    2 * 4096, 256));
	/* Whole pages, then the hole: the pages. */
	big = malloc(3 * 4096);
	ATF_REQUIRE(big != NULL);
	ATF_CHECK_EQ(2 * 4096, sys_vm_read_pages(pid, big, (unsigned long)m,
	    2 * 4096 + 100));
	ATF_CHECK(memcmp(big, m, 2 * 4096) == 0);
	free(big);
	ATF_CHECK_EQ(-EFAULT, sys_vm_read_pages(pid, dst, 8, 16));
	munmap(m, 2 * 4096);
}

/* Two ranges in one call: a struct whole, then a string up to a hole. */
ATF_TC_WITHOUT_HEAD(raw_vm_read_pages2);
ATF_TC_BODY(raw_vm_read_pages2, tc)
{
	static const uint64_t how[3] = { 1, 2, 3 };
	uint64_t got[3] = { 0 };
	char *m, dst[256];
	int pid = getpid();

	m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ATF_REQUIRE(m != MAP_FAILED);
	ATF_REQUIRE(munmap(m + 4096, 4096) == 0);
	memcpy(m + 4096 - 10, "/etc/host", 10);
	ATF_CHECK_EQ(24 + 10, sys_vm_read_pages2(pid, got, (unsigned long)how,
	    24, dst, (unsigned long)m + 4096 - 10, 256));
	ATF_CHECK(memcmp(got, how, 24) == 0);
	ATF_CHECK_STREQ("/etc/host", dst);
	/* The string unreadable: the struct alone. */
	ATF_CHECK_EQ(24, sys_vm_read_pages2(pid, got, (unsigned long)how, 24,
	    dst, (unsigned long)m + 4096, 256));
	/* The struct unreadable: nothing of the string. */
	ATF_CHECK_EQ(-EFAULT, sys_vm_read_pages2(pid, got,
	    (unsigned long)m + 4096, 24, dst, (unsigned long)how, 8));
	ATF_CHECK(sys_vm_read_pages2(pid, got, (unsigned long)m + 4096 - 8,
	    24, dst, (unsigned long)how, 8) < 24);
	munmap(m, 4096);
}

/* Futex lock: several pthreads increment one counter under sys_lock. */
#define LOCK_THREADS 6
#define LOCK_ITERS 200000

static struct sys_lock counter_lock;
static volatile long counter;

static void *
lock_worker(void *arg)
{
	for (int i = 0; i < LOCK_ITERS; i++) {
		sys_lock(&counter_lock);
		/* A read-modify-write that races without the lock. */
		long v = counter;
		counter = v + 1;
		sys_unlock(&counter_lock);
	}
	return arg;
}

ATF_TC_WITHOUT_HEAD(futex_lock_exclusion);
ATF_TC_BODY(futex_lock_exclusion, tc)
{
	pthread_t th[LOCK_THREADS];

	for (int i = 0; i < LOCK_THREADS; i++)
		ATF_REQUIRE_EQ(0, pthread_create(&th[i], NULL, lock_worker,
		    NULL));
	for (int i = 0; i < LOCK_THREADS; i++)
		ATF_REQUIRE_EQ(0, pthread_join(th[i], NULL));
	ATF_CHECK_EQ((long)LOCK_THREADS * LOCK_ITERS, counter);
	ATF_CHECK_EQ(0, counter_lock.v);
}

ATF_TC_WITHOUT_HEAD(futex_wait_timeout);
ATF_TC_BODY(futex_wait_timeout, tc)
{
	int word = 7;
	int64_t t0;

	t0 = sys_now_ns();
	ATF_CHECK_EQ(-ETIMEDOUT, sys_futex_wait(&word, 7, 150));
	ATF_CHECK_MSG(elapsed_ms(t0) >= 140, "woke early: %lld ms",
	    (long long)elapsed_ms(t0));
	ATF_CHECK_MSG(elapsed_ms(t0) < 5000, "slept %lld ms",
	    (long long)elapsed_ms(t0));
	/* The value moved already: no sleep at all. */
	ATF_CHECK_EQ(-EAGAIN, sys_futex_wait(&word, 8, 1000));
	ATF_CHECK_EQ(0, sys_futex_wake(&word, 1));
}

/* An event: a raw thread waits for the word to move, then reports. */
struct event_arg {
	int word;
	int seen;
	int ret;
};

static int
event_waiter(void *p)
{
	struct event_arg *a = p;

	while (__atomic_load_n(&a->word, __ATOMIC_ACQUIRE) == 0)
		a->ret = sys_futex_wait(&a->word, 0, -1);
	__atomic_store_n(&a->seen, a->word, __ATOMIC_RELEASE);
	return 0;
}

ATF_TC_WITHOUT_HEAD(futex_wake_event);
ATF_TC_BODY(futex_wake_event, tc)
{
	static struct event_arg a;
	struct sys_thread t;

	ATF_REQUIRE_EQ(0, sys_thread_spawn(&t, event_waiter, &a, STACK));
	sys_sleep_ms(100);
	ATF_CHECK(sys_thread_alive(&t));
	ATF_CHECK_EQ(0, __atomic_load_n(&a.seen, __ATOMIC_ACQUIRE));
	__atomic_store_n(&a.word, 5, __ATOMIC_RELEASE);
	sys_futex_wake(&a.word, 1);
	ATF_REQUIRE_EQ(0, sys_thread_join(&t, 5000));
	ATF_CHECK_EQ(5, a.seen);
}

/* Hundreds of raw threads, each writing its own result slot. */
#define NTHREADS 300
#define BATCH 30

struct slot {
	int in;
	int out;
	int tid;
};

static int
square_worker(void *p)
{
	struct slot *s = p;

	s->tid = sys_gettid();
	s->out = s->in * s->in + 1;
	return 0;
}

static void
run_batches(struct slot *slots, int n)
{
	struct sys_thread t[BATCH];

	for (int base = 0; base < n; base += BATCH) {
		int k = n - base < BATCH ? n - base : BATCH;
		for (int i = 0; i < k; i++) {
			int r = sys_thread_spawn(&t[i], square_worker,
			    &slots[base + i], STACK);
			ATF_REQUIRE_EQ_MSG(0, r, "spawn %d: %d", base + i, r);
		}
		for (int i = 0; i < k; i++) {
			ATF_REQUIRE_EQ(0, sys_thread_join(&t[i], 10000));
			ATF_REQUIRE(!sys_thread_alive(&t[i]));
		}
	}
}

ATF_TC_WITHOUT_HEAD(threads_many_no_leak);
ATF_TC_BODY(threads_many_no_leak, tc)
{
	static struct slot slots[NTHREADS];
	int before, after;

	/* One batch first, so any lazy mapping of the process is done. */
	for (int i = 0; i < BATCH; i++)
		slots[i].in = i;
	run_batches(slots, BATCH);

	memset(slots, 0, sizeof(slots));
	for (int i = 0; i < NTHREADS; i++)
		slots[i].in = i + 1;
	before = maps_count();
	run_batches(slots, NTHREADS);
	after = maps_count();
	for (int i = 0; i < NTHREADS; i++) {
		ATF_CHECK_EQ_MSG((i + 1) * (i + 1) + 1, slots[i].out,
		    "slot %d", i);
		ATF_CHECK_MSG(slots[i].tid > 0 && slots[i].tid != getpid(),
		    "slot %d ran on tid %d", i, slots[i].tid);
	}
	ATF_CHECK_EQ_MSG(before, after, "mappings %d before, %d after",
	    before, after);
}

/* The stack has a PROT_NONE guard page at its low end. */
static int
park_worker(void *p)
{
	int *go = p;

	while (__atomic_load_n(go, __ATOMIC_ACQUIRE) == 0)
		sys_futex_wait(go, 0, -1);
	return 0;
}

ATF_TC_WITHOUT_HEAD(thread_guard_page);
ATF_TC_BODY(thread_guard_page, tc)
{
	static int go;
	struct sys_thread t;
	char perms[5];
	void *map;

	ATF_REQUIRE_EQ(0, sys_thread_spawn(&t, park_worker, &go, STACK));
	map = t.map;
	ATF_REQUIRE(t.map != NULL);
	ATF_CHECK(t.maplen >= STACK + 4096);
	maps_perms(t.map, perms);
	ATF_CHECK_STREQ_MSG("---p", perms, "guard page perms '%s'", perms);
	maps_perms((char *)t.map + 4096, perms);
	ATF_CHECK_STREQ_MSG("rw-p", perms, "stack perms '%s'", perms);
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&go, 1);
	ATF_REQUIRE_EQ(0, sys_thread_join(&t, 5000));
	/* Joined: the whole mapping, guard included, is gone. */
	maps_perms(map, perms);
	ATF_CHECK_STREQ_MSG("", perms, "still mapped after join: '%s'", perms);
}

/*
 * A raw thread has its own fd table: the thread's fd is not valid in the
 * parent, and an fd the parent opens after the spawn is not valid in the
 * thread. Fds open before the spawn were copied.
 */
#define THREAD_FD 777

struct fd_arg {
	int parent_old; /* opened by the parent before the spawn */
	int parent_new; /* opened by the parent after the spawn */
	int state;      /* 0 start, 1 thread opened, 2 parent opened, 3 done */
	int r_open, r_dup, r_old, r_new;
};

static void
fd_step(int *word, int want)
{
	while (__atomic_load_n(word, __ATOMIC_ACQUIRE) != want)
		sys_futex_wait(word, __atomic_load_n(word, __ATOMIC_ACQUIRE),
		    100);
}

static int
fd_worker(void *p)
{
	struct fd_arg *a = p;
	int fd;

	fd = sys_openat(AT_FDCWD, "/dev/null", O_RDONLY, 0);
	a->r_open = fd;
	a->r_dup = sys_dup3(fd, THREAD_FD, O_CLOEXEC);
	a->r_old = sys_fcntl(a->parent_old, F_GETFD, 0);
	__atomic_store_n(&a->state, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&a->state, 1);
	fd_step(&a->state, 2);
	a->r_new = sys_fcntl(a->parent_new, F_GETFD, 0);
	__atomic_store_n(&a->state, 3, __ATOMIC_RELEASE);
	sys_futex_wake(&a->state, 1);
	return 0;
}

ATF_TC_WITHOUT_HEAD(thread_own_fd_table);
ATF_TC_BODY(thread_own_fd_table, tc)
{
	static struct fd_arg a;
	struct sys_thread t;

	ATF_REQUIRE(fcntl(THREAD_FD, F_GETFD) == -1 && errno == EBADF);
	a.parent_old = open("/dev/null", O_RDONLY);
	ATF_REQUIRE(a.parent_old >= 0);
	ATF_REQUIRE_EQ(0, sys_thread_spawn(&t, fd_worker, &a, STACK));
	fd_step(&a.state, 1);
	ATF_CHECK_MSG(a.r_open >= 0, "thread open: %d", a.r_open);
	ATF_CHECK_EQ(THREAD_FD, a.r_dup);
	ATF_CHECK_MSG(a.r_old >= 0, "inherited fd: %d", a.r_old);

	errno = 0;
	ATF_CHECK_EQ(-1, fcntl(THREAD_FD, F_GETFD));
	ATF_CHECK_EQ(EBADF, errno);
	a.parent_new = open("/dev/zero", O_RDONLY);
	ATF_REQUIRE(a.parent_new >= 0);
	if (a.parent_new == a.r_open) {
		/* Same number in two tables; use a number the thread lacks. */
		ATF_REQUIRE_EQ(THREAD_FD + 1, dup2(a.parent_new, THREAD_FD + 1));
		a.parent_new = THREAD_FD + 1;
	}
	__atomic_store_n(&a.state, 2, __ATOMIC_RELEASE);
	sys_futex_wake(&a.state, 1);
	fd_step(&a.state, 3);
	ATF_CHECK_EQ(-EBADF, a.r_new);
	ATF_REQUIRE_EQ(0, sys_thread_join(&t, 5000));
	/* The thread's table went with it; the parent's is intact. */
	ATF_CHECK(fcntl(a.parent_old, F_GETFD) >= 0);
	ATF_CHECK(fcntl(THREAD_FD, F_GETFD) == -1 && errno == EBADF);
}

/* A raw thread has its own cwd: its fchdir does not move the parent. */
struct cwd_arg {
	int r;
	char buf[64];
	long n;
};

static int
cwd_worker(void *p)
{
	struct cwd_arg *a = p;
	int fd = sys_openat(AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY, 0);

	a->r = (int)sys_call1(SYS_fchdir, fd);
	a->n = sys_call2(SYS_getcwd, a->buf, sizeof(a->buf));
	return 0;
}

ATF_TC_WITHOUT_HEAD(thread_own_cwd);
ATF_TC_BODY(thread_own_cwd, tc)
{
	static struct cwd_arg a;
	struct sys_thread t;
	char cwd[256];

	ATF_REQUIRE_EQ(0, chdir("/"));
	ATF_REQUIRE_EQ(0, sys_thread_spawn(&t, cwd_worker, &a, STACK));
	ATF_REQUIRE_EQ(0, sys_thread_join(&t, 5000));
	ATF_CHECK_EQ(0, a.r);
	ATF_CHECK_STREQ("/proc", a.buf);
	ATF_REQUIRE(getcwd(cwd, sizeof(cwd)) != NULL);
	ATF_CHECK_STREQ("/", cwd);
}

/* Join with a timeout on a sleeping thread: -ETIMEDOUT, later 0. */
static int
sleep_worker(void *p)
{
	sys_sleep_ms(*(int *)p);
	return 0;
}

ATF_TC_WITHOUT_HEAD(thread_join_timeout);
ATF_TC_BODY(thread_join_timeout, tc)
{
	static int ms = 600;
	struct sys_thread t;
	int64_t t0;

	ATF_REQUIRE_EQ(0, sys_thread_spawn(&t, sleep_worker, &ms, STACK));
	t0 = sys_now_ns();
	ATF_CHECK_EQ(-ETIMEDOUT, sys_thread_join(&t, 50));
	ATF_CHECK_MSG(elapsed_ms(t0) >= 45, "returned after %lld ms",
	    (long long)elapsed_ms(t0));
	ATF_CHECK(sys_thread_alive(&t));
	ATF_CHECK_EQ(-ETIMEDOUT, sys_thread_join(&t, 0));
	ATF_CHECK_EQ(0, sys_thread_join(&t, 10000));
	ATF_CHECK(!sys_thread_alive(&t));
	/* Joining again is harmless. */
	ATF_CHECK_EQ(0, sys_thread_join(&t, 0));
}

/*
 * The join sleeps on the tid word and must be woken by the kernel's
 * CLONE_CHILD_CLEARTID wake when the thread exits, not by its own timeout.
 * The kernel's wake is a shared (non-private) futex wake, so a
 * FUTEX_WAIT_PRIVATE sleeper on that word is never woken by it.
 */
ATF_TC(thread_join_wakes);
ATF_TC_HEAD(thread_join_wakes, tc)
{
	atf_tc_set_md_var(tc, "timeout", "60");
}
ATF_TC_BODY(thread_join_wakes, tc)
{
	static int ms = 300;
	struct sys_thread t;
	int64_t t0;

	ATF_REQUIRE_EQ(0, sys_thread_spawn(&t, sleep_worker, &ms, STACK));
	t0 = sys_now_ns();
	ATF_CHECK_EQ(0, sys_thread_join(&t, 10000));
	ATF_CHECK_MSG(elapsed_ms(t0) < 5000,
	    "join of a 300 ms thread returned after %lld ms: the exit wake "
	    "was missed", (long long)elapsed_ms(t0));
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, raw_errno);
	ATF_TP_ADD_TC(tp, raw_stat_and_openat2);
	ATF_TP_ADD_TC(tp, raw_vm_read_write);
	ATF_TP_ADD_TC(tp, raw_vm_read_pages);
	ATF_TP_ADD_TC(tp, raw_vm_read_pages2);
	ATF_TP_ADD_TC(tp, futex_lock_exclusion);
	ATF_TP_ADD_TC(tp, futex_wait_timeout);
	ATF_TP_ADD_TC(tp, futex_wake_event);
	ATF_TP_ADD_TC(tp, threads_many_no_leak);
	ATF_TP_ADD_TC(tp, thread_guard_page);
	ATF_TP_ADD_TC(tp, thread_own_fd_table);
	ATF_TP_ADD_TC(tp, thread_own_cwd);
	ATF_TP_ADD_TC(tp, thread_join_timeout);
	ATF_TP_ADD_TC(tp, thread_join_wakes);
	return atf_no_error();
}
