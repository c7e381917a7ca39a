/*
 * Unit tests for crypto: AES-256-CTR with a 128-bit counter, HMAC-SHA256,
 * HKDF-SHA256 and the crypt file format (SPEC.md section 7).
 *
 * Everything is checked against something the module did not compute:
 * published vectors (NIST SP 800-38A F.5.5/F.5.6, RFC 4231, RFC 5869), a
 * reference CTR stream built here from single raw AES blocks and our own
 * 128-bit addition, and known answers produced with an unrelated
 * implementation (Python cryptography on OpenSSL). The file tests read and
 * write real files (memfds and pipes), as syd does.
 */
#include <atf-c.h>
#include <bearssl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crypto/crypto.h"

/* ---- helpers ---------------------------------------------------------- */

static int
nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	ATF_REQUIRE_MSG(false, "bad hex digit '%c' in a test vector", c);
	return 0;
}

/* Decode a vector; its length must be what the test says it is, so a
 * dropped or doubled digit in a vector fails loudly. */
static void
unhex(const char *s, uint8_t *out, size_t want)
{
	size_t n = strlen(s);

	ATF_REQUIRE_MSG(n == 2 * want, "vector \"%.16s...\" has %zu digits, "
	    "want %zu", s, n, 2 * want);
	for (size_t i = 0; i < want; i++)
		out[i] = (uint8_t)(nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]));
}

static void
tohex(const uint8_t *p, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Non-fatal comparison that shows both sides (first 64 bytes). */
static bool
same(const char *what, const uint8_t *got, const uint8_t *want, size_t n)
{
	char g[129], w[129];
	size_t m = n < 64 ? n : 64, at = 0;

	if (memcmp(got, want, n) == 0)
		return true;
	while (got[at] == want[at])
		at++;
	tohex(got, m, g);
	tohex(want, m, w);
	atf_tc_fail_nonfatal("%s: first difference at byte %zu of %zu\n"
	    "  got  %s\n  want %s", what, at, n, g, w);
	return false;
}

static void
same_hex(const char *what, const uint8_t *got, const char *hex, size_t n)
{
	uint8_t want[256];

	ATF_REQUIRE(n <= sizeof(want));
	unhex(hex, want, n);
	same(what, got, want, n);
}

/* Deterministic patterned bytes. */
static void
pattern(uint8_t *p, size_t n, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (uint8_t)(x >> 16);
	}
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	ATF_REQUIRE(p != NULL);
	return p;
}

/* ---- reference AES-CTR, independent of crypto_aes_xor ---------------- */

/* One raw AES-256 block: CBC over a single block with a zero IV. */
static void
ref_block(const uint8_t key[32], const uint8_t in[16], uint8_t out[16])
{
	br_aes_ct64_cbcenc_keys kc;
	uint8_t iv[16] = { 0 };

	br_aes_ct64_cbcenc_init(&kc, key, 32);
	memcpy(out, in, 16);
	br_aes_ct64_cbcenc_run(&kc, iv, out, 16);
}

/* iv + i as a 128-bit big-endian integer, done on two 64-bit halves. */
static void
ref_counter(const uint8_t iv[16], uint64_t i, uint8_t out[16])
{
	uint64_t hi = 0, lo = 0;

	for (int j = 0; j < 8; j++) {
		hi = hi << 8 | iv[j];
		lo = lo << 8 | iv[8 + j];
	}
	lo += i;
	if (lo < i)
		hi++;
	for (int j = 7; j >= 0; j--) {
		out[j] = (uint8_t)hi;
		out[8 + j] = (uint8_t)lo;
		hi >>= 8;
		lo >>= 8;
	}
}

/* XOR buf with the key stream bytes off .. off + n - 1. */
static void
ref_ctr_xor(const uint8_t key[32], const uint8_t iv[16], uint64_t off,
    uint8_t *buf, size_t n)
{
	uint8_t ctr[16], ks[16];
	uint64_t have = UINT64_MAX;

	for (size_t i = 0; i < n; i++) {
		uint64_t b = (off + i) / 16;
		if (b != have) {
			ref_counter(iv, b, ctr);
			ref_block(key, ctr, ks);
			have = b;
		}
		buf[i] ^= ks[(off + i) % 16];
	}
}

static void
aes_init_or_skip(struct crypto_aes *a, const uint8_t key[32], int impl)
{
	int r = crypto_aes_init(a, key, impl);

	if (impl == CRYPTO_AES_X86NI && r == -ENOTSUP)
		atf_tc_skip("this CPU has no AES-NI");
	ATF_REQUIRE_EQ_MSG(r, 0, "crypto_aes_init(%d): %d", impl, r);
	ATF_REQUIRE_EQ(a->impl, impl);
}

/* ---- 1. NIST SP 800-38A F.5.5 / F.5.6 -------------------------------- */

static const char nist_key[] =
    "603deb1015ca71be2b73aef0857d7781"
    "1f352c073b6108d72d9810a30914dff4";
static const char nist_ctr[] = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
static const char nist_pt[] =
    "6bc1bee22e409f96e93d7e117393172a"
    "ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef"
    "f69f2445df4f9b17ad2b417be66c3710";
static const char nist_ct[] =
    "601ec313775789a5b7a7f504bbf3d228"
    "f443e3ca4d62b59aca84e990cacaf5c5"
    "2b0930daa23de94ce87017ba2d84988d"
    "dfc9c58db67aada613c2dd08457941a6";

/* The stream in pieces at increasing offsets; every split is a partial
 * block somewhere. Each row sums to 64. */
static const size_t nist_splits[][7] = {
	{ 1, 7, 16, 17, 23, 0 },
	{ 5, 11, 3, 29, 16, 0 },
	{ 15, 1, 31, 17, 0 },
	{ 16, 16, 16, 16, 0 },
	{ 63, 1, 0 },
	{ 2, 2, 2, 2, 40, 9, 7 },
};

static void
xor_pieces(const struct crypto_aes *a, const uint8_t iv[16], uint8_t *buf,
    const size_t *sizes, size_t nsizes)
{
	uint64_t off = 0;

	for (size_t i = 0; i < nsizes && sizes[i] != 0; i++) {
		crypto_aes_xor(a, iv, off, buf + off, sizes[i]);
		off += sizes[i];
	}
	ATF_REQUIRE_EQ(off, 64);
}

static void
nist_ctr_check(int impl)
{
	struct crypto_aes a;
	uint8_t key[32], iv[16], pt[64], ct[64], buf[64];
	char what[64];

	unhex(nist_key, key, 32);
	unhex(nist_ctr, iv, 16);
	unhex(nist_pt, pt, 64);
	unhex(nist_ct, ct, 64);
	aes_init_or_skip(&a, key, impl);

	memcpy(buf, pt, 64);			/* F.5.5 Encrypt */
	crypto_aes_xor(&a, iv, 0, buf, 64);
	same("F.5.5 encrypt", buf, ct, 64);
	crypto_aes_xor(&a, iv, 0, buf, 64);	/* F.5.6 Decrypt */
	same("F.5.6 decrypt", buf, pt, 64);

	for (size_t s = 0; s < sizeof(nist_splits) / sizeof(*nist_splits);
	    s++) {
		memcpy(buf, pt, 64);
		xor_pieces(&a, iv, buf, nist_splits[s], 7);
		snprintf(what, sizeof(what), "F.5.5 encrypt, split %zu", s);
		same(what, buf, ct, 64);
		xor_pieces(&a, iv, buf, nist_splits[s], 7);
		snprintf(what, sizeof(what), "F.5.6 decrypt, split %zu", s);
		same(what, buf, pt, 64);
	}
	crypto_aes_wipe(&a);
}

ATF_TC_WITHOUT_HEAD(aes_ctr_nist_ct64);
ATF_TC_BODY(aes_ctr_nist_ct64, tc)
{
	nist_ctr_check(CRYPTO_AES_CT64);
}

ATF_TC_WITHOUT_HEAD(aes_ctr_nist_x86ni);
ATF_TC_BODY(aes_ctr_nist_x86ni, tc)
{
	nist_ctr_check(CRYPTO_AES_X86NI);
}

/* The reference itself: block 1 of F.5.5 is pt1 XOR E(key, counter 1). */
ATF_TC_WITHOUT_HEAD(aes_ref_block_nist);
ATF_TC_BODY(aes_ref_block_nist, tc)
{
	uint8_t key[32], iv[16], pt[64], ct[64], buf[64];

	unhex(nist_key, key, 32);
	unhex(nist_ctr, iv, 16);
	unhex(nist_pt, pt, 64);
	unhex(nist_ct, ct, 64);
	memcpy(buf, pt, 64);
	ref_ctr_xor(key, iv, 0, buf, 64);
	same("reference CTR on F.5.5", buf, ct, 64);
}

/* ---- 2. RFC 4231 ------------------------------------------------------ */

struct hmac_vec {
	uint8_t kbyte;		/* key: klen copies of kbyte, or 01..19 */
	size_t klen;
	const char *text;	/* data as text, or dlen copies of dbyte */
	uint8_t dbyte;
	size_t dlen;
	const char *mac;
	size_t maclen;
};

static const struct hmac_vec rfc4231[] = {
	{ 0x0b, 20, "Hi There", 0, 0,
	    "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7", 32 },
	{ 0, 0, "what do ya want for nothing?", 0, 0,	/* key "Jefe" */
	    "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843", 32 },
	{ 0xaa, 20, NULL, 0xdd, 50,
	    "773ea91e36800e46854db8ebd09181a7"
	    "2959098b3ef8c122d9635514ced565fe", 32 },
	{ 0x01, 25, NULL, 0xcd, 50,		/* key 0x01, 0x02 ... 0x19 */
	    "82558a389a443c0ea4cc819899f2083a"
	    "85f0faa3e578f8077a2e3ff46729665b", 32 },
	{ 0x0c, 20, "Test With Truncation", 0, 0,
	    "a3b6167473100ee06e0c796c2955552b", 16 },
	{ 0xaa, 131, "Test Using Larger Than Block-Size Key - Hash Key First",
	    0, 0,
	    "60e431591ee0b67f0d8a26aacbf5b77f"
	    "8e0bc6213728c5140546040f0ee37f54", 32 },
	{ 0xaa, 131, "This is a test using a larger than block-size key and "
	    "a larger than block-size data. The key needs to be hashed "
	    "before being used by the HMAC algorithm.", 0, 0,
	    "9b09ffa71b942fcb27635fbcd5b0e944"
	    "bfdc63644f0713938a7f51535c3a35e2", 32 },
};

ATF_TC_WITHOUT_HEAD(hmac_sha256_rfc4231);
ATF_TC_BODY(hmac_sha256_rfc4231, tc)
{
	for (size_t i = 0; i < sizeof(rfc4231) / sizeof(*rfc4231); i++) {
		const struct hmac_vec *v = &rfc4231[i];
		uint8_t key[131], data[64], mac[32];
		const void *k = key, *d = data;
		size_t klen = v->klen, dlen = v->dlen;
		char what[32];

		if (i == 1) {
			k = "Jefe";
			klen = 4;
		} else if (i == 3) {
			for (size_t j = 0; j < klen; j++)
				key[j] = (uint8_t)(j + 1);
		} else {
			memset(key, v->kbyte, klen);
		}
		if (v->text != NULL) {
			d = v->text;
			dlen = strlen(v->text);
		} else {
			memset(data, v->dbyte, dlen);
		}
		crypto_hmac_sha256(k, klen, d, dlen, mac);
		snprintf(what, sizeof(what), "RFC 4231 case %zu", i + 1);
		same_hex(what, mac, v->mac, v->maclen);
	}
}

/* ---- 3. RFC 5869 ------------------------------------------------------ */

static void
seq(uint8_t *p, uint8_t first, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(first + i);
}

static const char hkdf1_okm[] =
    "3cb25f25faacd57a90434f64d0362f2a"
    "2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
    "34007208d5b887185865";

ATF_TC_WITHOUT_HEAD(hkdf_sha256_rfc5869);
ATF_TC_BODY(hkdf_sha256_rfc5869, tc)
{
	uint8_t ikm[80], salt[80], info[80], okm[82];

	/* Test case 1. */
	memset(ikm, 0x0b, 22);
	seq(salt, 0x00, 13);
	seq(info, 0xf0, 10);
	ATF_CHECK_EQ(crypto_hkdf_sha256(salt, 13, ikm, 22, info, 10, okm,
	    42), 0);
	same_hex("RFC 5869 case 1", okm, hkdf1_okm, 42);

	/* Test case 2: long inputs, two-block salt and info. */
	seq(ikm, 0x00, 80);
	seq(salt, 0x60, 80);
	seq(info, 0xb0, 80);
	ATF_CHECK_EQ(crypto_hkdf_sha256(salt, 80, ikm, 80, info, 80, okm,
	    82), 0);
	same_hex("RFC 5869 case 2", okm,
	    "b11e398dc80327a1c8e7f78c596a4934"
	    "4f012eda2d4efad8a050cc4c19afa97c"
	    "59045a99cac7827271cb41c65e590e09"
	    "da3275600c2f09b8367793a9aca3db71"
	    "cc30c58179ec3e87c14c01d5c1f3434f"
	    "1d87", 82);

	/* Test case 3: salt and info empty; an empty salt and a NULL
	 * ("not provided") salt are the same key to HMAC. */
	static const char okm3[] =
	    "8da4e775a563c18f715f802a063c5a31"
	    "b8a11f5c5ee1879ec3454e5f3c738d2d"
	    "9d201395faa4b61a96c8";
	memset(ikm, 0x0b, 22);
	memset(okm, 0, sizeof(okm));
	ATF_CHECK_EQ(crypto_hkdf_sha256("", 0, ikm, 22, "", 0, okm, 42), 0);
	same_hex("RFC 5869 case 3, salt \"\"", okm, okm3, 42);
	memset(okm, 0, sizeof(okm));
	ATF_CHECK_EQ(crypto_hkdf_sha256(NULL, 0, ikm, 22, "", 0, okm, 42), 0);
	same_hex("RFC 5869 case 3, salt NULL", okm, okm3, 42);
}

ATF_TC_WITHOUT_HEAD(hkdf_outlen_limit);
ATF_TC_BODY(hkdf_outlen_limit, tc)
{
	uint8_t ikm[22], salt[13], info[10];
	uint8_t *out = xmalloc(255 * 32 + 1);

	memset(ikm, 0x0b, sizeof(ikm));
	seq(salt, 0x00, sizeof(salt));
	seq(info, 0xf0, sizeof(info));
	memset(out, 0x5a, 255 * 32 + 1);
	ATF_CHECK_EQ(crypto_hkdf_sha256(salt, 13, ikm, 22, info, 10, out,
	    255 * 32 + 1), -EINVAL);
	/* The limit itself is allowed, and HKDF output is a prefix-stable
	 * stream: its first 42 bytes are case 1's OKM. */
	ATF_CHECK_EQ(crypto_hkdf_sha256(salt, 13, ikm, 22, info, 10, out,
	    255 * 32), 0);
	same_hex("RFC 5869 case 1 prefix of 8160 bytes", out, hkdf1_okm, 42);
	ATF_CHECK_EQ(out[255 * 32], 0x5a);
	ATF_CHECK_EQ(crypto_hkdf_sha256(NULL, 0, ikm, 22, NULL, 0, out,
	    (size_t)-1), -EINVAL);
	free(out);
}

/* ---- 4. 128-bit counter carry ---------------------------------------- */

static const char *const carry_ivs[] = {
	"0000000000000000000000" "01" "fffffffe",
	"ffffffffffffffffffffffff" "fffffffe",
	"0123456789abcdef" "fffffffffffffffe",
	"a5a5a5a5a5a5a5a5a5a5a500" "fffffff9",
};
/* Block 2 of each stream, written out, to check the reference's own
 * arithmetic. */
static const char *const carry_ctr2[] = {
	"0000000000000000000000" "02" "00000000",
	"00000000000000000000000000000000",
	"0123456789abcdf0" "0000000000000000",
	"a5a5a5a5a5a5a5a5a5a5a500" "fffffffb",
};

static void
carry_check(int impl)
{
	static const size_t sizes[] = { 1, 7, 16, 17, 23, 32 };
	struct crypto_aes a;
	uint8_t key[32], iv[16], ctr[16], ref[96], buf[96];
	char what[80];

	unhex(nist_key, key, 32);
	aes_init_or_skip(&a, key, impl);
	for (size_t v = 0; v < sizeof(carry_ivs) / sizeof(*carry_ivs); v++) {
		unhex(carry_ivs[v], iv, 16);
		ref_counter(iv, 2, ctr);
		same_hex("reference counter iv + 2", ctr, carry_ctr2[v], 16);
		for (uint64_t i = 0; i < 6; i++) {
			ref_counter(iv, i, ctr);
			ref_block(key, ctr, ref + 16 * i);
		}

		memset(buf, 0, sizeof(buf));	/* one call, 6 blocks */
		crypto_aes_xor(&a, iv, 0, buf, 96);
		snprintf(what, sizeof(what), "iv %s, one call", carry_ivs[v]);
		same(what, buf, ref, 96);

		memset(buf, 0, sizeof(buf));	/* odd pieces */
		for (size_t i = 0, off = 0; i < 6; off += sizes[i++])
			crypto_aes_xor(&a, iv, off, buf + off, sizes[i]);
		snprintf(what, sizeof(what), "iv %s, pieces", carry_ivs[v]);
		same(what, buf, ref, 96);

		memset(buf, 0, sizeof(buf));	/* starting mid-block */
		crypto_aes_xor(&a, iv, 19, buf, 60);
		snprintf(what, sizeof(what), "iv %s, bytes 19..78",
		    carry_ivs[v]);
		same(what, buf, ref + 19, 60);
	}
	crypto_aes_wipe(&a);
}

/* Offsets far into the stream: the block index itself carries out of
 * the low 64 bits of the counter. */
static void
far_offset_check(int impl)
{
	static const uint64_t offs[] = {
		((uint64_t)1 << 40) * 16 + 5,
		((uint64_t)0xffffffff) * 16 + 9,
		UINT64_MAX - 100,
	};
	struct crypto_aes a;
	uint8_t key[32], iv[16], ref[80], buf[80];
	char what[64];

	unhex(nist_key, key, 32);
	unhex(carry_ivs[2], iv, 16);
	aes_init_or_skip(&a, key, impl);
	for (size_t i = 0; i < sizeof(offs) / sizeof(*offs); i++) {
		memset(ref, 0, sizeof(ref));
		ref_ctr_xor(key, iv, offs[i], ref, 80);
		memset(buf, 0, sizeof(buf));
		crypto_aes_xor(&a, iv, offs[i], buf, 80);
		snprintf(what, sizeof(what), "offset %#llx",
		    (unsigned long long)offs[i]);
		same(what, buf, ref, 80);
	}
	crypto_aes_wipe(&a);
}

ATF_TC_WITHOUT_HEAD(aes_ctr_carry_ct64);
ATF_TC_BODY(aes_ctr_carry_ct64, tc)
{
	carry_check(CRYPTO_AES_CT64);
	far_offset_check(CRYPTO_AES_CT64);
}

ATF_TC_WITHOUT_HEAD(aes_ctr_carry_x86ni);
ATF_TC_BODY(aes_ctr_carry_x86ni, tc)
{
	carry_check(CRYPTO_AES_X86NI);
	far_offset_check(CRYPTO_AES_X86NI);
}

/* AUTO is one of the two, and says which. */
ATF_TC_WITHOUT_HEAD(aes_auto);
ATF_TC_BODY(aes_auto, tc)
{
	struct crypto_aes a;
	uint8_t key[32], iv[16], buf[64];
	const char *name = crypto_aes_name();

	unhex(nist_key, key, 32);
	unhex(nist_ctr, iv, 16);
	unhex(nist_pt, buf, 64);
	ATF_REQUIRE_EQ(crypto_aes_init(&a, key, CRYPTO_AES_AUTO), 0);
	ATF_CHECK(a.impl == CRYPTO_AES_X86NI || a.impl == CRYPTO_AES_CT64);
	ATF_CHECK_STREQ(name, a.impl == CRYPTO_AES_X86NI ? "x86ni" : "ct64");
	crypto_aes_xor(&a, iv, 0, buf, 64);
	same_hex("F.5.5 with AUTO", buf, nist_ct, 64);
}

struct add_vec {
	const char *in;
	uint64_t n;
	const char *out;
};

static const struct add_vec ctr_adds[] = {
	{ "ffffffffffffffffffffffffffffffff", 1,
	    "00000000000000000000000000000000" },
	{ "fffffffffffffffffffffffffffffffe", 5,
	    "00000000000000000000000000000003" },
	{ "000000000000000000000000000000ff", 1,
	    "00000000000000000000000000000100" },
	{ "000000000000000000000000ffffffff", 1,
	    "00000000000000000000000100000000" },
	{ "0000000000000000ffffffffffffffff", 1,
	    "00000000000000010000000000000000" },
	{ "00000000000000000000000000000001", UINT64_MAX,
	    "00000000000000010000000000000000" },
	{ "00ffffffffffffffffffffffffffff00", 0x100,
	    "01000000000000000000000000000000" },
	{ "0102030405060708090a0b0c0d0e0f10", 0,
	    "0102030405060708090a0b0c0d0e0f10" },
	{ "00000000000000000000000000000000", 0x0123456789abcdefULL,
	    "00000000000000000123456789abcdef" },
	{ "000000000000000080000000000000ff", 0x80000000000000ffULL,
	    "000000000000000100000000000001fe" },
	{ "abababababababababababababababab", 0x5454545454545455ULL,
	    "abababababababac0000000000000000" },
};

ATF_TC_WITHOUT_HEAD(ctr_add);
ATF_TC_BODY(ctr_add, tc)
{
	for (size_t i = 0; i < sizeof(ctr_adds) / sizeof(*ctr_adds); i++) {
		uint8_t c[16], ref[16];
		char what[80];

		unhex(ctr_adds[i].in, c, 16);
		ref_counter(c, ctr_adds[i].n, ref);
		snprintf(what, sizeof(what), "%s + %#llx", ctr_adds[i].in,
		    (unsigned long long)ctr_adds[i].n);
		same_hex(what, ref, ctr_adds[i].out, 16);	/* the table */
		crypto_ctr_add(c, ctr_adds[i].n);
		same_hex(what, c, ctr_adds[i].out, 16);
	}
}

/* ---- 5. key derivation ------------------------------------------------ */

static void
kat_master(uint8_t m[32])
{
	seq(m, 0x00, 32);
}

ATF_TC_WITHOUT_HEAD(keys_derive);
ATF_TC_BODY(keys_derive, tc)
{
	struct crypt_keys k;
	uint8_t m[32], enc[32], mac[32];

	pattern(m, 32, 7);
	crypt_keys_derive(m, &k);
	ATF_REQUIRE_EQ(crypto_hkdf_sha256("", 0, m, 32, "syd/crypt/enc", 13,
	    enc, 32), 0);
	ATF_REQUIRE_EQ(crypto_hkdf_sha256("", 0, m, 32, "syd/crypt/mac", 13,
	    mac, 32), 0);
	same("enc key", k.enc, enc, 32);
	same("mac key", k.mac, mac, 32);
	ATF_CHECK(memcmp(k.enc, k.mac, 32) != 0);

	/* Known answer from Python cryptography's HKDF. */
	kat_master(m);
	crypt_keys_derive(m, &k);
	same_hex("enc key, master 00..1f", k.enc,
	    "31ecbbea7d2f8f0516281ef75eb18a22"
	    "3efc5b39cd74d7c58314c1d29c94cf62", 32);
	same_hex("mac key, master 00..1f", k.mac,
	    "7c473a57a7bef7a906c51eb67516a055"
	    "7893ddc0a95fe2d1007f7a3f9ff2270d", 32);
}

/* ---- files ------------------------------------------------------------ */

static void
put(int fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pwrite(fd, (const char *)buf + done, n - done,
		    (off_t)done);
		ATF_REQUIRE_MSG(r > 0, "pwrite: %s", strerror(errno));
		done += (size_t)r;
	}
}

static int
memfile(const void *buf, size_t n)
{
	int fd = memfd_create("crypto_test", MFD_CLOEXEC);

	ATF_REQUIRE_MSG(fd >= 0, "memfd_create: %s", strerror(errno));
	put(fd, buf, n);
	return fd;
}

static size_t
fsize(int fd)
{
	struct stat st;

	ATF_REQUIRE(fstat(fd, &st) == 0);
	return (size_t)st.st_size;
}

/* The whole file; *n its size. */
static uint8_t *
slurp(int fd, size_t *n)
{
	size_t got = 0;
	uint8_t *p;

	*n = fsize(fd);
	p = xmalloc(*n);
	while (got < *n) {
		ssize_t r = pread(fd, p + got, *n - got, (off_t)got);
		ATF_REQUIRE_MSG(r > 0, "pread: %s", strerror(errno));
		got += (size_t)r;
	}
	return p;
}

/* A pipe whose write end a child fills with buf then closes. */
static int
pipe_feed(const void *buf, size_t n, pid_t *pid)
{
	int p[2];

	ATF_REQUIRE(pipe(p) == 0);
	*pid = fork();
	ATF_REQUIRE(*pid >= 0);
	if (*pid == 0) {
		size_t put = 0;
		close(p[0]);
		while (put < n) {
			ssize_t r = write(p[1], (const char *)buf + put,
			    n - put);
			if (r <= 0)
				_exit(1);
			put += (size_t)r;
		}
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

static void
pipe_done(int fd, pid_t pid)
{
	int st;

	close(fd);
	ATF_REQUIRE(waitpid(pid, &st, 0) == pid);
	ATF_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void
test_keys(struct crypt_keys *k)
{
	uint8_t m[32];

	pattern(m, 32, 42);
	crypt_keys_derive(m, k);
}

/*
 * Check a crypt file against the format, computed here: magic, version,
 * IV at 37, ciphertext = plaintext XOR the reference stream and XOR
 * crypto_aes_xor (ct64), MAC = HMAC(mac_key, magic||version||IV||ct).
 */
static void
check_file(const char *what, const struct crypt_keys *k, const uint8_t *f,
    size_t fn, const uint8_t *pt, size_t n, const uint8_t iv[16])
{
	struct crypto_aes a;
	uint8_t *ref = xmalloc(n), *msg = xmalloc(21 + n), mac[32];
	char w[96];

	ATF_REQUIRE_EQ_MSG(fn, CRYPT_HDR_LEN + n, "%s: file is %zu bytes, "
	    "want %zu", what, fn, (size_t)CRYPT_HDR_LEN + n);
	snprintf(w, sizeof(w), "%s: magic and version", what);
	same(w, f, (const uint8_t *)"\x7fSYD\x03", 5);
	snprintf(w, sizeof(w), "%s: IV", what);
	same(w, f + CRYPT_IV_OFF, iv, 16);

	memcpy(ref, pt, n);
	ref_ctr_xor(k->enc, iv, 0, ref, n);
	snprintf(w, sizeof(w), "%s: ciphertext vs reference", what);
	same(w, f + CRYPT_HDR_LEN, ref, n);
	memcpy(ref, pt, n);
	ATF_REQUIRE_EQ(crypto_aes_init(&a, k->enc, CRYPTO_AES_CT64), 0);
	crypto_aes_xor(&a, iv, 0, ref, n);
	snprintf(w, sizeof(w), "%s: ciphertext vs crypto_aes_xor", what);
	same(w, f + CRYPT_HDR_LEN, ref, n);

	memcpy(msg, "\x7fSYD\x03", 5);
	memcpy(msg + 5, iv, 16);
	memcpy(msg + 21, pt, n);
	ref_ctr_xor(k->enc, iv, 0, msg + 21, n);
	crypto_hmac_sha256(k->mac, 32, msg, 21 + n, mac);
	snprintf(w, sizeof(w), "%s: MAC", what);
	same(w, f + CRYPT_MAC_OFF, mac, 32);
	free(ref);
	free(msg);
}

/* Encrypt pt from a file into a new memfd; check it; return the file. */
static uint8_t *
encrypt_checked(const struct crypt_keys *k, const uint8_t *pt, size_t n,
    const uint8_t iv[16], size_t *fn)
{
	int in = memfile(pt, n), out = memfile("", 0);
	long r = crypt_encrypt(k, in, 0, out, iv);
	uint8_t *f;
	char what[48];

	ATF_REQUIRE_EQ_MSG(r, (long)(CRYPT_HDR_LEN + n), "crypt_encrypt of "
	    "%zu bytes: %ld", n, r);
	f = slurp(out, fn);
	snprintf(what, sizeof(what), "encrypt %zu bytes", n);
	check_file(what, k, f, *fn, pt, n, iv);
	close(in);
	close(out);
	return f;
}

/* Decrypt the bytes f from a file; return what crypt_decrypt returned,
 * the output in *out (a memfd, caller closes). */
static long
decrypt_bytes(const struct crypt_keys *k, const uint8_t *f, size_t fn,
    int *out, struct crypt_info *ci)
{
	int in = memfile(f, fn);
	long r;

	*out = memfile("", 0);
	r = crypt_decrypt(k, in, 0, *out, ci);
	close(in);
	return r;
}

static void
roundtrip(const struct crypt_keys *k, size_t n, const uint8_t iv[16])
{
	uint8_t *pt = xmalloc(n), *f, *got;
	struct crypt_info ci;
	size_t fn, gn;
	int out;
	long r;

	pattern(pt, n, (uint32_t)n);
	f = encrypt_checked(k, pt, n, iv, &fn);
	r = decrypt_bytes(k, f, fn, &out, &ci);
	ATF_CHECK_EQ_MSG(r, (long)n, "decrypt of %zu bytes: %ld", n, r);
	ATF_CHECK_EQ(ci.len, n);
	ATF_CHECK(!ci.empty);
	same("decrypt: info IV", ci.iv, iv, 16);
	same("decrypt: info MAC", ci.mac, f + CRYPT_MAC_OFF, 32);
	got = slurp(out, &gn);
	ATF_CHECK_EQ(gn, n);
	if (gn == n)
		same("decrypt: plaintext", got, pt, n);
	close(out);
	free(pt);
	free(f);
	free(got);
}

/* ---- 6. the file format ----------------------------------------------- */

static const char iv_wrap[] = "a5a5a5a5a5a5a5a5a5a5a5a5fffff010";

ATF_TC_WITHOUT_HEAD(crypt_roundtrip);
ATF_TC_BODY(crypt_roundtrip, tc)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 32768, 32769,
		100000 };
	struct crypt_keys k;
	uint8_t iv1[16], iv2[16];

	test_keys(&k);
	unhex(nist_ctr, iv1, 16);
	/* 0x1000 - 0x10 blocks to the 32-bit wrap: inside the second
	 * 32 KiB buffer of a 100000-byte file. */
	unhex(iv_wrap, iv2, 16);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		roundtrip(&k, sizes[i], iv1);
		roundtrip(&k, sizes[i], iv2);
	}
}

/* A whole file from an unrelated implementation (Python cryptography),
 * master 00..1f; the 44 bytes cross a carry into byte 11 of the IV. */
ATF_TC_WITHOUT_HEAD(crypt_known_answer);
ATF_TC_BODY(crypt_known_answer, tc)
{
	static const char pt[] =
	    "The quick brown fox jumps over the lazy dog.";
	static const char file[] =
	    "7f53594403"
	    "dd242d3f331f24c33add19167a7ddbe006b509cb14a6cbe5f40b589cdd6b7bf0"
	    "00112233445566778899aabbfffffffe"
	    "ffbfa3586510b1e62cff288c207a82ce45b2737323195a413b40652f9b594d4c"
	    "2994e4034a3a2e58fa9c698a";
	struct crypt_keys k;
	struct crypt_info ci;
	uint8_t m[32], want[97], iv[16], *f, *got;
	size_t fn, gn;
	int out;

	kat_master(m);
	crypt_keys_derive(m, &k);
	unhex(file, want, sizeof(want));
	memcpy(iv, want + CRYPT_IV_OFF, 16);
	f = encrypt_checked(&k, (const uint8_t *)pt, 44, iv, &fn);
	ATF_REQUIRE_EQ(fn, sizeof(want));
	same("known file", f, want, sizeof(want));
	ATF_CHECK_EQ(decrypt_bytes(&k, want, sizeof(want), &out, &ci), 44);
	got = slurp(out, &gn);
	ATF_CHECK_EQ(gn, 44);
	if (gn == 44)
		same("known file decrypted", got, (const uint8_t *)pt, 44);
	close(out);
	free(f);
	free(got);
}

static void
expect_badmsg(const char *what, const struct crypt_keys *k,
    const uint8_t *f, size_t fn)
{
	struct crypt_info ci;
	int out;
	long r = decrypt_bytes(k, f, fn, &out, &ci);

	ATF_CHECK_EQ_MSG(r, -EBADMSG, "%s: crypt_decrypt gave %ld, want "
	    "-EBADMSG", what, r);
	ATF_CHECK_EQ_MSG(fsize(out), 0, "%s: %zu plaintext bytes left in "
	    "out", what, fsize(out));
	close(out);
}

ATF_TC_WITHOUT_HEAD(crypt_tamper);
ATF_TC_BODY(crypt_tamper, tc)
{
	struct crypt_keys k;
	uint8_t iv[16], pt[1000], *f;
	size_t fn;
	char what[64];

	test_keys(&k);
	unhex(iv_wrap, iv, 16);
	pattern(pt, sizeof(pt), 3);
	f = encrypt_checked(&k, pt, sizeof(pt), iv, &fn);
	const size_t pos[] = {
		0, 1, 3,			/* magic */
		4,				/* version */
		CRYPT_MAC_OFF, 20, CRYPT_IV_OFF - 1,	/* MAC */
		CRYPT_IV_OFF, 44, CRYPT_HDR_LEN - 1,	/* IV */
		CRYPT_HDR_LEN, CRYPT_HDR_LEN + 500,	/* ciphertext */
		fn - 1,
	};
	for (size_t i = 0; i < sizeof(pos) / sizeof(*pos); i++) {
		for (int bit = 0; bit < 8; bit += 7) {
			f[pos[i]] ^= (uint8_t)(1 << bit);
			snprintf(what, sizeof(what), "bit %d of byte %zu "
			    "flipped", bit, pos[i]);
			expect_badmsg(what, &k, f, fn);
			f[pos[i]] ^= (uint8_t)(1 << bit);
		}
	}
	expect_badmsg("last byte cut", &k, f, fn - 1);
	expect_badmsg("header only", &k, f, CRYPT_HDR_LEN);
	expect_badmsg("short header", &k, f, CRYPT_HDR_LEN - 1);
	f = realloc(f, fn + 1);
	ATF_REQUIRE(f != NULL);
	f[fn] = 0;
	expect_badmsg("a byte appended", &k, f, fn + 1);
	free(f);
}

ATF_TC_WITHOUT_HEAD(crypt_wrong_key);
ATF_TC_BODY(crypt_wrong_key, tc)
{
	struct crypt_keys k, other;
	uint8_t m[32], iv[16], pt[300], *f;
	size_t fn;

	test_keys(&k);
	unhex(nist_ctr, iv, 16);
	pattern(pt, sizeof(pt), 9);
	f = encrypt_checked(&k, pt, sizeof(pt), iv, &fn);
	pattern(m, 32, 42);
	m[31] ^= 1;
	crypt_keys_derive(m, &other);
	expect_badmsg("another master key", &other, f, fn);
	/* Right cipher key, wrong MAC key: the MAC alone decides. */
	other = k;
	other.mac[0] ^= 1;
	expect_badmsg("another mac key", &other, f, fn);
	free(f);
}

ATF_TC_WITHOUT_HEAD(crypt_empty_and_short);
ATF_TC_BODY(crypt_empty_and_short, tc)
{
	struct crypt_keys k;
	struct crypt_info ci;
	uint8_t junk[CRYPT_HDR_LEN + 20];
	int out;

	test_keys(&k);
	memset(&ci, 0xa5, sizeof(ci));
	ATF_CHECK_EQ(decrypt_bytes(&k, (const uint8_t *)"", 0, &out, &ci), 0);
	ATF_CHECK(ci.empty);
	ATF_CHECK_EQ(ci.len, 0);
	ATF_CHECK_EQ(fsize(out), 0);
	close(out);

	expect_badmsg("10 bytes", &k, (const uint8_t *)"\x7fSYD\x03" "abcde",
	    10);
	expect_badmsg("1 byte", &k, (const uint8_t *)"\x7f", 1);
	pattern(junk, sizeof(junk), 5);
	expect_badmsg("foreign file", &k, junk, sizeof(junk));
}

/* in_off: sequential reads from a pipe, and pread from an offset. */
ATF_TC_WITHOUT_HEAD(crypt_pipe_and_offset);
ATF_TC_BODY(crypt_pipe_and_offset, tc)
{
	const size_t n = 100000;
	struct crypt_keys k;
	struct crypt_info ci;
	uint8_t iv[16], *pt = xmalloc(n + 7), *f, *g, *got;
	size_t fn, gn;
	pid_t pid;
	int in, out;
	long r;

	test_keys(&k);
	unhex(iv_wrap, iv, 16);
	pattern(pt, n + 7, 11);

	in = pipe_feed(pt, n, &pid);
	out = memfile("", 0);
	r = crypt_encrypt(&k, in, -1, out, iv);
	pipe_done(in, pid);
	ATF_CHECK_EQ(r, (long)(CRYPT_HDR_LEN + n));
	f = slurp(out, &fn);
	close(out);
	check_file("encrypt from a pipe", &k, f, fn, pt, n, iv);

	in = pipe_feed(f, fn, &pid);
	out = memfile("", 0);
	r = crypt_decrypt(&k, in, -1, out, &ci);
	pipe_done(in, pid);
	ATF_CHECK_EQ(r, (long)n);
	got = slurp(out, &gn);
	close(out);
	ATF_CHECK_EQ(gn, n);
	if (gn == n)
		same("decrypt from a pipe", got, pt, n);
	free(got);

	/* Tampered, through a pipe: nothing survives either. */
	f[fn / 2] ^= 0x10;
	in = pipe_feed(f, fn, &pid);
	out = memfile("", 0);
	r = crypt_decrypt(&k, in, -1, out, &ci);
	pipe_done(in, pid);
	ATF_CHECK_EQ(r, -EBADMSG);
	ATF_CHECK_EQ(fsize(out), 0);
	close(out);
	f[fn / 2] ^= 0x10;

	/* The plaintext 7 bytes into a file; the ciphertext 9 bytes in. */
	in = memfile(pt, n + 7);
	out = memfile("", 0);
	ATF_CHECK_EQ(crypt_encrypt(&k, in, 7, out, iv),
	    (long)(CRYPT_HDR_LEN + n));
	g = slurp(out, &gn);
	close(in);
	close(out);
	check_file("encrypt from offset 7", &k, g, gn, pt + 7, n, iv);
	free(g);

	g = xmalloc(fn + 9);
	memset(g, 0xee, 9);
	memcpy(g + 9, f, fn);
	in = memfile(g, fn + 9);
	out = memfile("", 0);
	ATF_CHECK_EQ(crypt_decrypt(&k, in, 9, out, &ci), (long)n);
	got = slurp(out, &gn);
	ATF_CHECK_EQ(gn, n);
	if (gn == n)
		same("decrypt from offset 9", got, pt, n);
	close(in);
	close(out);
	free(g);
	free(got);
	free(f);
	free(pt);
}

/* SPEC/header contract: "on a MAC mismatch, a short or foreign header it
 * truncates out to 0". out here already holds stale bytes. */
ATF_TC_WITHOUT_HEAD(crypt_decrypt_failure_clears_out);
ATF_TC_BODY(crypt_decrypt_failure_clears_out, tc)
{
	static const char stale[] = "stale plaintext from an earlier read";
	struct crypt_keys k;
	struct crypt_info ci;
	uint8_t iv[16], pt[100], *f, junk[80];
	const struct {
		const char *what;
		size_t n;
	} cases[] = {
		{ "MAC mismatch", 0 },
		{ "short header (10 bytes)", 10 },
		{ "foreign header", sizeof(junk) },
	};
	size_t fn;

	test_keys(&k);
	unhex(nist_ctr, iv, 16);
	pattern(pt, sizeof(pt), 1);
	f = encrypt_checked(&k, pt, sizeof(pt), iv, &fn);
	f[fn - 1] ^= 1;
	pattern(junk, sizeof(junk), 2);
	for (size_t i = 0; i < 3; i++) {
		int in = i == 0 ? memfile(f, fn) : memfile(junk, cases[i].n);
		int out = memfile(stale, sizeof(stale));
		long r = crypt_decrypt(&k, in, 0, out, &ci);
		ATF_CHECK_EQ_MSG(r, -EBADMSG, "%s: %ld", cases[i].what, r);
		ATF_CHECK_EQ_MSG(fsize(out), 0, "%s: out still holds %zu "
		    "bytes", cases[i].what, fsize(out));
		close(in);
		close(out);
	}
	free(f);
}

/* A successful decrypt into an out that already holds more bytes: the
 * result is the plaintext, not the plaintext followed by old bytes. */
ATF_TC_WITHOUT_HEAD(crypt_decrypt_into_longer_out);
ATF_TC_BODY(crypt_decrypt_into_longer_out, tc)
{
	struct crypt_keys k;
	struct crypt_info ci;
	uint8_t iv[16], pt[100], old[5000], *f;
	size_t fn;
	int in, out;
	long r;

	test_keys(&k);
	unhex(nist_ctr, iv, 16);
	pattern(pt, sizeof(pt), 1);
	memset(old, 'x', sizeof(old));
	f = encrypt_checked(&k, pt, sizeof(pt), iv, &fn);
	in = memfile(f, fn);
	out = memfile(old, sizeof(old));
	r = crypt_decrypt(&k, in, 0, out, &ci);
	ATF_CHECK_EQ(r, (long)sizeof(pt));
	ATF_CHECK_EQ_MSG(fsize(out), sizeof(pt), "out is %zu bytes after "
	    "decrypting %zu", fsize(out), sizeof(pt));
	close(in);
	close(out);
	free(f);
}

/* ---- 7. appends -------------------------------------------------------- */

/* Encrypt a into a memfd, and the crypt_info a decrypt of it gives. */
static int
encrypt_base(const struct crypt_keys *k, const uint8_t *a, size_t na,
    const uint8_t iv[16], struct crypt_info *ci, uint8_t **f, size_t *fn)
{
	int fd, out;

	*f = encrypt_checked(k, a, na, iv, fn);
	fd = memfile(*f, *fn);
	ATF_REQUIRE_EQ(decrypt_bytes(k, *f, *fn, &out, ci), (long)na);
	close(out);
	ATF_REQUIRE_EQ(ci->len, na);
	return fd;
}

static void
append_check(const struct crypt_keys *k, size_t na, size_t nb, bool pipe_in)
{
	uint8_t iv[16], *ab = xmalloc(na + nb), *fa, *f, *got;
	struct crypt_info ci;
	size_t fan, fn, gn;
	char what[64];
	pid_t pid;
	int old, in, out;
	long r;

	unhex(iv_wrap, iv, 16);
	pattern(ab, na + nb, (uint32_t)(na * 31 + nb));
	old = encrypt_base(k, ab, na, iv, &ci, &fa, &fan);
	in = pipe_in ? pipe_feed(ab + na, nb, &pid) : memfile(ab, na + nb);
	out = memfile("", 0);
	r = crypt_append(k, old, &ci, in, pipe_in ? -1 : (int64_t)na, out);
	if (pipe_in)
		pipe_done(in, pid);
	else
		close(in);
	ATF_CHECK_EQ_MSG(r, (long)(CRYPT_HDR_LEN + na + nb), "append %zu to "
	    "%zu: %ld", nb, na, r);
	f = slurp(out, &fn);
	close(out);
	snprintf(what, sizeof(what), "append %zu to %zu%s", nb, na,
	    pipe_in ? " (pipe)" : "");
	check_file(what, k, f, fn, ab, na + nb, iv);
	if (fn >= fan)
		same("old ciphertext kept", f + CRYPT_HDR_LEN,
		    fa + CRYPT_HDR_LEN, na);
	ATF_CHECK_EQ(decrypt_bytes(k, f, fn, &out, &ci), (long)(na + nb));
	got = slurp(out, &gn);
	close(out);
	ATF_CHECK_EQ(gn, na + nb);
	if (gn == na + nb)
		same("appended file decrypted", got, ab, na + nb);
	close(old);
	free(ab);
	free(fa);
	free(f);
	free(got);
}

ATF_TC_WITHOUT_HEAD(crypt_append);
ATF_TC_BODY(crypt_append, tc)
{
	static const size_t sizes[][2] = {
		{ 1000, 777 }, { 16, 16 }, { 1, 15 }, { 17, 1 },
		{ 0, 100 }, { 100, 0 }, { 40000, 50000 }, { 65280, 33 },
	};
	struct crypt_keys k;

	test_keys(&k);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++)
		append_check(&k, sizes[i][0], sizes[i][1], false);
	append_check(&k, 1000, 40000, true);
}

static long
append_to(const struct crypt_keys *k, const uint8_t *f, size_t fn,
    const struct crypt_info *base)
{
	int old = memfile(f, fn), in = memfile("appended", 8);
	int out = memfile("", 0);
	long r = crypt_append(k, old, base, in, 0, out);

	close(old);
	close(in);
	close(out);
	return r;
}

ATF_TC_WITHOUT_HEAD(crypt_append_tampered);
ATF_TC_BODY(crypt_append_tampered, tc)
{
	struct crypt_keys k;
	struct crypt_info ci;
	uint8_t iv[16], a[1000], *f;
	size_t fn;
	const size_t pos[] = { 0, 4, CRYPT_MAC_OFF, CRYPT_IV_OFF - 1,
		CRYPT_HDR_LEN, CRYPT_HDR_LEN + 333, CRYPT_HDR_LEN + 999 };

	test_keys(&k);
	unhex(iv_wrap, iv, 16);
	pattern(a, sizeof(a), 4);
	close(encrypt_base(&k, a, sizeof(a), iv, &ci, &f, &fn));
	ATF_CHECK_EQ(append_to(&k, f, fn, &ci), (long)(fn + 8));
	for (size_t i = 0; i < sizeof(pos) / sizeof(*pos); i++) {
		f[pos[i]] ^= 0x20;
		long r = append_to(&k, f, fn, &ci);
		ATF_CHECK_EQ_MSG(r, -EBADMSG, "byte %zu flipped: %ld", pos[i],
		    r);
		f[pos[i]] ^= 0x20;
	}
	free(f);
}

ATF_TC_WITHOUT_HEAD(crypt_append_stale);
ATF_TC_BODY(crypt_append_stale, tc)
{
	struct crypt_keys k;
	struct crypt_info ci, b;
	uint8_t iv[16], a[1000], *f;
	size_t fn;
	long r;

	test_keys(&k);
	unhex(iv_wrap, iv, 16);
	pattern(a, sizeof(a), 4);
	close(encrypt_base(&k, a, sizeof(a), iv, &ci, &f, &fn));

	b = ci;
	b.iv[0] ^= 1;
	r = append_to(&k, f, fn, &b);
	ATF_CHECK_EQ_MSG(r, -ESTALE, "IV differs: %ld", r);
	b = ci;
	b.iv[15] ^= 0x80;
	r = append_to(&k, f, fn, &b);
	ATF_CHECK_EQ_MSG(r, -ESTALE, "IV last byte differs: %ld", r);
	b = ci;
	b.len++;
	r = append_to(&k, f, fn, &b);
	ATF_CHECK_EQ_MSG(r, -ESTALE, "base one byte longer: %ld", r);
	b = ci;
	b.len--;
	r = append_to(&k, f, fn, &b);
	ATF_CHECK_EQ_MSG(r, -ESTALE, "base one byte shorter: %ld", r);
	b = ci;
	b.len = 0;
	r = append_to(&k, f, fn, &b);
	ATF_CHECK_EQ_MSG(r, -ESTALE, "base empty: %ld", r);
	free(f);
}

/* ---- 8. header parse --------------------------------------------------- */

ATF_TC_WITHOUT_HEAD(crypt_hdr_parse);
ATF_TC_BODY(crypt_hdr_parse, tc)
{
	uint8_t h[CRYPT_HDR_LEN + 10];
	struct crypt_info ci;

	memcpy(h, "\x7fSYD\x03", 5);
	seq(h + 5, 0x10, 32);
	seq(h + 37, 0xc0, 16);
	memset(h + CRYPT_HDR_LEN, 0x77, 10);

	for (size_t n = 0; n < CRYPT_HDR_LEN; n++)
		ATF_CHECK_EQ_MSG(crypt_hdr_parse(h, n, &ci), -EBADMSG,
		    "%zu bytes", n);

	memset(&ci, 0, sizeof(ci));
	ci.empty = true;
	ATF_CHECK_EQ(crypt_hdr_parse(h, CRYPT_HDR_LEN, &ci), 0);
	same_hex("parsed MAC", ci.mac, "101112131415161718191a1b1c1d1e1f"
	    "202122232425262728292a2b2c2d2e2f", 32);
	same_hex("parsed IV", ci.iv, "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", 16);
	ATF_CHECK(!ci.empty);
	memset(&ci, 0, sizeof(ci));
	ATF_CHECK_EQ(crypt_hdr_parse(h, sizeof(h), &ci), 0);
	same_hex("parsed IV, longer buffer", ci.iv,
	    "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", 16);

	for (size_t i = 0; i < 4; i++) {
		h[i] ^= 0x01;
		ATF_CHECK_EQ_MSG(crypt_hdr_parse(h, sizeof(h), &ci), -EBADMSG,
		    "magic byte %zu wrong", i);
		h[i] ^= 0x01;
	}
	static const uint8_t versions[] = { 0, 1, 2, 4, 0x83, 0xff };
	for (size_t i = 0; i < sizeof(versions); i++) {
		h[4] = versions[i];
		ATF_CHECK_EQ_MSG(crypt_hdr_parse(h, sizeof(h), &ci), -EBADMSG,
		    "version %u", versions[i]);
	}
	h[4] = CRYPT_VERSION;
	ATF_CHECK_EQ(crypt_hdr_parse(h, sizeof(h), &ci), 0);
}

/*
 * The SHA-NI class against BearSSL's portable SHA-256: the same descriptor,
 * the same digests and HMACs for every length from 0 to 1100 bytes fed in
 * uneven pieces, and the FIPS 180-2 "abc" and two-block vectors.
 */
ATF_TC_WITHOUT_HEAD(sha256_ni);
ATF_TC_BODY(sha256_ni, tc)
{
	const br_hash_class *ni = (const br_hash_class *)
	    crypto_sha256_class(CRYPTO_SHA_NI);
	const br_hash_class *pt = (const br_hash_class *)
	    crypto_sha256_class(CRYPTO_SHA_PORTABLE);
	static const uint8_t abc[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41,
		0x40, 0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3,
		0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00,
		0x15, 0xad };
	static const uint8_t two[32] = {
		0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0,
		0x26, 0x93, 0x0c, 0x3e, 0x60, 0x39, 0xa3, 0x3c, 0xe4, 0x59,
		0x64, 0xff, 0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb,
		0x06, 0xc1 };
	const char *m2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t buf[1100], a[32], b[32];
	br_sha256_context c1, c2;
	br_hmac_key_context k1, k2;
	br_hmac_context h1, h2;

	ATF_REQUIRE(pt == &br_sha256_vtable);
	if (ni == NULL)
		atf_tc_skip("this CPU has no SHA extensions");
	ATF_REQUIRE_EQ(ni->desc, br_sha256_vtable.desc);
	ATF_REQUIRE_EQ(ni->context_size, br_sha256_vtable.context_size);
	ni->init(&c1.vtable);
	ni->update(&c1.vtable, "abc", 3);
	ni->out(&c1.vtable, a);
	ATF_REQUIRE(memcmp(a, abc, 32) == 0);
	ni->init(&c1.vtable);
	ni->update(&c1.vtable, m2, strlen(m2));
	ni->out(&c1.vtable, a);
	ATF_REQUIRE(memcmp(a, two, 32) == 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	for (size_t n = 0; n <= sizeof(buf); n++) {
		size_t off = 0, step = 1 + n % 67;
		ni->init(&c1.vtable);
		pt->init(&c2.vtable);
		while (off < n) {
			size_t m = n - off < step ? n - off : step;
			ni->update(&c1.vtable, buf + off, m);
			off += m;
			step = step * 3 % 97 + 1;
		}
		pt->update(&c2.vtable, buf, n);
		ni->out(&c1.vtable, a);
		pt->out(&c2.vtable, b);
		if (memcmp(a, b, 32) != 0)
			atf_tc_fail("SHA-256 of %zu bytes differs", n);
		br_hmac_key_init(&k1, ni, buf, n % 100);
		br_hmac_key_init(&k2, pt, buf, n % 100);
		br_hmac_init(&h1, &k1, 0);
		br_hmac_init(&h2, &k2, 0);
		br_hmac_update(&h1, buf, n);
		br_hmac_update(&h2, buf, n);
		br_hmac_out(&h1, a);
		br_hmac_out(&h2, b);
		if (memcmp(a, b, 32) != 0)
			atf_tc_fail("HMAC-SHA256 of %zu bytes differs", n);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, sha256_ni);
	ATF_TP_ADD_TC(tp, aes_ref_block_nist);
	ATF_TP_ADD_TC(tp, aes_ctr_nist_ct64);
	ATF_TP_ADD_TC(tp, aes_ctr_nist_x86ni);
	ATF_TP_ADD_TC(tp, aes_auto);
	ATF_TP_ADD_TC(tp, hmac_sha256_rfc4231);
	ATF_TP_ADD_TC(tp, hkdf_sha256_rfc5869);
	ATF_TP_ADD_TC(tp, hkdf_outlen_limit);
	ATF_TP_ADD_TC(tp, aes_ctr_carry_ct64);
	ATF_TP_ADD_TC(tp, aes_ctr_carry_x86ni);
	ATF_TP_ADD_TC(tp, ctr_add);
	ATF_TP_ADD_TC(tp, keys_derive);
	ATF_TP_ADD_TC(tp, crypt_roundtrip);
	ATF_TP_ADD_TC(tp, crypt_known_answer);
	ATF_TP_ADD_TC(tp, crypt_tamper);
	ATF_TP_ADD_TC(tp, crypt_wrong_key);
	ATF_TP_ADD_TC(tp, crypt_empty_and_short);
	ATF_TP_ADD_TC(tp, crypt_pipe_and_offset);
	ATF_TP_ADD_TC(tp, crypt_decrypt_failure_clears_out);
	ATF_TP_ADD_TC(tp, crypt_decrypt_into_longer_out);
	ATF_TP_ADD_TC(tp, crypt_append);
	ATF_TP_ADD_TC(tp, crypt_append_tampered);
	ATF_TP_ADD_TC(tp, crypt_append_stale);
	ATF_TP_ADD_TC(tp, crypt_hdr_parse);
	return atf_no_error();
}
