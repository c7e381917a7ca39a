/* worker-safe */
/*
 * SHA-256 for HMAC: BearSSL's context and padding, with the compression
 * of whole blocks done by the CPU's SHA extensions (SHA-NI) when it has
 * them. The class below is a br_hash_class whose init, out, state and
 * set_state are BearSSL's own (they only read and write the context's
 * buffer, counter and chaining value); only update differs. Without
 * SHA-NI, BearSSL's br_sha256_vtable is used as it is.
 */
#include <bearssl.h>
#include <string.h>

#include "crypto/crypto.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/*
 * n 64-byte blocks into the chaining value v (a..h). The instructions
 * keep the state as two vectors, ABEF and CDGH (lane 3 first), and do two
 * rounds per sha256rnds2 with W+K in the low 64 bits of the message.
 */
__attribute__((target("sha,sse4.1,ssse3"))) static void
sha256ni_blocks(uint32_t v[8], const uint8_t *p, size_t n)
{
	const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4,
	    5, 6, 7, 0, 1, 2, 3);
	__m128i dcba = _mm_loadu_si128((const __m128i *)&v[0]);
	__m128i hgfe = _mm_loadu_si128((const __m128i *)&v[4]);
	__m128i abef, cdgh, w[4];

	/* dcba/hgfe (lane 0 = a / e) into ABEF/CDGH (lane 3 first). */
	dcba = _mm_shuffle_epi32(dcba, 0xb1);		/* c d a b → lanes */
	hgfe = _mm_shuffle_epi32(hgfe, 0x1b);		/* h g f e */
	abef = _mm_alignr_epi8(dcba, hgfe, 8);
	cdgh = _mm_blend_epi16(hgfe, dcba, 0xf0);
	for (; n != 0; n--, p += 64) {
		__m128i save_abef = abef, save_cdgh = cdgh;

		for (int g = 0; g < 16; g++) {
			__m128i m;
			if (g < 4) {
				w[g] = _mm_shuffle_epi8(_mm_loadu_si128(
				    (const __m128i *)(p + 16 * g)), bswap);
			} else {
				/* W[t..t+3] from the four groups before. */
				__m128i x = _mm_sha256msg1_epu32(w[g & 3],
				    w[(g + 1) & 3]);
				x = _mm_add_epi32(x, _mm_alignr_epi8(
				    w[(g + 3) & 3], w[(g + 2) & 3], 4));
				w[g & 3] = _mm_sha256msg2_epu32(x,
				    w[(g + 3) & 3]);
			}
			m = _mm_add_epi32(w[g & 3], _mm_loadu_si128(
			    (const __m128i *)&sha256_k[4 * g]));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);
			m = _mm_shuffle_epi32(m, 0x0e);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, m);
		}
		abef = _mm_add_epi32(abef, save_abef);
		cdgh = _mm_add_epi32(cdgh, save_cdgh);
	}
	/* Back to a..h. */
	{
		__m128i feba = _mm_shuffle_epi32(abef, 0x1b);
		__m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);
		dcba = _mm_blend_epi16(feba, dchg, 0xf0);
		hgfe = _mm_alignr_epi8(dchg, feba, 8);
	}
	_mm_storeu_si128((__m128i *)&v[0], dcba);
	_mm_storeu_si128((__m128i *)&v[4], hgfe);
}

static void sha256ni_init(const br_hash_class **ctx);

static void
sha256ni_update(const br_hash_class **ctx, const void *data, size_t len)
{
	br_sha256_context *c = (br_sha256_context *)(void *)ctx;
	const uint8_t *p = data;
	size_t ptr = (size_t)c->count & 63;

	c->count += len;
	if (ptr != 0) {
		size_t m = 64 - ptr < len ? 64 - ptr : len;
		memcpy(c->buf + ptr, p, m);
		p += m;
		len -= m;
		if (ptr + m < 64)
			return;
		sha256ni_blocks(c->val, c->buf, 1);
	}
	if (len >= 64) {
		sha256ni_blocks(c->val, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	memcpy(c->buf, p, len);
}

static void
sha256ni_out(const br_hash_class *const *ctx, void *dst)
{
	br_sha256_out((const br_sha256_context *)(const void *)ctx, dst);
}

static uint64_t
sha256ni_state(const br_hash_class *const *ctx, void *dst)
{
	return br_sha256_state((const br_sha256_context *)(const void *)ctx,
	    dst);
}

static void
sha256ni_set_state(const br_hash_class **ctx, const void *stb, uint64_t n)
{
	br_sha256_set_state((br_sha256_context *)(void *)ctx, stb, n);
}

static const br_hash_class sha256ni_vtable = {
	sizeof(br_sha256_context),
	BR_HASHDESC_ID(br_sha256_ID) | BR_HASHDESC_OUT(32) |
	    BR_HASHDESC_STATE(32) | BR_HASHDESC_LBLEN(6) |
	    BR_HASHDESC_MD_PADDING | BR_HASHDESC_MD_PADDING_BE,
	sha256ni_init,
	sha256ni_update,
	sha256ni_out,
	sha256ni_state,
	sha256ni_set_state,
};

static void
sha256ni_init(const br_hash_class **ctx)
{
	br_sha256_init((br_sha256_context *)(void *)ctx);
	*ctx = &sha256ni_vtable;
}

static bool
sha256ni_supported(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) ||
	    !(c & bit_SSE4_1))
		return false;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}
#endif

const struct br_hash_class_ *
crypto_sha256_class(int impl)
{
#if defined(__x86_64__)
	static int have = -1;

	if (have < 0)
		__atomic_store_n(&have, sha256ni_supported(), __ATOMIC_RELAXED);
	if (impl != CRYPTO_SHA_PORTABLE && have)
		return &sha256ni_vtable;
	if (impl == CRYPTO_SHA_NI)
		return NULL;
#else
	if (impl == CRYPTO_SHA_NI)
		return NULL;
#endif
	return &br_sha256_vtable;
}
