/* worker-safe */
/*
 * The crypt file format (SPEC.md section 7) as streams between file
 * descriptors: encrypt-then-MAC, verify-then-use, and appends that keep
 * the old ciphertext and continue its counter. Buffers are on the stack;
 * I/O is raw (src/sys); key material is wiped before returning.
 */
#include <bearssl.h>
#include <errno.h>
#include <string.h>

#include "crypto/crypto.h"
#include "sys/sys.h"

#define CRYPT_BUF 32768

void
crypt_keys_derive(const uint8_t master[32], struct crypt_keys *k)
{
	static const char enc[] = "syd/crypt/enc", mac[] = "syd/crypt/mac";

	crypto_hkdf_sha256("", 0, master, 32, enc, sizeof(enc) - 1, k->enc,
	    32);
	crypto_hkdf_sha256("", 0, master, 32, mac, sizeof(mac) - 1, k->mac,
	    32);
}

int
crypt_hdr_parse(const void *buf, size_t n, struct crypt_info *ci)
{
	const uint8_t *b = buf;

	if (n < CRYPT_HDR_LEN || memcmp(b, CRYPT_MAGIC, 4) != 0 ||
	    b[4] != CRYPT_VERSION)
		return -EBADMSG;
	memcpy(ci->mac, b + CRYPT_MAC_OFF, 32);
	memcpy(ci->iv, b + CRYPT_IV_OFF, 16);
	ci->empty = false;
	return 0;
}

/* Read up to n bytes: at *off with pread (then advanced), or with read
 * when *off < 0. Short only at end of file. */
static long
crypt_in(int fd, int64_t *off, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		long r = *off >= 0 ?
		    sys_pread(fd, (char *)buf + got, n - got,
			*off) :
		    sys_read(fd, (char *)buf + got, n - got);
		if (r == -EINTR)
			continue;
		if (r < 0)
			return r;
		if (r == 0)
			break;
		got += (size_t)r;
		if (*off >= 0)
			*off += r;
	}
	return (long)got;
}

/* All of buf at off: 0 or -errno. */
static long
crypt_out(int fd, const void *buf, size_t n, int64_t off)
{
	long r = sys_pwrite_all(fd, buf, n, off);

	return r < 0 ? r : 0;
}

/* HMAC state over magic || version || IV, ready for ciphertext. */
static void
crypt_mac_begin(const struct crypt_keys *k, br_hmac_key_context *kc,
    br_hmac_context *hc, const uint8_t iv[16])
{
	static const uint8_t mv[5] = { 0x7f, 'S', 'Y', 'D', CRYPT_VERSION };

	br_hmac_key_init(kc, crypto_sha256_class(CRYPTO_SHA_AUTO), k->mac, 32);
	br_hmac_init(hc, kc, 0);
	br_hmac_update(hc, mv, sizeof(mv));
	br_hmac_update(hc, iv, 16);
}

static void
crypt_hdr_build(uint8_t h[CRYPT_HDR_LEN], const uint8_t mac[32],
    const uint8_t iv[16])
{
	memcpy(h, CRYPT_MAGIC, 4);
	h[4] = CRYPT_VERSION;
	memcpy(h + CRYPT_MAC_OFF, mac, 32);
	memcpy(h + CRYPT_IV_OFF, iv, 16);
}

struct crypt_state {
	br_hmac_key_context kc;
	br_hmac_context hc;
	struct crypto_aes aes;
	uint8_t buf[CRYPT_BUF];
};

static void
crypt_state_wipe(struct crypt_state *s)
{
	crypto_wipe(s, sizeof(*s));
}

long
crypt_decrypt(const struct crypt_keys *k, int in, int64_t in_off, int out,
    struct crypt_info *ci)
{
	struct crypt_state s;
	uint8_t hdr[CRYPT_HDR_LEN], mac[32];
	uint64_t len = 0;
	long n, r = 0;

	memset(ci, 0, sizeof(*ci));
	if ((n = crypt_in(in, &in_off, hdr, sizeof(hdr))) <= 0) {
		ci->empty = n == 0;
		r = n < 0 ? n : sys_ftruncate(out, 0);
		return r < 0 ? r : 0;
	}
	if (crypt_hdr_parse(hdr, (size_t)n, ci) < 0) {
		sys_ftruncate(out, 0);
		return -EBADMSG;
	}
	if ((r = crypto_aes_init(&s.aes, k->enc, CRYPTO_AES_AUTO)) < 0) {
		sys_ftruncate(out, 0);
		return r;
	}
	crypt_mac_begin(k, &s.kc, &s.hc, ci->iv);
	for (;;) {
		if ((n = crypt_in(in, &in_off, s.buf, sizeof(s.buf))) <= 0) {
			r = n;
			break;
		}
		br_hmac_update(&s.hc, s.buf, (size_t)n);
		crypto_aes_xor(&s.aes, ci->iv, len, s.buf, (size_t)n);
		if ((r = crypt_out(out, s.buf, (size_t)n, (int64_t)len)) < 0)
			break;
		len += (uint64_t)n;
	}
	br_hmac_out(&s.hc, mac);
	crypt_state_wipe(&s);
	if (r == 0 && crypto_neq(mac, ci->mac, 32))
		r = -EBADMSG;
	if (r == 0)
		r = sys_ftruncate(out, (long)len);
	if (r < 0) {
		/* Nothing unverified survives. */
		sys_ftruncate(out, 0);
		return r;
	}
	ci->len = len;
	return (long)len;
}

/* Encrypt in (from in_off, or sequentially) into out from out_off on,
 * the stream at byte ctr_off of iv, feeding the ciphertext to hc. */
static long
crypt_body(const struct crypt_keys *k, struct crypt_state *s, int in,
    int64_t in_off, int out, int64_t out_off, const uint8_t iv[16],
    uint64_t ctr_off)
{
	uint64_t done = 0;
	long n, r;

	if ((r = crypto_aes_init(&s->aes, k->enc, CRYPTO_AES_AUTO)) < 0)
		return r;
	while ((n = crypt_in(in, &in_off, s->buf, sizeof(s->buf))) > 0) {
		crypto_aes_xor(&s->aes, iv, ctr_off + done, s->buf, (size_t)n);
		br_hmac_update(&s->hc, s->buf, (size_t)n);
		if ((r = crypt_out(out, s->buf, (size_t)n,
		    out_off + (int64_t)done)) < 0)
			return r;
		done += (uint64_t)n;
	}
	return n < 0 ? n : (long)done;
}

long
crypt_encrypt(const struct crypt_keys *k, int in, int64_t in_off, int out,
    const uint8_t iv[16])
{
	struct crypt_state s;
	uint8_t hdr[CRYPT_HDR_LEN], mac[32] = { 0 };
	long n, r;

	crypt_hdr_build(hdr, mac, iv);
	if ((r = crypt_out(out, hdr, sizeof(hdr), 0)) < 0)
		return r;
	crypt_mac_begin(k, &s.kc, &s.hc, iv);
	n = crypt_body(k, &s, in, in_off, out, CRYPT_HDR_LEN, iv, 0);
	br_hmac_out(&s.hc, mac);
	crypt_state_wipe(&s);
	if (n < 0)
		return n;
	if ((r = crypt_out(out, mac, 32, CRYPT_MAC_OFF)) < 0)
		return r;
	if ((r = sys_ftruncate(out, CRYPT_HDR_LEN + n)) < 0)
		return r;
	return CRYPT_HDR_LEN + n;
}

long
crypt_append(const struct crypt_keys *k, int old,
    const struct crypt_info *base, int in, int64_t in_off, int out)
{
	struct crypt_state s;
	struct crypt_info ci;
	uint8_t hdr[CRYPT_HDR_LEN], mac[32];
	int64_t off = 0;
	uint64_t len = 0;
	long n, r = 0;

	if ((n = crypt_in(old, &off, hdr, sizeof(hdr))) < 0)
		return n;
	if (crypt_hdr_parse(hdr, (size_t)n, &ci) < 0)
		return -EBADMSG;
	if (memcmp(ci.iv, base->iv, 16) != 0)
		return -ESTALE;
	if ((r = crypt_out(out, hdr, sizeof(hdr), 0)) < 0)
		return r;
	crypt_mac_begin(k, &s.kc, &s.hc, ci.iv);
	/* The old ciphertext as it is, its MAC checked on the way. */
	while ((n = crypt_in(old, &off, s.buf, sizeof(s.buf))) > 0) {
		br_hmac_update(&s.hc, s.buf, (size_t)n);
		if ((r = crypt_out(out, s.buf, (size_t)n,
		    CRYPT_HDR_LEN + (int64_t)len)) < 0)
			goto out;
		len += (uint64_t)n;
	}
	if ((r = n) < 0)
		goto out;
	if (len != base->len) {
		r = -ESTALE;
		goto out;
	}
	{
		br_hmac_context check = s.hc;
		br_hmac_out(&check, mac);
		crypto_wipe(&check, sizeof(check));
	}
	if (crypto_neq(mac, ci.mac, 32)) {
		r = -EBADMSG;
		goto out;
	}
	n = crypt_body(k, &s, in, in_off, out, CRYPT_HDR_LEN + (int64_t)len,
	    ci.iv, len);
	if ((r = n) < 0)
		goto out;
	br_hmac_out(&s.hc, mac);
	if ((r = crypt_out(out, mac, 32, CRYPT_MAC_OFF)) < 0)
		goto out;
	r = CRYPT_HDR_LEN + (long)len + n;
	if ((n = sys_ftruncate(out, r)) < 0)
		r = n;
out:
	crypt_state_wipe(&s);
	crypto_wipe(mac, sizeof(mac));
	return r;
}
