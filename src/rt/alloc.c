/* worker-safe */
/*
 * rt allocator. musl's malloc takes no lock once it believes the process is
 * single-threaded, which raw clone threads make it believe, so syd threads
 * allocate here instead: one futex lock, memory straight from mmap.
 *
 * Every block starts with a 16-byte header, which keeps payloads 16-byte
 * aligned and lets rt_free find the size class (or mapping length) without
 * any lookup structure. Small blocks come from power-of-two classes carved
 * out of 64 KiB chunks and are recycled through per-class LIFO free lists;
 * chunks are never returned to the kernel. Large blocks get a mapping each.
 */
#include <string.h>
#include <sys/mman.h>

#include "rt/rt.h"
#include "sys/sys.h"

/*
 * Under AddressSanitizer (the fuzz build) the allocator tells ASan which
 * bytes are live, since ASan cannot see through mmap'd chunks by itself:
 * chunk memory starts poisoned, rt_alloc unpoisons the header and the
 * bytes asked for (not the rest of the class), rt_free poisons the payload
 * again. Headers stay readable. Memory given back with munmap is
 * unpoisoned first: the next mapping there must not inherit the shadow.
 */
#if defined(__SANITIZE_ADDRESS__)
#define RT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_ASAN 1
#endif
#endif
#ifdef RT_ASAN
#include <sanitizer/asan_interface.h>
#define rt_poison(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define rt_unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define rt_poison(p, n) ((void)(p), (void)(n))
#define rt_unpoison(p, n) ((void)(p), (void)(n))
#endif

#define RT_HDR_SIZE	16
#define RT_MIN_SHIFT	4			/* 16 bytes */
#define RT_NCLASS	8			/* 16 .. 2048 bytes */
#define RT_MAX_SMALL	((size_t)1 << (RT_MIN_SHIFT + RT_NCLASS - 1))
#define RT_CHUNK_SIZE	((size_t)64 * 1024)
#define RT_PAGE_SIZE	((size_t)4096)
#define RT_CLASS_LARGE	0xffu

/* Live and free blocks carry different magics: a double free is caught. */
#define RT_MAGIC_LIVE	0x5359444cu		/* "SYDL" */
#define RT_MAGIC_FREE	0x53594446u		/* "SYDF" */

struct rt_hdr {
	uint32_t magic;
	uint32_t cls;
	uint64_t len;	/* bytes the caller asked for */
};

_Static_assert(sizeof(struct rt_hdr) == RT_HDR_SIZE, "header size");

/* A free block reuses its payload for the list link. */
struct rt_free_blk {
	struct rt_free_blk *next;
};

struct rt_class {
	struct rt_free_blk *free;
	char *bump;	/* untouched, hence still zero, chunk memory */
	char *end;
};

static struct sys_lock rt_alloc_lock;
static struct rt_class rt_classes[RT_NCLASS];

static size_t
rt_class_size(unsigned cls)
{
	return (size_t)1 << (RT_MIN_SHIFT + cls);
}

static unsigned
rt_class_of(size_t size)
{
	unsigned cls = 0;

	while (rt_class_size(cls) < size)
		cls++;
	return cls;
}

/*
 * Corrupted heap or a bad pointer: carrying on would hand the same memory
 * to two owners, so crash where the bug is visible.
 */
static _Noreturn void
rt_alloc_corrupt(void)
{
	__builtin_trap();
}

static struct rt_hdr *
rt_hdr_of(void *p)
{
	struct rt_hdr *h = (struct rt_hdr *)((char *)p - RT_HDR_SIZE);

	if (((uintptr_t)p & (RT_HDR_SIZE - 1)) != 0 ||
	    h->magic != RT_MAGIC_LIVE ||
	    (h->cls >= RT_NCLASS && h->cls != RT_CLASS_LARGE))
		rt_alloc_corrupt();
	return h;
}

/* Called with the lock held. Returns a block of class cls, or NULL. */
static struct rt_hdr *
rt_class_take(unsigned cls, bool *dirty)
{
	struct rt_class *c = &rt_classes[cls];
	size_t bsz = RT_HDR_SIZE + rt_class_size(cls);
	struct rt_free_blk *f;
	void *m;

	if ((f = c->free) != NULL) {
		rt_unpoison(f, sizeof(*f));
		c->free = f->next;
		rt_poison(f, sizeof(*f));
		*dirty = true;
		return (struct rt_hdr *)((char *)f - RT_HDR_SIZE);
	}
	if (c->bump == NULL || (size_t)(c->end - c->bump) < bsz) {
		/* The tail of the old chunk is abandoned: under one block. */
		m = sys_mmap(NULL, RT_CHUNK_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if ((uintptr_t)m >= (uintptr_t)-4095)
			return NULL;
		rt_poison(m, RT_CHUNK_SIZE);
		c->bump = m;
		c->end = (char *)m + RT_CHUNK_SIZE;
	}
	m = c->bump;
	c->bump += bsz;
	*dirty = false;
	return m;
}

static void *
rt_alloc_small(size_t size)
{
	unsigned cls = rt_class_of(size);
	struct rt_hdr *h;
	bool dirty;

	sys_lock(&rt_alloc_lock);
	h = rt_class_take(cls, &dirty);
	sys_unlock(&rt_alloc_lock);
	if (h == NULL)
		return NULL;
	rt_unpoison(h, RT_HDR_SIZE + size);
	h->magic = RT_MAGIC_LIVE;
	h->cls = cls;
	h->len = size;
	/* Fresh chunk memory is zero from mmap; recycled memory is not. */
	if (dirty)
		memset(h + 1, 0, size);
	return h + 1;
}

static void *
rt_alloc_large(size_t size)
{
	size_t maplen;
	struct rt_hdr *h;

	if (size > SIZE_MAX - RT_HDR_SIZE - RT_PAGE_SIZE)
		return NULL;
	maplen = (size + RT_HDR_SIZE + RT_PAGE_SIZE - 1) & ~(RT_PAGE_SIZE - 1);
	h = sys_mmap(NULL, maplen, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((uintptr_t)h >= (uintptr_t)-4095)
		return NULL;
	h->magic = RT_MAGIC_LIVE;
	h->cls = RT_CLASS_LARGE;
	h->len = size;
	rt_poison((char *)(h + 1) + size, maplen - RT_HDR_SIZE - size);
	return h + 1;
}

void *
rt_alloc(size_t size)
{
	if (size <= RT_MAX_SMALL)
		return rt_alloc_small(size);
	return rt_alloc_large(size);
}

static size_t
rt_large_maplen(const struct rt_hdr *h)
{
	return (h->len + RT_HDR_SIZE + RT_PAGE_SIZE - 1) & ~(RT_PAGE_SIZE - 1);
}

void
rt_free(void *p)
{
	struct rt_hdr *h;
	struct rt_free_blk *f;
	unsigned cls;

	if (p == NULL)
		return;
	h = rt_hdr_of(p);
	cls = h->cls;
	if (cls == RT_CLASS_LARGE) {
		h->magic = RT_MAGIC_FREE;
		rt_unpoison(h, rt_large_maplen(h));
		sys_munmap(h, rt_large_maplen(h));
		return;
	}
	f = p;
	sys_lock(&rt_alloc_lock);
	/* Checked under the lock so two racing frees cannot both pass. */
	if (h->magic != RT_MAGIC_LIVE)
		rt_alloc_corrupt();
	h->magic = RT_MAGIC_FREE;
	rt_poison(p, rt_class_size(cls));
	rt_unpoison(f, sizeof(*f));
	f->next = rt_classes[cls].free;
	rt_poison(f, sizeof(*f));
	rt_classes[cls].free = f;
	sys_unlock(&rt_alloc_lock);
}

/*
 * Resize in place when the block allows it: within its class for a small
 * block, within its mapping for a large one (whose surplus pages go back to
 * the kernel, since the header keeps only len and the mapping length is
 * derived from it). Returns false when a move is needed.
 */
static bool
rt_resize_in_place(struct rt_hdr *h, size_t size)
{
	size_t oldmap, newmap;

	if (h->cls != RT_CLASS_LARGE) {
		if (size > rt_class_size(h->cls))
			return false;
	} else {
		if (size > SIZE_MAX - RT_HDR_SIZE - RT_PAGE_SIZE)
			return false;
		oldmap = rt_large_maplen(h);
		newmap = (size + RT_HDR_SIZE + RT_PAGE_SIZE - 1) &
		    ~(RT_PAGE_SIZE - 1);
		if (newmap > oldmap)
			return false;
		if (newmap < oldmap) {
			rt_unpoison((char *)h + newmap, oldmap - newmap);
			sys_munmap((char *)h + newmap, oldmap - newmap);
		}
	}
	/* Only the bytes now asked for are live. */
	rt_unpoison(h + 1, size);
	if (size < h->len)
		rt_poison((char *)(h + 1) + size, h->len - size);
	/* Bytes past len may be stale; rt_alloc promised zeroes. */
	if (size > h->len)
		memset((char *)(h + 1) + h->len, 0, size - h->len);
	h->len = size;
	return true;
}

void *
rt_realloc(void *p, size_t size)
{
	struct rt_hdr *h;
	void *q;

	if (p == NULL)
		return rt_alloc(size);
	h = rt_hdr_of(p);
	if (rt_resize_in_place(h, size))
		return p;
	if ((q = rt_alloc(size)) == NULL)
		return NULL;
	memcpy(q, p, h->len);
	rt_free(p);
	return q;
}

char *
rt_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d;

	if ((d = rt_alloc(n)) != NULL)
		memcpy(d, s, n);
	return d;
}
