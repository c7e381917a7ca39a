/*
 * The private interface between the files of src/policy. Nothing outside
 * this directory includes it; policy.h is the module's interface.
 */
/* main thread only (parsing), except where a comment says worker-safe */
#ifndef SYD_POLICY_INTERNAL_H
#define SYD_POLICY_INTERNAL_H

#include <stdarg.h>

#include "policy/policy.h"

#define POLICY_KEY_CHARS "abcdefghijklmnopqrstuvwxyz0123456789_/,"
#define POLICY_DEPTH_MAX 16	 /* nested include and include_profile */
#define POLICY_FILE_MAX (1 << 20) /* bytes in one config file */
#define POLICY_BRACE_MAX 256	 /* alternatives of one pattern */
#define POLICY_PAT_MAX 4096	 /* bytes of one pattern (wildmatch states) */

/*
 * One run of commands: the policy, where reasons go, how deep in includes
 * and profiles we are, and the file being read (NULL: none, so `include`
 * is refused). located says err already starts with "<file>:<line>: ", so
 * outer files do not prefix it again.
 */
struct policy_ctx {
	struct policy *p;
	char *err;
	size_t errsz;
	int depth;
	const char *file;
	bool located;
	policy_line_fn *each;	/* policy_load_each: told of every line */
	void *each_arg;
	int failed;		/* lines that failed, with each */
};

/* A setting handler: KEY (the whole key, for prefixed families), the
 * operator (':' '+' '-' '^') and the value. */
typedef int policy_setfn(struct policy_ctx *c, const char *key, char op,
    const char *val);
/* The definition of a setter, with policy_setfn's parameters. */
#define POLICY_SETTER(name) \
	int name(struct policy_ctx *c, const char *key, char op, const char *val)

/* surface.c: the rest of syd 3.52's keys (refused ones by name). */
int policy_surface_refused(struct policy_ctx *c, const char *key);
int policy_surface_refused_cat(struct policy_ctx *c, const char *name,
    size_t n);
int policy_surface_unsafe(struct policy_ctx *c, const char *key,
    const char *name, const char *val);
POLICY_SETTER(policy_set_log_opt);
POLICY_SETTER(policy_set_config_expand);
POLICY_SETTER(policy_set_domainname);
void policy_surface_words(void (*put)(void *, const char *, const char *),
    void *arg);

/* addr.c: "80" or "1024-65535" into lo, hi; 0 or -EINVAL. */
int policy_ports_parse(const char *s, uint16_t *lo, uint16_t *hi);

/* policy.c and util.c */
void policy_reset(struct policy *p);
/* Zero n bytes in a way the compiler keeps (key material). */
void policy_wipe(void *v, size_t n);
int policy_fail(struct policy_ctx *c, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A context for one entry (err cleared). */
struct policy_ctx policy_ctx_open(struct policy *p, char *err, size_t errsz);
/* Expand ${VAR} and run one command. */
int policy_run(struct policy_ctx *c, const char *cmd);
char *policy_strdup(struct policy_ctx *c, const char *s);
/* Make room for one more element of size sz in *v (n used, *cap slots). */
int policy_grow(void **v, size_t *cap, size_t n, size_t sz);

/* parse.c: one command whose ${VAR} are already expanded. */
int policy_exec(struct policy_ctx *c, const char *cmd);

/* expand.c */
int policy_expand(struct policy_ctx *c, const char *in, char *out,
    size_t outsz);

/* names.c */
int policy_cat_lookup(const char *s, size_t n, uint64_t *mask);
int policy_cats_parse(struct policy_ctx *c, const char *s, size_t n,
    uint64_t allowed, const char *what, uint64_t *mask);
int policy_act_lookup(const char *s, size_t n);
int policy_act_parse(struct policy_ctx *c, const char *s);
int policy_bool_parse(struct policy_ctx *c, const char *key, const char *s,
    bool *b);
int policy_lock_lookup(const char *s);
int policy_level_lookup(const char *s);
int policy_unsafe_lookup(const char *s);

/* num.c (worker-safe: no errno, no allocation) */
int policy_u64(const char *s, uint64_t *v);
int policy_num(const char *s, uint64_t *v);

/* rules.c */
void policy_rule_free(struct policy_rule *r);
void policy_list_free(struct policy_list *l);
int policy_list_push(struct policy_list *l, struct policy_rule *r);
/* Remove the last (all: every) rule for which eq(rule, key) holds. */
void policy_list_remove(struct policy_list *l, const struct policy_rule *key,
    bool all, bool (*eq)(const struct policy_rule *, const struct policy_rule *));
bool policy_rule_eq(const struct policy_rule *a, const struct policy_rule *b);
int policy_rule_cmd(struct policy_ctx *c, int act, uint64_t cats, char op,
    const char *pat);
int policy_globs_cmd(struct policy_ctx *c, struct policy_list *l, char op,
    const char *pat);

/* settings.c */
int policy_setting(struct policy_ctx *c, const char *key, size_t keylen,
    char op, const char *val);

/* Setting families, each in the file of its concept. */
policy_setfn policy_set_unshare, policy_set_bind, policy_set_root,
    policy_set_hostname, policy_set_rlimit;			/* ns.c */
policy_setfn policy_set_force, policy_set_tpe;			/* force.c */
policy_setfn policy_set_crypt, policy_set_crypt_key, policy_set_crypt_fd,
    policy_set_crypt_tmp;					/* crypt.c */
int policy_landlock_cmd(struct policy_ctx *c, const char *what, size_t n,
    char op, const char *val);					/* landlock.c */
int policy_ioctl_parse(const char *s, uint64_t *req);		/* ioctl.c */
policy_setfn policy_set_mask;					/* mask.c */
int policy_netlink_cmd(struct policy_ctx *c, int act, char op,
    const char *val);						/* netlink.c */
policy_setfn policy_set_setid;					/* setid.c */

/* profile.c, load.c; optional: a missing file is no error. */
int policy_profile_at(struct policy_ctx *c, const char *name);
int policy_load_at(struct policy_ctx *c, const char *file, bool optional);
/* `include PATH` of the file being read: PATH relative to its directory. */
int policy_include(struct policy_ctx *c, const char *path);

#endif
