/* worker-safe */
/*
 * Strings from target memory. A string may end just before an unmapped
 * page, so no remote iovec crosses a page boundary: the copy stops at the
 * first piece that is not mapped (sys_vm_read_pages) instead of failing
 * although the string itself is readable. One call per read, whatever
 * boundaries it spans.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "path/path.h"
#include "sys/sys.h"


/* strtol sets errno on overflow; this never does. -EINVAL if no digits. */
int
path_atoi(const char *s)
{
	long v = 0;
	bool any = false;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s >= '0' && *s <= '9' && v < (1L << 31); s++, any = true)
		v = v * 10 + (*s - '0');
	return any && v < (1L << 31) ? (int)v : -EINVAL;
}

long
path_read(int tid, unsigned long addr, char *buf, size_t size)
{
	return path_read_from(tid, addr, buf, size, 0);
}

long
path_read_from(int tid, unsigned long addr, char *buf, size_t size,
    size_t got)
{
	char *nul;

	if (addr == 0)
		return -EFAULT;
	if (got > size)
		got = size;
	if ((nul = memchr(buf, '\0', got)) != NULL)
		return nul - buf;
	while (got < size) {
		size_t chunk = size - got;
		long r;

		/* Most paths are short: copy 256 bytes first, not a page. */
		if (got == 0 && chunk > 256)
			chunk = 256;
		r = sys_vm_read_pages(tid, buf + got, addr + got, chunk);
		if (r <= 0)
			return r == 0 || r == -EFAULT || r == -EIO ? -EFAULT : r;
		nul = memchr(buf + got, '\0', (size_t)r);
		if (nul != NULL)
			return nul - buf;
		got += (size_t)r;
	}
	return -ENAMETOOLONG;
}

int
path_tgid(int tid)
{
	char buf[512], *s;
	int r;

	if ((r = sys_proc_status(tid, buf, sizeof(buf))) < 0)
		return r;
	s = strstr(buf, "\nTgid:");
	if (s == NULL)
		return -ESRCH;
	return path_atoi(s + 6);
}

/* The last number on the line starting with key: the innermost pid
 * namespace's view. */
static int
status_last(const char *buf, const char *key)
{
	const char *s = strstr(buf, key), *last = NULL;

	if (s == NULL)
		return -ESRCH;
	for (s += strlen(key); *s != '\0' && *s != '\n'; s++)
		if ((*s >= '0' && *s <= '9') && (s[-1] == '\t' || s[-1] == ' ' ||
		    s[-1] == ':'))
			last = s;
	return last == NULL ? -ESRCH : path_atoi(last);
}

int
path_tgid_ns(int tid, int *nstid)
{
	char buf[2048];
	int r, tgid;

	if ((r = sys_proc_status(tid, buf, sizeof(buf))) < 0)
		return r;
	tgid = status_last(buf, "\nNStgid:");
	*nstid = status_last(buf, "\nNSpid:");
	return tgid < 0 ? tgid : *nstid < 0 ? *nstid : tgid;
}

uint64_t
path_status_hex(const char *buf, const char *key)
{
	const char *s = strstr(buf, key);
	uint64_t v = 0;

	if (s == NULL)
		return 0;
	for (s += strlen(key); *s == '\t' || *s == ' '; s++)
		;
	for (;; s++) {
		if (*s >= '0' && *s <= '9')
			v = v << 4 | (uint64_t)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			v = v << 4 | (uint64_t)(*s - 'a' + 10);
		else
			return v;
	}
}
