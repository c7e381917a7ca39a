/*
 * esc_proc_root SECRET MARKER
 *
 * Reach the denied file SECRET through the magic links of /proc, which the
 * kernel follows to objects rather than names: /proc/self/root/SECRET,
 * /proc/<pid>/root/SECRET, /proc/thread-self/root/SECRET, then, with the
 * cwd in SECRET's directory, /proc/self/cwd/NAME, and with a directory fd
 * N of that directory, /proc/self/fd/N/NAME and /dev/fd/N/NAME.
 * A checker that matches the written text sees only "/proc/...".
 *
 * Prints "ESCAPED <variant>=<path>... (blocked: ...)" and exits 0 if
 * some variant read MARKER (all are tried), else
 * "BLOCKED <variant>=<errno>..." and exits 1 (2: usage/setup).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Variants that got through, and how the others failed. */
/* O_PATH through the raw call (mode 0): musl's open() adds O_LARGEFILE,
 * which the kernel ignores in open/openat but refuses with O_PATH in
 * openat2. */
static int
opath(const char *path, int flags)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, O_PATH | flags, 0);
}

static char esc[1024], why[2048];

static const char *
ename(int e)
{
	static char b[32];

	switch (e) {
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case ELOOP: return "ELOOP";
	case ENOTDIR: return "ENOTDIR";
	case EXDEV: return "EXDEV";
	}
	snprintf(b, sizeof(b), "errno%d", e);
	return b;
}

static int
attempt(const char *what, const char *path, const char *marker)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " %s=%s", what, ename(errno));
		return 0;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (strstr(buf, marker) == NULL) {
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    " %s=no-marker", what);
		return 0;
	}
	snprintf(esc + strlen(esc), sizeof(esc) - strlen(esc),
	    " %s=%s", what, path);
	return 1;
}

/* ESCAPED if any variant read the marker, else BLOCKED. */
static int
report(void)
{
	if (esc[0] != '\0') {
		printf("ESCAPED%s (blocked:%s)\n", esc, why);
		return 0;
	}
	printf("BLOCKED%s\n", why);
	return 1;
}

int
main(int argc, char **argv)
{
	char sdir[4096], sbase[4096], t[4096], p[8192];
	const char *secret, *marker;
	int dfd;

	if (argc != 3 || argv[1][0] != '/') {
		fprintf(stderr, "usage: esc_proc_root /SECRET MARKER\n");
		return 2;
	}
	secret = argv[1];
	marker = argv[2];
	snprintf(t, sizeof(t), "%s", secret);
	snprintf(sdir, sizeof(sdir), "%s", dirname(t));
	snprintf(t, sizeof(t), "%s", secret);
	snprintf(sbase, sizeof(sbase), "%s", basename(t));

	snprintf(p, sizeof(p), "/proc/self/root%s", secret);
	attempt("self-root", p, marker);
	snprintf(p, sizeof(p), "/proc/%d/root%s", (int)getpid(), secret);
	attempt("pid-root", p, marker);
	snprintf(p, sizeof(p), "/proc/thread-self/root%s", secret);
	attempt("thread-self-root", p, marker);
	snprintf(p, sizeof(p), "/proc/self/root/proc/self/root%s", secret);
	attempt("root-twice", p, marker);
	if (chdir(sdir) < 0) {
		printf("ERROR chdir %s: %s\n", sdir, strerror(errno));
		return 2;
	}
	snprintf(p, sizeof(p), "/proc/self/cwd/%s", sbase);
	attempt("self-cwd", p, marker);
	snprintf(p, sizeof(p), "/proc/%d/task/%d/cwd/%s", (int)getpid(),
	    (int)gettid(), sbase);
	attempt("task-cwd", p, marker);
	dfd = opath(sdir, O_DIRECTORY);
	if (dfd < 0) /* syd cannot hand out O_PATH fds yet */
		dfd = open(sdir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0) {
		printf("ERROR open %s: %s\n", sdir, strerror(errno));
		return 2;
	}
	if (chdir("/") < 0)
		return 2;
	snprintf(p, sizeof(p), "/proc/self/fd/%d/%s", dfd, sbase);
	attempt("self-fd-dir", p, marker);
	snprintf(p, sizeof(p), "/dev/fd/%d/%s", dfd, sbase);
	attempt("dev-fd-dir", p, marker);
	snprintf(p, sizeof(p), "/proc/self/fd/%d/../%s/%s", dfd,
	    strrchr(sdir, '/') + 1, sbase);
	if (strcmp(sdir, "/") != 0)
		attempt("self-fd-dotdot", p, marker);
	return report();
}
