/*
 * The rule language of SPEC.md section 2 as a user types it: every valid
 * form is accepted and stored, every invalid one is refused with a reason
 * that names what was wrong.
 */
#include <atf-c.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "policy/policy.h"

static int
run(struct policy *p, const char *cmd, char *err, size_t errsz)
{
	return policy_cmd(p, cmd, err, errsz);
}

#define OK(p, c)                                                          \
	do {                                                              \
		char err_[256];                                           \
		int rc_ = run((p), (c), err_, sizeof(err_));              \
		ATF_CHECK_EQ_MSG(rc_, 0, "`%s' -> %d: %s", (c), rc_, err_); \
	} while (0)

#define BAD(p, c)                                                         \
	do {                                                              \
		char err_[256];                                           \
		int rc_ = run((p), (c), err_, sizeof(err_));              \
		ATF_CHECK_MSG(rc_ < 0, "`%s' accepted", (c));             \
	} while (0)

ATF_TC_WITHOUT_HEAD(defaults);
ATF_TC_BODY(defaults, tc)
{
	struct policy p;

	policy_init(&p);
	for (int c = 0; c < POLICY_NLIST; c++)
		ATF_CHECK_MSG(policy_on(&p, c), "%s off", policy_cat_name(c));
	for (int c = POLICY_NLIST; c < POLICY_NCAT; c++)
		ATF_CHECK_MSG(!policy_on(&p, c), "%s on", policy_cat_name(c));
	for (int c = 0; c < POLICY_NCAT; c++)
		if (c != POLICY_IOCTL)
			ATF_CHECK_EQ(p.defact[c], POLICY_DENY);
	ATF_CHECK_EQ(p.defact[POLICY_IOCTL], POLICY_ALLOW);
	ATF_CHECK_EQ(p.lock, POLICY_LOCK_UNSET);
	ATF_CHECK_EQ(p.timeout_ms, 0);
	ATF_CHECK_EQ(p.log_level, -1);
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/etc/passwd"),
	    POLICY_DENY);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(sandbox);
ATF_TC_BODY(sandbox, tc)
{
	struct policy p;
	char err[256];

	policy_init(&p);
	OK(&p, "sandbox/read:off");
	ATF_CHECK(!policy_on(&p, POLICY_READ));
	ATF_CHECK_EQ(run(&p, "sandbox/read?", err, sizeof(err)), -ENOENT);
	ATF_CHECK_EQ(run(&p, "sandbox/write?", err, sizeof(err)), 0);
	OK(&p, "sandbox/read,write,exec:false");
	ATF_CHECK(!policy_on(&p, POLICY_WRITE) && !policy_on(&p, POLICY_EXEC));
	OK(&p, "sandbox/read:1");
	OK(&p, "sandbox/write:true");
	OK(&p, "sandbox/exec:on");
	ATF_CHECK(policy_on(&p, POLICY_READ) && policy_on(&p, POLICY_EXEC));
	OK(&p, "sandbox/net:0");
	ATF_CHECK(!policy_on(&p, POLICY_NET_BIND));
	ATF_CHECK(!policy_on(&p, POLICY_NET_SENDFD));
	ATF_CHECK(policy_on(&p, POLICY_READ));
	OK(&p, "sandbox/all:off");
	for (int c = 0; c < POLICY_NET_SENDFD + 1; c++)
		ATF_CHECK_MSG(!policy_on(&p, c), "%s on", policy_cat_name(c));
	ATF_CHECK(policy_on(&p, POLICY_IOCTL));
	ATF_CHECK_EQ(run(&p, "sandbox/all?", err, sizeof(err)), -ENOENT);
	OK(&p, "sandbox/lock,force,tpe,crypt,pid,mem:on");
	ATF_CHECK(policy_on(&p, POLICY_LOCK) && policy_on(&p, POLICY_MEM));
	ATF_CHECK_EQ(run(&p, "sandbox/pid?", err, sizeof(err)), 0);
	OK(&p, "sandbox/mktemp,net/connect,ioctl:on");
	ATF_CHECK(policy_on(&p, POLICY_MKTEMP));
	ATF_CHECK(policy_on(&p, POLICY_NET_CONNECT));
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(default_action);
ATF_TC_BODY(default_action, tc)
{
	static const char *const acts[] = { "allow", "warn", "filter", "deny",
		"panic", "stop", "abort", "kill", "exit" };
	struct policy p;
	char cmd[64];

	policy_init(&p);
	for (int a = 0; a < POLICY_NACT; a++) {
		snprintf(cmd, sizeof(cmd), "default/chmod:%s", acts[a]);
		OK(&p, cmd);
		ATF_CHECK_EQ(p.defact[POLICY_CHMOD], a);
		ATF_CHECK_STREQ(policy_act_name(a), acts[a]);
	}
	OK(&p, "default/read,write:warn");
	ATF_CHECK_EQ(p.defact[POLICY_READ], POLICY_WARN);
	ATF_CHECK_EQ(p.defact[POLICY_WRITE], POLICY_WARN);
	OK(&p, "default/all:allow");
	ATF_CHECK_EQ(p.defact[POLICY_NET_SENDFD], POLICY_ALLOW);
	ATF_CHECK_EQ(p.defact[POLICY_STAT], POLICY_ALLOW);
	OK(&p, "default/net:kill");
	ATF_CHECK_EQ(p.defact[POLICY_NET_BIND], POLICY_KILL);
	OK(&p, "default/force:kill");
	OK(&p, "default/ioctl,tpe,pid,mem:deny");
	/* default/lock: best effort without Landlock (man syd.2). */
	OK(&p, "default/lock:warn");
	ATF_CHECK_EQ(p.defact[POLICY_LOCK], POLICY_WARN);
	OK(&p, "default/all:allow");
	ATF_CHECK_EQ(p.defact[POLICY_LOCK], POLICY_WARN); /* not in all */
	ATF_CHECK_EQ(p.defact[POLICY_FORCE], POLICY_KILL);
	ATF_CHECK_EQ(p.defact[POLICY_IOCTL], POLICY_DENY);
	policy_free(&p);
}

/* Every category name of SPEC.md section 3 takes rules. */
ATF_TC_WITHOUT_HEAD(rule_forms);
ATF_TC_BODY(rule_forms, tc)
{
	struct policy p;
	char cmd[128];

	policy_init(&p);
	for (int c = 0; c < POLICY_NLIST; c++) {
		if (c == POLICY_IOCTL)
			continue;
		snprintf(cmd, sizeof(cmd), "allow/%s+/tmp/***",
		    policy_cat_name(c));
		OK(&p, cmd);
		ATF_CHECK_EQ_MSG(p.list[c].n, 1, "%s", cmd);
	}
	OK(&p, "deny/read,write+/etc/{shadow,gshadow}");
	ATF_CHECK_EQ(p.list[POLICY_READ].v[1].nalt, 2);
	ATF_CHECK_STREQ(p.list[POLICY_READ].v[1].pat, "/etc/{shadow,gshadow}");
	OK(&p, "warn/all+/home/**");
	ATF_CHECK_EQ(p.list[POLICY_NET_SENDFD].n, 2);
	OK(&p, "filter/net+127.0.0.1!80");
	OK(&p, "kill/net/connect+any!0-65535");
	OK(&p, "stop/net/bind+/run/*.sock");
	OK(&p, "abort/net/sendfd+@abstract*");
	OK(&p, "panic/exec+/usr/bin/su");
	OK(&p, "exit/exec+/usr/bin/sudo");
	OK(&p, "allow/net/connect+{127.0.0.1,::1}!53");
	OK(&p, "allow/ioctl+TIOCGWINSZ");
	OK(&p, "deny/ioctl+0x5412");
	OK(&p, "allow/ioctl+21505");
	ATF_CHECK_EQ(p.list[POLICY_IOCTL].n, 3);
	OK(&p, "allow/lock/read+/usr");
	OK(&p, "allow/lock/write+/tmp");
	OK(&p, "allow/lock/exec+/usr/bin");
	OK(&p, "allow/lock/bind+8080");
	OK(&p, "allow/lock/connect+1024-65535");
	ATF_CHECK_EQ(p.lport[POLICY_LPORT_CONNECT].v[0].port_lo, 1024);
	ATF_CHECK_EQ(p.lport[POLICY_LPORT_CONNECT].v[0].port_hi, 65535);
	OK(&p, "allow/lock/read-/usr");
	ATF_CHECK_EQ(p.lpath[POLICY_LPATH_READ].n, 0);
	OK(&p, "allow/lock/connect^1024-65535");
	ATF_CHECK_EQ(p.lport[POLICY_LPORT_CONNECT].n, 0);
	/* syd 3's 17 categories, comma lists of them, sets, port lists. */
	OK(&p, "allow/lock/readdir,truncate,ioctl+/dev");
	ATF_CHECK_EQ(p.lpath[POLICY_LPATH_READDIR].n, 1);
	ATF_CHECK_EQ(p.lpath[POLICY_LPATH_TRUNCATE].n, 1);
	ATF_CHECK_EQ(p.lpath[POLICY_LPATH_IOCTL].n, 1);
	OK(&p, "allow/lock/all+/srv");
	for (int i = 0; i < POLICY_NLPATH; i++)
		ATF_CHECK(p.lpath[i].n >= 1);
	ATF_CHECK_EQ(p.lport[POLICY_LPORT_CONNECT].n, 0);
	OK(&p, "allow/lock/cpath+/var");
	ATF_CHECK_EQ(p.lpath[POLICY_LPATH_RENAME].n, 2);
	OK(&p, "allow/lock/bind+/run/sock");
	ATF_CHECK_EQ(p.lpath[POLICY_LPATH_BIND].n, 2);
	OK(&p, "allow/lock/bind,connect+80,443,1024-2048");
	ATF_CHECK_EQ(p.lport[POLICY_LPORT_BIND].n, 4);
	ATF_CHECK_EQ(p.lport[POLICY_LPORT_CONNECT].n, 3);
	ATF_CHECK_EQ(p.lport[POLICY_LPORT_CONNECT].v[2].port_hi, 2048);
	OK(&p, "allow/lock/connect-443");
	ATF_CHECK_EQ(p.lport[POLICY_LPORT_CONNECT].n, 2);
	BAD(&p, "allow/lock/connect+/tmp");
	BAD(&p, "allow/lock/readdir+80");
	BAD(&p, "allow/lock/bind+80,,81");
	BAD(&p, "allow/lock/bind+80,x");
	BAD(&p, "allow/lock/frob+/tmp");
	BAD(&p, "allow/lock/read+tmp");
	ATF_CHECK_EQ(p.lport[POLICY_LPORT_CONNECT].n, 2);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(commands);
ATF_TC_BODY(commands, tc)
{
	struct policy p;

	policy_init(&p);
	p.trace = true;
	OK(&p, "allow/read+/etc/***");
	OK(&p, "sandbox/read:off");
	OK(&p, "lock:exec");
	OK(&p, "mask+/proc/kcore");
	OK(&p, "stat");
	ATF_CHECK(!p.panic);
	OK(&p, "reset");
	ATF_CHECK_EQ(p.list[POLICY_READ].n, 0);
	ATF_CHECK_EQ(p.mask.n, 0);
	ATF_CHECK(policy_on(&p, POLICY_READ));
	ATF_CHECK_EQ(p.lock, POLICY_LOCK_EXEC);
	ATF_CHECK(p.trace);
	OK(&p, "panic");
	ATF_CHECK(p.panic);
	OK(&p, "include_profile off");
	ATF_CHECK(!policy_on(&p, POLICY_READ));
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(lock);
ATF_TC_BODY(lock, tc)
{
	static const char *const names[] = { "off", "exec", "drop", "read",
		"on", "ipc" };
	static const int vals[] = { POLICY_LOCK_OFF, POLICY_LOCK_EXEC,
		POLICY_LOCK_DROP, POLICY_LOCK_READ, POLICY_LOCK_ON,
		POLICY_LOCK_IPC };
	struct policy p;
	char cmd[32], err[256];

	policy_init(&p);
	for (int i = 0; i < 6; i++) {
		p.lock = POLICY_LOCK_UNSET;
		snprintf(cmd, sizeof(cmd), "lock:%s", names[i]);
		OK(&p, cmd);
		ATF_CHECK_EQ(p.lock, vals[i]);
	}
	OK(&p, "lock:on");
	for (int i = 0; i < 4; i++) {
		snprintf(cmd, sizeof(cmd), "lock:%s", names[i]);
		ATF_CHECK_EQ(run(&p, cmd, err, sizeof(err)), -EPERM);
		ATF_CHECK_STREQ(err, "lock is on");
		ATF_CHECK_EQ(p.lock, POLICY_LOCK_ON);
	}
	OK(&p, "lock:on");
	OK(&p, "reset");
	ATF_CHECK_EQ(p.lock, POLICY_LOCK_ON);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(settings);
ATF_TC_BODY(settings, tc)
{
	struct policy p;

	policy_init(&p);
	OK(&p, "timeout:10s");
	ATF_CHECK_EQ(p.timeout_ms, 10000);
	OK(&p, "log/level:info");
	ATF_CHECK_EQ(p.log_level, 6);
	OK(&p, "log/level:emerg");
	ATF_CHECK_EQ(p.log_level, 0);
	OK(&p, "log/level:error");
	ATF_CHECK_EQ(p.log_level, 3);
	OK(&p, "unshare/user:on");
	OK(&p, "unshare/mount,pid,net,uts,ipc,cgroup,time:1");
	ATF_CHECK((p.unshare & CLONE_NEWUSER) && (p.unshare & CLONE_NEWNS));
	ATF_CHECK(p.unshare & CLONE_NEWCGROUP);
	OK(&p, "unshare/net:off");
	ATF_CHECK(!(p.unshare & CLONE_NEWNET));
	OK(&p, "root:/var/empty");
	ATF_CHECK_STREQ(p.root, "/var/empty");
	OK(&p, "name/host:sandbox");
	ATF_CHECK_STREQ(p.hostname, "sandbox");
	OK(&p, "rlimit/nofile:1024");
	OK(&p, "rlimit/as:1G");
	OK(&p, "rlimit/core:0");
	OK(&p, "rlimit/cpu:1m");
	OK(&p, "rlimit/stack:inf");
	OK(&p, "rlimit/data:none");
	ATF_CHECK_EQ(p.rlimit[RLIMIT_NOFILE], 1024);
	ATF_CHECK_EQ(p.rlimit[RLIMIT_AS], UINT64_C(1) << 30);
	ATF_CHECK_EQ(p.rlimit[RLIMIT_CPU], 60);
	ATF_CHECK_EQ(p.rlimit[RLIMIT_STACK], POLICY_RLIM_INF);
	ATF_CHECK(p.rlimit_set & (1u << RLIMIT_CORE));
	ATF_CHECK(!(p.rlimit_set & (1u << RLIMIT_DATA)));
	OK(&p, "rlimit/memlock:64k");
	OK(&p, "rlimit/fsize:1M");
	OK(&p, "rlimit/nproc:100");
	OK(&p, "pid/max:64");
	ATF_CHECK_EQ(p.pid_max, 64);
	OK(&p, "mem/max:256M");
	OK(&p, "mem/vm_max:1G");
	ATF_CHECK_EQ(p.mem_max, 256u << 20);
	ATF_CHECK_EQ(p.mem_vm_max, UINT64_C(1) << 30);
	OK(&p, "tpe/gid:100");
	OK(&p, "tpe/negate:on");
	OK(&p, "tpe/root_owned:true");
	OK(&p, "tpe/user_owned:1");
	ATF_CHECK(p.tpe_gid == 100 && p.tpe_negate && p.tpe_root_owned &&
	    p.tpe_user_owned);
	OK(&p, "ipc:/run/syd.sock");
	OK(&p, "ipc:@syd");
	ATF_CHECK_STREQ(p.ipc, "@syd");
	OK(&p, "trace/exit_wait_all:on");
	ATF_CHECK(p.exit_wait_all);
	OK(&p, "trace/allow_unsafe_ptrace:1");
	OK(&p, "trace/allow_unsafe_exec_memfd:on");
	ATF_CHECK(p.unsafe & (UINT64_C(1) << POLICY_UNSAFE_PTRACE));
	ATF_CHECK(p.unsafe & (UINT64_C(1) << POLICY_UNSAFE_EXEC_MEMFD));
	/* exec_memory is another spelling of memory. */
	OK(&p, "trace/allow_unsafe_exec_memory:1");
	ATF_CHECK(p.unsafe & (UINT64_C(1) << POLICY_UNSAFE_MEMORY));
	OK(&p, "trace/allow_unsafe_memory:0");
	ATF_CHECK(!(p.unsafe & (UINT64_C(1) << POLICY_UNSAFE_MEMORY)));
	OK(&p, "trace/allow_unsafe_proc_mem:1");
	ATF_CHECK(p.unsafe & (UINT64_C(1) << POLICY_UNSAFE_PROC_MEM));
	ATF_CHECK(!p.deny_tsc);
#if defined(__x86_64__)
	OK(&p, "trace/deny_tsc:1");
	ATF_CHECK(p.deny_tsc);
#endif
	OK(&p, "trace/deny_tsc:0");
	ATF_CHECK(!p.deny_tsc);
	for (int u = 0; u < POLICY_NUNSAFE; u++) {
		char cmd[64];

		/* sigreturn: no such protection here, :0 is refused
		 * (surface_settings). */
		if (u == POLICY_UNSAFE_SIGRETURN)
			continue;
		snprintf(cmd, sizeof(cmd), "trace/allow_unsafe_%s:off",
		    policy_unsafe_name(u));
		OK(&p, cmd);
	}
	ATF_CHECK_EQ(p.unsafe, 0);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(mounts_and_lists);
ATF_TC_BODY(mounts_and_lists, tc)
{
	struct policy p;

	policy_init(&p);
	OK(&p, "bind+/usr:/usr:ro,nodev,noexec,nosuid,nosymfollow");
	OK(&p, "bind+tmpfs:/tmp");
	OK(&p, "bind+/etc:/etc:ro");
	ATF_REQUIRE_EQ(p.nbind, 3);
	ATF_CHECK_EQ(p.bind[0].flags, MS_RDONLY | MS_NODEV | MS_NOEXEC |
	    MS_NOSUID | MS_NOSYMFOLLOW);
	ATF_CHECK_STREQ(p.bind[1].src, "tmpfs");
	OK(&p, "bind-/etc:/etc:ro");
	ATF_CHECK_EQ(p.nbind, 2);
	OK(&p, "bind^tmpfs:/tmp");
	ATF_CHECK_EQ(p.nbind, 1);
	OK(&p, "mask+/proc/{kcore,kallsyms}");
	OK(&p, "append+/var/log/*.log");
	OK(&p, "crypt+/home/u/secret/***");
	ATF_CHECK(policy_globs_match(&p.mask, "/proc/kallsyms"));
	ATF_CHECK(!policy_globs_match(&p.mask, "/proc/meminfo"));
	ATF_CHECK(policy_globs_match(&p.append, "/var/log/syslog.log"));
	ATF_CHECK(policy_globs_match(&p.crypt, "/home/u/secret"));
	OK(&p, "mask-/proc/{kcore,kallsyms}");
	OK(&p, "crypt^/home/u/secret/***");
	ATF_CHECK_EQ(p.mask.n, 0);
	ATF_CHECK_EQ(p.crypt.n, 0);
	OK(&p, "crypt/key:000102030405060708090a0b0c0d0e0f"
	       "101112131415161718191a1b1c1d1e1f");
	ATF_CHECK(p.crypt_key_set && p.crypt_key[31] == 0x1f);
	OK(&p, "crypt/key/fd:3");
	ATF_CHECK_EQ(p.crypt_key_fd, 3);
	OK(&p, "crypt/tmp:/var/tmp");
	ATF_CHECK_STREQ(p.crypt_tmp, "/var/tmp");
	OK(&p, "crypt/tmp:mem");
	ATF_CHECK(p.crypt_tmp == NULL);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(force);
ATF_TC_BODY(force, tc)
{
	static const char h256[] = "e3b0c44298fc1c149afbf4c8996fb924"
				   "27ae41e4649b934ca495991b7852b855";
	struct policy p;
	char cmd[512];

	policy_init(&p);
	snprintf(cmd, sizeof(cmd), "force+/usr/bin/true:%s", h256);
	OK(&p, cmd);
	ATF_REQUIRE_EQ(p.nforce, 1);
	ATF_CHECK_EQ(p.force[0].len, 32);
	ATF_CHECK_EQ(p.force[0].digest[0], 0xe3);
	ATF_CHECK_EQ(p.force[0].act, POLICY_DENY);
	snprintf(cmd, sizeof(cmd), "force+/usr/bin/env:%s%s:kill", h256, h256);
	OK(&p, cmd);
	ATF_CHECK_EQ(p.force[1].len, 64);
	ATF_CHECK_EQ(p.force[1].act, POLICY_KILL);
	/* The same path again replaces its entry. */
	snprintf(cmd, sizeof(cmd), "force+/usr/bin/true:%s:warn", h256);
	OK(&p, cmd);
	ATF_CHECK_EQ(p.nforce, 2);
	ATF_CHECK_EQ(p.force[0].act, POLICY_WARN);
	OK(&p, "force-/usr/bin/true");
	ATF_CHECK_EQ(p.nforce, 1);
	ATF_CHECK_STREQ(p.force[0].path, "/usr/bin/env");
	OK(&p, "force^");
	ATF_CHECK_EQ(p.nforce, 0);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(env_expansion);
ATF_TC_BODY(env_expansion, tc)
{
	struct policy p;
	char err[256];

	setenv("SYD_TEST_DIR", "/srv/data", 1);
	unsetenv("SYD_TEST_UNSET");
	policy_init(&p);
	OK(&p, "allow/read+${SYD_TEST_DIR}/***");
	ATF_CHECK_STREQ(p.list[POLICY_READ].v[0].pat, "/srv/data/***");
	ATF_CHECK_EQ(policy_match(&p, POLICY_READ, "/srv/data/x"),
	    POLICY_ALLOW);
	ATF_CHECK_EQ(run(&p, "allow/read+${SYD_TEST_UNSET}/x", err,
	    sizeof(err)), -EINVAL);
	ATF_CHECK_STREQ(err, "environment variable SYD_TEST_UNSET is not set");
	ATF_CHECK_EQ(p.list[POLICY_READ].n, 1);
	ATF_CHECK_EQ(run(&p, "allow/read+${SYD_TEST_DIR", err, sizeof(err)),
	    -EINVAL);
	/* A value is never expanded again. */
	setenv("SYD_TEST_DIR", "/${SYD_TEST_UNSET}", 1);
	OK(&p, "allow/read+${SYD_TEST_DIR}");
	ATF_CHECK_STREQ(p.list[POLICY_READ].v[1].pat, "/${SYD_TEST_UNSET}");
	setenv("SYD_TEST_KEY", "000102030405060708090a0b0c0d0e0f"
			       "101112131415161718191a1b1c1d1e1f", 1);
	OK(&p, "crypt/key:${SYD_TEST_KEY}");
	ATF_CHECK_STREQ(p.crypt_key_env, "SYD_TEST_KEY");
	policy_free(&p);
}

/*
 * The run-time path judges a command as it will run: expanded first, a
 * query only with `?' right after the key, and the expansion run as is.
 */
ATF_TC_WITHOUT_HEAD(runtime_parts);
ATF_TC_BODY(runtime_parts, tc)
{
	static const char *const queries[] = { "sandbox/read?",
	    "sandbox/read,write?", "sandbox/net/connect?" };
	static const char *const changes[] = { "allow/read+/etc/?hadow",
	    "deny/read+/tmp/???", "lock:off", "?", "", "sandbox/read:on?",
	    "${SYD_TEST_Q}" };
	char x[POLICY_CMD_MAX + 1], err[256];
	struct policy p;

	for (size_t i = 0; i < sizeof(queries) / sizeof(*queries); i++)
		ATF_CHECK_MSG(policy_cmd_query(queries[i]), "%s", queries[i]);
	for (size_t i = 0; i < sizeof(changes) / sizeof(*changes); i++)
		ATF_CHECK_MSG(!policy_cmd_query(changes[i]), "%s", changes[i]);

	setenv("SYD_TEST_Q", "sandbox/read?", 1);
	setenv("SYD_TEST_LOCK", "off", 1);
	ATF_CHECK_EQ(policy_cmd_expand("${SYD_TEST_Q}", x, sizeof(x), err,
	    sizeof(err)), 0);
	ATF_CHECK(policy_cmd_query(x));
	ATF_CHECK_EQ(policy_cmd_expand("lock:${SYD_TEST_LOCK}", x, sizeof(x),
	    err, sizeof(err)), 0);
	ATF_CHECK_STREQ(x, "lock:off");
	unsetenv("SYD_TEST_UNSET");
	ATF_CHECK_EQ(policy_cmd_expand("lock:${SYD_TEST_UNSET}", x, sizeof(x),
	    err, sizeof(err)), -EINVAL);
	ATF_CHECK_STREQ(err, "environment variable SYD_TEST_UNSET is not set");

	/* An expansion runs as it is: "${" in it stays literal. */
	policy_init(&p);
	ATF_CHECK_EQ(policy_cmd_expanded(&p, "allow/read+/${SYD_TEST_LOCK}",
	    err, sizeof(err)), 0);
	ATF_REQUIRE_EQ(p.list[POLICY_READ].n, 1);
	ATF_CHECK_STREQ(p.list[POLICY_READ].v[0].pat, "/${SYD_TEST_LOCK}");
	ATF_CHECK_EQ(policy_cmd_expanded(&p, "sandbox/read?", err,
	    sizeof(err)), 0);
	ATF_CHECK_EQ(policy_cmd_expanded(&p, "include x.syd-3", err,
	    sizeof(err)), -EINVAL);
	policy_free(&p);
}

struct bad {
	const char *cmd;
	const char *why; /* a substring of the reason */
};

static const struct bad bad[] = {
	{ "", "empty" },
	{ "bogus", "unknown command `bogus'" },
	{ "foo:bar", "unknown command or setting `foo'" },
	{ "sandbox/reed:on", "unknown category `reed'" },
	{ "sandbox/read:maybe", "sandbox/read: expected on, off, 1, 0, true "
	  "or false, not `maybe'" },
	{ "sandbox/read:", "expected on, off" },
	{ "sandbox/read,,write:on", "empty category" },
	{ "sandbox/read+/x", "sandbox/CAT:on|off" },
	{ "sandbox/read?x", "sandbox/CAT:on|off" },
	{ "default/read:permit", "unknown action `permit'" },
	{ "default/crypt:deny", "category `crypt' has no default action" },
	{ "default/read+deny", "default/CAT:ACTION" },
	{ "allow/read+etc/passwd", "`etc/passwd' is not an absolute path" },
	{ "allow/read+", "missing pattern" },
	{ "allow/read:/etc", "expected +, - or ^" },
	{ "allow/reed+/etc", "unknown category `reed'" },
	{ "allow/tpe+/etc", "category `tpe' takes no rules" },
	{ "permit/read+/etc", "unknown command or setting `permit/read'" },
	{ "allow/read+/{a,b", "unbalanced braces" },
	{ "allow/read+/{a,b}}", "unbalanced braces" },
	{ "allow/read+/{a,relative}/{b,c}x{,y", "unbalanced braces" },
	{ "allow/read+{/a,b}", "`b' is not an absolute path" },
	{ "allow/net/connect+127.0.0.1", "`127.0.0.1' is not an address" },
	{ "allow/net/connect+127.0.0.1!", "is not an address" },
	{ "allow/net/connect+127.0.0.1!99999", "is not an address" },
	{ "allow/net/connect+127.0.0.1!90-80", "is not an address" },
	{ "allow/net/connect+127.0.0.1/33!80", "is not an address" },
	{ "allow/net/connect+::1/129!80", "is not an address" },
	{ "allow/net/connect+300.1.1.1!80", "`300.1.1.1!80' is not an" },
	{ "allow/net/bind+anywhere!80", "`anywhere!80'" },
	{ "allow/net/bind+@", "`@' is not an address" },
	{ "allow/ioctl+TIOCFOO", "`TIOCFOO' is not a known request" },
	{ "allow/ioctl+0xZZ", "`0xZZ'" },
	{ "deny/lock/read+/usr", "allow/lock/... only" },
	{ "allow/lock/read+usr", "`usr' is not an absolute path" },
	{ "allow/lock/read+/usr/*", "no globs" },
	{ "allow/lock/list+/usr", "unknown Landlock category `list'" },
	{ "allow/lock/bind+http", "`http' is not an absolute path or a port" },
	{ "allow/lock/bind+70000", "`70000' is not a port" },
	{ "lock:maybe", "lock: expected off, exec" },
	{ "lock+on", "lock takes `:VALUE'" },
	{ "timeout:soon", "timeout: `soon' is not a duration" },
	{ "timeout:10x", "`10x'" },
	{ "log/level:loud", "log/level: expected emerg" },
	{ "unshare/users:on", "unknown namespace `users'" },
	{ "unshare/user:yes", "yes" },
	{ "bind+/usr", "bind: expected SRC:DST" },
	{ "bind+usr:/usr", "source `usr'" },
	{ "bind+/usr:usr", "target `usr'" },
	{ "bind+/usr:/usr:readonly", "unknown option `readonly'" },
	{ "root:relative", "root: `relative' is not an absolute path" },
	{ "name/host:bad name", "name/host: `bad name'" },
	{ "rlimit/files:10", "unknown resource `files'" },
	{ "rlimit/nofile:many", "`many' is not a limit" },
	{ "mask+relative", "`relative' is not an absolute path" },
	{ "append:/x", "append takes +, - or ^" },
	{ "crypt/key:1234", "crypt/key: expected 64 hex digits" },
	{ "crypt/key/fd:-1", "`-1' is not a file descriptor" },
	{ "crypt/tmp:disk", "crypt/tmp: expected mem or an absolute" },
	{ "force+/bin/true", "force: expected +/path:HEXDIGEST" },
	{ "force+/bin/true:abcd", "`abcd' is not a SHA-256 or SHA-512" },
	{ "force+bin/true:00", "does not start with an absolute path" },
	{ "force+/bin/true:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4"
	  "95991b7852b855:allow", "cannot be allowed" },
	{ "tpe/gid:wheel", "tpe/gid: `wheel' is not a group id" },
	{ "tpe/owner:on", "unknown setting `tpe/owner'" },
	{ "pid/max:lots", "pid/max: `lots' is not a number" },
	{ "mem/max:1Q", "mem/max: `1Q' is not a size" },
	{ "mem/vm_max:99999999999999999999", "too big" },
	{ "ipc:relative", "ipc: expected an absolute path or @name" },
	{ "ipc:@", "ipc: expected" },
	{ "trace/exit_wait_all:perhaps", "perhaps" },
	{ "trace/allow_unsafe_everything:on",
	  "unknown option `trace/allow_unsafe_everything'" },
	{ "include_profile nosuch", "unknown profile `nosuch'" },
	{ "include /etc/x.syd-3", "include works only in configuration files" },
	{ "reset!now", "unknown command" },
	{ "allow/read+/a\nallow/write+/b", "control character" },
	{ "allow/read+${1BAD}", "invalid variable name `1BAD'" },
	{ "allow/read+${}", "invalid variable name `'" },
};

ATF_TC_WITHOUT_HEAD(invalid);
ATF_TC_BODY(invalid, tc)
{
	struct policy p, fresh;
	char err[512];
	int rc;

	policy_init(&p);
	policy_init(&fresh);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		rc = run(&p, bad[i].cmd, err, sizeof(err));
		ATF_CHECK_MSG(rc < 0 && rc != -ENOENT, "`%s' -> %d",
		    bad[i].cmd, rc);
		ATF_CHECK_MSG(strstr(err, bad[i].why) != NULL,
		    "`%s': reason `%s' lacks `%s'", bad[i].cmd, err,
		    bad[i].why);
		ATF_CHECK_MSG(strchr(err, '\n') == NULL, "`%s'", bad[i].cmd);
	}
	/* Nothing a refused command touched changed the policy. */
	ATF_CHECK_EQ(p.sandbox, fresh.sandbox);
	ATF_CHECK(memcmp(p.defact, fresh.defact, sizeof(p.defact)) == 0);
	for (int c = 0; c < POLICY_NLIST; c++)
		ATF_CHECK_EQ_MSG(p.list[c].n, 0, "%s", policy_cat_name(c));
	ATF_CHECK_EQ(p.nbind + p.nforce + p.mask.n, 0);
	policy_free(&p);
	policy_free(&fresh);
}

/* A multi-category rule with one bad category adds nothing anywhere. */
ATF_TC_WITHOUT_HEAD(invalid_atomic);
ATF_TC_BODY(invalid_atomic, tc)
{
	struct policy p;
	char err[256];

	policy_init(&p);
	ATF_CHECK_EQ(run(&p, "allow/read,net/connect+127.0.0.1!80", err,
	    sizeof(err)), -EINVAL);
	ATF_CHECK(strstr(err, "read: `127.0.0.1!80' is not an absolute") !=
	    NULL);
	ATF_CHECK_EQ(p.list[POLICY_READ].n, 0);
	ATF_CHECK_EQ(p.list[POLICY_NET_CONNECT].n, 0);
	policy_free(&p);
}

ATF_TC_WITHOUT_HEAD(too_long);
ATF_TC_BODY(too_long, tc)
{
	struct policy p;
	char *cmd = malloc(8192), err[256];

	ATF_REQUIRE(cmd != NULL);
	policy_init(&p);
	strcpy(cmd, "allow/read+/");
	memset(cmd + 12, 'a', 8000);
	cmd[8012] = '\0';
	ATF_CHECK_EQ(run(&p, cmd, err, sizeof(err)), -E2BIG);
	ATF_CHECK(strstr(err, "longer than 4096 bytes") != NULL);
	ATF_CHECK_EQ(p.list[POLICY_READ].n, 0);
	/* A tiny err buffer is truncated, never overrun. */
	err[5] = 'X';
	ATF_CHECK_EQ(run(&p, "bogus", err, 4), -EINVAL);
	ATF_CHECK_EQ(err[3], '\0');
	ATF_CHECK_EQ(err[5], 'X');
	ATF_CHECK_EQ(run(&p, "bogus", NULL, 0), -EINVAL);
	policy_free(&p);
	free(cmd);
}

/* syd 3.52's surface (surface.c): refusals name the build, hatches of
 * restrictions this build lacks take 1 only, namespace takes a list,
 * debug sets several bits. */
ATF_TC_WITHOUT_HEAD(surface_settings);
ATF_TC_BODY(surface_settings, tc)
{
	struct policy p;
	char err[256];

	policy_init(&p);
	OK(&p, "trace/allow_unsafe_sigreturn:1");
	ATF_CHECK(p.lifted & 1);
	ATF_CHECK_EQ(run(&p, "trace/allow_unsafe_sigreturn:0", err,
	    sizeof(err)), -EOPNOTSUPP);
	ATF_CHECK(strstr(err, "not supported by this build: ") != NULL);
	ATF_CHECK_EQ(run(&p, "trace/allow_unsafe_open:1", err, sizeof(err)),
	    -EOPNOTSUPP);
	ATF_CHECK_EQ(run(&p, "proxy/ext/port:9050", err, sizeof(err)),
	    -EOPNOTSUPP);
	ATF_CHECK_EQ(run(&p, "sandbox/read,proxy:on", err, sizeof(err)),
	    -EOPNOTSUPP);
	ATF_CHECK(strstr(err, "sandbox/proxy: not supported by this build")
	    != NULL);
	ATF_CHECK_EQ(run(&p, "config/expand:1s", err, sizeof(err)),
	    -EOPNOTSUPP);
	OK(&p, "config/expand:0");
	OK(&p, "trace/allow_unsafe_namespace:user,net");
	ATF_CHECK_EQ(p.ns_allowed, CLONE_NEWUSER | CLONE_NEWNET);
	OK(&p, "trace/allow_unsafe_namespace:0");
	ATF_CHECK_EQ(p.ns_allowed, 0);
	BAD(&p, "trace/allow_unsafe_namespace:user,bogus");
	OK(&p, "trace/allow_unsafe_debug:1");
	ATF_CHECK(p.unsafe & (UINT64_C(1) << POLICY_UNSAFE_PTRACE));
	ATF_CHECK(p.unsafe & (UINT64_C(1) << POLICY_UNSAFE_PERF));
	OK(&p, "trace/allow_unsafe_debug:0");
	ATF_CHECK_EQ(p.unsafe, 0);
	OK(&p, "log/verbose:0");
	OK(&p, "log/syslog:off");
	ATF_CHECK_EQ(p.log_verbose, 0);
	ATF_CHECK_EQ(p.log_syslog, 0);
	BAD(&p, "log/verbose:2");
	OK(&p, "bind+/usr:/usr:noatime,nodiratime");
	ATF_CHECK(p.bind[0].flags & MS_NOATIME);
	policy_free(&p);
}

/* allow/net/link: syd 3's names, +, - and ^, allow only. */
ATF_TC_WITHOUT_HEAD(netlink);
ATF_TC_BODY(netlink, tc)
{
	struct policy p;

	policy_init(&p);
	ATF_CHECK_EQ(p.netlink, 0);
	OK(&p, "allow/net/link+route");
	OK(&p, "allow/net/link+audit");
	ATF_CHECK_EQ(p.netlink, (1u << 0) | (1u << 9));
	OK(&p, "allow/net/link-audit");
	ATF_CHECK_EQ(p.netlink, 1u << 0);
	OK(&p, "allow/net/link+all");
	ATF_CHECK(p.netlink & (1u << 22));
	OK(&p, "allow/net/link^all");
	ATF_CHECK_EQ(p.netlink, 0);
	BAD(&p, "allow/net/link+nosuch");
	BAD(&p, "deny/net/link+route");
	BAD(&p, "allow/net/link:route");
	ATF_CHECK_EQ(policy_netlink_lookup("kobject_uevent"), 15);
	ATF_CHECK_STREQ(policy_netlink_name(4), "sock_diag");
	OK(&p, "trace/allow_unsupp_socket:1");
	ATF_CHECK(p.allow_unsupp_socket);
	OK(&p, "reset");
	ATF_CHECK(!p.allow_unsupp_socket);
	policy_free(&p);
}

/* setuid+SRC:DST, setgid+SRC:DST and the decision they make. */
ATF_TC_WITHOUT_HEAD(setid);
ATF_TC_BODY(setid, tc)
{
	struct policy p;
	const uint32_t root[3] = { 0, 0, 0 }, user[3] = { 1000, 1000, 1000 };

	policy_init(&p);
	/* no rules: system ids refused unless held */
	ATF_CHECK(!policy_setid_ok(&p, false, user, 0));
	ATF_CHECK(!policy_setid_ok(&p, false, root, 11));
	ATF_CHECK(policy_setid_ok(&p, false, root, 12));
	ATF_CHECK(policy_setid_ok(&p, false, root, 0));
	ATF_CHECK(!policy_setid_ok(&p, true, root, 14));
	ATF_CHECK(policy_setid_ok(&p, true, root, 15));
	OK(&p, "setuid+0:65534");
	ATF_CHECK(policy_setid_ok(&p, false, root, 65534));
	ATF_CHECK(!policy_setid_ok(&p, false, root, 1000));
	ATF_CHECK(!policy_setid_ok(&p, false, user, 65534));
	ATF_CHECK(policy_setid_ok(&p, true, root, 1000)); /* no gid rules */
	OK(&p, "setuid+0:1");
	OK(&p, "setuid-0:1");
	ATF_CHECK_EQ(p.setuid.n, 1);
	OK(&p, "setuid^0");
	ATF_CHECK_EQ(p.setuid.n, 0);
	OK(&p, "setgid+0:100");
	ATF_CHECK_EQ(p.setgid.n, 1);
	BAD(&p, "setuid+root:nobody");
	BAD(&p, "setuid+0");
	BAD(&p, "setuid:0:1");
	BAD(&p, "setgid+0:4294967295");
	OK(&p, "reset");
	ATF_CHECK_EQ(p.setgid.n, 0);
	policy_free(&p);
}

/* mask+PATTERN:FILE[:DIR]: never a pattern with a colon in it. */
ATF_TC_WITHOUT_HEAD(mask_repl);
ATF_TC_BODY(mask_repl, tc)
{
	struct policy p;
	const struct policy_rule *r;

	policy_init(&p);
	OK(&p, "mask+/etc/shadow:/etc/hostname");
	r = policy_mask_find(&p, "/etc/shadow");
	ATF_REQUIRE(r != NULL);
	ATF_CHECK_STREQ(r->repl, "/etc/hostname");
	ATF_CHECK(r->repl_dir == NULL);
	ATF_CHECK(policy_mask_find(&p, "/etc/shadow:/etc/hostname") == NULL);
	OK(&p, "mask+/proc/acpi/***:/dev/null:/var/empty");
	r = policy_mask_find(&p, "/proc/acpi/x");
	ATF_REQUIRE(r != NULL);
	ATF_CHECK_STREQ(r->repl_dir, "/var/empty");
	OK(&p, "mask+/a\\:b");
	ATF_CHECK(policy_mask_find(&p, "/a:b") != NULL);
	ATF_CHECK(policy_mask_find(&p, "/a:b")->repl == NULL);
	OK(&p, "mask-/etc/shadow:/etc/hostname");
	ATF_CHECK(policy_mask_find(&p, "/etc/shadow") == NULL);
	BAD(&p, "mask+/etc/shadow:hostname");
	BAD(&p, "mask+/etc/shadow:/a:b");
	BAD(&p, "mask+/etc/shadow:/a:/b:/c");
	BAD(&p, "mask+/etc/shadow:");
	policy_free(&p);
}

/* syd 3's opt-in trace options: booleans, off by default. */
ATF_TC_WITHOUT_HEAD(trace_opt_in);
ATF_TC_BODY(trace_opt_in, tc)
{
	struct policy p;

	policy_init(&p);
	ATF_CHECK(!p.deny_dotdot && !p.force_cloexec && !p.force_rand_fd);
	OK(&p, "trace/deny_dotdot:1");
	OK(&p, "trace/force_cloexec:true");
	OK(&p, "trace/force_rand_fd:on");
	ATF_CHECK(p.deny_dotdot && p.force_cloexec && p.force_rand_fd);
	BAD(&p, "trace/force_cloexec:maybe");
	BAD(&p, "trace/force_cloexec+1");
	policy_free(&p);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, defaults);
	ATF_TP_ADD_TC(tp, sandbox);
	ATF_TP_ADD_TC(tp, default_action);
	ATF_TP_ADD_TC(tp, rule_forms);
	ATF_TP_ADD_TC(tp, commands);
	ATF_TP_ADD_TC(tp, lock);
	ATF_TP_ADD_TC(tp, settings);
	ATF_TP_ADD_TC(tp, mounts_and_lists);
	ATF_TP_ADD_TC(tp, force);
	ATF_TP_ADD_TC(tp, env_expansion);
	ATF_TP_ADD_TC(tp, runtime_parts);
	ATF_TP_ADD_TC(tp, invalid);
	ATF_TP_ADD_TC(tp, invalid_atomic);
	ATF_TP_ADD_TC(tp, too_long);
	ATF_TP_ADD_TC(tp, netlink);
	ATF_TP_ADD_TC(tp, surface_settings);
	ATF_TP_ADD_TC(tp, setid);
	ATF_TP_ADD_TC(tp, mask_repl);
	ATF_TP_ADD_TC(tp, trace_opt_in);
	return atf_no_error();
}
