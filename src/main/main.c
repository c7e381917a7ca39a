/* main thread only */
/*
 * syd: the command line (SPEC.md section 1) into options and a policy,
 * then one of the commands (cmd.c, confine/info.c) or the sandbox
 * (run.c). Errors become words and exit codes in syd_die alone.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "config.h"
#include "confine/confine.h"
#include "kernel/kernel.h"
#include "policy/policy.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"
#include "applet.h"
#include "syd.h"

static void
usage(FILE *f)
{
	fputs("usage: syd [-hVxql] [-c CMD] [-m CMD]... [-p NAME]... [-P FILE]... "
	    "[-E bpf|pfc] [-t DURATION]\n"
	    "           [-e VAR[=VAL]]... [-a ARGV0] [--] COMMAND [ARG]...\n"
	    "       syd --api | --check | --info | --sh | --el | -p NAME --print\n"
	    "       syd [-m CMD] [-p NAME] [-P FILE]... --json\n"
	    "       syd --check -P FILE | syd pandora profile|inspect (-h)\n"
	    "       syd --applet [NAME [ARG]...] (or run as syd-NAME)\n"
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
	/* -m stat: the state so far, on standard error (as syd 3 does);
	 * at run time it is read from /dev/syd instead. */
	if (r >= 0 && opt == 'm' && strcmp(arg, "stat") == 0)
		sandbox_state(STDERR_FILENO, p);
	if (r >= 0 || (opt == 'm' && r == -ENOENT && strchr(arg, '?')))
		return;
	if (opt == 'P')
		syd_die(SYD_EX_USAGE, "%s", err[0] ? err : strerror(-r));
	syd_die(SYD_EX_USAGE, "-%c '%s': %s", opt, arg, err[0] ? err : strerror(-r));
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
		syd_die(SYD_EX_USAGE, "-e '%s': bad variable name", arg);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	setenv(name, eq + 1, 1);
}

static int
long_opt(const char *name, char **argv)
{
	if (strcmp(name, "api") == 0) {
		puts("3");
		return 0;
	}
	if (strcmp(name, "check") == 0)
		return argv[optind] != NULL ? syd_check_files(argv + optind) :
		    confine_check();
	if (strcmp(name, "info") == 0)
		return confine_info();
	if (strcmp(name, "sum") == 0)
		return syd_cmd_sum(argv + optind);
	if (strcmp(name, "aes") == 0)
		return syd_cmd_aes(argv + optind);
	if (strcmp(name, "sh") == 0)
		return syd_cmd_sh();
	if (strcmp(name, "el") == 0)
		return syd_cmd_el();
	if (strcmp(name, "commands") == 0) {
		policy_keywords(1);
		return 0;
	}
	syd_die(SYD_EX_USAGE, "--%s: unknown option (see syd -h)", name);
}

static void
parse(struct syd_opts *o, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "api", no_argument, NULL, 1 },
		{ "check", no_argument, NULL, 1 },
		{ "info", no_argument, NULL, 1 },
		{ "sum", no_argument, NULL, 1 },
		{ "aes", no_argument, NULL, 1 },
		{ "commands", no_argument, NULL, 1 },
		{ "sh", no_argument, NULL, 1 },
		{ "el", no_argument, NULL, 1 },
		{ "login", no_argument, NULL, 'l' },
		{ "print", no_argument, NULL, 2 },
		{ "json", no_argument, NULL, 3 },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, idx;

	opterr = 0; /* one line of our own, not getopt's and a usage */
	while ((c = getopt_long(argc, argv, "+hVxqlc:m:p:P:E:t:e:a:", lo,
		    &idx)) != -1) {
		char cmd[256];
		switch (c) {
		case 1:
			exit(long_opt(lo[idx].name, argv));
		case 2:
			o->print = true;
			break;
		case 3:
			o->json = true;
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
		case 'c':
			o->shell_cmd = optarg;
			break;
		case 'l':
			/* A login shell (login(1) passes "-syd" as argv[0]
			 * instead): without COMMAND syd runs one anyway. */
			break;
		default:
			if (optopt != 0 && optopt != '?')
				syd_die(SYD_EX_USAGE, "-%c: %s", optopt,
				    strchr("mpPEteac", optopt) ?
				    "missing argument" : "unknown option");
			syd_die(SYD_EX_USAGE, "%s: unknown option (see syd -h)",
			    argv[optind - 1]);
		}
	}
	o->argv = argv + optind;
}

/*
 * The "id" of every log record: SYD_ID when it is 1 to 32 hex digits,
 * else 32 random ones, one per syd run.
 */
static void
log_id(void)
{
	const char *env = getenv("SYD_ID");
	unsigned char r[16];
	char id[33];

	if (env != NULL && env[0] != '\0' && strlen(env) <= 32 &&
	    strspn(env, "0123456789abcdef") == strlen(env)) {
		rt_log_set_id(env);
		return;
	}
	if (sys_getrandom(r, sizeof(r), 0) != (long)sizeof(r))
		return;
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(id + 2 * i, 3, "%02x", r[i]);
	rt_log_set_id(id);
}

/* $SYD_SHELL -c CMD [ARG...] (ARG... the words after the options). */
static char **
syd_shell_argv(char *sh, const char *cmd, char **rest)
{
	size_t n = 0;
	char **v;

	while (rest[n] != NULL)
		n++;
	if ((v = calloc(n + 4, sizeof(*v))) == NULL)
		syd_die(SYD_EX_TEMP, "-c: %s", strerror(ENOMEM));
	v[0] = sh;
	v[1] = "-c";
	v[2] = (char *)cmd;
	memcpy(v + 3, rest, n * sizeof(*v));
	return v;
}

/*
 * syd-NAME (a link's name) runs applet NAME; so does syd --applet NAME
 * ARG... (syd --applet alone lists them). -1: neither, syd goes on. A
 * base name syd-X where X is no applet is syd itself.
 */
static int
applets(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/'), *n;
	int r;

	base = base != NULL ? base + 1 : argv[0];
	if (strncmp(base, "syd-", 4) == 0 && applet_find(base + 4) != NULL)
		return applet_run(base + 4, argc, argv);
	if (argc < 2 || strcmp(argv[1], "--applet") != 0)
		return -1;
	if (argc == 2) {
		for (unsigned i = 0; (n = applet_name(i)) != NULL; i++)
			printf("syd-%s\n", n);
		return 0;
	}
	if ((r = applet_run(argv[2], argc - 2, argv + 2)) < 0)
		syd_die(SYD_EX_USAGE, "--applet '%s': no such applet (syd "
		    "--applet lists them)", argv[2]);
	return r;
}

static void
log_setup(void)
{
	const char *lv = getenv("SYD_LOG"), *fd = getenv("SYD_LOG_FD");
	int level = RT_WARN;

	if (lv != NULL && (level = rt_log_level_parse(lv)) < 0)
		syd_die(SYD_EX_USAGE, "SYD_LOG='%s': unknown log level", lv);
	rt_log_init(level, fd != NULL ? atoi(fd) : 2);
	log_id();
}

int
main(int argc, char **argv)
{
	static char *shell[] = { NULL, "-l", NULL };
	static struct syd_opts o;
	int r;

	/* Not dumpable: a sandboxed process of the same uid cannot open
	 * /proc/SYD/mem or take syd's fds (the sandbox's exec resets it). */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if ((r = applets(argc, argv)) >= 0)
		return r; /* syd-applets(1) */
	if (argc > 1 && strcmp(argv[1], "pandora") == 0)
		return syd_pandora(argc, argv); /* syd(1) LEARNING A PROFILE */
	log_setup();
	policy_init(&o.pol);
	parse(&o, argc, argv);
	if (o.print)
		return syd_cmd_print(argc, argv);
	if (o.json) {
		/* What open("/dev/syd") would read in a sandbox so set up. */
		char cerr[256];
		confine_compile(&o.pol, false, cerr, sizeof(cerr));
		sandbox_ptrace_mode = confine_trace_name(confine_trace_opts(
		    &o.pol, confine_trace_flags(&o.pol)));
		sandbox_state(1, &o.pol);
		return 0;
	}
	if (o.dump == NULL)
		o.dump = getenv("SYD_DUMP_SCMP");
	if (o.dump == NULL && (o.argv[0] == NULL || o.shell_cmd != NULL)) {
		/* A login shell (syd(1) LOGIN SHELL): $SYD_SHELL under the
		 * user profile, -l or -c CMD [ARG...]; before the log
		 * is set up, so that ~/.user.syd-3 may set it. */
		char err[512];
		const char *sh = getenv("SYD_SHELL");
		shell[0] = (char *)(sh != NULL && *sh != '\0' ? sh :
		    SYD_SHELL_DEF);
		o.argv = o.shell_cmd != NULL ? syd_shell_argv(shell[0],
		    o.shell_cmd, o.argv) : shell;
		if (policy_profile(&o.pol, "user", err, sizeof(err)) < 0)
			syd_die(SYD_EX_USAGE, "-p 'user': %s", err);
	}
	sandbox_log_init(getenv("SYD_SYSLOG_PATH"));
	if (sandbox_log_open(&o.pol) < 0 || sandbox_log_apply(&o.pol) < 0)
		syd_die(SYD_EX_USAGE, "log/syslog: neither %s nor /dev/kmsg "
		    "can be opened", getenv("SYD_SYSLOG_PATH") != NULL ?
		    getenv("SYD_SYSLOG_PATH") : "/dev/log");
	if (o.pol.panic)
		return 127; /* SPEC 1: the panic command ends syd */
	kernel_init();
	if (o.dump != NULL) {
		char cerr[256];
		confine_compile(&o.pol, false, cerr, sizeof(cerr));
		return syd_cmd_dump(&o.pol, o.dump);
	}
	o.keep_env = env_kept;
	_exit(syd_run(&o));
}
