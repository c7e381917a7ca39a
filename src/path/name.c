/* worker-safe */
/*
 * Safe file names (syd(7) "Enhanced Path Integrity Measures", after
 * David A. Wheeler's "Fixing Unix/Linux/POSIX Filenames" and his
 * Safename LSM): one name component is judged by its bytes alone. Pure:
 * no system call, no allocation.
 */
#include <string.h>

#include "path/path.h"

/* The shell's metacharacters and quotes: a name holding one of them
 * does something else when a script forgets to quote it. */
static bool
name_meta(unsigned char c)
{
	return c != '\0' && strchr("*?:[]\"<>|(){}&'!\\;$`", c) != NULL;
}

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t
name_utf8(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0; /* a continuation byte, 0xc0, 0xc1 or 0xf5.. */
	if (len > n)
		return 0;
	/* The second byte's range rules out the overlong and the
	 * surrogate and the too-large forms. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

bool
path_name_safe(const char *name, size_t n)
{
	const unsigned char *s = (const unsigned char *)name;

	if (n == 0)
		return true;
	if (s[0] == ' ' || s[0] == '-' || s[0] == '~' || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n;) {
		size_t k;
		if (s[i] < 0x20 || s[i] == 0x7f || name_meta(s[i]))
			return false;
		if ((k = name_utf8(s + i, n - i)) == 0)
			return false;
		i += k;
	}
	return true;
}

bool
path_last_safe(const char *path)
{
	const char *end = path + strlen(path), *p;

	/* A name kept with its trailing slash (PATH_LASTNAME) is judged
	 * without it. */
	while (end > path && end[-1] == '/')
		end--;
	for (p = end; p > path && p[-1] != '/'; p--)
		;
	if ((end - p == 1 && p[0] == '.') ||
	    (end - p == 2 && p[0] == '.' && p[1] == '.'))
		return true;
	return path_name_safe(p, (size_t)(end - p));
}
