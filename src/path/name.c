/* worker-safe */
/*
 * Safe file names (syd(7) "Enhanced Path Integrity Measures", after
 * David A. Wheeler's "Fixing Unix/Linux/POSIX Filenames" and his
 * Safename LSM): one name component is judged by its bytes alone. Pure:
 * no system call, no allocation.
 */
#include <string.h>

#include "path/path.h"
#include "sys/sys.h"

/* The shell's metacharacters and quotes: a name holding one of them
 * does something else when a script forgets to quote it. */
static bool
name_meta(unsigned char c)
{
	return c != '\0' && strchr("*?:[]\"<>|(){}&'!\\;$`", c) != NULL;
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
		if ((k = sys_utf8_len(s + i, n - i)) == 0)
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
