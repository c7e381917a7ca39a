/* main thread only */
/*
 * syd-info [-h]: what sysinfo(2) says, as one JSON object on one line
 * (the struct's fields by their names; the memory fields in units of
 * mem_unit bytes, the loads scaled by 65536 as the kernel gives them).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "applet.h"

int
applet_info(int argc, char **argv)
{
	struct sysinfo si;
	int c;

	while ((c = getopt(argc, argv, "h")) != -1) {
		if (c == 'h') {
			puts("usage: syd-info [-h]\nPrints sysinfo(2) as JSON. "
			    "See syd-applets(1).");
			return 0;
		}
		return 100;
	}
	if (optind < argc)
		applet_die(100, "unexpected '%s' (see -h)", argv[optind]);
	if (sysinfo(&si) < 0)
		applet_die(1, "sysinfo: %s", strerror(errno));
	printf("{\"uptime\":%ld,\"loads\":[%lu,%lu,%lu],\"totalram\":%lu,"
	    "\"freeram\":%lu,\"sharedram\":%lu,\"bufferram\":%lu,"
	    "\"totalswap\":%lu,\"freeswap\":%lu,\"procs\":%u,"
	    "\"totalhigh\":%lu,\"freehigh\":%lu,\"mem_unit\":%u}\n",
	    (long)si.uptime, (unsigned long)si.loads[0],
	    (unsigned long)si.loads[1], (unsigned long)si.loads[2],
	    (unsigned long)si.totalram, (unsigned long)si.freeram,
	    (unsigned long)si.sharedram, (unsigned long)si.bufferram,
	    (unsigned long)si.totalswap, (unsigned long)si.freeswap,
	    (unsigned)si.procs, (unsigned long)si.totalhigh,
	    (unsigned long)si.freehigh, (unsigned)si.mem_unit);
	return 0;
}
