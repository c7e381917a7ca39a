/*
 * policy: the rule language of SPEC.md section 2 — parser, rule store,
 * wildmatch, network addresses and built-in profiles.
 *
 * Parsing and building happen on the main thread before boot (they
 * allocate with rt_alloc, so they are also safe later under a writer lock).
 * Matching (policy_match*, policy_wildmatch) allocates nothing and is
 * worker-safe.
 */
/* worker-safe (matching); parsing: main thread only */
#ifndef SYD_POLICY_H
#define SYD_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Categories. Those before POLICY_NLIST have rule lists. */
enum policy_cat {
	POLICY_STAT,
	POLICY_READ,
	POLICY_WRITE,
	POLICY_EXEC,
	POLICY_CREATE,
	POLICY_DELETE,
	POLICY_RENAME,
	POLICY_SYMLINK,
	POLICY_TRUNCATE,
	POLICY_CHDIR,
	POLICY_READDIR,
	POLICY_MKDIR,
	POLICY_RMDIR,
	POLICY_CHOWN,
	POLICY_CHGRP,
	POLICY_CHMOD,
	POLICY_CHATTR,
	POLICY_CHROOT,
	POLICY_UTIME,
	POLICY_MKDEV,
	POLICY_MKFIFO,
	POLICY_MKTEMP,
	POLICY_NET_BIND,
	POLICY_NET_CONNECT,
	POLICY_NET_SENDFD,
	POLICY_IOCTL,
	POLICY_NLIST, /* end of categories with rule lists */
	POLICY_LOCK = POLICY_NLIST,
	POLICY_FORCE,
	POLICY_TPE,
	POLICY_CRYPT,
	POLICY_PID,
	POLICY_MEM,
	POLICY_NCAT,
};
#define POLICY_BIT(c) (UINT64_C(1) << (c))
/* The path categories: stat .. mktemp. */
#define POLICY_PATH_MASK (POLICY_BIT(POLICY_NET_BIND) - 1)
#define POLICY_NET_MASK                                           \
	(POLICY_BIT(POLICY_NET_BIND) | POLICY_BIT(POLICY_NET_CONNECT) | \
	    POLICY_BIT(POLICY_NET_SENDFD))

enum policy_act {
	POLICY_ALLOW,
	POLICY_WARN,
	POLICY_FILTER,
	POLICY_DENY,
	POLICY_PANIC,
	POLICY_STOP,
	POLICY_ABORT,
	POLICY_KILL,
	POLICY_EXIT,
	POLICY_NACT,
};

enum policy_lock {
	POLICY_LOCK_UNSET, /* becomes ON at the first exec of COMMAND */
	POLICY_LOCK_OFF,
	POLICY_LOCK_EXEC,
	POLICY_LOCK_DROP,
	POLICY_LOCK_READ,
	POLICY_LOCK_ON,
	POLICY_LOCK_IPC,
};

/* A network address pattern: ADDR[/PREFIX]!PORT[-PORT]. */
struct policy_addr {
	uint8_t family;	    /* AF_INET or AF_INET6 */
	uint8_t prefix;	    /* bits */
	uint16_t port_lo;   /* host order */
	uint16_t port_hi;
	uint8_t addr[16];   /* network order; IPv4 in the first 4 bytes */
};

/*
 * A rule: one action on one category with its pattern as written (for
 * removal by equality and for printing) and what it matches:
 * - path categories, mask/append/crypt globs: alt holds the brace
 *   expansion of pat (nalt globs);
 * - net categories: alt holds the UNIX alternatives ("/glob", "@glob") and
 *   addr the IP ones (naddr entries; aliases such as `loopback` expand to
 *   several);
 * - ioctl: req is the request number, compared on all 64 bits;
 * - allow/lock/{read,write,exec}: pat only (a literal path);
 * - allow/lock/{bind,connect}: port_lo..port_hi.
 */
struct policy_rule {
	uint8_t act;
	char *pat;
	char **alt;
	unsigned nalt;
	struct policy_addr *addr;
	unsigned naddr;
	uint64_t req;
	uint16_t port_lo, port_hi;
	/* mask+PATTERN:FILE[:DIR]: what a matching path serves instead of
	 * /dev/null (NULL: /dev/null; dir NULL: directories keep FILE). */
	char *repl;
	char *repl_dir;
};

struct policy_list {
	struct policy_rule *v;
	size_t n;
	size_t cap;
};

/* bind+SRC:DST[:OPTS] */
struct policy_bind {
	char *src;	     /* "tmpfs" or an absolute path */
	char *dst;	     /* absolute path */
	unsigned long flags; /* MS_RDONLY MS_NODEV MS_NOEXEC MS_NOSUID
				MS_NOSYMFOLLOW */
};

/* force+/path:HEXDIGEST[:ACTION]; one entry per path (a new one replaces). */
struct policy_force {
	char *path;
	uint8_t digest[64];
	uint8_t len; /* 32 (SHA-256) or 64 (SHA-512) */
	uint8_t act; /* on a digest mismatch */
};

/* trace/allow_unsafe_NAME: bits of policy.unsafe (names in names.c). */
enum policy_unsafe {
	POLICY_UNSAFE_PTRACE,	      /* ptrace */
	POLICY_UNSAFE_PROCESS_VM,     /* process_vm_writev */
	POLICY_UNSAFE_EXEC_LDSO,      /* ld.so PROGRAM */
	POLICY_UNSAFE_EXEC_MEMFD,     /* executing memfds */
	POLICY_UNSAFE_IO_URING,	      /* io_uring_* */
	POLICY_UNSAFE_PERF,	      /* perf_event_open */
	POLICY_UNSAFE_BPF,	      /* bpf */
	POLICY_UNSAFE_KEXEC,	      /* kexec_* */
	POLICY_UNSAFE_MODULE,	      /* *_module */
	POLICY_UNSAFE_MOUNT,	      /* mount umount2 pivot_root */
	POLICY_UNSAFE_SWAP,	      /* swapon swapoff */
	POLICY_UNSAFE_REBOOT,	      /* reboot */
	POLICY_UNSAFE_USERFAULTFD,    /* userfaultfd */
	POLICY_UNSAFE_OPEN_BY_HANDLE, /* open_by_handle_at, name_to_handle_at */
	POLICY_UNSAFE_NESTED_SECCOMP, /* filters with a new listener */
	POLICY_UNSAFE_FOREIGN_ARCH,   /* i386, x32 syscalls on x86_64 */
	POLICY_UNSAFE_IOCTL,	      /* the always-denied ioctls (TIOCSTI...) */
	POLICY_UNSAFE_SIGRETURN,      /* sigreturn without a signal */
	POLICY_UNSAFE_PRLIMIT,	      /* setrlimit/prlimit64 */
	POLICY_UNSAFE_PERSONALITY,    /* personality */
	POLICY_UNSAFE_KEYRING,	      /* add_key request_key keyctl */
	POLICY_UNSAFE_SYSLOG,	      /* syslog */
	POLICY_UNSAFE_TIME,	      /* settimeofday clock_settime adjtimex */
	POLICY_UNSAFE_NAMESPACE,      /* unshare setns from the sandbox */
	POLICY_UNSAFE_FILENAME,	      /* unsafe file names (syd(7)) */
	POLICY_UNSAFE_EXEC_NOPIE,     /* exec of non-PIE ELF (ET_EXEC) */
	POLICY_UNSAFE_EXEC_STACK,     /* exec of ELF with an executable stack */
	POLICY_UNSAFE_MEMORY,	      /* W^X: writable+executable memory */
	POLICY_UNSAFE_PROC_MEM,	      /* writing /proc/PID/mem */
	POLICY_UNSAFE_ENV,	      /* keep LD_PRELOAD & co. (spawn.c) */
	POLICY_UNSAFE_CAPS,	      /* keep the capabilities syd drops */
	POLICY_UNSAFE_DEPRECATED,     /* uselib ustat sysfs _sysctl ... */
	POLICY_UNSAFE_PAGE_CACHE,     /* cachestat mincore */
	POLICY_UNSAFE_OOB,	      /* MSG_OOB in send and receive flags */
	POLICY_UNSAFE_NICE,	      /* setpriority sched_set* ioprio_set */
	POLICY_UNSAFE_SYNC,	      /* sync syncfs */
	POLICY_NUNSAFE,
};

/* setuid+SRC:DST, setgid+SRC:DST (SafeSetID, setid.c). */
struct policy_setid {
	uint32_t src, dst;
};
struct policy_setids {
	struct policy_setid *v;
	size_t n, cap;
};

/* rlimit/RES:VALUE, indexed by the kernel's RLIMIT_* number. */
#define POLICY_NRLIMIT 16
#define POLICY_RLIM_INF UINT64_MAX /* "inf": RLIM_INFINITY */

/*
 * allow/lock/CAT+/path: syd 3's Landlock categories, one Landlock file
 * right each (src/confine/landlock.c maps them); BIND is allow/lock/bind
 * with a path (making UNIX sockets beneath it). Ports: allow/lock/{bind,
 * connect}+PORT[-PORT][,...].
 */
enum policy_lpath { POLICY_LPATH_READ, POLICY_LPATH_WRITE, POLICY_LPATH_EXEC,
	POLICY_LPATH_IOCTL, POLICY_LPATH_CREATE, POLICY_LPATH_DELETE,
	POLICY_LPATH_RENAME, POLICY_LPATH_SYMLINK, POLICY_LPATH_TRUNCATE,
	POLICY_LPATH_READDIR, POLICY_LPATH_MKDIR, POLICY_LPATH_RMDIR,
	POLICY_LPATH_MKBDEV, POLICY_LPATH_MKCDEV, POLICY_LPATH_MKFIFO,
	POLICY_LPATH_BIND, POLICY_NLPATH };
/* The syd 3 name of a category ("read", ..., "bind"), or NULL. */
const char *policy_lpath_name(enum policy_lpath l);		/* landlock.c */
enum policy_lport { POLICY_LPORT_BIND, POLICY_LPORT_CONNECT, POLICY_NLPORT };

struct policy {
	uint64_t sandbox;		/* POLICY_BIT(cat) when on */
	uint8_t defact[POLICY_NCAT];	/* action when no rule matches */
	struct policy_list list[POLICY_NLIST];
	bool trace;			/* -x: log denials, then allow */
	uint8_t lock;			/* enum policy_lock */
	int64_t timeout_ms;		/* 0: none */
	int log_level;			/* syslog level 0..7; -1: unchanged */
	bool panic;			/* the panic command was given */

	/*
	 * Settings: parsed, validated and stored here; enforced by later
	 * modules. Setting a value never turns a category on by itself:
	 * sandbox/force, tpe, crypt, pid, mem and lock need an explicit
	 * sandbox/CAT:on, as in syd 3.x.
	 */
	/* Namespaces and the mount tree (src/confine). */
	uint32_t unshare;		/* CLONE_NEW* bits */
	struct policy_bind *bind;	/* in command order */
	size_t nbind, bindcap;
	char *root;			/* root:DIR; NULL: none */
	char *hostname;			/* name/host:NAME; NULL: unchanged */
	uint64_t rlimit[POLICY_NRLIMIT];
	uint32_t rlimit_set;		/* bit r: rlimit[r] is set */
	/* Path lists without actions (policy_globs_match). */
	struct policy_list mask;	/* mask+GLOB: seen as /dev/null */
	struct policy_list append;	/* append+GLOB: append-only */
	/* Exec integrity: force entries (default/force is defact) and TPE. */
	struct policy_force *force;
	size_t nforce, forcecap;
	int64_t tpe_gid;		/* -1: unset */
	bool tpe_negate, tpe_root_owned, tpe_user_owned;
	/* Limits. 0: unlimited. */
	uint64_t pid_max;
	uint64_t mem_max, mem_vm_max;
	/* Crypt (SPEC.md section 7). The key is wiped by policy_free. */
	struct policy_list crypt;	/* crypt+GLOB */
	uint8_t crypt_key[32];
	bool crypt_key_set;
	char *crypt_key_env;		/* VAR of crypt/key:${VAR}, to scrub
					   from the sandbox's environment */
	int crypt_key_fd;		/* crypt/key/fd:N; -1: unset */
	char *crypt_tmp;		/* crypt/tmp:DIR; NULL: mem */
	/* Landlock (sandbox/lock): allow/lock/... rules, act unused. */
	struct policy_list lpath[POLICY_NLPATH];
	struct policy_list lport[POLICY_NLPORT];
	/* Miscellany. */
	char *ipc;			/* ipc:PATH or ipc:@NAME; NULL: none */
	bool exit_wait_all;		/* trace/exit_wait_all */
	bool safe_bind;			/* trace/allow_safe_bind: connects to
					   what the sandbox bound are allowed */
	uint64_t unsafe;		/* bit policy_unsafe: allowed */
	/* ELF checks at exec: trace/deny_elf32, _static, _dynamic. */
	uint8_t elf_deny;		/* POLICY_ELF_DENY_* bits */
	/* SegvGuard: a program that crashed maxcrashes times within expiry
	 * is not executed for suspension (act: default/segvguard). */
	int64_t segvguard_expiry_ms;	/* 0: SegvGuard off */
	int64_t segvguard_suspension_ms;
	uint64_t segvguard_maxcrashes;
	uint8_t segvguard_act;
	bool deny_tsc;			/* trace/deny_tsc: rdtsc faults */
	/* Sockets (netlink.c): allow/net/link+NAME sets bit NETLINK_*;
	 * trace/allow_unsupp_socket lets any family through. */
	uint32_t netlink;
	bool allow_unsupp_socket;
	/* SafeSetID (setid.c): allowed uid and gid transitions. */
	struct policy_setids setuid, setgid;
	/* Opt-in as in syd 3: deny `..' components in path arguments,
	 * O_CLOEXEC on every fd syd installs, a random slot for it. */
	bool deny_dotdot, force_cloexec, force_rand_fd;
	/* syd 3.52 surface (surface.c): log/verbose and log/syslog (-1:
	 * unchanged), config/expand (only 0), the namespaces the sandbox
	 * may create (trace/allow_unsafe_namespace: CLONE_NEW* bits), and
	 * trace/allow_unsafe_NAME hatches whose restriction this build does
	 * not have (bit i of surface_lifted; only :1 is accepted). */
	int8_t log_verbose, log_syslog;
	char *domainname;		/* name/domain:NAME; NULL: unchanged */
	bool safe_kcapi;		/* trace/allow_safe_kcapi: AF_ALG */
	uint32_t ns_allowed;
	uint64_t lifted;
	/* trace/compile_landlock (this build's own): categories whose rules
	 * Landlock expresses exactly are enforced by it, not notified.
	 * compiled: POLICY_BIT(cat) of those, decided once at start
	 * (confine/landlock_compile.c); compile_decided: that happened. */
	bool compile_landlock;
	bool compile_decided;
	uint64_t compiled;
};

#define POLICY_ELF_DENY_32 0x1
#define POLICY_ELF_DENY_STATIC 0x2
#define POLICY_ELF_DENY_DYNAMIC 0x4

/* syd 3's defaults: 2 minutes, 10 minutes, 5 crashes. */
#define POLICY_SEGVGUARD_EXPIRY_MS (120 * 1000)
#define POLICY_SEGVGUARD_SUSPENSION_MS (600 * 1000)
#define POLICY_SEGVGUARD_MAXCRASHES 5

/*
 * Secure default: every category with a rule list (path, network, ioctl)
 * on, every default action deny, no rules; the special categories (lock
 * force tpe crypt pid mem) off. ioctl is on with default allow: requests
 * are decided one by one by allow/ioctl and deny/ioctl rules, and the
 * always-denied ones (TIOCSTI...) are refused in the kernel filter.
 * Lock UNSET, no timeout, log level unchanged (-1).
 */
void policy_init(struct policy *p);
/* Free everything policy_init and the commands allocated, wipe the crypt
 * key, and leave p zeroed (policy_init it again to reuse it). */
void policy_free(struct policy *p);

/*
 * Run one command (SPEC.md section 2). Returns 0 on success (a true query),
 * -ENOENT for a false query, -EINVAL (or another -errno) for a bad command,
 * with a one-line reason in err (no "syd:" prefix, no newline).
 * ${VAR} is expanded from the environment first. Removing a rule that does
 * not exist succeeds. `reset` restores the policy_init state but keeps the
 * lock and the trace flag. Lock: once on (or ipc), only on or ipc may be
 * set again (-EPERM). `include` works only in files (policy_load).
 * Must not run concurrently with anything reading p (writer lock).
 */
int policy_cmd(struct policy *p, const char *cmd, char *err, size_t errsz);

/*
 * The run-time path (/dev/syd, IPC) judges the command it will actually
 * run, so it takes policy_cmd apart: policy_cmd_expand expands ${VAR}
 * into out (POLICY_CMD_MAX + 1 bytes suffice) and fails as policy_cmd
 * would; policy_cmd_query says whether an expanded command is a query
 * (KEY?), which never changes the policy; policy_cmd_expanded runs an
 * expanded command without expanding it again (a value holding "${" from
 * the environment stays literal) and, unlike policy_cmd, does not note
 * crypt/key:${VAR} for scrubbing (crypt is configured at start-up only).
 */
#define POLICY_CMD_MAX 4096 /* bytes in one command, after ${VAR} */
int policy_cmd_expand(const char *cmd, char *out, size_t outsz, char *err,
    size_t errsz);
bool policy_cmd_query(const char *cmd);
int policy_cmd_expanded(struct policy *p, const char *cmd, char *err,
    size_t errsz);

/*
 * Load a config file (`-P`), following include/include_profile. On error
 * err holds "<file>:<line>: <reason>". -ENOENT etc. for unreadable files.
 */
int policy_load(struct policy *p, const char *file, char *err, size_t errsz);
/*
 * For checking a file without using it (syd --check -P): the same load,
 * but each non-blank, non-comment line is passed to fn after it ran (rc 0
 * or -errno, err its reason without the location) and a failing line does
 * not stop the load. Lines of included files come with their own file
 * name, after the lines they include. Returns the number of failing lines.
 */
typedef void policy_line_fn(void *arg, const char *file, unsigned line,
    const char *cmd, int rc, const char *err);
int policy_load_each(struct policy *p, const char *file, policy_line_fn *fn,
    void *arg);

/* Apply a built-in profile by name; -ENOENT for an unknown name. */
int policy_profile(struct policy *p, const char *name, char *err,
    size_t errsz);
/* The commands of a built-in profile (or its short name),
 * NULL-terminated; NULL if unknown. */
const char *const *policy_profile_cmds(const char *name);
/* The built-in profiles' names by index; NULL past the last. */
const char *policy_profile_name(size_t i);
/* A one-line description of a profile; NULL if unknown. */
const char *policy_profile_descr(const char *name);
/* Why this build refuses a profile; NULL if it is applied (or unknown). */
const char *policy_profile_refused(const char *name);
/* Print a profile's commands to out, one a line, include_profile
 * expanded. -ENOENT unknown, -EOPNOTSUPP refused (err says why). */
struct _IO_FILE;
int policy_profile_print(struct _IO_FILE *out, const char *name, char *err,
    size_t errsz);

/* Every keyword the parser accepts, one per line, to fd (for the
 * documentation check: syd --commands). */
void policy_keywords(int fd);

/* Names: "read", "net/connect"...; "allow", "deny"...; "on", "ipc"...;
 * "ptrace", "exec_ldso"... NULL when out of range. */
const char *policy_cat_name(enum policy_cat c);
const char *policy_act_name(enum policy_act a);
const char *policy_lock_name(enum policy_lock l);
const char *policy_unsafe_name(enum policy_unsafe u);
/* surface.c: the name of bit i of policy.lifted (NULL past the end).
 * Worker-safe. */
const char *policy_lifted_name(unsigned i);

static inline bool
policy_on(const struct policy *p, enum policy_cat c)
{
	return (p->sandbox & POLICY_BIT(c)) != 0;
}

/* Does trace/allow_unsafe_NAME lift protection u? */
static inline bool
policy_unsafe_on(const struct policy *p, enum policy_unsafe u)
{
	return (p->unsafe & (UINT64_C(1) << u)) != 0;
}

/* Whether exec needs a look at the file's ELF headers (or, for
 * SegvGuard, its name) whatever the categories: the checks are on by
 * default, each lifted by its own setting. */
static inline bool
policy_elf_checks(const struct policy *p)
{
	return !policy_unsafe_on(p, POLICY_UNSAFE_EXEC_NOPIE) ||
	    !policy_unsafe_on(p, POLICY_UNSAFE_EXEC_STACK) || p->elf_deny != 0;
}

static inline bool
policy_segvguard_on(const struct policy *p)
{
	return p->segvguard_expiry_ms > 0;
}

/*
 * The action for a canonical absolute path in a path category (or a UNIX
 * socket path or "@name" in a network category): the last matching rule
 * of the category's list, else its default. Categories without lists give
 * their default. Worker-safe, allocates nothing.
 */
enum policy_act policy_match(const struct policy *p, enum policy_cat c,
    const char *path);
/* The action every absolute path gets in category c (its default with no
 * rules, or a last rule that matches every path: "/" and three or two
 * stars), or -1 when it depends on the path. For objects whose name
 * cannot be known. */
int policy_match_any(const struct policy *p, enum policy_cat c);
/* The action for an IP address (16 bytes for AF_INET6, 4 for AF_INET) and a
 * host-order port; IPv4-mapped IPv6 addresses match as IPv4. Worker-safe. */
enum policy_act policy_match_ip(const struct policy *p, enum policy_cat c,
    int family, const uint8_t *addr, uint16_t port);
/* The action of the last allow/ioctl or deny/ioctl rule naming req, else
 * default/ioctl. Worker-safe. */
enum policy_act policy_match_ioctl(const struct policy *p, uint64_t req);
/*
 * Compiling path categories to Landlock (compile.c): the policy side of
 * the decision, no file system access. The categories it may take and
 * the Landlock file right of each (POLICY_COMPILE_CATS), the ABI a right
 * needs, and per category whether the policy alone allows it: on,
 * default deny or filter, no -x, rules that cannot change, every rule an
 * allow of a literal tree. policy_compile_cat returns NULL when so, else
 * why not. Each rule's literal (policy_compile_rule): the directory X of
 * /X/\*** (self true: X and beneath) or /X/\** (beneath X only; read, write
 * and exec only), -1 for anything else. policy_compile_covers: is every
 * exec rule's tree inside a read rule's (Landlock's exec needs the read
 * right too once read is handled).
 */
#define POLICY_COMPILE_CATS (POLICY_BIT(POLICY_READ) | \
	POLICY_BIT(POLICY_WRITE) | POLICY_BIT(POLICY_EXEC) | \
	POLICY_BIT(POLICY_READDIR))
uint64_t policy_compile_right(enum policy_cat c);
const char *policy_compile_global(const struct policy *p);
const char *policy_compile_cat(const struct policy *p, enum policy_cat c);
int policy_compile_rule(enum policy_cat c, const char *pat, char *dir,
    size_t dirsz, bool *self);
bool policy_compile_covers(const struct policy *p);
/* "off", "notify" or "landlock": how category c is enforced. */
const char *policy_compile_how(const struct policy *p, enum policy_cat c);

/* Exactly 2 * len hex digits into out: 0 or -EINVAL. Worker-safe. */
int policy_hex(const char *s, size_t len, uint8_t *out);

/* Whether any glob of a mask/append/crypt list matches path. Worker-safe. */
bool policy_globs_match(const struct policy_list *l, const char *path);
/* The last mask+ rule matching path, or NULL. Worker-safe. */
const struct policy_rule *policy_mask_find(const struct policy *p,
    const char *path);

/* Netlink family names (route, audit, ...): the NETLINK_* number or
 * -EINVAL; the name of a number or NULL. Worker-safe. */
int policy_netlink_lookup(const char *s);
const char *policy_netlink_name(unsigned proto);

/*
 * SafeSetID: may a task whose real, effective and saved ids are cur[0..2]
 * switch one of them to id? An id it already holds, always; otherwise,
 * with no rules of its kind, any id but the system ones (uid <= 11,
 * gid <= 14), and with rules, one a rule allows from its effective id.
 * Worker-safe.
 */
#define POLICY_SETUID_SYS_MAX 11
#define POLICY_SETGID_SYS_MAX 14
bool policy_setid_ok(const struct policy *p, bool gid, const uint32_t cur[3],
    uint32_t id);

/*
 * rsync wildmatch: `*` any run without '/', `**` any run, `?` one non-'/',
 * [...] classes with [!...] / [^...] and [[:alpha:]] etc., `\` escapes;
 * a pattern ending in a slash and three stars also matches the directory
 * itself ("/dir/" "***" matches /dir). Braces are expanded before
 * (policy_brace). Pure, worker-safe; O(len(pat) * len(str)), no
 * backtracking blow-up.
 */
bool policy_wildmatch(const char *pat, const char *str);

/*
 * Expand {a,b} alternatives (nested, and several groups) into a
 * rt_alloc'ed NULL-terminated array of rt_alloc'ed strings; *n gets the
 * count. `\{` is a literal brace. -EINVAL for unbalanced braces, -E2BIG
 * past 256 alternatives or 64 groups.
 */
int policy_brace(const char *pat, char ***out, unsigned *n);

/* Parse "10s", "500ms", "2m", "1h", "1d", "1h30m", plain seconds -> ms;
 * -EINVAL, -ERANGE on overflow. */
int policy_duration(const char *s, int64_t *ms);
/* Parse "256M", "1G", "4096", "1k" (binary units k m g t p e, an optional
 * trailing b or ib) -> bytes; -EINVAL, -ERANGE on overflow. */
int policy_size(const char *s, uint64_t *bytes);
/* Parse an address pattern (section 3) into up to max entries; returns the
 * count or -EINVAL (-ENOSPC past max). An alias expands to up to
 * POLICY_ALIAS_MAX entries. IPv4-mapped IPv6 rules are stored as IPv4. */
#define POLICY_ALIAS_MAX 8
int policy_addr_parse(const char *s, struct policy_addr *out, unsigned max);

#endif
