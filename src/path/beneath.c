/* worker-safe */
/*
 * A directory below fd by a name of any length, with no symlink and no
 * magic link on the way and never above fd: the walk re-opens canonical
 * names this way (path/walk.h).
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>

#include "path/walk.h"
#include "sys/sys.h"

/*
 * Open the directory rel (below fd, no symlinks) whatever its length: a
 * canonical name may be longer than one call takes (PATH_ABS_MAX), so
 * it is opened in pieces of fewer than PATH_MAX bytes.
 */
int
path_open_beneath(int fd, const char *rel)
{
	const unsigned long how = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
	    RESOLVE_BENEATH;
	const int flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
	char piece[PATH_MAX];
	int cur = fd, next;

	while (strlen(rel) >= PATH_MAX) {
		const char *cut = rel + PATH_MAX - 1;
		while (cut > rel && *cut != '/')
			cut--;
		if (cut == rel)
			next = -ENAMETOOLONG;
		else {
			memcpy(piece, rel, (size_t)(cut - rel));
			piece[cut - rel] = '\0';
			next = sys_openat2(cur, piece, flags, 0, how);
		}
		if (cur != fd)
			sys_close(cur);
		if (next < 0)
			return next;
		cur = next;
		rel = cut + 1;
	}
	next = sys_openat2(cur, rel, flags, 0, how);
	if (cur != fd)
		sys_close(cur);
	return next;
}
