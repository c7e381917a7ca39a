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

static const struct {
	const char *name;
	const char *const *cmds;
} profiles[] = {
	{ "off", p_off }, { "lib", p_lib }, { "linux", p_linux },
	{ "tty", p_tty }, { "user", p_user }, { "readonly", p_readonly },
	{ "noipv4", p_noipv4 }, { "noipv6", p_noipv6 }, { "quiet", p_quiet },
	{ "landlock", p_landlock }, { "container", p_container },
	{ "immutable", p_immutable }, { "initramfs", p_initramfs },
	{ "nopie", p_nopie },
	{ "nomem", p_nomem },
};

const char *const *
policy_profile_cmds(const char *name)
{
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (!strcmp(profiles[i].name, name))
			return profiles[i].cmds;
	return NULL;
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
	if (c->depth >= POLICY_DEPTH_MAX)
		return policy_fail(c, -ELOOP, "profile %s: more than %d nested "
		    "includes (an include loop?)", name, POLICY_DEPTH_MAX);
	c->depth++;
	c->file = NULL; /* a profile's commands include no file */
	for (; *cmd != NULL && rc == 0; cmd++)
		if (!profile_bind_absent(*cmd))
			rc = policy_run(c, *cmd);
	if (rc == 0 && !strcmp(name, "user"))
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
