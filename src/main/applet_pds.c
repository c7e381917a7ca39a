/* main thread only */
/*
 * syd-pds [-h] [-s SIGNAL] [COMMAND [ARG]...]: run COMMAND (no command:
 * $SYD_SHELL, else the default shell) with the parent-death signal
 * (PR_SET_PDEATHSIG) set: SIGNAL (a number or a name, with or without
 * SIG), SIGKILL by default. exec keeps it; the exit status is the
 * command's.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "applet.h"

#define S(n) { #n, SIG##n }
static const struct {
	const char *name;
	int nr;
} sigs[] = {
	S(HUP), S(INT), S(QUIT), S(ILL), S(TRAP), S(ABRT), S(BUS), S(FPE),
	S(KILL), S(USR1), S(SEGV), S(USR2), S(PIPE), S(ALRM), S(TERM),
	S(CHLD), S(CONT), S(STOP), S(TSTP), S(TTIN), S(TTOU), S(URG),
	S(XCPU), S(XFSZ), S(VTALRM), S(PROF), S(WINCH), S(IO), S(PWR),
	S(SYS),
};
#undef S

static int
sig_parse(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s != '\0' && *end == '\0')
		return n > 0 && n < NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		if (strcasecmp(sigs[i].name, s) == 0)
			return sigs[i].nr;
	return -1;
}

int
applet_pds(int argc, char **argv)
{
	int c, sig = SIGKILL;

	while ((c = getopt(argc, argv, "+hs:")) != -1) {
		if (c == 'h') {
			puts("usage: syd-pds [-h] [-s signal] {command "
			    "[args...]}\nRuns command with the parent-death "
			    "signal set (default SIGKILL). See "
			    "syd-applets(1).");
			return 0;
		}
		if (c != 's')
			return 100;
		if ((sig = sig_parse(optarg)) < 0)
			applet_die(100, "-s '%s': not a signal", optarg);
	}
	if (prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0L, 0L, 0L) < 0)
		applet_die(1, "PR_SET_PDEATHSIG: %s", strerror(errno));
	applet_exec(argv + optind);
}
