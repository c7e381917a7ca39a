/*
 * Built-in profiles (-p NAME): each is a list of ordinary commands, so
 * `syd -p NAME --print` shows exactly what applying it does. Later
 * commands win, as everywhere.
 */
/* main thread only, or under the policy writer lock */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "policy/internal.h"
#include "rt/rt.h"

/* All checking off. The lock setting is left alone (see lib). */
static const char *const p_off[] = {
	"sandbox/all,ioctl,lock,force,tpe,crypt,pid,mem:off",
	NULL,
};

/* Programs built without -pie (ET_EXEC) may run (syd 3's nopie). */
static const char *const p_nopie[] = {
	"trace/allow_unsafe_exec_nopie:1",
	NULL,
};

/* For programs that configure themselves through /dev/syd. */
static const char *const p_lib[] = {
	"include_profile off",
	"lock:off",
	NULL,
};

/*
 * A base system: what the dynamic loader, libc (NSS, locale, time zone)
 * and ordinary tools such as ls, cat and sh read. Nothing is writable but
 * the null devices. Stat of the top-level entries lets `ls /` work; their
 * contents stay hidden. /proc/self is the target itself (DESIGN.md
 * section 5).
 */
static const char *const p_linux[] = {
	"allow/read,stat,exec,readdir,chdir+/usr/***",
	"allow/read,stat,exec,readdir,chdir+/{bin,sbin}/***",
	"allow/read,stat,exec,readdir,chdir+/lib*/***",
	"allow/stat,readdir,chdir+/",
	"allow/stat+/*",
	"allow/read,stat+/etc/{ld.so.*,localtime,timezone,locale*,"
	"nsswitch.conf,passwd,group,hosts,resolv.conf,host.conf,gai.conf,"
	"services,protocols,networks,hostname,shells,os-release,"
	"environment,profile,bash.bashrc,inputrc,mime.types}",
	"allow/read,stat,readdir+/etc/{ld.so.conf.d,profile.d,terminfo,"
	"ssl/certs,ca-certificates}/***",
	"allow/read,stat,readdir,chdir+/proc/{self,thread-self}/***",
	"allow/read,stat+/proc/{filesystems,meminfo,cpuinfo,stat,loadavg,"
	"uptime,version}",
	"allow/read,stat+/proc/sys/kernel/{osrelease,ngroups_max,pid_max}",
	"allow/read,stat+/proc/sys/vm/overcommit_memory",
	"allow/read,stat+/sys/devices/system/cpu/{online,possible,present}",
	"allow/read,write,stat,truncate+/dev/{null,zero,full}",
	"allow/read,stat+/dev/{random,urandom}",
	/* NSS: nscd and systemd's user database, when present. */
	"allow/net/connect+/run/nscd/socket",
	"allow/stat,readdir+/run/systemd/userdb/***",
	"allow/net/connect+/run/systemd/userdb/*",
	/* Interface and address queries (getifaddrs, ip addr). */
	"allow/net/link+route",
	NULL,
};

/* The controlling terminal and pseudo-terminals. */
static const char *const p_tty[] = {
	"allow/read,write,stat,truncate+/dev/{tty,ptmx,console}",
	"allow/read,write,stat,truncate,readdir+/dev/pts/***",
	NULL,
};

/* An interactive user: $HOME and the temporary directories are the
 * user's in every path category; IP networking is open. */
static const char *const p_user[] = {
	"include_profile linux",
	"include_profile tty",
	"allow/all+${HOME}/***",
	"allow/all+/tmp/***",
	"allow/all+/var/tmp/***",
	"allow/all+/dev/shm/***",
	"allow/net/bind,net/connect+any!0-65535",
	NULL,
};

/* For JIT compilers: writable and executable memory (W^X lifted). */
static const char *const p_nomem[] = {
	"trace/allow_unsafe_memory:1",
	NULL,
};

static const char *const p_readonly[] = {
	"deny/write,create,delete,rename,symlink,truncate,mkdir,rmdir,chown,"
	"chgrp,chmod,chattr,mkdev,mkfifo,mktemp,utime+/***",
	NULL,
};

static const char *const p_noipv4[] = {
	"deny/net/bind,net/connect+any4!0-65535",
	NULL,
};

static const char *const p_noipv6[] = {
	"deny/net/bind,net/connect+any6!0-65535",
	NULL,
};

/*
 * No access-violation logs: every default action becomes filter (deny
 * without a log). A command list cannot say "only where it was deny", so
 * this also turns an allow default into filter: apply quiet before any
 * default/CAT:allow. Explicit deny rules still log, since someone wrote
 * them; ioctl keeps its allow default.
 */
static const char *const p_quiet[] = {
	"default/all:filter",
	"default/force,tpe,pid,mem:filter",
	NULL,
};

/* Landlock: system directories read-only, scratch places writable. */
static const char *const p_landlock[] = {
	"sandbox/lock:on",
	"allow/lock/rpath+/bin", "allow/lock/rpath+/sbin",
	"allow/lock/rpath+/lib", "allow/lock/rpath+/lib64",
	"allow/lock/rpath+/usr", "allow/lock/rpath+/etc",
	"allow/lock/rpath+/opt", "allow/lock/rpath+/var",
	"allow/lock/rpath+/run", "allow/lock/rpath+/dev",
	"allow/lock/rpath+/proc", "allow/lock/rpath+/sys",
	"allow/lock/rpath+/tmp",
	"allow/lock/exec+/bin", "allow/lock/exec+/sbin",
	"allow/lock/exec+/lib", "allow/lock/exec+/lib64",
	"allow/lock/exec+/usr",
	"allow/lock/wpath,cpath,spath,tpath,bind+/tmp",
	"allow/lock/wpath,cpath,spath,tpath,bind+/dev/shm",
	"allow/lock/write+/dev/null", "allow/lock/write+/dev/zero",
	"allow/lock/write+/dev/full", "allow/lock/write+/dev/tty",
	"allow/lock/write+/dev/pts",
	NULL,
};

static const char *const p_container[] = {
	"unshare/user,mount,pid,uts,ipc,net,cgroup,time:on",
	NULL,
};

static const char *const p_immutable[] = {
	"include_profile container",
	"bind+/etc:/etc:ro,nodev,nosuid,noexec",
	"bind+/usr:/usr:ro,nodev",
	"bind+/opt:/opt:ro,nodev",
	"bind+/var:/var:ro,nodev,nosuid,noexec",
	"bind+tmpfs:/tmp:nodev,nosuid",
	"bind+tmpfs:/var/tmp:nodev,nosuid",
	"bind+tmpfs:/dev/shm:nodev,nosuid,noexec",
	NULL,
};

/*
 * Package builds under Paludis, Exherbo's package manager: everything
 * may be read, listed and run; what a build changes is confined to the
 * scratch places and the devices, and networking to loopback and UNIX
 * sockets. Paludis adds the build's own directories through /dev/syd
 * (esyd), so the first process may go on configuring (lock:exec). Test
 * suites build and run what a hardened sandbox refuses: non-PIE and
 * executable-stack programs, JITs, odd file names, core dumps.
 */
static const char *const p_paludis[] = {
	"lock:exec",
	"sandbox/stat,read,exec,chdir,readdir:off",
	"sandbox/write,create,delete,rename,symlink,truncate,mkdir,rmdir,"
	"chown,chgrp,chmod,chattr,utime,mkdev,mkfifo,mktemp:on",
	"sandbox/net/bind,net/connect:on",
	"include_profile tty",
	"allow/write,create,truncate+/dev/{null,zero,full,random,urandom}",
	"allow/write,truncate+/dev/{fd,stdout,stderr}",
	"allow/write,truncate+/proc/self/fd/***",
	"allow/write,truncate+/proc/self/{attr,task}/***",
	"allow/write+/selinux/context/***",
	"allow/all+/tmp/***",
	"allow/all+/var/tmp/***",
	"allow/all+/var/cache/***",
	"allow/all+/dev/shm/***",
	"allow/net/bind+loopback!0-65535",
	"allow/net/connect+loopback!0-65535",
	"allow/net/bind,net/connect+/***",
	"trace/allow_safe_bind:1",
	"trace/allow_unsupp_socket:1",
	"trace/allow_unsafe_exec_nopie:1",
	"trace/allow_unsafe_exec_stack:1",
	"trace/allow_unsafe_memory:1",
	"trace/allow_unsafe_filename:1",
	"trace/allow_unsafe_prlimit:1",
	NULL,
};

/* Core dumps: RLIMIT_CORE is not forced to 0 (syd(7)). */
static const char *const p_core[] = {
	"trace/allow_unsafe_prlimit:1",
	NULL,
};

/* Debuggers and profilers: ptrace, perf, /proc/PID/mem, core dumps. */
static const char *const p_debug[] = {
	"trace/allow_unsafe_ptrace:1",
	"trace/allow_unsafe_perf:1",
	"trace/allow_unsafe_proc_mem:1",
	"trace/allow_unsafe_process_vm:1",
	"include_profile core",
	NULL,
};

/* Every default action deny: undoes trace, quiet and silent. */
static const char *const p_enforce[] = {
	"default/all:deny",
	"default/force,tpe,pid,mem:deny",
	NULL,
};

/* Learning: what no rule allows is logged and allowed (warn). */
static const char *const p_trace[] = {
	"default/all:warn",
	"default/force,tpe,pid,mem:warn",
	NULL,
};

/* quiet, and syd itself logs only emergencies. */
static const char *const p_silent[] = {
	"include_profile quiet",
	"log/level:emerg",
	NULL,
};

/* File descriptors the sandbox gets are random, not the lowest free. */
static const char *const p_rand[] = {
	"trace/force_rand_fd:1",
	NULL,
};

/* Keep Linux capabilities (syd 3: trace/allow_unsafe_caps). */
static const char *const p_privileged[] = {
	"trace/allow_unsafe_caps:1",
	NULL,
};

/* An initramfs: busybox and syd, /dev only (no /proc, /sys or /tmp). */
static const char *const p_initramfs[] = {
	"allow/read,stat,exec,readdir,chdir+/{bin,sbin,usr,lib,lib64}/***",
	"allow/read,stat,readdir,chdir+/etc/***",
	"allow/stat,readdir,chdir+/",
	"allow/stat+/*",
	"allow/stat,readdir+/dev",
	"allow/read,write,stat,truncate+/dev/{null,zero,console,tty,ttyS0}",
	"allow/read,stat+/dev/{random,urandom}",
	NULL,
};

/*
 * why: the part this build lacks, for a profile that is refused as a
 * whole rather than applied with a line left out.
 */
static const struct profile {
	const char *name;
	const char *const *cmds;
	const char *why;
	const char *descr;
} profiles[] = {
	{ "container", p_container, NULL, "every namespace unshared" },
	{ "core", p_core, NULL, "core dumps allowed" },
	{ "debug", p_debug, NULL, "debuggers and profilers allowed" },
	{ "enforce", p_enforce, NULL, "every default action deny" },
	{ "immutable", p_immutable, NULL,
	    "container with read-only system directories" },
	{ "initramfs", p_initramfs, NULL, "an initramfs: busybox and /dev" },
	{ "landlock", p_landlock, NULL,
	    "Landlock: system read-only, scratch writable" },
	{ "lib", p_lib, NULL, "off and lock:off, for /dev/syd users" },
	{ "linux", p_linux, NULL, "a base Linux system" },
	{ "noipv4", p_noipv4, NULL, "no IPv4" },
	{ "noipv6", p_noipv6, NULL, "no IPv6" },
	{ "nomem", p_nomem, NULL, "W^X lifted (JITs)" },
	{ "nopie", p_nopie, NULL, "non-PIE programs may run" },
	{ "off", p_off, NULL, "every category off" },
	{ "paludis", p_paludis, NULL, "package builds under Paludis" },
	{ "privileged", p_privileged, NULL, "capabilities kept" },
	{ "quiet", p_quiet, NULL, "no access-violation logs" },
	{ "rand", p_rand, NULL, "random file descriptors" },
	{ "readonly", p_readonly, NULL, "no writes anywhere" },
	{ "silent", p_silent, NULL, "quiet, and only emergencies logged" },
	{ "trace", p_trace, NULL, "log and allow what no rule allows" },
	{ "tty", p_tty, NULL, "the terminal and pseudo-terminals" },
	{ "user", p_user, NULL, "an interactive user" },
};

/* Short names (syd(5) PROFILES). */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "c", "container" }, { "i", "immutable" }, { "l", "landlock" },
	{ "u", "user" }, { "ro", "readonly" }, { "4", "noipv4" },
	{ "6", "noipv6" },
};

#define NPROFILES (sizeof(profiles) / sizeof(profiles[0]))

static const struct profile *
profile_find(const char *name)
{
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(aliases[i].alias, name))
			name = aliases[i].name;
	for (size_t i = 0; i < NPROFILES; i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

const char *const *
policy_profile_cmds(const char *name)
{
	const struct profile *pr = profile_find(name);

	return pr != NULL ? pr->cmds : NULL;
}

const char *
policy_profile_descr(const char *name)
{
	const struct profile *pr = profile_find(name);

	return pr != NULL ? pr->descr : NULL;
}

const char *
policy_profile_refused(const char *name)
{
	const struct profile *pr = profile_find(name);

	return pr != NULL ? pr->why : NULL;
}

/*
 * Print a profile's commands, one a line, with include_profile replaced
 * by the included profile's commands: what applying it does, every
 * setting shown. The user profile's files are not part of it.
 */
static int
profile_print_at(FILE *out, const char *name, int depth, char *err,
    size_t errsz)
{
	const struct profile *pr = profile_find(name);
	int rc;

	if (pr == NULL) {
		snprintf(err, errsz, "unknown profile `%s'", name);
		return -ENOENT;
	}
	if (pr->why != NULL) {
		snprintf(err, errsz, "profile %s: not supported by this build: "
		    "%s", pr->name, pr->why);
		return -EOPNOTSUPP;
	}
	if (depth >= POLICY_DEPTH_MAX) {
		snprintf(err, errsz, "profile %s: more than %d nested includes",
		    name, POLICY_DEPTH_MAX);
		return -ELOOP;
	}
	for (const char *const *cmd = pr->cmds; *cmd != NULL; cmd++) {
		if (!strncmp(*cmd, "include_profile ", 16)) {
			if ((rc = profile_print_at(out, *cmd + 16, depth + 1,
			    err, errsz)) < 0)
				return rc;
		} else if (fprintf(out, "%s\n", *cmd) < 0) {
			snprintf(err, errsz, "%s", strerror(errno));
			return -EIO;
		}
	}
	return 0;
}

int
policy_profile_print(FILE *out, const char *name, char *err, size_t errsz)
{
	return profile_print_at(out, name, 0, err, errsz);
}

/* The user's own additions, if they exist: system-wide, then personal. */
static int
user_files(struct policy_ctx *c)
{
	char path[POLICY_CMD_MAX + 1];
	int rc;

	if ((rc = policy_load_at(c, "/etc/user.syd-3", true)) < 0)
		return rc;
	if ((rc = policy_expand(c, "${HOME}/.user.syd-3", path,
	    sizeof(path))) < 0)
		return rc;
	return policy_load_at(c, path, true);
}

/*
 * A profile's bind+ of a system directory this system lacks (/opt on a
 * minimal image, /var in an initramfs) is left out, logged: the profile
 * describes a layout, not a requirement. A bind the user writes still
 * fails when its source is missing.
 */
static bool
profile_bind_absent(const char *cmd)
{
	char arg[512], *dst, *end;

	if (strncmp(cmd, "bind+", 5) != 0 ||
	    snprintf(arg, sizeof(arg), "%s", cmd + 5) >= (int)sizeof(arg) ||
	    (dst = strchr(arg, ':')) == NULL)
		return false;
	*dst++ = '\0';
	if ((end = strchr(dst, ':')) != NULL)
		*end = '\0';
	/* The source (a tmpfs has none) and the mount point must exist. */
	if ((strcmp(arg, "tmpfs") == 0 || access(arg, F_OK) == 0) &&
	    access(dst, F_OK) == 0)
		return false;
	rt_log_msg(RT_INFO, "profile", "bind", "%s: %s is absent here: left "
	    "out", cmd, access(dst, F_OK) == 0 ? arg : dst);
	return true;
}

int
policy_profile_at(struct policy_ctx *c, const char *name)
{
	const char *const *cmd = policy_profile_cmds(name);
	const char *outer = c->file;
	int rc = 0;

	if (cmd == NULL)
		return policy_fail(c, -ENOENT, "unknown profile `%s'", name);
	if (policy_profile_refused(name) != NULL)
		return policy_fail(c, -EOPNOTSUPP, "profile %s: not supported "
		    "by this build: %s", name, policy_profile_refused(name));
	if (c->depth >= POLICY_DEPTH_MAX)
		return policy_fail(c, -ELOOP, "profile %s: more than %d nested "
		    "includes (an include loop?)", name, POLICY_DEPTH_MAX);
	c->depth++;
	c->file = NULL; /* a profile's commands include no file */
	for (; *cmd != NULL && rc == 0; cmd++)
		if (!profile_bind_absent(*cmd))
			rc = policy_run(c, *cmd);
	if (rc == 0 && profile_find(name) == profile_find("user"))
		rc = user_files(c);
	c->file = outer;
	c->depth--;
	return rc;
}

int
policy_profile(struct policy *p, const char *name, char *err, size_t errsz)
{
	struct policy_ctx c = policy_ctx_open(p, err, errsz);

	return policy_profile_at(&c, name);
}

/* The built-in profiles' names, by index (syd-cat -p list); NULL past
 * the last. */
const char *
policy_profile_name(size_t i)
{
	return i < sizeof(profiles) / sizeof(*profiles) ? profiles[i].name :
	    NULL;
}
