/* worker-safe */
/*
 * AES-256-CTR with a 128-bit counter, HMAC-SHA256 and HKDF-SHA256 on
 * BearSSL. BearSSL's CTR run takes a 96-bit prefix and a 32-bit block
 * counter that wraps; every run here stops at the wrap and the carry goes
 * into the prefix, so the stream is the one a 128-bit counter gives.
 */
#include <bearssl.h>
#include <errno.h>
#include <string.h>

#include "crypto/crypto.h"

_Static_assert(sizeof(br_aes_gen_ctr_keys) <= sizeof(((struct crypto_aes *)0)->ctx),
    "struct crypto_aes too small for BearSSL's CTR contexts");

void
crypto_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

int
crypto_neq(const void *a, const void *b, size_t n)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t d = 0;

	for (size_t i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d != 0;
}

void
crypto_ctr_add(uint8_t c[16], uint64_t n)
{
	for (int i = 15; i >= 0 && n != 0; i--) {
		uint64_t s = (uint64_t)c[i] + (n & 0xff);
		c[i] = (uint8_t)s;
		n = (n >> 8) + (s >> 8);
	}
}

static const br_block_ctr_class *
aes_vtable(int impl)
{
	if (impl == CRYPTO_AES_CT64)
		return &br_aes_ct64_ctr_vtable;
	return br_aes_x86ni_ctr_get_vtable();
}

const char *
crypto_aes_name(void)
{
	return br_aes_x86ni_ctr_get_vtable() != NULL ? "x86ni" : "ct64";
}

int
crypto_aes_init(struct crypto_aes *a, const uint8_t key[32], int impl)
{
	br_aes_gen_ctr_keys *k = (br_aes_gen_ctr_keys *)(void *)&a->ctx;
	const br_block_ctr_class *vt;

	if (impl == CRYPTO_AES_AUTO)
		impl = br_aes_x86ni_ctr_get_vtable() != NULL ?
		    CRYPTO_AES_X86NI : CRYPTO_AES_CT64;
	if ((vt = aes_vtable(impl)) == NULL)
		return -ENOTSUP;
	vt->init(&k->vtable, key, 32);
	a->impl = impl;
	return 0;
}

void
crypto_aes_wipe(struct crypto_aes *a)
{
	crypto_wipe(a, sizeof(*a));
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

void
crypto_aes_xor(const struct crypto_aes *a, const uint8_t iv[16],
    uint64_t off, void *buf, size_t n)
{
	const br_aes_gen_ctr_keys *k = (const void *)&a->ctx;
	const br_block_ctr_class *vt = k->vtable;
	uint8_t ctr[16], ks[16], *p = buf;
	size_t skip = off % 16;

	memcpy(ctr, iv, 16);
	crypto_ctr_add(ctr, off / 16);
	if (skip != 0 && n != 0) {
		/* The rest of a block started by an earlier call. */
		size_t m = 16 - skip < n ? 16 - skip : n;
		memset(ks, 0, sizeof(ks));
		vt->run(&k->vtable, ctr, be32(ctr + 12), ks, 16);
		for (size_t i = 0; i < m; i++)
			p[i] ^= ks[skip + i];
		crypto_ctr_add(ctr, 1);
		p += m;
		n -= m;
	}
	while (n != 0) {
		uint32_t cc = be32(ctr + 12);
		uint64_t room = ((uint64_t)1 << 32) - cc; /* blocks to wrap */
		size_t m = n;
		if ((uint64_t)m / 16 >= room)
			m = (size_t)(room * 16);
		vt->run(&k->vtable, ctr, cc, p, m);
		crypto_ctr_add(ctr, (m + 15) / 16);
		p += m;
		n -= m;
	}
	crypto_wipe(ks, sizeof(ks));
	crypto_wipe(ctr, sizeof(ctr));
}

void
crypto_hmac_sha256(const void *key, size_t klen, const void *msg, size_t n,
    uint8_t out[32])
{
	br_hmac_key_context kc;
	br_hmac_context hc;

	br_hmac_key_init(&kc, crypto_sha256_class(CRYPTO_SHA_AUTO), key, klen);
	br_hmac_init(&hc, &kc, 0);
	br_hmac_update(&hc, msg, n);
	br_hmac_out(&hc, out);
	crypto_wipe(&kc, sizeof(kc));
	crypto_wipe(&hc, sizeof(hc));
}

int
crypto_hkdf_sha256(const void *salt, size_t slen, const void *ikm,
    size_t ilen, const void *info, size_t infolen, void *out, size_t outlen)
{
	br_hkdf_context hc;

	if (outlen > 255 * 32)
		return -EINVAL;
	br_hkdf_init(&hc, crypto_sha256_class(CRYPTO_SHA_AUTO), salt != NULL ? salt :
	    BR_HKDF_NO_SALT, slen);
	br_hkdf_inject(&hc, ikm, ilen);
	br_hkdf_flip(&hc);
	br_hkdf_produce(&hc, info, infolen, out, outlen);
	crypto_wipe(&hc, sizeof(hc));
	return 0;
}
