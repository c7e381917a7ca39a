/* worker-safe */
/*
 * Compiling path categories to Landlock: the policy side. A category's
 * rules go to the kernel (a Landlock ruleset on the sandbox, its calls no
 * longer notified) only when Landlock decides exactly what syd would:
 *
 *   - trace/compile_landlock is on, -x is not given;
 *   - the rules cannot change after start: lock on or unset, no ipc:
 *     (the same condition as the filter's "rules may change later");
 *   - no mount tree of the sandbox's own (bind+, root:, a mount or pid
 *     namespace): one hierarchy, seen the same way by syd and the kernel;
 *   - the category is on, its default is deny or filter (both refuse;
 *     anything else logs, allows, or acts), and every rule is an allow
 *     of a literal tree: /X/\*** (X and beneath) or, for the file rights
 *     read, write and exec, /X/\** (beneath X). Last match wins, so with
 *     allow rules only a path is allowed exactly when some rule matches.
 *
 * Landlock ties a rule to the directory the rule names and grants the
 * right to everything reached through it; syd matches canonical path
 * names. The two agree on a directory that is canonical and reached one
 * way only: that, and the mounts, are checked on the file system by
 * confine/landlock_compile.c. Rules on single files are not compiled: a
 * hard link of the file elsewhere carries Landlock's grant, not syd's.
 */
#include <string.h>

#include "policy/policy.h"

/* Landlock's file rights (include/uapi/linux/landlock.h). */
#define CL_EXECUTE (1ULL << 0)
#define CL_WRITE_FILE (1ULL << 1)
#define CL_READ_FILE (1ULL << 2)
#define CL_READ_DIR (1ULL << 3)

uint64_t
policy_compile_right(enum policy_cat c)
{
	switch (c) {
	case POLICY_READ:
		return CL_READ_FILE;
	case POLICY_WRITE:
		return CL_WRITE_FILE;
	case POLICY_EXEC:
		return CL_EXECUTE;
	case POLICY_READDIR:
		return CL_READ_DIR;
	default:
		return 0;
	}
}

const char *
policy_compile_global(const struct policy *p)
{
	if (!p->compile_landlock)
		return "trace/compile_landlock is off";
	if (p->trace)
		return "-x logs every denial and allows it";
	if ((p->lock != POLICY_LOCK_UNSET && p->lock != POLICY_LOCK_ON) ||
	    p->ipc != NULL)
		return "the rules may change after start (lock, ipc)";
	if (p->nbind > 0 || p->root != NULL)
		return "the sandbox has a mount tree of its own (bind+, root:)";
	if (p->unshare & (0x00020000U /* CLONE_NEWNS */ |
	    0x20000000U /* CLONE_NEWPID */))
		return "the sandbox has mounts of its own (unshare/mount, "
		    "unshare/pid)";
	return NULL;
}

/* A literal absolute directory name: no glob, escape, brace or variable
 * character, no empty, "." or ".." component, no trailing '/'. */
static bool
compile_literal(const char *s, size_t n)
{
	if (n == 0 || s[0] != '/')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (strchr("*?[]{}\\$", s[i]) != NULL)
			return false;
		if (s[i] == '/' && (i + 1 == n || s[i + 1] == '/'))
			return false;
		if (s[i] == '/' && s[i + 1] == '.' && (i + 2 == n ||
		    s[i + 2] == '/' || (s[i + 2] == '.' && (i + 3 == n ||
		    s[i + 3] == '/'))))
			return false;
	}
	return true;
}

int
policy_compile_rule(enum policy_cat c, const char *pat, char *dir,
    size_t dirsz, bool *self)
{
	size_t n = strlen(pat), base;

	if (n >= 4 && strcmp(pat + n - 4, "/***") == 0) {
		base = n - 4;
		*self = true;
	} else if (n >= 3 && strcmp(pat + n - 3, "/**") == 0 &&
	    c != POLICY_READDIR) {
		/* For a directory right, /X/\** leaves X itself out, which
		 * Landlock's rule on X cannot. */
		base = n - 3;
		*self = false;
	} else {
		return -1;
	}
	if (base + 2 > dirsz)
		return -1;
	if (base == 0) { /* /\*** or /\**: the root */
		dir[0] = '/';
		dir[1] = '\0';
		return 0;
	}
	if (!compile_literal(pat, base))
		return -1;
	memcpy(dir, pat, base);
	dir[base] = '\0';
	return 0;
}

const char *
policy_compile_cat(const struct policy *p, enum policy_cat c)
{
	const struct policy_list *l = &p->list[c];
	char dir[4096];
	bool self;

	if (policy_compile_right(c) == 0)
		return "Landlock has no right for it";
	if (!policy_on(p, c))
		return "off";
	if (p->defact[c] != POLICY_DENY && p->defact[c] != POLICY_FILTER)
		return "its default is neither deny nor filter";
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].act != POLICY_ALLOW)
			return "a rule other than allow";
		if (l->v[i].nalt == 0)
			return "a rule without a pattern";
		for (unsigned k = 0; k < l->v[i].nalt; k++) {
			if (policy_compile_rule(c, l->v[i].alt[k], dir,
			    sizeof(dir), &self) < 0)
				return "a rule other than a literal /DIR/*** "
				    "or /DIR/**";
			/* syd refuses reading another process's
			 * /proc/PID/mem whatever the rules (kernel/check.c);
			 * Landlock under a rule on / would not. */
			if (c == POLICY_READ && strcmp(dir, "/") == 0 &&
			    !policy_unsafe_on(p, POLICY_UNSAFE_PROCESS_VM))
				return "a read rule on / (another process's "
				    "/proc/PID/mem stays syd's to refuse)";
		}
	}
	return NULL;
}

/* Is the tree of (e, eself) inside the tree of (r, rself)? */
static bool
compile_inside(const char *e, bool eself, const char *r, bool rself)
{
	size_t n = strlen(r);

	if (strcmp(r, "/") == 0)
		return rself || strcmp(e, "/") != 0 || !eself;
	if (strcmp(e, r) == 0)
		return rself || !eself;
	return strncmp(e, r, n) == 0 && e[n] == '/';
}

bool
policy_compile_covers(const struct policy *p)
{
	const struct policy_list *x = &p->list[POLICY_EXEC];
	const struct policy_list *rd = &p->list[POLICY_READ];
	char e[4096], r[4096];
	bool eself, rself, in;

	if (policy_compile_cat(p, POLICY_EXEC) != NULL ||
	    policy_compile_cat(p, POLICY_READ) != NULL)
		return false;
	for (size_t i = 0; i < x->n; i++)
		for (unsigned k = 0; k < x->v[i].nalt; k++) {
			if (policy_compile_rule(POLICY_EXEC, x->v[i].alt[k], e,
			    sizeof(e), &eself) < 0)
				return false;
			in = false;
			for (size_t j = 0; j < rd->n && !in; j++)
				for (unsigned m = 0; m < rd->v[j].nalt && !in;
				    m++)
					in = policy_compile_rule(POLICY_READ,
					    rd->v[j].alt[m], r, sizeof(r),
					    &rself) == 0 &&
					    compile_inside(e, eself, r, rself);
			if (!in)
				return false;
		}
	return true;
}

const char *
policy_compile_how(const struct policy *p, enum policy_cat c)
{
	if (!policy_on(p, c))
		return "off";
	return (p->compiled & POLICY_BIT(c)) ? "landlock" : "notify";
}
