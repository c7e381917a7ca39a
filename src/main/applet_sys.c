/* main thread only */
/*
 * syd-sys [-a ARCH] NUMBER|REGEX, syd-sys -a list: system calls by
 * number (the name) or by a case-insensitive extended regular
 * expression (each matching name and its number, tab-separated), from
 * libseccomp's tables, for the native architecture or ARCH.
 */
#include <regex.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "applet.h"

/* The names libseccomp takes; -a list prints those this one knows. */
static const char *const arches[] = {
	"x86", "x86_64", "x32", "arm", "aarch64", "loongarch64", "m68k",
	"mips", "mips64", "mips64n32", "mipsel", "mipsel64", "mipsel64n32",
	"parisc", "parisc64", "ppc", "ppc64", "ppc64le", "riscv64", "s390",
	"s390x", "sh", "sheb",
};

static int
by_regex(uint32_t arch, const char *re)
{
	/* Where the tables put numbers: from 0, and x32's from bit 30;
	 * MIPS o32 from 4000, n64 5000, n32 6000. */
	static const int base[] = { 0, 0x40000000 };
	regex_t rx;
	int found = 0;

	if (regcomp(&rx, re, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
		applet_die(100, "'%s': not a regular expression", re);
	for (size_t b = 0; b < sizeof(base) / sizeof(*base); b++)
		for (int nr = base[b]; nr < base[b] + 8192; nr++) {
			char *name = seccomp_syscall_resolve_num_arch(arch, nr);
			if (name == NULL)
				continue;
			if (regexec(&rx, name, 0, NULL, 0) == 0) {
				printf("%s\t%d\n", name, nr);
				found = 1;
			}
			free(name);
		}
	regfree(&rx);
	return found ? 0 : 1;
}

int
applet_sys(int argc, char **argv)
{
	uint32_t arch = SCMP_ARCH_NATIVE;
	const char *a = NULL;
	char *end;
	long nr;
	int c;

	while ((c = getopt(argc, argv, "+ha:")) != -1) {
		if (c == 'h') {
			puts("usage: syd-sys [-a arch] number|regex\n"
			    "       syd-sys -a list\nSee syd-applets(1).");
			return 0;
		}
		if (c != 'a')
			return 100;
		a = optarg;
	}
	if (a != NULL && strcmp(a, "list") == 0) {
		for (size_t i = 0; i < sizeof(arches) / sizeof(*arches); i++)
			if (seccomp_arch_resolve_name(arches[i]) != 0)
				puts(arches[i]);
		return 0;
	}
	if (a != NULL && (arch = seccomp_arch_resolve_name(a)) == 0)
		applet_die(100, "-a '%s': unknown architecture (see -a list)",
		    a);
	if (argc - optind != 1)
		applet_die(100, "one number or regex (see -h)");
	nr = strtol(argv[optind], &end, 0);
	if (*argv[optind] != '\0' && *end == '\0') {
		char *name = seccomp_syscall_resolve_num_arch(arch, (int)nr);
		if (name == NULL)
			applet_die(1, "%ld: no such system call", nr);
		puts(name);
		free(name);
		return 0;
	}
	return by_regex(arch, argv[optind]);
}
