/* main thread only */
/*
 * syd-aes [-hv] -e|-d -k KEY [-i IV] [-t TAG]: standard input to standard
 * output under a 256-bit key (64 hex digits; -t TAG first derives one
 * with HKDF, as syd-key -t does).
 *   Without -i: the crypt file format of this syd (SPEC.md section 7;
 *     syd(7) Crypt Sandboxing), the one the sandbox's crypt/ files are
 *     in: -d decrypts a file encrypted in a sandbox (its MAC checked
 *     before any plaintext is written) and -e makes one.
 *   With -i IV (32 hex digits): bare AES-256-CTR, as syd 3's syd-aes:
 *     no header, no MAC; the counter is the IV as a 128-bit big-endian
 *     number (what openssl enc -aes-256-ctr does).
 * -v: the bytes done, on standard error at the end.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "applet.h"
#include "crypto/crypto.h"
#include "policy/policy.h"
#include "sys/sys.h"
#include "syd.h"

void applet_key_parse(const char *s, uint8_t key[32]);
void applet_key_derive(uint8_t key[32], const char *tag);

static long long
ctr(const uint8_t key[32], const uint8_t iv[16])
{
	struct crypto_aes a;
	unsigned char buf[65536];
	uint64_t off = 0;
	ssize_t n;

	if (crypto_aes_init(&a, key, CRYPTO_AES_AUTO) < 0)
		applet_die(1, "AES: cannot set the key");
	for (;;) {
		if ((n = read(0, buf, sizeof(buf))) < 0 && errno == EINTR)
			continue;
		if (n < 0)
			applet_die(1, "read: %s", strerror(errno));
		if (n == 0)
			break;
		crypto_aes_xor(&a, iv, off, buf, (size_t)n);
		if (sys_write_all(1, buf, (size_t)n) < 0)
			applet_die(1, "write: %s", strerror(errno));
		off += (uint64_t)n;
	}
	crypto_aes_wipe(&a);
	crypto_wipe(buf, sizeof(buf));
	return (long long)off;
}

int
applet_aes(int argc, char **argv)
{
	const char *khex = NULL, *ivhex = NULL, *tag = NULL;
	uint8_t key[32], iv[16];
	char hex[65];
	int c, mode = 0, verbose = 0;

	while ((c = getopt(argc, argv, "hvedk:i:t:")) != -1) {
		switch (c) {
		case 'h':
			puts("usage: syd-aes [-hv] -e|-d -k key-hex [-i iv-hex] "
			    "[-t tag] <in >out\nWithout -i: syd's crypt file "
			    "format; with -i: bare AES-256-CTR. See "
			    "syd-applets(1).");
			return 0;
		case 'v': verbose = 1; break;
		case 'e': case 'd': mode = c; break;
		case 'k': khex = optarg; break;
		case 'i': ivhex = optarg; break;
		case 't': tag = optarg; break;
		default:
			return 100;
		}
	}
	if (mode == 0 || khex == NULL || optind < argc)
		applet_die(100, "usage: syd-aes [-hv] -e|-d -k key-hex "
		    "[-i iv-hex] [-t tag]");
	applet_key_parse(khex, key);
	if (tag != NULL)
		applet_key_derive(key, tag);
	if (ivhex != NULL) {
		long long n;
		if (strlen(ivhex) != 32 || policy_hex(ivhex, 16, iv) < 0)
			applet_die(100, "-i: an IV is 32 hex digits (128 bits)");
		n = ctr(key, iv);
		crypto_wipe(key, sizeof(key));
		if (verbose)
			fprintf(stderr, "syd-aes: %s %lld bytes\n", mode == 'e'
			    ? "encrypted" : "decrypted", n);
		return 0;
	}
	/* The crypt file format: syd --aes's code. */
	char *args[] = { mode == 'e' ? "-e" : "-d", "-k", hex, NULL };
	crypto_hex(key, sizeof(key), hex);
	crypto_wipe(key, sizeof(key));
	c = syd_cmd_aes(args);
	crypto_wipe(hex, sizeof(hex));
	if (verbose && c == 0)
		fprintf(stderr, "syd-aes: %s\n", mode == 'e' ? "encrypted" :
		    "decrypted");
	return c;
}
