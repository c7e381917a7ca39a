/* worker-safe */
/*
 * Debian builds libbearssl.a with _FORTIFY_SOURCE, so its objects call
 * glibc's checked mem* entry points, which musl does not have. These are
 * the same checks: the copy must fit the destination, else stop at once.
 */
#include <stddef.h>
#include <string.h>

void *__memcpy_chk(void *d, const void *s, size_t n, size_t dn);
void *__memmove_chk(void *d, const void *s, size_t n, size_t dn);
void *__memset_chk(void *d, int c, size_t n, size_t dn);

void *
__memcpy_chk(void *d, const void *s, size_t n, size_t dn)
{
	if (n > dn)
		__builtin_trap();
	return memcpy(d, s, n);
}

void *
__memmove_chk(void *d, const void *s, size_t n, size_t dn)
{
	if (n > dn)
		__builtin_trap();
	return memmove(d, s, n);
}

void *
__memset_chk(void *d, int c, size_t n, size_t dn)
{
	if (n > dn)
		__builtin_trap();
	return memset(d, c, n);
}
