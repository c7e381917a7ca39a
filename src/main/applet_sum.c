/* main thread only */
/*
 * syd-sum -a ALG [-bhx] [FILE|-]: the digest of a file or standard input.
 * md5, sha1, sha224, sha256, sha384 and sha512 are computed here
 * (BearSSL); any other name is asked of the kernel's crypto API (AF_ALG,
 * as syd 3 does for all), so whatever /proc/crypto lists as a hash works
 * where the kernel offers it. -a list prints the names; -b writes the
 * digest's bytes, -x (the default) its lower-case hex and a newline.
 */
#include <errno.h>
#include <linux/if_alg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bearssl.h>

#include "applet.h"
#include "crypto/crypto.h"
#include "sys/sys.h"

#ifndef AF_ALG
#define AF_ALG 38
#endif

static const struct {
	const char *name;
	const br_hash_class *cls;
} builtin[] = {
	{ "md5", &br_md5_vtable }, { "sha1", &br_sha1_vtable },
	{ "sha224", &br_sha224_vtable }, { "sha256", &br_sha256_vtable },
	{ "sha384", &br_sha384_vtable }, { "sha512", &br_sha512_vtable },
};

static ssize_t
read_some(int fd, void *buf, size_t n)
{
	ssize_t r;

	while ((r = read(fd, buf, n)) < 0 && errno == EINTR)
		;
	if (r < 0)
		applet_die(1, "read: %s", strerror(errno));
	return r;
}

static size_t
sum_builtin(const br_hash_class *cls, int fd, uint8_t *out)
{
	br_hash_compat_context ctx;
	unsigned char buf[65536];
	ssize_t n;

	cls->init(&ctx.vtable);
	while ((n = read_some(fd, buf, sizeof(buf))) > 0)
		cls->update(&ctx.vtable, buf, (size_t)n);
	cls->out(&ctx.vtable, out);
	return (cls->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}

static size_t
sum_kernel(const char *alg, int fd, uint8_t *out, size_t outsz)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG };
	unsigned char buf[65536];
	int s, op;
	ssize_t n;

	if (strlen(alg) >= sizeof(sa.salg_name))
		applet_die(100, "-a '%s': no such hash algorithm", alg);
	memcpy(sa.salg_type, "hash", 5);
	memcpy(sa.salg_name, alg, strlen(alg) + 1);
	if ((s = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0)
		applet_die(1, "-a %s: the kernel crypto API (AF_ALG) is not "
		    "available: %s; built in: md5, sha1, sha224, sha256, "
		    "sha384, sha512", alg, strerror(errno));
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		applet_die(100, "-a '%s': no such hash algorithm in this "
		    "kernel: %s (see -a list)", alg, strerror(errno));
	if ((op = accept4(s, NULL, NULL, SOCK_CLOEXEC)) < 0)
		applet_die(1, "-a %s: accept: %s", alg, strerror(errno));
	while ((n = read_some(fd, buf, sizeof(buf))) > 0)
		if (send(op, buf, (size_t)n, MSG_MORE) != n)
			applet_die(1, "-a %s: send: %s", alg, strerror(errno));
	if (send(op, buf, 0, 0) < 0 || (n = read(op, out, outsz)) <= 0)
		applet_die(1, "-a %s: %s", alg, strerror(errno));
	close(op);
	close(s);
	return (size_t)n;
}

/* The built-in names, then the kernel's hashes (/proc/crypto). */
static int
list(void)
{
	FILE *f = fopen("/proc/crypto", "re");
	char line[256], name[128] = "";

	for (size_t i = 0; i < sizeof(builtin) / sizeof(*builtin); i++)
		puts(builtin[i].name);
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		char *v = strchr(line, ':');
		if (v == NULL)
			continue;
		for (v++; *v == ' '; v++)
			;
		v[strcspn(v, "\n")] = '\0';
		if (strncmp(line, "name ", 5) == 0) {
			snprintf(name, sizeof(name), "%s", v);
		} else if (strncmp(line, "type ", 5) == 0 &&
		    (strcmp(v, "shash") == 0 || strcmp(v, "ahash") == 0)) {
			bool dup = false;
			for (size_t i = 0; i < sizeof(builtin) /
			    sizeof(*builtin); i++)
				dup |= strcmp(builtin[i].name, name) == 0;
			if (!dup)
				puts(name);
		}
	}
	if (f != NULL)
		fclose(f);
	return 0;
}

int
applet_sum(int argc, char **argv)
{
	const char *alg = NULL;
	bool bin = false;
	uint8_t d[256];
	char hex[sizeof(d) * 2 + 1];
	size_t n = 0;
	struct stat st;
	int c, fd;

	while ((c = getopt(argc, argv, "+a:bhx")) != -1) {
		switch (c) {
		case 'a': alg = optarg; break;
		case 'b': bin = true; break;
		case 'x': bin = false; break;
		case 'h':
			puts("usage: syd-sum -a alg [-bhx] [file|-]\n"
			    "The digest of a file or standard input; -a list "
			    "lists the algorithms. See syd-applets(1).");
			return 0;
		default:
			return 100;
		}
	}
	if (alg == NULL)
		applet_die(100, "-a alg is required (-a list lists them)");
	if (strcmp(alg, "list") == 0)
		return list();
	if (argc - optind > 1)
		applet_die(100, "one file at most (see -h)");
	fd = applet_open_in(argv[optind]);
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISFIFO(st.st_mode) && !(fd == 0 && S_ISCHR(st.st_mode)))
		applet_die(1, "%s: only regular files and pipes are hashed",
		    argv[optind] != NULL ? argv[optind] : "-");
	for (size_t i = 0; i < sizeof(builtin) / sizeof(*builtin); i++)
		if (strcmp(builtin[i].name, alg) == 0)
			n = sum_builtin(builtin[i].cls, fd, d);
	if (n == 0)
		n = sum_kernel(alg, fd, d, sizeof(d));
	if (bin) {
		if (sys_write_all(1, d, n) < 0)
			applet_die(1, "write: %s", strerror(errno));
		return 0;
	}
	crypto_hex(d, n, hex);
	puts(hex);
	return 0;
}
