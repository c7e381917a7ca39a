/* main thread only */
/*
 * The applets' dispatch: syd-NAME by argv[0]'s base name, or
 * syd --applet NAME ARG... (syd-applets(1)). Not syd NAME: syd 3 runs
 * `syd cat` as a sandboxed command, and so does this syd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "applet.h"
#include "sys/exitcode.h"

static const struct {
	const char *name;
	applet_fn fn;
} applets[] = {
	{ "aes", applet_aes }, { "cat", applet_cat }, { "elf", applet_elf },
	{ "env", applet_env }, { "hex", applet_hex }, { "info", applet_info },
	{ "key", applet_key }, { "lock", applet_lock }, { "ls", applet_ls },
	{ "mdwe", applet_mdwe }, { "pds", applet_pds }, { "sum", applet_sum },
	{ "sys", applet_sys },
};

static const char *self = "syd";

applet_fn
applet_find(const char *name)
{
	for (size_t i = 0; i < sizeof(applets) / sizeof(*applets); i++)
		if (strcmp(applets[i].name, name) == 0)
			return applets[i].fn;
	return NULL;
}

const char *
applet_name(unsigned i)
{
	return i < sizeof(applets) / sizeof(*applets) ? applets[i].name : NULL;
}

int
applet_run(const char *name, int argc, char **argv)
{
	static char buf[64];
	applet_fn fn = applet_find(name);

	if (fn == NULL)
		return -1;
	snprintf(buf, sizeof(buf), "syd-%s", name);
	self = buf;
	return fn(argc, argv);
}

_Noreturn void
applet_die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", self);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

_Noreturn void
applet_unsupported(const char *what, const char *why)
{
	applet_die(SYD_EX_USAGE, "%s: not supported by this build: %s", what,
	    why);
}

_Noreturn void
applet_exec(char **argv)
{
	static char *shell[] = { NULL, NULL };

	if (argv[0] == NULL) {
		const char *sh = getenv("SYD_SHELL");
		shell[0] = (char *)(sh != NULL ? sh : SYD_SHELL_DEF);
		argv = shell;
	}
	fflush(stdout);
	execvp(argv[0], argv);
	applet_die(errno == ENOENT ? 127 : 126, "%s: %s", argv[0],
	    strerror(errno));
}

int
applet_open_in(const char *path)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		applet_die(1, "%s: %s", path, strerror(errno));
	return fd;
}

long long
applet_size(const char *s)
{
	static const char units[] = "KMGT";
	const char *u;
	char *end;
	long long n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || end == s || n < 0)
		return -1;
	if (*end != '\0' && (u = strchr(units, *end & ~0x20)) != NULL) {
		n <<= 10 * (u - units + 1);
		end++;
		if (*end == 'B' || *end == 'b')
			end++;
	}
	return *end == '\0' ? n : -1;
}
