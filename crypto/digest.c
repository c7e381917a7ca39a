/* worker-safe */
/* File digests with BearSSL, read through a stack buffer. */
#include <bearssl.h>

#include "crypto/crypto.h"
#include "sys/sys.h"

int
crypto_digest_fd(int fd, unsigned len, uint8_t out[64])
{
	br_sha256_context s256;
	br_sha512_context s512;
	char buf[16384];
	long off = 0, n;

	if (len != 32 && len != 64)
		return -EINVAL;
	if (len == 32)
		br_sha256_init(&s256);
	else
		br_sha512_init(&s512);
	while ((n = sys_pread(fd, buf, sizeof(buf), off)) != 0) {
		if (n == -EINTR)
			continue;
		if (n < 0)
			return (int)n;
		if (len == 32)
			br_sha256_update(&s256, buf, (size_t)n);
		else
			br_sha512_update(&s512, buf, (size_t)n);
		off += n;
	}
	if (len == 32)
		br_sha256_out(&s256, out);
	else
		br_sha512_out(&s512, out);
	return 0;
}

void
crypto_hex(const uint8_t *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}
