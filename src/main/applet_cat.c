/* main thread only */
/*
 * syd-cat [-hjJ] [-m CMD]... [-M CMD]... [-p NAME]... [FILE]...: the
 * built-in profiles and configuration files, checked by the parser syd
 * itself uses. -p list prints the profiles' names, -p NAME a profile's
 * commands (syd -p NAME --print). Each FILE is loaded (its includes
 * followed) and, when all of it is good, printed back as its commands
 * (comments and blank lines left out). -m commands run before the
 * files, -M commands after them; -j prints the resulting state as JSON
 * (-J too: it is one line either way).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applet.h"
#include "policy/policy.h"
#include "sandbox/sandbox.h"

static void
print_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL)
		applet_die(1, "%s: %s", path, strerror(errno));
	while ((n = getline(&line, &cap, f)) >= 0) {
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		s[strcspn(s, "\r\n")] = '\0';
		if (*s != '\0' && *s != '#')
			puts(s);
	}
	free(line);
	fclose(f);
}

static void
run(struct policy *p, const char *cmd)
{
	char err[512] = "";

	if (policy_cmd(p, cmd, err, sizeof(err)) < 0)
		applet_die(1, "'%s': %s", cmd, err[0] ? err : "refused");
}

int
applet_cat(int argc, char **argv)
{
	static struct policy pol;
	char **late = calloc((size_t)argc + 1, sizeof(*late));
	int c, nlate = 0, json = 0, did = 0;
	char err[512];

	if (late == NULL)
		applet_die(1, "out of memory");
	policy_init(&pol);
	while ((c = getopt(argc, argv, "hjJm:M:p:")) != -1) {
		switch (c) {
		case 'h':
			puts("usage: syd-cat [-hjJ] [-m magic]... [-M magic]... "
			    "[-p name]... [path]...\nChecks and prints profiles "
			    "and configuration; -p list lists the profiles. "
			    "See syd-applets(1).");
			return 0;
		case 'j': case 'J': json = 1; break;
		case 'm': run(&pol, optarg); break;
		case 'M': late[nlate++] = optarg; break;
		case 'p':
			did = 1;
			if (strcmp(optarg, "list") == 0) {
				const char *n;
				for (size_t i = 0; (n = policy_profile_name(i))
				    != NULL; i++)
					puts(n);
				break;
			}
			/* As syd -p NAME --print: includes expanded; a
			 * profile this build refuses says why (exit 100). */
			switch (policy_profile_print(stdout, optarg, err,
			    sizeof(err))) {
			case 0:
				break;
			case -ENOENT:
				applet_die(1, "-p '%s': no such profile (see -p "
				    "list)", optarg);
				break;
			default:
				applet_die(100, "-p '%s': %s", optarg, err);
			}
			break;
		default:
			return 100;
		}
	}
	for (int i = optind; i < argc; i++) {
		err[0] = '\0';
		if (policy_load(&pol, argv[i], err, sizeof(err)) < 0)
			applet_die(1, "%s", err[0] ? err : argv[i]);
	}
	for (int i = 0; i < nlate; i++)
		run(&pol, late[i]);
	if (!json)
		for (int i = optind; i < argc; i++)
			print_file(argv[i]);
	if (json) {
		fflush(stdout);
		sandbox_state(1, &pol);
	} else if (!did && optind == argc && nlate == 0) {
		applet_die(100, "nothing to do (see -h)");
	}
	free(late);
	return 0;
}
