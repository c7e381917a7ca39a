/* main thread only */
/*
 * syd: argv → policy → spawn → wait → exit status (SPEC.md section 1).
 * The only place that turns errors into words and exit codes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "confine/confine.h"
#include "crypto/crypto.h"
#include "kernel/kernel.h"
#include "policy/policy.h"
#include "pool/pool.h"
#include "rt/rt.h"
#include "sys/sys.h"

int syd_info(void);
int syd_check(void);

#define EX_USAGE 100
#define EX_TEMP 111

struct opts {
	struct policy pol;
	bool print;
	const char *dump;
	const char *argv0;
	char **argv;
};

static _Noreturn void
die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("syd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void
usage(FILE *f)
{
	fputs("usage: syd [-hVxq] [-m CMD]... [-p NAME]... [-P FILE]... "
	    "[-E bpf|pfc] [-t DURATION]\n"
	    "           [-e VAR[=VAL]]... [-a ARGV0] [--] COMMAND [ARG]...\n"
	    "       syd --api | --check | --info | -p NAME --print\n"
	    "Runs COMMAND under the seccomp supervisor; see syd(1).\n", f);
}

static void
apply(struct policy *p, int opt, const char *arg)
{
	char err[512];
	int r;

	err[0] = '\0';
	if (opt == 'm')
		r = policy_cmd(p, arg, err, sizeof(err));
	else if (opt == 'p')
		r = policy_profile(p, arg, err, sizeof(err));
	else
		r = policy_load(p, arg, err, sizeof(err));
	if (r >= 0 || (opt == 'm' && r == -ENOENT && strchr(arg, '?')))
		return;
	if (opt == 'P')
		die(EX_USAGE, "%s", err[0] ? err : strerror(-r));
	die(EX_USAGE, "-%c '%s': %s", opt, arg, err[0] ? err : strerror(-r));
}

/* Names set with -e: kept in the sandbox even when loader variables are
 * scrubbed. */
static char *env_kept[64];
static size_t env_nkept;

static void
setenv_opt(const char *arg)
{
	const char *eq = strchr(arg, '=');
	char name[256];

	if (eq == NULL) {
		unsetenv(arg);
		return;
	}
	if (env_nkept + 1 < sizeof(env_kept) / sizeof(*env_kept))
		env_kept[env_nkept++] = strndup(arg, (size_t)(eq - arg));
	if ((size_t)(eq - arg) >= sizeof(name) || eq == arg)
		die(EX_USAGE, "-e '%s': bad variable name", arg);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	setenv(name, eq + 1, 1);
}

/* syd --sum PATH...: force rules ready to paste (SHA-256). */
static int
syd_sum(char **paths)
{
	uint8_t d[64];
	char hex[129], real[PATH_MAX];
	int rc = 0;

	for (; *paths != NULL; paths++) {
		int fd = open(*paths, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || realpath(*paths, real) == NULL ||
		    crypto_digest_fd(fd, 32, d) < 0) {
			fprintf(stderr, "syd: %s: %s\n", *paths, strerror(errno));
			rc = 1;
		} else {
			crypto_hex(d, 32, hex);
			printf("force+%s:%s\n", real, hex);
		}
		if (fd >= 0)
			close(fd);
	}
	return rc;
}

#if SYD_WITH_CRYPT
/* Copy all of fd from offset 0 to stdout. */
static int
copy_out(int fd)
{
	char buf[65536];
	off_t off = 0;
	ssize_t n;

	while ((n = pread(fd, buf, sizeof(buf), off)) > 0) {
		if (sys_write_all(1, buf, (size_t)n) < 0)
			return -EIO;
		off += n;
	}
	return n < 0 ? -errno : 0;
}
#endif

/*
 * syd --aes -e|-d -k HEX64: the crypt file format from stdin to stdout,
 * for recovery outside the sandbox (SPEC.md section 7). Decryption is
 * staged in a memfd and written out only once the MAC checked; encryption
 * writes a seekable stdout in place, anything else through a memfd.
 */
static int
syd_aes(char **args)
{
#if !SYD_WITH_CRYPT
	(void)args;
	die(EX_USAGE, "--aes: this syd was built without crypt support "
	    "(WITH_CRYPT=0)");
#else
	struct crypt_keys k;
	struct crypt_info ci;
	struct stat st;
	uint8_t master[32], iv[16];
	const char *hex = NULL;
	int mode = 0, out = -1;
	long r;

	for (; *args != NULL; args++) {
		if (strcmp(*args, "-e") == 0 || strcmp(*args, "-d") == 0)
			mode = (*args)[1];
		else if (strcmp(*args, "-k") == 0 && args[1] != NULL)
			hex = *++args;
		else
			die(EX_USAGE, "--aes: unexpected '%s' (usage: syd --aes "
			    "-e|-d -k HEX64 <in >out)", *args);
	}
	if (mode == 0 || hex == NULL)
		die(EX_USAGE, "usage: syd --aes -e|-d -k HEX64 <in >out");
	if (policy_hex(hex, sizeof(master), master) < 0)
		die(EX_USAGE, "--aes: -k expects 64 hex digits (a 256-bit key)");
	crypt_keys_derive(master, &k);
	crypto_wipe(master, sizeof(master));
	if (mode == 'e') {
		if (getrandom(iv, sizeof(iv), 0) != sizeof(iv))
			die(EX_TEMP, "--aes: no random IV: %s", strerror(errno));
		/* In place only where pwrite from 0 is what the user sees. */
		if (fstat(1, &st) == 0 && S_ISREG(st.st_mode) &&
		    !(fcntl(1, F_GETFL) & O_APPEND) && lseek(1, 0, SEEK_CUR) == 0)
			out = 1;
		else if ((out = memfd_create("syd-aes", MFD_CLOEXEC)) < 0)
			die(EX_TEMP, "--aes: memfd: %s", strerror(errno));
		r = crypt_encrypt(&k, 0, -1, out, iv);
		if (r >= 0 && out == 1)
			lseek(1, 0, SEEK_END);
		else if (r >= 0)
			r = copy_out(out);
	} else {
		if ((out = memfd_create("syd-aes", MFD_CLOEXEC)) < 0)
			die(EX_TEMP, "--aes: memfd: %s", strerror(errno));
		r = crypt_decrypt(&k, 0, -1, out, &ci);
		if (r >= 0)
			r = copy_out(out);
	}
	crypto_wipe(&k, sizeof(k));
	if (r == -EBADMSG)
		die(1, "--aes: %s: not a syd crypt file, wrong key or "
		    "tampered with (EBADMSG)", mode == 'd' ? "input" : "output");
	if (r < 0)
		die(EX_TEMP, "--aes: %s", strerror((int)-r));
	return 0;
#endif
}

static int
long_opt(const char *name, char **argv)
{
	if (strcmp(name, "api") == 0) {
		puts("3");
		return 0;
	}
	if (strcmp(name, "check") == 0)
		return syd_check();
	if (strcmp(name, "info") == 0)
		return syd_info();
	if (strcmp(name, "sum") == 0)
		return syd_sum(argv + optind);
	if (strcmp(name, "aes") == 0)
		return syd_aes(argv + optind);
	if (strcmp(name, "commands") == 0) {
		policy_keywords(1);
		return 0;
	}
	die(EX_USAGE, "--%s: unknown option (see syd -h)", name);
}

static void
parse(struct opts *o, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "api", no_argument, NULL, 1 },
		{ "check", no_argument, NULL, 1 },
		{ "info", no_argument, NULL, 1 },
		{ "sum", no_argument, NULL, 1 },
		{ "aes", no_argument, NULL, 1 },
		{ "commands", no_argument, NULL, 1 },
		{ "print", no_argument, NULL, 2 },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, idx;

	opterr = 0; /* one line of our own, not getopt's and a usage */
	while ((c = getopt_long(argc, argv, "+hVxqm:p:P:E:t:e:a:", lo,
		    &idx)) != -1) {
		char cmd[256];
		switch (c) {
		case 1:
			exit(long_opt(lo[idx].name, argv));
		case 2:
			o->print = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("syd %s (C edition)\n", SYD_VERSION);
			exit(0);
		case 'x':
			o->pol.trace = true;
			break;
		case 'q':
			rt_log_set_level(RT_ERR);
			break;
		case 'm': case 'p': case 'P':
			apply(&o->pol, c, optarg);
			break;
		case 'E':
			o->dump = optarg;
			break;
		case 't':
			snprintf(cmd, sizeof(cmd), "timeout:%s", optarg);
			apply(&o->pol, 'm', cmd);
			break;
		case 'e':
			setenv_opt(optarg);
			break;
		case 'a':
			o->argv0 = optarg;
			break;
		default:
			if (optopt != 0 && optopt != '?')
				die(EX_USAGE, "-%c: %s", optopt,
				    strchr("mpPEtea", optopt) ?
				    "missing argument" : "unknown option");
			die(EX_USAGE, "%s: unknown option (see syd -h)",
			    argv[optind - 1]);
		}
	}
	o->argv = argv + optind;
}

static void
log_setup(void)
{
	const char *lv = getenv("SYD_LOG"), *fd = getenv("SYD_LOG_FD");
	int level = RT_WARN;

	if (lv != NULL && (level = rt_log_level_parse(lv)) < 0)
		die(EX_USAGE, "SYD_LOG='%s': unknown log level", lv);
	rt_log_init(level, fd != NULL ? atoi(fd) : 2);
}

static long
env_num(const char *name, long def, long min)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return def;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < min)
		die(EX_USAGE, "%s='%s': not a number >= %ld", name, s, min);
	return v;
}

static int
print_profiles(char **names, int argc, char **argv)
{
	(void)names;
	for (int i = 1; i < argc; i++) {
		const char *n = NULL;
		if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			n = argv[i + 1];
		else if (strncmp(argv[i], "-p", 2) == 0 && argv[i][2])
			n = argv[i] + 2;
		if (n == NULL)
			continue;
		const char *const *cmds = policy_profile_cmds(n);
		if (cmds == NULL)
			die(EX_USAGE, "-p '%s': no such profile", n);
		for (; *cmds != NULL; cmds++)
			puts(*cmds);
	}
	return 0;
}

static const char *const role_names[CONFINE_NROLES] = {
	"monitor", "emulator", "interrupter", "timeout", "ipc", "aes",
};
_Static_assert(CONFINE_NROLES <= sizeof(((struct pool *)0)->filters) /
    sizeof(struct sock_fprog *), "struct pool: a filter per role");

static void
dump_bpf(const char *name, const struct sock_fprog *prog)
{
	char file[64];
	int fd;

	snprintf(file, sizeof(file), "syd_%s.bpf", name);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
	if (fd < 0)
		die(EX_USAGE, "%s: %s", file, strerror(errno));
	if (write(fd, prog->filter, prog->len * sizeof(*prog->filter)) < 0)
		die(EX_TEMP, "%s: %s", file, strerror(errno));
	close(fd);
}

/* -E / SYD_DUMP_SCMP: every filter syd uses, the sandbox's first. */
static int
dump_filter(const struct policy *pol, const char *mode)
{
	struct sock_fprog prog;
	char err[256];

	if (strcmp(mode, "pfc") == 0) {
		fputs("# syd sandbox rules\n", stdout);
		fflush(stdout);
		if (confine_filter_pfc(pol, 1) < 0)
			return EX_TEMP;
		for (int r = 0; r < CONFINE_NROLES; r++) {
			printf("# syd %s rules\n", role_names[r]);
			fflush(stdout);
			if (confine_thread_pfc(r, 1) < 0)
				return EX_TEMP;
		}
		return 0;
	}
	if (strcmp(mode, "bpf") != 0)
		die(EX_USAGE, "-E '%s': expected bpf or pfc", mode);
	if (confine_filter(pol, &prog, err, sizeof(err)) < 0)
		die(EX_TEMP, "%s", err);
	dump_bpf("sandbox", &prog);
	for (int r = 0; r < CONFINE_NROLES; r++) {
		if (confine_thread_filter(r, &prog) < 0)
			die(EX_TEMP, "cannot build the %s filter", role_names[r]);
		dump_bpf(role_names[r], &prog);
	}
	return 0;
}

/* Each syd thread's own filter, unless SYD_SKIP_SCMP (debugging). */
static void
thread_filters(struct pool *p)
{
	static struct sock_fprog progs[CONFINE_NROLES];

	if (getenv("SYD_SKIP_SCMP") != NULL) {
		rt_log_msg(RT_ALERT, "confine", "skip", "SYD_SKIP_SCMP is set: "
		    "syd's own threads run WITHOUT their seccomp filters");
		return;
	}
	for (int r = 0; r < CONFINE_NROLES; r++) {
		if (confine_thread_filter(r, &progs[r]) < 0)
			die(EX_TEMP, "cannot build the %s filter", role_names[r]);
		p->filters[r] = &progs[r];
	}
}

/*
 * sandbox/crypt:on needs a key: crypt/key:HEX64 (maybe from ${VAR}, which
 * the sandbox must not see) or crypt/key/fd:N (32 raw bytes, read here and
 * closed before the sandbox is forked, so it cannot inherit it).
 */
static void
crypt_keys_load(struct policy *p)
{
	size_t got = 0;
	ssize_t n;

	if (p->crypt_key_env != NULL)
		unsetenv(p->crypt_key_env);
	if (!policy_on(p, POLICY_CRYPT))
		return;
	if (!SYD_WITH_CRYPT)
		die(EX_USAGE, "sandbox/crypt: this syd was built without crypt "
		    "support (WITH_CRYPT=0)");
	if (p->crypt_tmp != NULL) {
		struct stat st;
		if (stat(p->crypt_tmp, &st) < 0 || !S_ISDIR(st.st_mode))
			die(EX_USAGE, "crypt/tmp:%s: not a directory",
			    p->crypt_tmp);
	}
	if (p->crypt_key_fd >= 0) {
		while (got < sizeof(p->crypt_key) && (n = read(p->crypt_key_fd,
		    p->crypt_key + got, sizeof(p->crypt_key) - got)) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				die(EX_USAGE, "crypt/key/fd:%d: %s",
				    p->crypt_key_fd, strerror(errno));
			got += (size_t)n;
		}
		close(p->crypt_key_fd);
		if (got != sizeof(p->crypt_key))
			die(EX_USAGE, "crypt/key/fd:%d: expected 32 bytes of key, "
			    "got %zu", p->crypt_key_fd, got);
		p->crypt_key_set = true;
	}
	if (!p->crypt_key_set)
		die(EX_USAGE, "sandbox/crypt:on needs a key: crypt/key:HEX64 or "
		    "crypt/key/fd:N");
	if (p->crypt.n == 0)
		rt_log_msg(RT_WARN, "crypt", "config", "sandbox/crypt is on but "
		    "no crypt+GLOB names a file to encrypt");
}

static void
alarm_handler(int sig)
{
	(void)sig; /* the interrupter's kick: only interrupts a syscall */
}

static void
pool_setup(struct pool *p, struct policy *pol, int notify, int child)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long core = env_num("SYD_NPROC", SYD_NPROC_DEF ? SYD_NPROC_DEF :
	    (cpus > 0 ? cpus : 1), 1);
	long max = env_num("SYD_NPROC_MAX", SYD_NPROC_MAX_DEF, 1);

	memset(p, 0, sizeof(*p));
	p->notify_fd = notify;
	p->child = child;
	p->policy = pol;
	p->syd_pid = getpid();
	p->core = (unsigned)core;
	p->max = (unsigned)(max < core ? core : max);
	p->keep_alive_ms = env_num("SYD_KEEP_ALIVE", SYD_KEEP_ALIVE_DEF, 0);
	p->timeout_ms = pol->timeout_ms;
	p->root = geteuid() == 0;
	p->rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (p->rootfd < 0)
		die(EX_TEMP, "cannot open /: %s", strerror(errno));
}

/*
 * sandbox/lock for syd itself (DESIGN.md section 8), on the main thread
 * before the sandbox is forked: every syd thread inherits the domain, and
 * the sandbox's own ruleset nests inside it, which Landlock requires for
 * syd to keep tracing it and reading its memory. Landlock also forbids
 * mounting (and setns into a mount namespace), so when the sandbox needs
 * a mount tree of its own syd's threads go without, and say so. syd's
 * private /proc is mounted and detached before (proc_private).
 */
static void
landlock_self(const struct policy *pol, unsigned long ns)
{
	char err[512];
	int rs, r = 0;

	if (!policy_on(pol, POLICY_LOCK) || confine_landlock_abi() < 0)
		return;
	if (ns & CLONE_NEWNS) {
		rt_log_msg(RT_WARN, "confine", "landlock", "syd's own threads "
		    "are not landlocked: the sandbox's mount namespace needs "
		    "mount(2), which Landlock forbids (the sandbox itself is)");
		return;
	}
	if ((rs = confine_landlock_ruleset(pol, true, err, sizeof(err))) < 0)
		die(EX_TEMP, "%s", err);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		r = -errno;
	else if (rs > 0)
		r = confine_landlock_apply(rs);
	if (r < 0)
		die(EX_TEMP, "sandbox/lock: cannot landlock syd: %s",
		    strerror(-r));
	if (rs > 0)
		close(rs);
}

static void
sandbox_prepare(struct opts *o, struct confine_child *c)
{
	char err[512];
	int r;

	c->ns_root = geteuid() == 0;
	c->ns = confine_ns_flags(&o->pol, c->ns_root);
	c->landlock_fd = confine_landlock_ruleset(&o->pol, false, err,
	    sizeof(err));
	if (c->landlock_fd < 0)
		die(EX_TEMP, "%s", err);
	if ((c->ns & CLONE_NEWUSER) && policy_on(&o->pol, POLICY_LOCK) &&
	    (r = confine_ns_mapper(&c->mapper, c->ns_root)) < 0)
		die(EX_TEMP, "unshare/user: cannot fork: %s", strerror(-r));
	/*
	 * sandbox/lock with a mount tree, as root: syd makes the tree in a
	 * mount namespace of its own now, before Landlock forbids mounting,
	 * and the sandbox shares it (a landlocked process may not join
	 * another one). syd's own /proc is an fd taken first (the sandbox's
	 * procfs will cover /proc there); a helper mounts that procfs once
	 * the sandbox is PID 1.
	 */
	if (policy_on(&o->pol, POLICY_LOCK) && confine_landlock_abi() >= 0 &&
	    (c->ns & CLONE_NEWNS) && !(c->ns & CLONE_NEWUSER)) {
		char what[256];
		if (sys_proc_fd < 0 && (sys_proc_fd = open("/proc",
		    O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
			die(EX_TEMP, "cannot open /proc: %s", strerror(errno));
		if ((r = confine_ns_tree(&o->pol, c->ns, what,
		    sizeof(what))) < 0)
			die(EX_TEMP, "%s: %s", what, strerror(-r));
		if ((c->ns & CLONE_NEWPID) && (r = confine_ns_proc_helper(
		    &c->proc_helper, o->pol.root)) < 0)
			die(EX_TEMP, "unshare/pid: cannot fork: %s",
			    strerror(-r));
		c->tree = true;
	}
	landlock_self(&o->pol, c->tree ? 0 : c->ns);
}

static int
run(struct opts *o)
{
	static struct pool pool;
	struct confine_child c = { .policy = &o->pol, .argv = o->argv,
	    .argv0 = o->argv0, .keep_env = env_kept };
	const char *missing = confine_unsupported(&o->pol);
	struct sock_fprog prog;
	struct sigaction sa = { .sa_handler = alarm_handler };
	bool private_proc;
	char err[512];
	int r, ipc_fd = -1;

	if (missing != NULL)
		die(EX_USAGE, "%s", missing);
	crypt_keys_load(&o->pol);
	if (confine_filter(&o->pol, &prog, err, sizeof(err)) < 0)
		die(EX_TEMP, "%s", err);
	c.prog = &prog;
	/* Before Landlock: binding a UNIX socket makes a file. */
#if !SYD_WITH_IPC
	if (o->pol.ipc != NULL)
		die(EX_USAGE, "ipc:%s: this syd was built without IPC support "
		    "(WITH_IPC=0)", o->pol.ipc);
#else
	if (o->pol.ipc != NULL &&
	    (ipc_fd = confine_ipc_socket(o->pol.ipc)) < 0)
		die(EX_TEMP, "ipc:%s: %s", o->pol.ipc, strerror(-ipc_fd));
#endif
	/* Before Landlock (mount) and before the sandbox is forked. A
	 * sandbox with a pid namespace mounts its own procfs over it: in a
	 * user namespace the kernel allows that only where a procfs is
	 * already fully visible, so that one stays mounted. */
	if ((r = confine_proc_private(confine_ns_pid(&o->pol), err,
	    sizeof(err))) < 0)
		die(EX_TEMP, "%s", err);
	private_proc = r > 0;
	sandbox_prepare(o, &c);
	confine_block_signals();
	sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART: EINTR is the point */
	if (confine_spawn(&c, err, sizeof(err)) < 0)
		die(EX_TEMP, "%s", err);
	if (c.landlock_fd > 0)
		close(c.landlock_fd);
	confine_ns_mapper_end(&c.mapper);
	pool_setup(&pool, &o->pol, c.notify_fd, c.pid);
	/* Look up each target's own root: syd's /proc is private, or the
	 * sandbox has a mount tree of its own. */
	pool.chrooted = private_proc || (c.ns & CLONE_NEWNS) != 0;
	/* root: entered by chroot: syd names the sandbox's objects from its
	 * own root (DIR/...), rules name them as the sandbox sees them. */
	if (c.tree && o->pol.root != NULL) {
		char p[64];
		long n;
		snprintf(p, sizeof(p), "/proc/%d/root", c.pid);
		n = sys_readlinkat(AT_FDCWD, p, pool.tree_root,
		    sizeof(pool.tree_root) - 1);
		if (n <= 0)
			die(EX_TEMP, "root:%s: cannot read the sandbox's root: "
			    "%s", o->pol.root, strerror(n < 0 ? (int)-n : EIO));
		pool.tree_root[n] = '\0';
		pool.tree_rootlen = (size_t)n;
	}
	pool.child_init = (c.ns & CLONE_NEWPID) != 0;
	if (policy_on(&o->pol, POLICY_PID) &&
	    pool_pid_init(&pool, o->pol.pid_max, c.pid) < 0)
		die(EX_TEMP, "sandbox/pid: %s", strerror(ENOMEM));
	thread_filters(&pool);
	pool.fault = getenv("SYD_FAULT_FORBIDDEN") != NULL;
	pool.ipc_fd = ipc_fd;
	/* Linux 6.6+: wake the emulator on the target's CPU. */
	r = sys_notif_set_flags(c.notify_fd, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	rt_log_msg(RT_DEBUG, "boot", "sync_wake_up", "%s",
	    r == 0 ? "on" : "not supported by this kernel");
	if (policy_on(&o->pol, POLICY_CRYPT)) {
		kernel_crypt_setup(&pool, o->pol.crypt_key, o->pol.crypt_tmp);
		crypto_wipe(o->pol.crypt_key, sizeof(o->pol.crypt_key));
		if ((r = kernel_crypt_boot()) < 0)
			die(EX_TEMP, "cannot start the AES worker: %s",
			    strerror(-r));
	}
	if ((r = pool_boot(&pool)) < 0)
		die(EX_TEMP, "cannot start the emulator pool: %s", strerror(-r));
	if (confine_release(&c) < 0)
		die(EX_TEMP, "cannot release the sandbox process");
	r = confine_wait(&pool, o->pol.exit_wait_all);
	pool_stop(&pool);
	kernel_crypt_stop(); /* what the sandbox wrote reaches the disk */
	if (pool.ipc_fd >= 0 && o->pol.ipc[0] == '/')
		unlink(o->pol.ipc);
	return r;
}

int
main(int argc, char **argv)
{
	static char *shell[] = { NULL, "-l", NULL };
	static struct opts o;

	/* Not dumpable: a sandboxed process of the same uid cannot open
	 * /proc/SYD/mem or take syd's fds (the sandbox's exec resets it). */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	log_setup();
	policy_init(&o.pol);
	parse(&o, argc, argv);
	if (o.print)
		return print_profiles(NULL, argc, argv);
	if (o.pol.log_level >= 0)
		rt_log_set_level(o.pol.log_level);
	if (o.pol.panic)
		return 127; /* SPEC 1: the panic command ends syd */
	kernel_init();
	if (o.dump != NULL || (o.dump = getenv("SYD_DUMP_SCMP")) != NULL)
		return dump_filter(&o.pol, o.dump);
	if (o.argv[0] == NULL) {
		char err[512];
		const char *sh = getenv("SYD_SHELL");
		shell[0] = (char *)(sh != NULL ? sh : SYD_SHELL_DEF);
		o.argv = shell;
		if (policy_profile(&o.pol, "user", err, sizeof(err)) < 0)
			die(EX_USAGE, "-p 'user': %s", err);
	}
	_exit(run(&o));
}
