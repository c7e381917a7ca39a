/* main thread only */
/*
 * syd-env PID [-i] [NAME=VALUE]... [COMMAND [ARG]...]: run COMMAND with
 * the environment process PID started with (/proc/PID/environ), changed
 * as env(1) would: -i empties it, NAME=VALUE sets, -u NAME unsets. No
 * COMMAND: print it, one NAME=VALUE a line.
 * syd-env -e STRING: STRING's shell expansion (wordexp(3): variables,
 * tilde, fields) printed as its words, space-separated. Command
 * substitution is refused (WRDE_NOCMD): syd 3 runs it in a confined
 * child, which this build does not.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wordexp.h>

#include "applet.h"

extern char **environ;

static int
expand(const char *s)
{
	wordexp_t we;
	int r = wordexp(s, &we, WRDE_NOCMD);

	if (r == WRDE_CMDSUB)
		applet_unsupported("-e", "command substitution (syd 3 runs it "
		    "in a confined child; this build refuses it)");
	if (r != 0)
		applet_die(1, "-e '%s': %s", s, r == WRDE_BADCHAR ? "a "
		    "character the shell would take as syntax" : r ==
		    WRDE_SYNTAX ? "a syntax error" : "cannot expand");
	for (size_t i = 0; i < we.we_wordc; i++)
		printf("%s%s", i ? " " : "", we.we_wordv[i]);
	putchar('\n');
	wordfree(&we);
	return 0;
}

/* Replace the environment with /proc/PID/environ. */
static void
load(const char *pid)
{
	char path[64], *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	if (strspn(pid, "0123456789") != strlen(pid) || *pid == '\0')
		applet_die(100, "'%s': not a process id (see -h)", pid);
	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		applet_die(1, "%s: %s", path, strerror(errno));
	for (;;) {
		if (len + 4096 > cap && (buf = realloc(buf, cap = cap * 2 +
		    8192)) == NULL)
			applet_die(1, "out of memory");
		if ((n = read(fd, buf + len, cap - len - 1)) < 0)
			applet_die(1, "%s: %s", path, strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (clearenv() != 0)
		applet_die(1, "clearenv failed");
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1)
		if (strchr(buf + i, '=') != NULL && putenv(buf + i) != 0)
			applet_die(1, "putenv: %s", strerror(errno));
}

int
applet_env(int argc, char **argv)
{
	int i = 2;

	if (argc < 2 || strcmp(argv[1], "-h") == 0) {
		puts("usage: syd-env pid [-i] [-u name]... [name=value]... "
		    "{command [arg...]}\n       syd-env -e string\n"
		    "See syd-applets(1).");
		return argc < 2 ? 100 : 0;
	}
	if (strcmp(argv[1], "-e") == 0) {
		if (argc != 3)
			applet_die(100, "-e takes one string");
		return expand(argv[2]);
	}
	load(argv[1]);
	for (; i < argc; i++) {
		char *eq;
		if (strcmp(argv[i], "-i") == 0) {
			clearenv();
		} else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) {
			unsetenv(argv[++i]);
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (argv[i][0] != '-' && (eq = strchr(argv[i], '='))
		    != NULL && eq != argv[i]) {
			if (putenv(argv[i]) != 0)
				applet_die(1, "putenv: %s", strerror(errno));
		} else if (argv[i][0] == '-') {
			applet_die(100, "%s: unknown option (see -h)", argv[i]);
		} else {
			break;
		}
	}
	if (i >= argc) {
		for (char **e = environ; e != NULL && *e != NULL; e++)
			puts(*e);
		return 0;
	}
	applet_exec(argv + i);
}
