/*
 * esc_mount SECRET DIR MARKER
 *
 * Show the denied file SECRET under the allowed name DIR/over.txt with a
 * mount in a private mount namespace (unshare CLONE_NEWNS as root, or
 * with CLONE_NEWUSER): mount(2) MS_BIND, and the new mount API,
 * open_tree(OPEN_TREE_CLONE) + move_mount(2). Then read DIR/over.txt. A
 * checker that judges names sees only the allowed one. The namespace is
 * made private first (nothing propagates to the caller's); if that
 * fails no mount is made (only open_tree's detached clone is tried).
 *
 * Prints "ESCAPED <variant>=DIR/over.txt... (blocked: ...)" and exits 0
 * if MARKER was read by the allowed name, else
 * "BLOCKED <variant>=<step>:<errno>..." and exits 1 (2: usage/setup).
 */
#include <sched.h>
#include <sys/mount.h>

#include "esc.h"

#ifndef SYS_open_tree
#define SYS_open_tree 428
#define SYS_move_mount 429
#endif
#define OPEN_TREE_CLONE_ 1
#define MOVE_MOUNT_F_EMPTY_PATH_ 0x04

static char over[4096];

static void
note(const char *what, const char *step)
{
	esc_cat(esc_why, sizeof(esc_why), " %s=%s:%s", what, step,
	    esc_ename(errno));
}

static int
fresh(void)
{
	int fd;

	umount2(over, MNT_DETACH);
	fd = open(over, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "public\n", 7) != 7)
		return -1;
	return close(fd);
}

int
main(int argc, char **argv)
{
	const char *secret, *marker;
	int t;

	if (argc != 4)
		return 2;
	secret = argv[1];
	marker = argv[3];
	snprintf(over, sizeof(over), "%s/over.txt", argv[2]);
	if (fresh() < 0) {
		printf("ERROR %s: %s\n", over, strerror(errno));
		return 2;
	}
	if (unshare(CLONE_NEWNS) < 0 &&
	    unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) {
		note("bind", "unshare");
		note("move_mount", "unshare");
		return esc_report();
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		note("bind", "make-private");
		/* A detached clone propagates nowhere: safe to try. */
		t = (int)syscall(SYS_open_tree, AT_FDCWD, secret,
		    OPEN_TREE_CLONE_);
		note("move_mount", t < 0 ? "open_tree" : "make-private");
		return esc_report();
	}
	if (mount(secret, over, NULL, MS_BIND, NULL) < 0)
		note("bind", "mount");
	else
		esc_open("bind", over, marker);
	fresh();
	t = (int)syscall(SYS_open_tree, AT_FDCWD, secret, OPEN_TREE_CLONE_);
	if (t < 0)
		note("move_mount", "open_tree");
	else if (syscall(SYS_move_mount, t, "", AT_FDCWD, over,
	    MOVE_MOUNT_F_EMPTY_PATH_) < 0)
		note("move_mount", "move_mount");
	else
		esc_open("move_mount", over, marker);
	return esc_report();
}
