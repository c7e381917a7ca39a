/* main thread only */
/*
 * syd-lock [-hvAV] [-C LEVEL] [-l CAT[,CAT...]{+|-}PATH|PORT]...
 *     [-r PATH]... [-w PATH]... [-b PORT]... [-c PORT]... [COMMAND...]:
 * run COMMAND (no command: $SYD_SHELL, else the default shell) under
 * Landlock alone, no supervisor: the rules are sandbox/lock's
 * (allow/lock/CAT+RES, syd(2)), built and applied by confine/landlock.c,
 * so every category and resource form sandbox/lock takes works here.
 * -r PATH is allow/lock/read,readdir,exec+PATH; -w PATH read, readdir,
 * exec, write, create, delete, rename, symlink, truncate, mkdir, rmdir,
 * mkfifo, ioctl as this build has them; -b and -c ports are
 * allow/lock/bind+ and allow/lock/connect+. -V prints the kernel's
 * Landlock ABI, -A prints it and exits with it, -v prints the ABI on
 * standard error before running. -C hard (the default) fails when the
 * kernel has no Landlock; soft and best go on without it, warning.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "applet.h"
#include "confine/confine.h"
#include "policy/policy.h"

static int level; /* -C: 0 hard, 1 soft, 2 best */

static void
cmd(struct policy *p, const char *fmt, const char *cats, const char *res)
{
	char c[4096], err[512] = "";

	if (snprintf(c, sizeof(c), fmt, cats, res) >= (int)sizeof(c))
		applet_die(100, "'%s': too long", res);
	if (policy_cmd(p, c, err, sizeof(err)) < 0)
		applet_die(100, "%s: %s", c, err[0] ? err : "refused");
}

/* Does sandbox/lock know category cat? */
static bool
known(const char *cat)
{
	static struct policy scratch;
	char probe[128], err[256];

	policy_init(&scratch);
	snprintf(probe, sizeof(probe), "allow/lock/%s+%s", cat,
	    strcmp(cat, "bind") == 0 || strcmp(cat, "connect") == 0 ? "0" :
	    "/");
	return policy_cmd(&scratch, probe, err, sizeof(err)) == 0;
}

/* One rule per category of the comma list cats, on resource res (a
 * path made absolute from the working directory, or ports). A path
 * that does not exist is an error unless -C best, as in syd 3. */
static void
rule(struct policy *p, const char *cats, char op, const char *res,
    bool only_known)
{
	char list[256], path[4096], *save = NULL;
	bool port = strspn(res, "0123456789-,") == strlen(res) && *res != '\0';

	if (!port && res[0] != '/') {
		char cwd[4096];
		if (getcwd(cwd, sizeof(cwd)) == NULL ||
		    snprintf(path, sizeof(path), "%s/%s", cwd, res) >=
		    (int)sizeof(path))
			applet_die(1, "%s: cannot make it absolute", res);
		res = path;
	}
	if (!port && access(res, F_OK) < 0) {
		if (level < 2)
			applet_die(1, "%s: %s (-C best skips it)", res,
			    strerror(errno));
		fprintf(stderr, "syd-lock: %s: %s: skipped\n", res,
		    strerror(errno));
		return;
	}
	if (snprintf(list, sizeof(list), "%s", cats) >= (int)sizeof(list))
		applet_die(100, "'%s': too many categories", cats);
	for (char *c = strtok_r(list, ",", &save); c != NULL;
	    c = strtok_r(NULL, ",", &save)) {
		char fmt[32];
		if (only_known && !known(c))
			continue;
		snprintf(fmt, sizeof(fmt), "allow/lock/%%s%c%%s", op);
		cmd(p, fmt, c, res);
	}
}

int
applet_lock(int argc, char **argv)
{
	static struct policy pol;
	int c, abi, rs, verbose = 0;
	char err[512] = "", *sep;

	policy_init(&pol);
	cmd(&pol, "sandbox/lock:on%s%s", "", "");
	while ((c = getopt(argc, argv, "+hvAVC:l:r:w:b:c:E:F:SU")) != -1) {
		switch (c) {
		case 'h':
			puts("usage: syd-lock [-hvAV] [-C level] "
			    "[-l cat[,cat...]{+|-}path|port[-port]]... "
			    "[-r path]... [-w path]... [-b port]... "
			    "[-c port]... {command [args...]}\nSee "
			    "syd-applets(1).");
			return 0;
		case 'v': verbose = 1; break;
		case 'V': case 'A':
			abi = confine_landlock_abi();
			printf("%d\n", abi > 0 ? abi : 0);
			return c == 'A' ? (abi > 0 ? abi : 0) : 0;
		case 'C':
			if (strcmp(optarg, "hard") == 0 || strcmp(optarg, "h")
			    == 0 || strcmp(optarg, "hard-requirement") == 0)
				level = 0;
			else if (strchr("sb", optarg[0]) != NULL && (!optarg[1]
			    || !strcmp(optarg, "soft") || !strcmp(optarg,
			    "best") || !strcmp(optarg, "soft-requirement") ||
			    !strcmp(optarg, "best-effort")))
				level = optarg[0] == 's' ? 1 : 2;
			else
				applet_die(100, "-C '%s': hard, soft or best",
				    optarg);
			break;
		case 'l':
			if ((sep = strpbrk(optarg, "+-")) == NULL ||
			    sep == optarg)
				applet_die(100, "-l '%s': expected "
				    "cat[,cat...]{+|-}path|port", optarg);
			{
				char cats[256];
				size_t k = (size_t)(sep - optarg);
				if (k >= sizeof(cats))
					applet_die(100, "-l '%s': too many "
					    "categories", optarg);
				memcpy(cats, optarg, k);
				cats[k] = '\0';
				rule(&pol, cats, *sep, sep + 1, false);
			}
			break;
		case 'r':
			rule(&pol, "read,readdir,exec", '+', optarg, true);
			break;
		case 'w':
			rule(&pol, "read,readdir,exec,write,create,delete,"
			    "rename,symlink,truncate,mkdir,rmdir,mkfifo,ioctl",
			    '+', optarg, true);
			break;
		case 'b': rule(&pol, "bind", '+', optarg, false); break;
		case 'c': rule(&pol, "connect", '+', optarg, false); break;
		case 'E': case 'F': case 'S': case 'U':
			applet_unsupported(c == 'E' ? "-E" : c == 'F' ? "-F" :
			    c == 'S' ? "-S" : "-U", "Landlock errata, restrict"
			    "-self flags and scope switches are not exposed "
			    "(the scopes are always on from ABI 6)");
		default:
			return 100;
		}
	}
	if (level > 0)
		cmd(&pol, "default/lock:warn%s%s", "", "");
	abi = confine_landlock_abi();
	if (verbose)
		fprintf(stderr, "syd-lock: Landlock ABI %d%s\n", abi > 0 ? abi :
		    0, abi > 0 ? "" : " (not available)");
	if ((rs = confine_landlock_ruleset(&pol, false, err, sizeof(err))) < 0)
		applet_die(1, "%s", err);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0)
		applet_die(1, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
	if (rs > 0 && (c = confine_landlock_apply(rs)) < 0)
		applet_die(1, "landlock_restrict_self: %s", strerror(-c));
	if (rs > 0)
		close(rs);
	applet_exec(argv + optind);
}
