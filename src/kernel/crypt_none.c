/* worker-safe */
/*
 * A build without crypt (config.mk WITH_CRYPT=0): main refuses
 * sandbox/crypt:on before any of these could matter; they say "no file
 * is a crypt file" and do nothing.
 */
#include "kernel/kernel_int.h"

#if !SYD_WITH_CRYPT
int
kernel_crypt_setup(struct sandbox *p, const uint8_t master[32],
    const char *tmpdir)
{
	return -EOPNOTSUPP; /* main refuses sandbox/crypt:on before this */
}

bool
kernel_crypted(struct emu *e)
{
	return false;
}

int
kernel_crypt_open(struct emu *e, uint64_t flags, unsigned mode)
{
	return -EOPNOTSUPP;
}

void
kernel_crypt_unlink(const char *path)
{
}

void
kernel_crypt_rename(const char *from, const char *to, const char *toname,
    bool samedir, bool exchange)
{
}

int
kernel_crypt_boot(void)
{
	return 0;
}

void
kernel_crypt_stop(void)
{
}

#endif /* !SYD_WITH_CRYPT */
