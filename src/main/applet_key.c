/* main thread only */
/*
 * syd-key [-h] [-t TAG]: a random 256-bit key (getrandom(2)) as 64 hex
 * digits, the form crypt/key and syd-aes -k take. -t TAG: read a key's
 * hex from standard input and print the key HKDF-SHA256 derives from it
 * with TAG as the info string (no salt).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "applet.h"
#include "crypto/crypto.h"
#include "policy/policy.h"

/* 32 bytes from the hex of s (64 digits, white space around ignored). */
void applet_key_parse(const char *s, uint8_t key[32]);
void
applet_key_parse(const char *s, uint8_t key[32])
{
	char buf[128];
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	n = strcspn(s, " \t\r\n");
	if (n != 64 || n >= sizeof(buf))
		applet_die(100, "a key is 64 hex digits (256 bits)");
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (policy_hex(buf, 32, key) < 0)
		applet_die(100, "a key is 64 hex digits (256 bits)");
	crypto_wipe(buf, sizeof(buf));
}

/* key := HKDF-SHA256(ikm key, info tag), in place. */
void applet_key_derive(uint8_t key[32], const char *tag);
void
applet_key_derive(uint8_t key[32], const char *tag)
{
	uint8_t out[32];

	if (strlen(tag) > 255 * 32)
		applet_die(100, "-t: at most 8160 bytes");
	if (crypto_hkdf_sha256(NULL, 0, key, 32, tag, strlen(tag), out,
	    sizeof(out)) < 0)
		applet_die(1, "HKDF failed");
	memcpy(key, out, 32);
	crypto_wipe(out, sizeof(out));
}

int
applet_key(int argc, char **argv)
{
	const char *tag = NULL;
	uint8_t key[32];
	char hex[65], in[256];
	ssize_t n;
	int c;

	while ((c = getopt(argc, argv, "ht:")) != -1) {
		if (c == 'h') {
			puts("usage: syd-key [-h] [-t tag]\nPrints a random "
			    "256-bit key in hex; -t derives one from the key "
			    "read on standard input. See syd-applets(1).");
			return 0;
		}
		if (c != 't')
			return 100;
		tag = optarg;
	}
	if (optind < argc)
		applet_die(100, "unexpected '%s' (see -h)", argv[optind]);
	if (tag == NULL) {
		if (getrandom(key, sizeof(key), 0) != (ssize_t)sizeof(key))
			applet_die(1, "getrandom: %s", strerror(errno));
	} else {
		if ((n = read(0, in, sizeof(in) - 1)) < 0)
			applet_die(1, "read: %s", strerror(errno));
		in[n] = '\0';
		applet_key_parse(in, key);
		crypto_wipe(in, sizeof(in));
		applet_key_derive(key, tag);
	}
	crypto_hex(key, sizeof(key), hex);
	crypto_wipe(key, sizeof(key));
	puts(hex);
	crypto_wipe(hex, sizeof(hex));
	return 0;
}
