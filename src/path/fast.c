/* worker-safe */
/*
 * The walk's shortcut (canon.c): all directories before the last name in
 * one openat2 when no symlink, "." or ".." is on the way.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>

#include "path/walk.h"
#include "sys/sys.h"

/*
 * The common case in one step: when no directory component before the
 * last is "." or "..", open them all at once with RESOLVE_NO_SYMLINKS.
 * Without symlinks the lexical path is the canonical one, so the result is
 * exactly what the walk would give. Any symlink (ELOOP) means the walk.
 */
int
walk_fast(struct walk *w)
{
	char clean[PATH_MAX];
	const char *s = w->rest, *last = NULL, *p;
	size_t n = 0;
	int fd;

	if (w->xresume != NULL)
		return 0; /* a magic link's name: one mount at a time */
	for (p = s; *p != '\0'; p++)
		if (*p != '/' && (p == s || p[-1] == '/'))
			last = p;
	if (last == NULL)
		return 0;
	while (s < last) {
		const char *c = s, *end;
		while (*c == '/')
			c++;
		if (c >= last)
			break;
		for (end = c; *end != '/'; end++)
			;
		if ((end - c == 1 && c[0] == '.') ||
		    (end - c == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		if (n + (size_t)(end - c) + 2 >= sizeof(clean))
			return 0;
		if (n > 0)
			clean[n++] = '/';
		memcpy(clean + n, c, (size_t)(end - c));
		n += (size_t)(end - c);
		s = end;
	}
	if (n == 0)
		return 0;
	clean[n] = '\0';
	fd = sys_openat2(w->cur, clean, O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
	    RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_BENEATH |
	    walk_xdev(w));
	/* A symlink on the way, or a mount under PATH_NO_XDEV: walk it,
	 * one name at a time, as the kernel judges each. EACCES too: a
	 * link last in this call is a trailing one to the kernel, which
	 * under fs.protected_symlinks refuses it before RESOLVE_NO_SYMLINKS
	 * would (may_follow_link), where the program's walk follows it in
	 * the middle; a real EACCES the walk meets again where it is. */
	if (fd == -ELOOP || fd == -EXDEV || fd == -EAGAIN || fd == -EACCES)
		return 0;
	if (fd < 0)
		return fd;
	if (walk_append(w, clean, n) < 0) {
		sys_close(fd);
		return -ENAMETOOLONG;
	}
	w->rest = (char *)last;
	return walk_set(w, fd);
}
