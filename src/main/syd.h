/*
 * The top floor: syd's command line (main.c), the commands that run no
 * sandbox (cmd.c: --sum, --aes, -E, --print) and the one that does
 * (run.c: set up, spawn, serve, wait). Main thread only: stdio, malloc
 * and libseccomp are used freely here.
 */
/* main thread only */
#ifndef SYD_SYD_H
#define SYD_SYD_H

#include <stdbool.h>

#include "policy/policy.h"
#include "sys/exitcode.h"

struct syd_opts {
	struct policy pol;
	bool print;		/* --print: the profiles' commands */
	bool json;		/* --json: the resulting state as JSON */
	const char *dump;	/* -E bpf|pfc */
	const char *argv0;	/* -a */
	char **argv;		/* COMMAND and its arguments */
	char **keep_env;	/* names -e set: kept even if unsafe */
};

/* "syd: " + the message on stderr, then exit(code) (die.c). */
_Noreturn void syd_die(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* cmd.c: each returns syd's exit status. */
int syd_cmd_sum(char **paths);
int syd_cmd_aes(char **args);
int syd_cmd_print(int argc, char **argv);
int syd_cmd_dump(const struct policy *pol, const char *mode);

/* Policy authoring (syd(1) LEARNING A PROFILE, CHECKING A PROFILE).
 * pandora.c: syd pandora profile|inspect (argv[1] is "pandora");
 * check.c: syd --check -P FILE..., args what follows --check. */
int syd_pandora(int argc, char **argv);
int syd_check_files(char **args);

/* run.c: run the command under the sandbox; syd's exit status. */
int syd_run(struct syd_opts *o);

#endif
