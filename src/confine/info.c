/* main thread only */
/*
 * syd --info (what this kernel offers, probed rather than guessed from the
 * version) and syd --check (are we inside syd?).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "confine/confine.h"
#include "crypto/crypto.h"
#include "sys/sys.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif

static int
file_has(const char *path, const char *needle)
{
	char buf[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* In a child: install an allow-all filter with a listener and the given
 * flags, then try SYNC_WAKE_UP on it. Exit 0 ok, 1 filter, 2 flag. */
static int
probe_notify(unsigned flags, bool wake)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { 1, &allow };
	int pid = fork(), st, fd;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		fd = sys_seccomp(SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER | flags, &prog);
		if (fd < 0)
			_exit(1);
		if (wake && sys_notif_set_flags(fd,
			SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) < 0)
			_exit(2);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st) == 0;
}

/* Can this user make a user namespace (what unshare/ needs unprivileged)?
 * Tried in a child, which is thrown away. */
static int
probe_userns(void)
{
	int pid = fork(), st;

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(unshare(CLONE_NEWUSER) == 0 ? 0 : 1);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st) == 0;
}

static const char *
yn(int v)
{
	return v > 0 ? "yes" : v == 0 ? "no" : "unknown";
}

int
confine_info(void)
{
	struct utsname u;
	int pidfd = sys_pidfd_open(getpid(), 0);
	long ll = sys_landlock_create_ruleset(0, 0, 1);

	uname(&u);
	printf("syd %s (C edition), API 3\n", SYD_VERSION);
	printf("kernel: %s %s %s\n", u.sysname, u.release, u.machine);
	printf("seccomp user notification: %s\n",
	    yn(file_has("/proc/sys/kernel/seccomp/actions_avail", "user_notif")));
	printf("seccomp listener: %s\n", yn(probe_notify(0, false)));
	printf("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (5.19): %s\n",
	    yn(probe_notify(SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, false)));
	printf("SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (6.6): %s\n",
	    yn(probe_notify(0, true)));
	printf("SECCOMP_IOCTL_NOTIF_ADDFD (5.9): %s\n",
	    yn(probe_notify(0, false)));
	if (ll > 0)
		printf("Landlock ABI: %ld (sandbox/lock enforces: file access"
		    "%s%s%s%s%s)\n", ll, ll >= 2 ? ", refer" : "",
		    ll >= 3 ? ", truncate" : "",
		    ll >= 4 ? ", TCP bind/connect ports" : "",
		    ll >= 5 ? ", device ioctls" : "",
		    ll >= 6 ? ", signal and abstract UNIX socket scopes" : "");
	else
		printf("Landlock: not available (%s)\n", strerror((int)-ll));
	/* trace/compile_landlock: which enforcement a category can get;
	 * the JSON state says which it got ("enforce"). */
	printf("path categories compiled to Landlock (trace/compile_landlock):"
	    " %s\n", SYD_WITH_LANDLOCK && ll > 0 ? "read, write, exec, readdir "
	    "where their rules allow it, else notify" : "none (notify)");
	printf("user namespaces (unshare/ without root): %s\n",
	    yn(probe_userns()));
	printf("pidfd: %s\n", yn(pidfd >= 0));
	printf("W^X (unless trace/allow_unsafe_memory): %s\n",
	    confine_mdwe_probe() > 0 ? "prctl PR_SET_MDWE and seccomp" :
	    "seccomp only (PR_SET_MDWE needs Linux 6.3)");
#if SYD_WITH_CRYPT
	printf("crypt: AES-256-CTR with BearSSL %s, HMAC-SHA256%s; working "
	    "copies in memfd (or crypt/tmp), at most %d open\n",
	    strcmp(crypto_aes_name(), "x86ni") == 0 ? "AES-NI (x86ni)" :
	    SYD_ARCH_AES_CT64,
	    crypto_sha256_class(CRYPTO_SHA_NI) != NULL ? " on SHA-NI" : "",
	    SYD_CRYPT_MAX);
#else
	printf("crypt: not built in (WITH_CRYPT=0)\n");
#endif
	printf("IPC: %s\n", SYD_WITH_IPC ? "built in" :
	    "not built in (WITH_IPC=0)");
	if (!SYD_WITH_LANDLOCK)
		printf("sandbox/lock: not built in (WITH_LANDLOCK=0)\n");
	printf("/proc present: %s\n", yn(access("/proc/self/status", R_OK) == 0));
	printf("build: musl static-pie, libseccomp, BearSSL; emulators %s, "
	    "max %d, keep-alive %d ms, interrupter period %d ms\n",
	    SYD_NPROC_DEF ? "fixed" : "= online CPUs", SYD_NPROC_MAX_DEF,
	    SYD_KEEP_ALIVE_DEF, SYD_INT_PERIOD_MS);
	return 0;
}

/* Inside syd: seccomp-filtered and traced by a process called syd. */
int
confine_check(void)
{
	char buf[4096], path[64], comm[32];
	const char *t;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	buf[n] = '\0';
	if ((t = strstr(buf, "\nTracerPid:")) == NULL || atoi(t + 11) == 0 ||
	    strstr(buf, "\nSeccomp:\t2") == NULL)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/comm", atoi(t + 11));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 1;
	n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	return n >= 4 && strncmp(comm, "syd\n", 4) == 0 ? 0 : 1;
}
