/* main thread only */
/*
 * syd-ls SET: the names in one of this build's sets, one a line:
 *   deny   system calls the sandbox's filter refuses (EPERM) unless a
 *          trace/allow_unsafe_ setting lifts them
 *   uring  io_uring's calls (refused: trace/allow_unsafe_uring)
 *   setid  the set*id calls SafeSetID decides (syd(7))
 *   hook   the system calls syd's kernel handlers answer (notified when
 *          a sandbox category needs them)
 *   env    the loader variables removed from the sandbox's environment
 * syd 3's other sets (dead, noop, safe, time, drop, ioctl, prctl) name
 * lists this build does not keep: refused, exit 100.
 */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applet.h"
#include "confine/confine.h"
#include "kernel/kernel.h"

int
applet_ls(int argc, char **argv)
{
	static const char *const other[] = { "dead", "noop", "safe", "time",
	    "drop", "ioctl", "prctl" };
	const char *set = argv[1], *n;

	if (argc != 2 || strcmp(set, "-h") == 0) {
		puts("usage: syd-ls set\nSets: deny, env, hook, setid, uring. "
		    "See syd-applets(1).");
		return argc != 2 ? 100 : 0;
	}
	if (strcmp(set, "hook") == 0) {
		kernel_init();
		for (int nr = 0; nr < 1024; nr++) {
			char *name;
			if (!kernel_has(nr) || (name =
			    seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE,
			    nr)) == NULL)
				continue;
			puts(name);
			free(name);
		}
		return 0;
	}
	if (strcmp(set, "env") == 0) {
		for (size_t i = 0; (n = confine_env_unsafe(i)) != NULL; i++)
			puts(n);
		return 0;
	}
	if (strcmp(set, "deny") == 0 || strcmp(set, "uring") == 0 ||
	    strcmp(set, "setid") == 0) {
		for (size_t i = 0; (n = confine_set_name(set, i)) != NULL; i++)
			puts(n);
		return 0;
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(*other); i++)
		if (strcmp(set, other[i]) == 0)
			applet_unsupported(set, "this build keeps no such list");
	applet_die(100, "'%s': no such set (see -h)", set);
}
