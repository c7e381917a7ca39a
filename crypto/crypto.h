/*
 * crypto: BearSSL glue. Digests for force (exec integrity); AES-256-CTR
 * with a 128-bit counter, HMAC-SHA256 and HKDF-SHA256 for crypt
 * sandboxing, and the crypt file format of SPEC.md section 7. BearSSL's
 * contexts are caller-owned and it never allocates; file I/O goes through
 * src/sys: all of this is worker-safe.
 */
/* worker-safe */
#ifndef SYD_CRYPTO_H
#define SYD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SHA-256 (len 32) or SHA-512 (len 64) of everything read from fd from
 * offset 0; returns 0 or -errno. */
int crypto_digest_fd(int fd, unsigned len, uint8_t out[64]);

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void crypto_hex(const uint8_t *in, size_t n, char *out);

/* Zero n bytes in a way the compiler may not drop. */
void crypto_wipe(void *p, size_t n);

/* 0 when the n bytes of a and b are equal, in time independent of where
 * they differ. */
int crypto_neq(const void *a, const void *b, size_t n);

/*
 * AES-256-CTR. The counter block is the 16-byte IV read as one 128-bit
 * big-endian integer, +1 per 16-byte block, carrying across all 128 bits
 * (BearSSL's CTR API counts only the low 32; the carry is ours).
 */
enum crypto_aes_impl {
	CRYPTO_AES_AUTO,	/* AES-NI when the CPU has it, else ct64 */
	CRYPTO_AES_X86NI,	/* fails with -ENOTSUP without AES-NI */
	CRYPTO_AES_CT64,	/* BearSSL's constant-time 64-bit code */
};

struct crypto_aes {
	/* br_aes_gen_ctr_keys, kept opaque here: large enough and aligned
	 * for every BearSSL AES CTR context (checked in aes.c). */
	union {
		uint64_t align;
		unsigned char raw[512];
	} ctx;
	int impl;		/* CRYPTO_AES_X86NI or CRYPTO_AES_CT64 */
};

int crypto_aes_init(struct crypto_aes *a, const uint8_t key[32], int impl);
/* XOR n bytes of buf with the key stream starting at byte offset off of
 * the stream whose first counter block is iv. Encrypts and decrypts. */
void crypto_aes_xor(const struct crypto_aes *a, const uint8_t iv[16],
    uint64_t off, void *buf, size_t n);
void crypto_aes_wipe(struct crypto_aes *a);
/* "x86ni" or "ct64": what CRYPTO_AES_AUTO picks on this CPU. */
const char *crypto_aes_name(void);
/* c += n as a 128-bit big-endian integer (mod 2^128). */
void crypto_ctr_add(uint8_t c[16], uint64_t n);

/*
 * SHA-256 as a BearSSL hash class: with SHA-NI the CPU compresses whole
 * blocks (sha256.c), else BearSSL's portable code. CRYPTO_SHA_NI gives
 * NULL on a CPU without it.
 */
enum { CRYPTO_SHA_AUTO, CRYPTO_SHA_NI, CRYPTO_SHA_PORTABLE };
struct br_hash_class_;
const struct br_hash_class_ *crypto_sha256_class(int impl);

/* HMAC-SHA256 and HKDF-SHA256 (RFC 2104, RFC 5869). A NULL salt is the
 * RFC's "not provided" (HashLen zero bytes). outlen <= 255 * 32. */
void crypto_hmac_sha256(const void *key, size_t klen, const void *msg,
    size_t n, uint8_t out[32]);
int crypto_hkdf_sha256(const void *salt, size_t slen, const void *ikm,
    size_t ilen, const void *info, size_t infolen, void *out,
    size_t outlen);

/*
 * The crypt file format (SPEC.md section 7):
 *   0: "\x7fSYD", 4: version 3, 5: HMAC-SHA256(mac_key, magic || version
 *   || IV || ciphertext), 37: IV, 53: AES-256-CTR ciphertext.
 */
#define CRYPT_MAGIC	"\x7fSYD"
#define CRYPT_VERSION	3
#define CRYPT_MAC_OFF	5
#define CRYPT_IV_OFF	37
#define CRYPT_HDR_LEN	53

struct crypt_keys {
	uint8_t enc[32];
	uint8_t mac[32];
};

/* enc and mac keys from the 256-bit master key (HKDF, info
 * "syd/crypt/enc" and "syd/crypt/mac", empty salt). */
void crypt_keys_derive(const uint8_t master[32], struct crypt_keys *k);

/* What a file holds: its header fields and ciphertext length. */
struct crypt_info {
	uint8_t mac[32];
	uint8_t iv[16];
	uint64_t len;		/* plaintext = ciphertext bytes */
	bool empty;		/* a 0-byte file: new, no header */
};

/* Strict parse of the first n bytes of a file: 0, or -EBADMSG when n is
 * short of a header, the magic or the version is wrong. */
int crypt_hdr_parse(const void *buf, size_t n, struct crypt_info *ci);

/*
 * Streams. in is read from offset in_off with pread, or sequentially with
 * read when in_off < 0 (pipes); out is written with pwrite from offset 0
 * and must be seekable. Each returns the bytes of out on success (the
 * plaintext length for decrypt) or -errno; no partial result is ever
 * valid:
 *   crypt_decrypt: verify-then-use. The plaintext written to out is only
 *     meaningful when it returns >= 0 (out is then exactly the plaintext):
 *     on a MAC mismatch, a short or foreign header, or any error, it
 *     truncates out to 0 and returns -EBADMSG or -errno. An empty input is
 *     an empty plaintext (ci->empty set).
 *   crypt_encrypt: header, fresh ciphertext under iv, then the MAC.
 *   crypt_append: copies the old file (old, from offset 0) into out while
 *     checking its MAC, then encrypts in from in_off on, continuing the
 *     counter after base->len bytes. -ESTALE when old is not the file
 *     base describes (IV or length differ), -EBADMSG when its MAC fails.
 */
long crypt_decrypt(const struct crypt_keys *k, int in, int64_t in_off,
    int out, struct crypt_info *ci);
long crypt_encrypt(const struct crypt_keys *k, int in, int64_t in_off,
    int out, const uint8_t iv[16]);
long crypt_append(const struct crypt_keys *k, int old,
    const struct crypt_info *base, int in, int64_t in_off, int out);

#endif
