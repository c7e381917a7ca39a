/* main thread only */
/*
 * Compiling path categories to Landlock (trace/compile_landlock): the file
 * system side of the decision policy/compile.c makes from the policy, and
 * the ruleset. Once at start: each rule names a directory that exists and
 * is canonical (realpath gives the name back: syd matches canonical names,
 * so /lib/\*** never matches where /lib is a symlink, while Landlock would
 * grant /usr/lib), not procfs; no mount shows a subtree (root field other
 * than "/") and a rule's device is mounted once: the hierarchy is seen one
 * way only. A category that passes gets its right in one ruleset the
 * sandbox restricts itself by (a Landlock layer of its own, besides
 * sandbox/lock's) and its calls are no longer notified (filter.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "confine/confine.h"
#include "policy/policy.h"
#include "rt/rt.h"
#include "sys/sys.h"

#define CL_RULE_PATH 1

struct cl_path {
	uint64_t allowed;
	int32_t fd;
} __attribute__((packed));

/*
 * /proc/self/mountinfo: -1 if a mount shows a subtree of its file system
 * (a bind mount: the same files under two names), else fills devs with
 * the devices (major:minor as makedev) mounted more than once.
 */
/*
 * procfs mount points (at most CL_NPROC, else nothing compiles): a rule
 * directory at or above one would grant, through Landlock, what syd
 * refuses in procfs whatever the rules (another process's or a
 * program's own /proc/PID/mem, syd's own /proc/PID).
 */
#define CL_NPROC 16
static char cl_proc[CL_NPROC][PATH_MAX];
static size_t cl_nproc;

static int
cl_mounts(dev_t *dup, size_t maxdup, size_t *ndup)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096], root[4096], point[4096];
	const char *fs;
	unsigned ma, mi;
	dev_t seen[512];
	size_t nseen = 0;
	int r = 0;

	*ndup = 0;
	cl_nproc = 0;
	if (f == NULL)
		return -1;
	while (r == 0 && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%*d %*d %u:%u %4095s %4095s", &ma, &mi, root,
		    point) != 4 || (fs = strstr(line, " - ")) == NULL) {
			r = -1;
			break;
		}
		if (strncmp(fs + 3, "proc ", 5) == 0) {
			/* An escaped name (\040...) is not compared: refuse. */
			if (cl_nproc == CL_NPROC || strchr(point, '\\') != NULL ||
			    strlen(point) >= PATH_MAX) {
				r = -1;
				break;
			}
			memcpy(cl_proc[cl_nproc++], point, strlen(point) + 1);
		}
		if (strcmp(root, "/") != 0) {
			r = -1;
			break;
		}
		dev_t d = makedev(ma, mi);
		bool twice = false;
		for (size_t i = 0; i < nseen && !twice; i++)
			twice = seen[i] == d;
		if (twice && *ndup < maxdup)
			dup[(*ndup)++] = d;
		else if (twice)
			r = -1;
		else if (nseen < sizeof(seen) / sizeof(*seen))
			seen[nseen++] = d;
		else
			r = -1;
	}
	fclose(f);
	return r;
}

/* Is path a or beneath directory d (both canonical)? */
static bool
cl_beneath(const char *a, const char *d)
{
	size_t n = strlen(d);

	if (strcmp(d, "/") == 0)
		return true;
	return strncmp(a, d, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/* Is dir a rule path Landlock and syd see alike? Why not, or NULL. */
static const char *
cl_dir_ok(const char *dir, const dev_t *dup, size_t ndup, char *why,
    size_t whysz)
{
	char real[PATH_MAX];
	struct stat st;

	if (realpath(dir, real) == NULL) {
		snprintf(why, whysz, "%s: %s", dir, strerror(errno));
		return why;
	}
	if (strcmp(real, dir) != 0) {
		snprintf(why, whysz, "%s is not canonical (it is %s)", dir,
		    real);
		return why;
	}
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(why, whysz, "%s is not a directory", dir);
		return why;
	}
	if (strcmp(dir, "/proc") == 0 || strncmp(dir, "/proc/", 6) == 0) {
		snprintf(why, whysz, "%s is procfs", dir);
		return why;
	}
	for (size_t i = 0; i < cl_nproc; i++)
		if (cl_beneath(dir, cl_proc[i]) || cl_beneath(cl_proc[i], dir)) {
			snprintf(why, whysz, "%s: procfs is mounted at %s", dir,
			    cl_proc[i]);
			return why;
		}
	for (size_t i = 0; i < ndup; i++)
		if (dup[i] == st.st_dev) {
			snprintf(why, whysz, "%s: its file system is mounted "
			    "more than once", dir);
			return why;
		}
	return NULL;
}

/* Every rule directory of category c passes cl_dir_ok: NULL, else why. */
static const char *
cl_cat_ok(const struct policy *p, enum policy_cat c, const dev_t *dup,
    size_t ndup, char *why, size_t whysz)
{
	const struct policy_list *l = &p->list[c];
	char dir[PATH_MAX];
	bool self;

	for (size_t i = 0; i < l->n; i++)
		for (unsigned k = 0; k < l->v[i].nalt; k++) {
			if (policy_compile_rule(c, l->v[i].alt[k], dir,
			    sizeof(dir), &self) < 0)
				return "a rule other than a literal tree";
			if (cl_dir_ok(dir, dup, ndup, why, whysz) != NULL)
				return why;
		}
	return NULL;
}

static int
cl_fill(const struct policy *p, int rs, uint64_t cats)
{
	char dir[PATH_MAX];
	bool self;

	for (int c = 0; c < POLICY_NLIST; c++) {
		const struct policy_list *l = &p->list[c];
		if (!(cats & POLICY_BIT(c)))
			continue;
		for (size_t i = 0; i < l->n; i++)
			for (unsigned k = 0; k < l->v[i].nalt; k++) {
				struct cl_path a;
				int r;
				if (policy_compile_rule((enum policy_cat)c,
				    l->v[i].alt[k], dir, sizeof(dir), &self) < 0)
					return -EINVAL;
				a.allowed = policy_compile_right(
				    (enum policy_cat)c);
				a.fd = open(dir, O_PATH | O_DIRECTORY |
				    O_NOFOLLOW | O_CLOEXEC);
				if (a.fd < 0)
					return -errno;
				r = sys_landlock_add_rule(rs, CL_RULE_PATH, &a,
				    0);
				close(a.fd);
				if (r < 0)
					return r;
			}
	}
	return 0;
}

/* Say once which categories went where, and why the others did not. */
static void
cl_say(const struct policy *p, const char *whys[POLICY_NLIST])
{
	char buf[1024];
	size_t o = 0;

	buf[0] = '\0';
	for (int c = 0; c < POLICY_NLIST; c++) {
		if (!(POLICY_COMPILE_CATS & POLICY_BIT(c)) ||
		    !policy_on(p, c))
			continue;
		if (o < sizeof(buf))
			o += (size_t)snprintf(buf + o, sizeof(buf) - o,
			    "%s%s: %s", o ? "; " : "",
			    policy_cat_name((enum policy_cat)c),
			    whys[c] == NULL ? "landlock" : whys[c]);
	}
	if (buf[0] != '\0')
		rt_log_msg(RT_NOTICE, "confine", "compile_landlock", "%s%s",
		    p->compiled ? "categories compiled to Landlock (not "
		    "notified, denials not in syd's log): " : "no category "
		    "compiled to Landlock: ", buf);
}

int
confine_compile(struct policy *p, bool build, char *err, size_t errsz)
{
	const char *whys[POLICY_NLIST] = { 0 };
	static char why[POLICY_NLIST][2 * PATH_MAX + 128];
	const char *g = policy_compile_global(p);
	uint64_t cats = 0, handled = 0;
	dev_t dup[64];
	size_t ndup = 0;
	int abi = confine_landlock_abi(), rs;

	err[0] = '\0';
	p->compiled = 0;
	p->compile_decided = true;
	if (g == NULL && !SYD_WITH_LANDLOCK)
		g = "built without Landlock support";
	if (g == NULL && abi < 1)
		g = "Landlock is not available";
	if (g == NULL && cl_mounts(dup, sizeof(dup) / sizeof(*dup), &ndup) < 0)
		g = "a mount shows a subtree of its file system (a bind "
		    "mount) or /proc/self/mountinfo cannot be read";
	for (int c = 0; c < POLICY_NLIST; c++) {
		if (!(POLICY_COMPILE_CATS & POLICY_BIT(c)))
			continue;
		whys[c] = g != NULL ? g : policy_compile_cat(p,
		    (enum policy_cat)c);
		if (whys[c] == NULL)
			whys[c] = cl_cat_ok(p, (enum policy_cat)c, dup, ndup,
			    why[c], sizeof(why[c]));
		if (whys[c] == NULL)
			cats |= POLICY_BIT(c);
	}
	/* Landlock's exec needs the read right too once read is handled:
	 * read is compiled only if every file syd lets run is readable by
	 * the read rules. */
	if ((cats & POLICY_BIT(POLICY_READ)) && !policy_compile_covers(p)) {
		cats &= ~POLICY_BIT(POLICY_READ);
		whys[POLICY_READ] = "an exec rule's tree is not inside a read "
		    "rule's (Landlock reads what it executes)";
	}
	/* readdir alone: its notified path sends every read-only open to
	 * syd, which also hides syd's own /proc/PID there (kernel/check.c);
	 * compiled, those opens would reach the kernel unchecked. With read
	 * compiled too, Landlock refuses them (no read tree in procfs). */
	if ((cats & POLICY_BIT(POLICY_READDIR)) &&
	    !(cats & POLICY_BIT(POLICY_READ))) {
		cats &= ~POLICY_BIT(POLICY_READDIR);
		whys[POLICY_READDIR] = "read is not compiled (the read-only "
		    "opens readdir sends to syd would not be checked)";
	}
	p->compiled = cats;
	if (build)
		cl_say(p, whys);
	if (cats == 0 || !build)
		return 0;
	for (int c = 0; c < POLICY_NLIST; c++)
		if (cats & POLICY_BIT(c))
			handled |= policy_compile_right((enum policy_cat)c);
	rs = sys_landlock_create_ruleset(&handled, sizeof(handled), 0);
	if (rs < 0) {
		p->compiled = 0;
		snprintf(err, errsz, "trace/compile_landlock: "
		    "landlock_create_ruleset: %s", strerror(-rs));
		return rs;
	}
	if ((abi = cl_fill(p, rs, cats)) < 0) {
		close(rs);
		p->compiled = 0;
		snprintf(err, errsz, "trace/compile_landlock: cannot add a "
		    "Landlock rule: %s", strerror(-abi));
		return abi;
	}
	return rs;
}
