/*
 * Fuzz target: configuration files (policy_load, src/policy/load.c) with
 * includes. The input is up to four files, a.syd-3 .. d.syd-3, separated
 * by a line "%%", written to a private directory; a.syd-3 is loaded. They
 * may include each other (loops end with ELOOP), profiles, missing files.
 * Checks: 0 or -errno; a failure says "<file>:<line>: <reason>" on one
 * line, naming a line that exists; the lock and actions stay valid; and a
 * file without includes that loads gives the same policy as its lines run
 * one by one through policy_cmd (trimmed, comments and blanks skipped).
 */
#include <errno.h>
#include <unistd.h>

#include "fuzz.h"
#include "policy/policy.h"

#define NFILE 4

static char dir[64];

static void
dir_free(void)
{
	char p[128];

	for (int i = 0; i < NFILE; i++) {
		snprintf(p, sizeof(p), "%s/%c.syd-3", dir, 'a' + i);
		unlink(p);
	}
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(dir, sizeof(dir), "/tmp/syd-fuzz-config.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	setenv("FUZZ_DIR", dir, 1);
	setenv("FUZZ_GLOB", "/{a,b}/**", 1);
	atexit(dir_free);
	return 0;
}

static size_t
total(const struct policy *p)
{
	size_t n = p->mask.n + p->append.n + p->crypt.n + p->nbind +
	    p->nforce;

	for (int c = 0; c < POLICY_NLIST; c++)
		n += p->list[c].n;
	for (int i = 0; i < POLICY_NLPATH; i++)
		n += p->lpath[i].n;
	for (int i = 0; i < POLICY_NLPORT; i++)
		n += p->lport[i].n;
	return n;
}

static bool
is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The lines of f (n bytes) run one by one on q; false if one failed. */
static bool
replay(struct policy *q, const char *f, size_t n)
{
	char line[8200], err[256];
	const char *s = f, *end = f + n, *nl;

	for (; s < end; s = nl + 1) {
		size_t l;
		char *t;
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		l = (size_t)(nl - s);
		if (l >= sizeof(line))
			return false;
		memcpy(line, s, l);
		while (l > 0 && is_space(line[l - 1]))
			l--;
		line[l] = '\0';
		for (t = line; is_space(*t); t++)
			;
		if (*t == '\0' || *t == '#')
			continue;
		if (policy_cmd(q, t, err, sizeof(err)) < 0)
			return false;
	}
	return true;
}

static unsigned
lines_of(const char *f, size_t n)
{
	unsigned k = 1;

	for (size_t i = 0; i < n; i++)
		k += f[i] == '\n';
	return k;
}

static void
err_check(const char *err, size_t errsz, const char *files[], size_t *lens)
{
	const char *colon = strstr(err, ".syd-3:");
	char *end;
	unsigned long line;

	FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL, "reason "
	    "`%s'", err);
	if (errsz < 256)
		return; /* cut short: the shape may be gone */
	FUZZ_CHECK(colon != NULL, "reason without a location: `%s'", err);
	line = strtoul(colon + 7, &end, 10);
	FUZZ_CHECK(line >= 1 && *end == ':', "bad location in `%s'", err);
	for (int i = 0; i < NFILE; i++) {
		char name[128];
		int nl = snprintf(name, sizeof(name), "%s/%c.syd-3", dir,
		    'a' + i);
		if (colon + 6 - err == nl && !strncmp(err, name, (size_t)nl))
			FUZZ_CHECK(line <= lines_of(files[i], lens[i]), "line "
			    "%lu of %d-line %s", line,
			    lines_of(files[i], lens[i]), name);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *files[NFILE] = { "", "", "", "" }, *s, *sep;
	size_t lens[NFILE] = { 0 }, errsz, left;
	char path[128], err[256];
	struct policy p, q;
	int n = 0, rc;

	if (size == 0)
		return 0;
	errsz = data[0] % 256 + 1;
	s = (const char *)data + 1;
	left = size - 1;
	while (n < NFILE) {
		sep = memmem(s, left, "\n%%\n", 4);
		files[n] = s;
		lens[n] = sep != NULL && n < NFILE - 1 ? (size_t)(sep - s) + 1 :
		    left;
		n++;
		if (lens[n - 1] == left)
			break;
		left -= lens[n - 1] + 3;
		s = sep + 4;
	}
	for (int i = 0; i < NFILE; i++) {
		FILE *f;
		snprintf(path, sizeof(path), "%s/%c.syd-3", dir, 'a' + i);
		if (i >= n) {
			unlink(path);
			continue;
		}
		if ((f = fopen(path, "w")) == NULL)
			abort();
		fwrite(files[i], 1, lens[i], f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/a.syd-3", dir);
	policy_init(&p);
	memset(err, 'x', sizeof(err));
	rc = policy_load(&p, path, err, errsz);
	FUZZ_CHECK(rc <= 0 && rc > -4096, "policy_load returned %d", rc);
	FUZZ_CHECK(memchr(err, '\0', errsz) != NULL, "reason not terminated");
	for (int c = 0; c < POLICY_NCAT; c++)
		FUZZ_CHECK(p.defact[c] < POLICY_NACT, "default action");
	FUZZ_CHECK(p.lock <= POLICY_LOCK_IPC, "lock %u", p.lock);
	if (rc < 0 && errsz > 1)
		err_check(err, errsz, files, lens);
	if (rc == 0 && memmem(files[0], lens[0], "include", 7) == NULL &&
	    memmem(files[0], lens[0], "reset", 5) == NULL) {
		policy_init(&q);
		FUZZ_CHECK(replay(&q, files[0], lens[0]), "a.syd-3 loads but "
		    "its lines do not all run");
		FUZZ_CHECK(q.sandbox == p.sandbox && !memcmp(q.defact,
		    p.defact, sizeof(p.defact)) && total(&q) == total(&p) &&
		    q.lock == p.lock, "file and its lines disagree");
		policy_free(&q);
	}
	policy_free(&p);
	return 0;
}
