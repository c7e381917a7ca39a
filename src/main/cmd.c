/* main thread only */
/*
 * The commands that run no sandbox: --sum (force rules), --aes (the
 * crypt format outside the sandbox), --print (a profile's commands) and
 * -E (every filter syd uses). --info and --check are confine's
 * (confine/info.c): they ask the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "confine/confine.h"
#include "crypto/crypto.h"
#include "sandbox/sandbox.h"
#include "sys/sys.h"
#include "syd.h"

/* syd --sum PATH...: force rules ready to paste (SHA-256). */
int
syd_cmd_sum(char **paths)
{
	uint8_t d[64];
	char hex[129], real[PATH_MAX];
	int rc = 0;

	for (; *paths != NULL; paths++) {
		int fd = open(*paths, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || realpath(*paths, real) == NULL ||
		    crypto_digest_fd(fd, 32, d) < 0) {
			fprintf(stderr, "syd: %s: %s\n", *paths, strerror(errno));
			rc = 1;
		} else {
			crypto_hex(d, 32, hex);
			printf("force+%s:%s\n", real, hex);
		}
		if (fd >= 0)
			close(fd);
	}
	return rc;
}

#if SYD_WITH_CRYPT
/* Copy all of fd from offset 0 to stdout. */
static int
copy_out(int fd)
{
	char buf[65536];
	off_t off = 0;
	ssize_t n;

	while ((n = pread(fd, buf, sizeof(buf), off)) > 0) {
		if (sys_write_all(1, buf, (size_t)n) < 0)
			return -EIO;
		off += n;
	}
	return n < 0 ? -errno : 0;
}
#endif

/*
 * syd --aes -e|-d -k HEX64: the crypt file format from stdin to stdout,
 * for recovery outside the sandbox (SPEC.md section 7). Decryption is
 * staged in a memfd and written out only once the MAC checked; encryption
 * writes a seekable stdout in place, anything else through a memfd.
 */
int
syd_cmd_aes(char **args)
{
#if !SYD_WITH_CRYPT
	(void)args;
	syd_die(SYD_EX_USAGE, "--aes: this syd was built without crypt support "
	    "(WITH_CRYPT=0)");
#else
	struct crypt_keys k;
	struct crypt_info ci;
	struct stat st;
	uint8_t master[32], iv[16];
	const char *hex = NULL;
	int mode = 0, out = -1;
	long r;

	for (; *args != NULL; args++) {
		if (strcmp(*args, "-e") == 0 || strcmp(*args, "-d") == 0)
			mode = (*args)[1];
		else if (strcmp(*args, "-k") == 0 && args[1] != NULL)
			hex = *++args;
		else
			syd_die(SYD_EX_USAGE, "--aes: unexpected '%s' (usage: syd --aes "
			    "-e|-d -k HEX64 <in >out)", *args);
	}
	if (mode == 0 || hex == NULL)
		syd_die(SYD_EX_USAGE, "usage: syd --aes -e|-d -k HEX64 <in >out");
	if (policy_hex(hex, sizeof(master), master) < 0)
		syd_die(SYD_EX_USAGE, "--aes: -k expects 64 hex digits (a 256-bit key)");
	crypt_keys_derive(master, &k);
	crypto_wipe(master, sizeof(master));
	if (mode == 'e') {
		if (getrandom(iv, sizeof(iv), 0) != sizeof(iv))
			syd_die(SYD_EX_TEMP, "--aes: no random IV: %s", strerror(errno));
		/* In place only where pwrite from 0 is what the user sees. */
		if (fstat(1, &st) == 0 && S_ISREG(st.st_mode) &&
		    !(fcntl(1, F_GETFL) & O_APPEND) && lseek(1, 0, SEEK_CUR) == 0)
			out = 1;
		else if ((out = memfd_create("syd-aes", MFD_CLOEXEC)) < 0)
			syd_die(SYD_EX_TEMP, "--aes: memfd: %s", strerror(errno));
		r = crypt_encrypt(&k, 0, -1, out, iv);
		if (r >= 0 && out == 1)
			lseek(1, 0, SEEK_END);
		else if (r >= 0)
			r = copy_out(out);
	} else {
		if ((out = memfd_create("syd-aes", MFD_CLOEXEC)) < 0)
			syd_die(SYD_EX_TEMP, "--aes: memfd: %s", strerror(errno));
		r = crypt_decrypt(&k, 0, -1, out, &ci);
		if (r >= 0)
			r = copy_out(out);
	}
	crypto_wipe(&k, sizeof(k));
	if (r == -EBADMSG)
		syd_die(1, "--aes: %s: not a syd crypt file, wrong key or "
		    "tampered with (EBADMSG)", mode == 'd' ? "input" : "output");
	if (r < 0)
		syd_die(SYD_EX_TEMP, "--aes: %s", strerror((int)-r));
	return 0;
#endif
}

/* -P FILE under --print: its commands, comments and blank lines left out. */
static void
print_file(const char *file)
{
	char line[POLICY_CMD_MAX + 2];
	FILE *f = fopen(file, "re");

	if (f == NULL)
		syd_die(SYD_EX_USAGE, "-P '%s': %s", file, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		char *s = line + strspn(line, " \t");
		s[strcspn(s, "\n")] = '\0';
		if (*s != '\0' && *s != '#')
			puts(s);
	}
	fclose(f);
}

/*
 * --print: the configuration the options give, as commands in the order
 * they apply: each -p profile's (include_profile expanded, so every
 * setting shows), each -m command, each -P file's lines.
 */
int
syd_cmd_print(int argc, char **argv)
{
	char err[512];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		char o;

		if (!strcmp(a, "--") || a[0] != '-')
			break; /* the command */
		o = a[1];
		if (o != 'p' && o != 'm' && o != 'P') {
			if (strchr("Etea", o) != NULL && a[2] == '\0')
				i++; /* an option's argument */
			continue;
		}
		if (a[2] != '\0')
			v = a + 2;
		else if (i + 1 < argc)
			v = argv[++i];
		else
			continue;
		if (o == 'm')
			puts(v);
		else if (o == 'P')
			print_file(v);
		else if (policy_profile_print(stdout, v, err, sizeof(err)) < 0)
			syd_die(SYD_EX_USAGE, "-p '%s': %s", v, err);
	}
	return fflush(stdout) == 0 ? 0 : SYD_EX_TEMP;
}

static const char *const role_names[SANDBOX_NROLES] = {
	"monitor", "emulator", "interrupter", "timeout", "ipc", "aes",
};

static void
dump_bpf(const char *name, const struct sock_fprog *prog)
{
	char file[64];
	int fd;

	snprintf(file, sizeof(file), "syd_%s.bpf", name);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
	if (fd < 0)
		syd_die(SYD_EX_USAGE, "%s: %s", file, strerror(errno));
	if (write(fd, prog->filter, prog->len * sizeof(*prog->filter)) < 0)
		syd_die(SYD_EX_TEMP, "%s: %s", file, strerror(errno));
	close(fd);
}

/* -E / SYD_DUMP_SCMP: every filter syd uses, the sandbox's first. */
int
syd_cmd_dump(const struct policy *pol, const char *mode)
{
	struct sock_fprog prog;
	char err[256];

	if (strcmp(mode, "pfc") == 0) {
		fputs("# syd sandbox rules\n", stdout);
		fflush(stdout);
		if (confine_filter_pfc(pol, 1) < 0)
			return SYD_EX_TEMP;
		for (int r = 0; r < SANDBOX_NROLES; r++) {
			printf("# syd %s rules\n", role_names[r]);
			fflush(stdout);
			if (confine_thread_pfc(r, 1) < 0)
				return SYD_EX_TEMP;
		}
		return 0;
	}
	if (strcmp(mode, "bpf") != 0)
		syd_die(SYD_EX_USAGE, "-E '%s': expected bpf or pfc", mode);
	if (confine_filter(pol, &prog, err, sizeof(err)) < 0)
		syd_die(SYD_EX_TEMP, "%s", err);
	dump_bpf("sandbox", &prog);
	for (int r = 0; r < SANDBOX_NROLES; r++) {
		if (confine_thread_filter(r, &prog) < 0)
			syd_die(SYD_EX_TEMP, "cannot build the %s filter", role_names[r]);
		dump_bpf(role_names[r], &prog);
	}
	return 0;
}
