/* main thread only */
/*
 * syd pandora: a profile from what a run did (syd(1) LEARNING A PROFILE).
 *
 *   syd pandora profile [-o FILE] [-d DEPTH] [-H] [-s OPT]... -- CMD...
 *   syd pandora inspect [-i LOG] [-o FILE] [-d DEPTH] [-H]
 *
 * `profile' runs CMD under this syd in trace mode (-x: every category on,
 * as syd's secure default, plus default/ioctl:deny so that every ioctl
 * request is heard) with SYD_LOG_FD on a pipe, and reads the JSON access
 * records from it as they come; `inspect' reads the same records from a
 * log. The JSON log is the only source: what syd would have denied is
 * what the profile allows. Path rules are collapsed to DEPTH components
 * (`/usr/lib/x86_64-linux-gnu/libc.so.6' at depth 3 becomes
 * `/usr/lib/x86_64-linux-gnu/' and three stars), other processes'
 * /proc/PID become /proc/[0-9]*, and a rule another rule of the category
 * already covers is left out, so the result passes `syd --check' without
 * warnings. -s OPT gives the learning syd one more option.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "policy/policy.h"
#include "pandora.h"
#include "syd.h"


/* --- the applets ------------------------------------------------------ */

static void
usage(FILE *f)
{
	fputs("usage: syd pandora profile [-o FILE] [-d DEPTH] [-H] "
	    "[-s OPT]... -- COMMAND [ARG]...\n"
	    "       syd pandora inspect [-i LOG] [-o FILE] [-d DEPTH] [-H]\n"
	    "Learn a profile from a run, or from a JSON log; see syd(1).\n", f);
}

#define SYD_OPTS_MAX 64

struct args {
	const char *out, *in;
	const char *syd_opts[SYD_OPTS_MAX]; /* -s: for the learning run */
	size_t nsyd;
	int depth;
	bool hash;
	char **cmd;
};

static void
args_parse(int argc, char **argv, bool profile, struct args *a)
{
	int i;

	a->out = profile ? OUT_DEF : "-";
	a->in = "-";
	a->depth = DEPTH_DEF;
	a->hash = false;
	a->nsyd = 0;
	for (i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0) {
			i++;
			break;
		}
		if (s[0] != '-' || s[1] == '\0')
			break;
		if (strcmp(s, "-h") == 0) {
			usage(stdout);
			exit(0);
		} else if (strcmp(s, "-H") == 0) {
			a->hash = true;
		} else if (profile && strcmp(s, "-s") == 0 && i + 1 < argc) {
			if (a->nsyd == SYD_OPTS_MAX)
				syd_die(SYD_EX_USAGE, "pandora: -s: more than "
				    "%d", SYD_OPTS_MAX);
			a->syd_opts[a->nsyd++] = argv[++i];
		} else if ((strcmp(s, "-o") == 0 || strcmp(s, "-d") == 0 ||
		    (!profile && strcmp(s, "-i") == 0)) && i + 1 < argc) {
			const char *v = argv[++i];
			char *end;
			if (s[1] == 'o')
				a->out = v;
			else if (s[1] == 'i')
				a->in = v;
			else if ((a->depth = (int)strtol(v, &end, 10)) < 0 ||
			    *end != '\0' || *v == '\0' || a->depth > 4096)
				syd_die(SYD_EX_USAGE, "pandora: -d '%s': "
				    "expected a depth, 0 (no collapsing) or "
				    "more", v);
		} else {
			syd_die(SYD_EX_USAGE, "pandora: %s: unknown option "
			    "or missing argument (see syd pandora -h)", s);
		}
	}
	a->cmd = argv + i;
	if (profile && a->cmd[0] == NULL)
		syd_die(SYD_EX_USAGE, "pandora: profile: no command (syd "
		    "pandora profile [-o FILE] [-d DEPTH] [-H] -- COMMAND "
		    "[ARG]...)");
	if (!profile && a->cmd[0] != NULL)
		syd_die(SYD_EX_USAGE, "pandora: inspect: unexpected '%s'",
		    a->cmd[0]);
}

static FILE *
out_open(const char *name)
{
	FILE *f = strcmp(name, "-") == 0 ? stdout : fopen(name, "w");

	if (f == NULL)
		syd_die(SYD_EX_USAGE, "pandora: %s: %s", name, strerror(errno));
	return f;
}

static void
out_close(FILE *f, const char *name, struct learn *L, size_t rules)
{
	if (fflush(f) != 0 || ferror(f) || (f != stdout && fclose(f) != 0))
		syd_die(SYD_EX_TEMP, "pandora: %s: %s", name, strerror(errno));
	fprintf(stderr, "syd: pandora: %s: %zu rules from %lu access records\n",
	    strcmp(name, "-") == 0 ? "standard output" : name, rules,
	    L->records);
}

static volatile pid_t learn_child;

static void
forward(int sig)
{
	if (learn_child > 0)
		kill(learn_child, sig);
}

/* The command's exit status the way syd reports it. */
static int
run_learning(struct learn *L, const char *syd, const struct args *a)
{
	struct sigaction fwd = { .sa_handler = forward,
	    .sa_flags = SA_RESTART };
	char **cmd = a->cmd;
	int fds[2], st;
	char fdnum[16];
	size_t n = 0;
	pid_t pid;
	FILE *in;

	while (cmd[n] != NULL)
		n++;
	if (pipe2(fds, O_CLOEXEC) < 0)
		syd_die(SYD_EX_TEMP, "pandora: pipe: %s", strerror(errno));
	if ((pid = fork()) < 0)
		syd_die(SYD_EX_TEMP, "pandora: fork: %s", strerror(errno));
	if (pid == 0) {
		char **av = calloc(n + a->nsyd + 6, sizeof(*av));
		size_t k = 4;
		if (av == NULL)
			_exit(SYD_EX_TEMP);
		/* syd's own log fd: kept across its exec, nothing else. */
		fcntl(fds[1], F_SETFD, 0);
		snprintf(fdnum, sizeof(fdnum), "%d", fds[1]);
		setenv("SYD_LOG_FD", fdnum, 1);
		setenv("SYD_LOG", "warn", 1);
		av[0] = "syd";
		av[1] = "-x";
		av[2] = "-m";
		av[3] = "default/ioctl:deny";
		for (size_t j = 0; j < a->nsyd; j++)
			av[k++] = (char *)a->syd_opts[j];
		av[k++] = "--";
		memcpy(av + k, cmd, (n + 1) * sizeof(*av));
		execv("/proc/self/exe", av);
		execvp(syd, av);
		fprintf(stderr, "syd: pandora: cannot run syd (%s): %s\n", syd,
		    strerror(errno));
		_exit(SYD_EX_TEMP);
	}
	close(fds[1]);
	/* ^C ends the learning run, not pandora: the terminal's SIGINT
	 * reaches syd, the sandbox dies with it, the pipe ends and the
	 * profile is still written. TERM and HUP sent to pandora go to syd. */
	learn_child = pid;
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	sigaction(SIGTERM, &fwd, NULL);
	sigaction(SIGHUP, &fwd, NULL);
	if ((in = fdopen(fds[0], "r")) == NULL)
		syd_die(SYD_EX_TEMP, "pandora: fdopen: %s", strerror(errno));
	pandora_learn_fd(L, in);
	fclose(in);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			syd_die(SYD_EX_TEMP, "pandora: waitpid: %s",
			    strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int
syd_pandora(int argc, char **argv)
{
	static struct learn L;
	struct args a;
	const char *what = argc > 2 ? argv[2] : "";
	int status = -1;
	size_t rules;
	FILE *f;

	if (strcmp(what, "-h") == 0 || strcmp(what, "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(what, "profile") != 0 && strcmp(what, "inspect") != 0) {
		usage(stderr);
		return SYD_EX_USAGE;
	}
	args_parse(argc - 3, argv + 3, what[0] == 'p', &a);
	L.depth = a.depth;
	L.hash = a.hash;
	if (what[0] == 'p') {
		/* Open the output first: a run is not wasted on a bad name. */
		f = out_open(a.out);
		status = run_learning(&L, argv[0], &a);
	} else {
		FILE *in = strcmp(a.in, "-") == 0 ? stdin : fopen(a.in, "r");
		if (in == NULL)
			syd_die(SYD_EX_USAGE, "pandora: %s: %s", a.in,
			    strerror(errno));
		pandora_learn_fd(&L, in);
		f = out_open(a.out);
	}
	rules = pandora_write_profile(f, &L, what[0] == 'p' ? a.cmd : NULL, status);
	out_close(f, a.out, &L, rules);
	return status >= 0 ? status : 0;
}
