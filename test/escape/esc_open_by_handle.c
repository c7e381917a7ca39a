/*
 * esc_open_by_handle SECRET MARKER [TYPE:HEX]
 *
 * open_by_handle_at(2) opens a file by its file system handle, with no
 * path to check at all (root: CAP_DAC_READ_SEARCH). The handle comes from
 * name_to_handle_at(2) on SECRET or, as an attacker could also forge it
 * (on ext4 it is inode and generation), from the command line: the test
 * passes the one printed by a native run. Always denied (SPEC.md 3).
 *
 * Prints "ESCAPED read MARKER ... (handle TYPE:HEX)" and exits 0 if the
 * secret was read, else "BLOCKED <step>: <errno>..." and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct handle {
	unsigned int bytes;
	int type;
	unsigned char f[128];
};

static int
parse(const char *s, struct handle *h)
{
	char *end;

	h->type = (int)strtol(s, &end, 10);
	if (*end++ != ':')
		return -1;
	for (h->bytes = 0; end[0] != '\0' && end[1] != '\0' &&
	    h->bytes < sizeof(h->f); end += 2) {
		char b[3] = { end[0], end[1], 0 };
		h->f[h->bytes++] = (unsigned char)strtoul(b, NULL, 16);
	}
	return h->bytes > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	char t[4096], buf[512], hex[300] = "";
	struct handle h;
	int mnt, mid, fd, e1 = 0;
	ssize_t n;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: esc_open_by_handle SECRET MARKER "
		    "[TYPE:HEX]\n");
		return 2;
	}
	memset(&h, 0, sizeof(h));
	h.bytes = sizeof(h.f);
	if (syscall(SYS_name_to_handle_at, AT_FDCWD, argv[1], &h, &mid, 0)
	    < 0) {
		e1 = errno;
		if (argc != 4 || parse(argv[3], &h) < 0) {
			printf("BLOCKED name_to_handle_at: %s (errno %d)\n",
			    strerror(e1), e1);
			return 1;
		}
	}
	for (unsigned i = 0; i < h.bytes && i < sizeof(h.f); i++)
		snprintf(hex + 2 * i, 3, "%02x", h.f[i]);
	snprintf(t, sizeof(t), "%s", argv[1]);
	/* Any fd on the file system; not O_PATH, which the call refuses. */
	mnt = open(dirname(t), O_RDONLY | O_DIRECTORY);
	if (mnt < 0) {
		printf("ERROR open %s: %s\n", t, strerror(errno));
		return 2;
	}
	fd = (int)syscall(SYS_open_by_handle_at, mnt, &h, O_RDONLY);
	if (fd < 0) {
		printf("BLOCKED open_by_handle_at: %s (errno %d); "
		    "name_to_handle_at: errno %d (handle %d:%s)\n",
		    strerror(errno), errno, e1, h.type, hex);
		return 1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	if (strstr(buf, argv[2]) == NULL) {
		printf("BLOCKED open_by_handle_at opened a file without the "
		    "marker (handle %d:%s)\n", h.type, hex);
		return 1;
	}
	printf("ESCAPED read %s via open_by_handle_at (handle %d:%s)\n",
	    argv[2], h.type, hex);
	return 0;
}
