/* main thread only */
/*
 * syd-mdwe [-hms] [COMMAND [ARG]...]: run COMMAND (no command:
 * $SYD_SHELL, else the default shell) under W^X as the sandbox has it
 * (syd(7)): -m prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN) (Linux 6.3),
 * -s the seccomp rules of confine/memory.c (no W|X mapping, no X added
 * later by mprotect or pkey_mprotect, no executable shared mapping, no
 * SHM_EXEC), both by default. Calls of another ABI (i386, x32) than the
 * native one are killed: the rules are for the native table only.
 * Either failing to apply is an error: the command never runs without
 * what was asked.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "applet.h"
#include "confine/confine.h"
#include "policy/policy.h"

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_MDWE_REFUSE_EXEC_GAIN 1
#endif

static void
wx_filter(void)
{
	static struct policy pol;
	char err[256] = "";
	scmp_filter_ctx ctx;

	/* The sandbox's W^X rules alone: no exec checking, no append, so
	 * nothing is notified (there is no supervisor here). */
	policy_init(&pol);
	if (policy_cmd(&pol, "sandbox/exec:off", err, sizeof(err)) < 0)
		applet_die(1, "%s", err);
	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
		applet_die(1, "seccomp_init failed");
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS) < 0 || confine_filter_memory(&pol, ctx) != 0)
		applet_die(1, "cannot build the W^X filter");
	if (seccomp_load(ctx) < 0)
		applet_die(1, "seccomp: cannot load the W^X filter");
	seccomp_release(ctx);
}

int
applet_mdwe(int argc, char **argv)
{
	int c, m = 0, s = 0;

	while ((c = getopt(argc, argv, "+hms")) != -1) {
		switch (c) {
		case 'h':
			puts("usage: syd-mdwe [-hms] {command [args...]}\n"
			    "Runs command under W^X: -m PR_SET_MDWE, -s "
			    "seccomp, default both. See syd-applets(1).");
			return 0;
		case 'm': m = 1; break;
		case 's': s = 1; break;
		default:
			return 100;
		}
	}
	if (!m && !s)
		m = s = 1;
	if (m && prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0L, 0L, 0L) < 0)
		applet_die(1, "PR_SET_MDWE: %s (Linux 6.3 has it; -s alone "
		    "uses seccomp only)", strerror(errno));
	if (s)
		wx_filter();
	applet_exec(argv + optind);
}
