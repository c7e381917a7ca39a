/* main thread only */
/*
 * syd needs a procfs. Without one mounted (early boot, a bare chroot),
 * and as root, syd makes one of its own and keeps an fd of it
 * (sys_proc_fd, which syd's own /proc accesses then go through).
 *
 * Usually it is made detached with the mount API (fsopen, fsmount): it
 * is attached nowhere, so neither the system nor the sandbox sees a
 * /proc, no mount namespace is needed, and it works in a chroot whose
 * "/" is not a mount point (where a mount namespace cannot be made
 * private). syd can still landlock itself afterwards (Landlock forbids
 * mounting, not using a mount made before).
 *
 * With keep (the sandbox has a pid namespace and mounts its own procfs
 * over /proc: in a user namespace the kernel allows that only where a
 * procfs is already fully visible) it is mounted on /proc in a mount
 * namespace of syd's own, a slave of the system's so that mounts made
 * there later still reach the sandbox, and left there.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confine/confine.h"
#include "rt/rt.h"
#include "sys/sys.h"

/* A procfs attached nowhere: its root's fd, or -errno. */
static int
proc_detached(void)
{
	int fs, fd;

	if ((fs = (int)sys_call2(SYS_fsopen, "proc", FSOPEN_CLOEXEC)) < 0)
		return fs;
	fd = (int)sys_call5(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, 0, 0, 0);
	if (fd == 0)
		fd = (int)sys_call3(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
		    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	sys_close(fs);
	return fd;
}

/* A procfs on /proc in a mount namespace of syd's own: its fd. */
static int
proc_mounted(char *err, size_t errsz)
{
	int fd;

	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) {
		snprintf(err, errsz, "cannot make a private mount namespace "
		    "for /proc%s: %s", errno == EINVAL ? " (is / a mount "
		    "point? a sandbox with unshare/pid needs one)" : "",
		    strerror(errno));
		return -errno;
	}
	if (mkdir("/proc", 0555) < 0 && errno != EEXIST) {
		snprintf(err, errsz, "cannot create /proc: %s", strerror(errno));
		return -errno;
	}
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) < 0) {
		snprintf(err, errsz, "cannot mount a private procfs: %s",
		    strerror(errno));
		return -errno;
	}
	if ((fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errsz, "cannot open the private procfs: %s",
		    strerror(errno));
		return -errno;
	}
	return fd;
}

int
confine_proc_private(bool keep, char *err, size_t errsz)
{
	int fd;

	if (access("/proc/self/status", F_OK) == 0)
		return 0;
	if (geteuid() != 0) {
		snprintf(err, errsz, "/proc is not mounted and syd is not root: "
		    "cannot mount a private procfs");
		return -EPERM;
	}
	if (keep) {
		if ((fd = proc_mounted(err, errsz)) < 0)
			return fd;
	} else if ((fd = proc_detached()) < 0) {
		snprintf(err, errsz, "cannot make a private procfs (fsopen, "
		    "fsmount): %s", strerror(-fd));
		return fd;
	}
	sys_proc_fd = fd;
	rt_log_msg(RT_INFO, "boot", "proc", "made a private procfs%s (fd %d)",
	    keep ? " on /proc, left for the sandbox's own to cover" :
	    ", attached nowhere", fd);
	return 1;
}
