/*
 * crypto: BearSSL glue. Digests for force (exec integrity); the crypt
 * file format and the AES worker come with crypt sandboxing. BearSSL's
 * contexts are caller-owned and it never allocates: all of this is
 * worker-safe.
 */
/* worker-safe */
#ifndef SYD_CRYPTO_H
#define SYD_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 (len 32) or SHA-512 (len 64) of everything read from fd from
 * offset 0; returns 0 or -errno. */
int crypto_digest_fd(int fd, unsigned len, uint8_t out[64]);

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void crypto_hex(const uint8_t *in, size_t n, char *out);

#endif
