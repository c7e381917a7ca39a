/*
 * Fuzz target: the crypt file format (crypto/crypt.c). Files under
 * crypt+ are written by the sandbox's own user outside it too, so the
 * header parser and the verify-then-decrypt path meet any bytes. Checks:
 *   - arbitrary input as a file: crypt_hdr_parse accepts exactly the
 *     inputs with the magic and version 3 and 53+ bytes; crypt_decrypt
 *     returns -EBADMSG and leaves the output empty (no valid MAC can be
 *     guessed: only a genuine file under the key, as a seed is, decrypts,
 *     to exactly its length less 53), or 0 with ci.empty for no input;
 *   - a real file (the input's tail encrypted under a key), then changed
 *     as the input's head says (flip bits, cut, extend): it decrypts to
 *     exactly the plaintext when unchanged, else it fails with -EBADMSG
 *     and no output; appending to it keeps the old plaintext as a prefix.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "fuzz.h"

static int
memfd_with(const void *p, size_t n)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	FUZZ_CHECK(fd >= 0, "memfd_create");
	FUZZ_CHECK(n == 0 || write(fd, p, n) == (ssize_t)n, "write");
	FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek"); /* for read() */
	return fd;
}

static size_t
fd_size(int fd)
{
	off_t n = lseek(fd, 0, SEEK_END);

	FUZZ_CHECK(n >= 0, "lseek");
	return (size_t)n;
}

static void
read_all(int fd, uint8_t *buf, size_t n)
{
	FUZZ_CHECK(pread(fd, buf, n, 0) == (ssize_t)n, "pread");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t master[32] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static struct crypt_keys k;
	static bool init;
	struct crypt_info ci;
	struct fuzz_in in = { data, size };
	uint8_t iv[16] = { 0 }, *buf;
	int f, out;
	long r;
	size_t n, plen;
	unsigned op, arg;

	if (!init) {
		crypt_keys_derive(master, &k);
		init = true;
	}
	if (size > 1 << 16)
		return 0;
	/* 1: the input itself as a crypt file. */
	r = crypt_hdr_parse(data, size, &ci);
	FUZZ_CHECK((r == 0) == (size >= CRYPT_HDR_LEN &&
	    memcmp(data, CRYPT_MAGIC, 4) == 0 && data[4] == CRYPT_VERSION),
	    "hdr_parse %ld for %zu bytes", r, size);
	f = memfd_with(data, size);
	out = memfd_with("stale", 5);
	r = crypt_decrypt(&k, f, 0, out, &ci);
	if (size == 0)
		FUZZ_CHECK(r == 0 && ci.empty && fd_size(out) == 0, "empty");
	else if (r >= 0) /* a genuine file under this key (a seed) */
		FUZZ_CHECK(size >= CRYPT_HDR_LEN &&
		    r == (long)(size - CRYPT_HDR_LEN) &&
		    fd_size(out) == (size_t)r, "decrypted %ld of %zu", r, size);
	else
		FUZZ_CHECK(r == -EBADMSG && fd_size(out) == 0,
		    "refused input left %zu bytes out (%ld)", fd_size(out), r);
	close(f);
	close(out);

	/* 2: a real file, then the head's change. */
	op = fuzz_byte(&in);
	arg = fuzz_byte(&in) | fuzz_byte(&in) << 8;
	memcpy(iv, in.p, in.n < 16 ? in.n : 16);
	plen = in.n;
	f = memfd_with(in.p, plen);
	out = memfd_with("", 0);
	r = crypt_encrypt(&k, f, 0, out, iv);
	FUZZ_CHECK(r == (long)(plen + CRYPT_HDR_LEN), "encrypt %ld", r);
	n = fd_size(out);
	buf = malloc(n + 64);
	FUZZ_CHECK(buf != NULL, "malloc");
	read_all(out, buf, n);
	close(out);
	switch (op % 4) {
	case 0: /* unchanged */
		break;
	case 1: /* one bit flipped */
		buf[arg % n] ^= (uint8_t)(1u << (op >> 5));
		break;
	case 2: /* cut short */
		n = arg % n;
		break;
	case 3: /* extended */
		memset(buf + n, (int)(op >> 2), 1 + arg % 63);
		n += 1 + arg % 63;
		break;
	}
	{
		int g = memfd_with(buf, n);
		uint8_t *plain = malloc(plen + 1);
		out = memfd_with("stale", 5);
		r = crypt_decrypt(&k, g, op & 0x80 ? -1 : 0, out, &ci);
		FUZZ_CHECK(plain != NULL, "malloc");
		if (op % 4 == 0) {
			FUZZ_CHECK(r == (long)plen && fd_size(out) == plen,
			    "genuine file: %ld", r);
			read_all(out, plain, plen);
			FUZZ_CHECK(memcmp(plain, in.p, plen) == 0,
			    "wrong plaintext");
			/* Append the head again: old plaintext stays the
			 * prefix, the whole decrypts. */
			{
				int both = memfd_with(in.p, plen);
				int app = memfd_with("", 0);
				FUZZ_CHECK(pwrite(both, data, 3 < size ? 3 : size,
				    (off_t)plen) >= 0, "write");
				r = crypt_append(&k, g, &ci, both, (int64_t)plen,
				    app);
				FUZZ_CHECK(r >= 0, "append %ld", r);
				close(out);
				out = memfd_with("", 0);
				r = crypt_decrypt(&k, app, 0, out, &ci);
				FUZZ_CHECK(r == (long)fd_size(both),
				    "appended file: %ld", r);
				close(both);
				close(app);
			}
		} else if (n == 0) {
			FUZZ_CHECK(r == 0 && ci.empty, "cut to nothing: %ld", r);
		} else {
			FUZZ_CHECK(r == -EBADMSG && fd_size(out) == 0,
			    "changed file (op %u) decrypted: %ld", op % 4, r);
		}
		free(plain);
		close(g);
	}
	close(out);
	close(f);
	free(buf);
	return 0;
}
