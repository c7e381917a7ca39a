/*
 * rt allocator: what callers rely on — zeroed, aligned, non-overlapping
 * blocks, realloc keeping contents, reuse of freed memory, and safety under
 * concurrent use from several threads.
 */
#include <atf-c.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt/rt.h"

static bool
all_bytes(const void *p, int c, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != (unsigned char)c)
			return false;
	return true;
}

static uint32_t
xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

ATF_TC_WITHOUT_HEAD(sizes_zeroed_aligned);
ATF_TC_BODY(sizes_zeroed_aligned, tc)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 31, 32, 100, 255,
		256, 1000, 2047, 2048, 2049, 4080, 4096, 65536, 1 << 20 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	unsigned char *p[N];
	size_t i;

	for (i = 0; i < N; i++) {
		p[i] = rt_alloc(sizes[i]);
		ATF_REQUIRE(p[i] != NULL);
		ATF_CHECK_EQ_MSG((uintptr_t)p[i] % 16, 0, "size %zu", sizes[i]);
		ATF_CHECK_MSG(all_bytes(p[i], 0, sizes[i]), "size %zu",
		    sizes[i]);
		memset(p[i], (int)(i + 1), sizes[i]);
	}
	/* Every block still holds its own pattern: none overlap. */
	for (i = 0; i < N; i++)
		ATF_CHECK_MSG(all_bytes(p[i], (int)(i + 1), sizes[i]),
		    "size %zu clobbered", sizes[i]);
	for (i = 0; i < N; i++)
		rt_free(p[i]);
}

ATF_TC_WITHOUT_HEAD(recycled_zeroed);
ATF_TC_BODY(recycled_zeroed, tc)
{
	size_t sz;
	char *p, *q;

	for (sz = 1; sz <= 3000; sz = sz * 3 / 2 + 1) {
		p = rt_alloc(sz);
		ATF_REQUIRE(p != NULL);
		memset(p, 0xa5, sz);
		rt_free(p);
		q = rt_alloc(sz);
		ATF_REQUIRE(q != NULL);
		/* Small frees are reused at once; large ones remapped. */
		if (sz <= 2048)
			ATF_CHECK_EQ_MSG(p, q, "size %zu not reused", sz);
		ATF_CHECK_MSG(all_bytes(q, 0, sz), "size %zu not zeroed", sz);
		rt_free(q);
	}
}

ATF_TC_WITHOUT_HEAD(free_null_and_strdup);
ATF_TC_BODY(free_null_and_strdup, tc)
{
	char *s;

	rt_free(NULL);
	s = rt_strdup("/etc/shadow");
	ATF_REQUIRE(s != NULL);
	ATF_CHECK_STREQ(s, "/etc/shadow");
	rt_free(s);
	s = rt_strdup("");
	ATF_REQUIRE(s != NULL);
	ATF_CHECK_STREQ(s, "");
	rt_free(s);
}

ATF_TC_WITHOUT_HEAD(realloc_grow_keeps_contents);
ATF_TC_BODY(realloc_grow_keeps_contents, tc)
{
	unsigned char *p = NULL;
	size_t sz, old = 0, i;

	for (sz = 1; sz <= (4u << 20); sz = sz * 2 + 3) {
		p = rt_realloc(p, sz);
		ATF_REQUIRE(p != NULL);
		for (i = 0; i < old; i++)
			if (p[i] != (unsigned char)(i * 7))
				break;
		ATF_REQUIRE_EQ_MSG(i, old, "byte %zu lost growing to %zu", i,
		    sz);
		ATF_REQUIRE_MSG(all_bytes(p + old, 0, sz - old),
		    "grown tail at %zu not zero", sz);
		for (i = old; i < sz; i++)
			p[i] = (unsigned char)(i * 7);
		old = sz;
	}
	rt_free(p);
}

/* Shrinking then growing again must not resurrect the old bytes. */
ATF_TC_WITHOUT_HEAD(realloc_shrink_regrow_zeroed);
ATF_TC_BODY(realloc_shrink_regrow_zeroed, tc)
{
	static const size_t sizes[] = { 40, 2000, 100000, 3 << 20 };
	unsigned char *p;
	size_t i, sz;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		sz = sizes[i];
		p = rt_alloc(sz);
		ATF_REQUIRE(p != NULL);
		memset(p, 0x5a, sz);
		p = rt_realloc(p, sz / 4);
		ATF_REQUIRE(p != NULL);
		ATF_CHECK(all_bytes(p, 0x5a, sz / 4));
		p = rt_realloc(p, sz);
		ATF_REQUIRE(p != NULL);
		ATF_CHECK(all_bytes(p, 0x5a, sz / 4));
		ATF_CHECK_MSG(all_bytes(p + sz / 4, 0, sz - sz / 4),
		    "stale bytes after regrow of %zu", sz);
		rt_free(p);
	}
}

ATF_TC_WITHOUT_HEAD(large_blocks);
ATF_TC_BODY(large_blocks, tc)
{
	size_t sz = 16u << 20;
	unsigned char *p, *q;

	p = rt_alloc(sz);
	q = rt_alloc(sz);
	ATF_REQUIRE(p != NULL && q != NULL);
	ATF_CHECK(all_bytes(p, 0, sz));
	memset(p, 1, sz);
	memset(q, 2, sz);
	ATF_CHECK(all_bytes(p, 1, sz));
	rt_free(p);
	ATF_CHECK(all_bytes(q, 2, sz));
	rt_free(q);
	/* An impossible size fails cleanly instead of wrapping around. */
	ATF_CHECK(rt_alloc(SIZE_MAX - 8) == NULL);
	ATF_CHECK(rt_alloc(SIZE_MAX) == NULL);
}

/* A double free crashes at once rather than handing a block out twice. */
ATF_TC_WITHOUT_HEAD(double_free_crashes);
ATF_TC_BODY(double_free_crashes, tc)
{
	int st;
	pid_t pid;
	void *p;

	pid = fork();
	ATF_REQUIRE(pid >= 0);
	if (pid == 0) {
		p = rt_alloc(64);
		rt_free(p);
		rt_free(p);
		_exit(0);
	}
	ATF_REQUIRE_EQ(waitpid(pid, &st, 0), pid);
	ATF_CHECK_MSG(WIFSIGNALED(st), "double free went unnoticed");
}

#define NTHREADS 8
#define NSLOTS 64
#define NITER 40000

struct slot {
	unsigned char *p;
	size_t n;
	unsigned char pat;
};

static void *
worker(void *arg)
{
	uint32_t seed = (uint32_t)(uintptr_t)arg * 2654435761u + 1;
	struct slot s[NSLOTS] = { { 0 } };
	unsigned i, k;
	size_t n;

	for (i = 0; i < NITER; i++) {
		k = xorshift(&seed) % NSLOTS;
		if (s[k].p != NULL) {
			if (!all_bytes(s[k].p, s[k].pat, s[k].n))
				return (void *)"pattern clobbered";
			rt_free(s[k].p);
		}
		n = xorshift(&seed) % 9 == 0 ? xorshift(&seed) % 20000 :
		    xorshift(&seed) % 600;
		if ((s[k].p = rt_alloc(n)) == NULL)
			return (void *)"allocation failed";
		if (!all_bytes(s[k].p, 0, n))
			return (void *)"block not zeroed";
		s[k].n = n;
		s[k].pat = (unsigned char)(xorshift(&seed) | 1);
		memset(s[k].p, s[k].pat, n);
	}
	for (k = 0; k < NSLOTS; k++)
		rt_free(s[k].p);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(threads);
ATF_TC_BODY(threads, tc)
{
	pthread_t t[NTHREADS];
	void *ret;
	uintptr_t i;

	for (i = 0; i < NTHREADS; i++)
		ATF_REQUIRE_EQ(pthread_create(&t[i], NULL, worker, (void *)i),
		    0);
	for (i = 0; i < NTHREADS; i++) {
		ATF_REQUIRE_EQ(pthread_join(t[i], &ret), 0);
		ATF_CHECK_MSG(ret == NULL, "thread %lu: %s", (unsigned long)i,
		    ret == NULL ? "" : (const char *)ret);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, sizes_zeroed_aligned);
	ATF_TP_ADD_TC(tp, recycled_zeroed);
	ATF_TP_ADD_TC(tp, free_null_and_strdup);
	ATF_TP_ADD_TC(tp, realloc_grow_keeps_contents);
	ATF_TP_ADD_TC(tp, realloc_shrink_regrow_zeroed);
	ATF_TP_ADD_TC(tp, large_blocks);
	ATF_TP_ADD_TC(tp, double_free_crashes);
	ATF_TP_ADD_TC(tp, threads);
	return atf_no_error();
}
