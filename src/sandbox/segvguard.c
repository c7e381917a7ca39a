/* worker-safe */
/*
 * SegvGuard (after HardenedBSD, as in syd 3): a program that crashed
 * segvguard/maxcrashes times within segvguard/expiry is not executed for
 * segvguard/suspension, so that a crashing exploit cannot try address
 * after address (brute-forcing ASLR). Main records crashes (when it
 * reaps the crashed process, confine/segv_exe.c), emulators and main consult the table at exec; both under
 * segv_lock. Programs are known by their executable's path, kept as a
 * SHA-256 digest (16 bytes of it) so that an entry has a fixed, small
 * size whatever the path; the table has SYD_SEGVGUARD_MAX entries.
 */
#include <string.h>

#include "crypto/crypto.h"
#include "sandbox/sandbox.h"

static void
segv_key(const char *path, uint8_t key[16])
{
	static const char k[] = "syd segvguard";
	uint8_t d[32];

	crypto_hmac_sha256(k, sizeof(k) - 1, path, strlen(path), d);
	memcpy(key, d, 16);
}

static int64_t
segv_now_ms(void)
{
	return sys_now_ns() / 1000000;
}

/* An entry that holds nothing any more: free, its suspension over (the
 * count starts again), or its crashes expired. */
static bool
segv_stale(const struct sandbox_segv *s, int64_t now, int64_t expiry)
{
	return s->crashes == 0 || (s->until != 0 && s->until <= now) ||
	    (s->until == 0 && now - s->first >= expiry);
}

uint32_t
sandbox_segv_crash(struct sandbox *sb, const char *path, int64_t expiry,
    int64_t suspension, uint64_t max, int64_t *until)
{
	struct sandbox_segv *s, *e = NULL, *victim = NULL;
	int64_t now = segv_now_ms();
	uint8_t key[16];
	uint32_t n;

	segv_key(path, key);
	*until = 0;
	sys_lock(&sb->segv_lock);
	for (unsigned i = 0; i < SYD_SEGVGUARD_MAX && e == NULL; i++) {
		s = &sb->segv[i];
		if (s->crashes != 0 && memcmp(s->key, key, 16) == 0)
			e = s;
	}
	/*
	 * Room for a new program: a stale entry, else the one with the
	 * fewest crashes that is not suspended (the oldest of those), so
	 * that filling the table with one-crash programs cannot push out
	 * one that is close to its suspension.
	 */
	for (unsigned i = 0; i < SYD_SEGVGUARD_MAX && e == NULL; i++) {
		s = &sb->segv[i];
		if (segv_stale(s, now, expiry)) {
			victim = s;
			break;
		}
		if (s->until <= now && (victim == NULL ||
		    s->crashes < victim->crashes ||
		    (s->crashes == victim->crashes && s->first < victim->first)))
			victim = s;
	}
	if (e == NULL && victim != NULL) {
		e = victim;
		memcpy(e->key, key, 16);
		e->crashes = 0;
		e->until = 0;
	}
	if (e == NULL) {
		/* Every entry is a suspended program: this crash is not
		 * counted (the table's bound, config.h). */
		sys_unlock(&sb->segv_lock);
		return 0;
	}
	if (e->until > now) {
		/* Suspended already (it ran before the suspension). */
		*until = e->until;
		n = e->crashes;
		sys_unlock(&sb->segv_lock);
		return n;
	}
	if (segv_stale(e, now, expiry)) {
		e->crashes = 0;
		e->until = 0;
		e->first = now;
	}
	n = ++e->crashes;
	if (n >= max) {
		e->until = now + suspension;
		*until = e->until;
	}
	sys_unlock(&sb->segv_lock);
	return n;
}

int64_t
sandbox_segv_suspended(struct sandbox *sb, const char *path)
{
	int64_t now, left = 0;
	uint8_t key[16];

	segv_key(path, key);
	sys_lock(&sb->segv_lock);
	for (unsigned i = 0; i < SYD_SEGVGUARD_MAX; i++) {
		struct sandbox_segv *s = &sb->segv[i];
		if (s->crashes != 0 && memcmp(s->key, key, 16) == 0) {
			/* The clock only for a suspended one (an exec of a
			 * program that never crashed asks no time). */
			if (s->until != 0 && s->until > (now = segv_now_ms()))
				left = s->until - now;
			break;
		}
	}
	sys_unlock(&sb->segv_lock);
	return left;
}
