/*
 * Fuzz target: the IPC line protocol and the run-time command gate, as
 * the IPC worker and /dev/syd use them (src/pool/ipc_line.c,
 * src/kernel/gate.c, src/kernel/state.c), without a live sandbox.
 *
 * The input is a byte stream fed in reads of varying sizes. Framing must
 * give exactly the complete lines of the stream, in order, each over-long
 * one as a single -E2BIG; a line holding a NUL is refused. Each command
 * then goes through sandbox_cmd_prepare and, for changes,
 * sandbox_cmd_allowed, and runs on a policy whose lock starts at a state
 * the input picks:
 * - a query never changes the policy;
 * - the lock never loosens;
 * - a change that lock:drop would admit (sandbox_cmd_stricter) never turns
 *   a denial into an allowance, for a set of probe paths and addresses;
 * - `stat', and the state at the end, is one valid JSON object.
 * ${VAR} holding lock words, queries and start-up-only settings are in
 * the environment, so the gate must judge the expansion.
 *
 * Input: a byte of start lock, a byte of read-size pattern, the stream.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "policy/policy.h"
#include "sandbox/sandbox.h"
#include "pool/pool_int.h"

static const uint8_t locks[] = { POLICY_LOCK_OFF, POLICY_LOCK_EXEC,
	POLICY_LOCK_DROP, POLICY_LOCK_READ, POLICY_LOCK_IPC, POLICY_LOCK_ON,
	POLICY_LOCK_UNSET };
static const char *const probes[] = { "/", "/etc/passwd", "/etc/shadow",
	"/tmp/x", "/dev/null", "/home/u/.ssh/id_rsa", "/a", "/b/c" };
static int memfd = -1;
#define FP_SIZE (1 << 20)
static char fp0[FP_SIZE], fp1[FP_SIZE];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("FUZZ_OFF", "off", 1);
	setenv("FUZZ_QUERY", "sandbox/read?", 1);
	setenv("FUZZ_ROOT", "root:/tmp", 1);
	setenv("FUZZ_CAT", "pid", 1);
	setenv("FUZZ_GLOB", "/{a,b}/**", 1);
	setenv("FUZZ_ALLOW", "allow/read+/***", 1);
	if ((memfd = memfd_create("fuzz-state", 0)) < 0)
		abort();
	return 0;
}

/* Lock states ordered by strictness (unset counts as on). */
static int
lock_rank(int l)
{
	static const int rank[] = { [POLICY_LOCK_UNSET] = 5,
		[POLICY_LOCK_OFF] = 0, [POLICY_LOCK_EXEC] = 1,
		[POLICY_LOCK_DROP] = 2, [POLICY_LOCK_READ] = 3,
		[POLICY_LOCK_IPC] = 4, [POLICY_LOCK_ON] = 5 };

	return rank[l];
}

/* kernel_state into buf (NUL-terminated); checked to be one object. */
static size_t
state(const struct policy *p, char *buf, size_t cap)
{
	ssize_t n;

	FUZZ_CHECK(ftruncate(memfd, 0) == 0 && lseek(memfd, 0, SEEK_SET) == 0,
	    "memfd reset");
	sandbox_state(memfd, p);
	n = pread(memfd, buf, cap - 1, 0);
	FUZZ_CHECK(n > 0 && (size_t)n < cap - 1, "state of %zd bytes", n);
	buf[n] = '\0';
	FUZZ_CHECK(buf[n - 1] == '\n' && memchr(buf, '\n', (size_t)n - 1) ==
	    NULL, "state is not one line");
	FUZZ_CHECK(json_valid(buf, (size_t)n, NULL), "state is not JSON: %s",
	    buf);
	return (size_t)n;
}

/* FNV-1a over the rules of a list. */
static uint64_t
list_hash(uint64_t h, const struct policy_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const unsigned char *c = (const unsigned char *)l->v[i].pat;
		h = (h ^ l->v[i].act) * 0x100000001b3ull;
		for (; *c != '\0'; c++)
			h = (h ^ *c) * 0x100000001b3ull;
		h = (h ^ 0xff) * 0x100000001b3ull;
	}
	return (h ^ l->n) * 0x100000001b3ull;
}

/* Everything a command may change, as text. */
static size_t
fingerprint(const struct policy *p, char *buf, size_t cap)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t n;

	for (int c = 0; c < POLICY_NLIST; c++)
		h = list_hash(h, &p->list[c]);
	for (int i = 0; i < POLICY_NLPATH; i++)
		h = list_hash(h, &p->lpath[i]);
	for (int i = 0; i < POLICY_NLPORT; i++)
		h = list_hash(h, &p->lport[i]);
	h = list_hash(list_hash(list_hash(h, &p->mask), &p->append), &p->crypt);
	n = (size_t)snprintf(buf, cap, "%016llx %llx ", (unsigned long long)h,
	    (unsigned long long)p->sandbox);
	for (int c = 0; c < POLICY_NCAT; c++)
		buf[n++] = (char)('a' + p->defact[c]);
	n += (size_t)snprintf(buf + n, cap - n, "|%d %lld %d %u %u %zu %zu "
	    "%zu %zu %zu %zu %zu %zu %zu %llu %llu %llu %lld %d%d%d %llu %u "
	    "%s %s %s %s %d %d %d", p->lock, (long long)p->timeout_ms,
	    p->log_level, p->unshare, p->rlimit_set, p->nbind, p->nforce,
	    p->mask.n, p->append.n, p->crypt.n, p->lpath[0].n + p->lpath[1].n +
	    p->lpath[2].n, p->lport[0].n + p->lport[1].n, p->list[POLICY_IOCTL].n,
	    p->list[POLICY_NET_CONNECT].n, (unsigned long long)p->pid_max,
	    (unsigned long long)p->mem_max, (unsigned long long)p->mem_vm_max,
	    (long long)p->tpe_gid, p->tpe_negate, p->tpe_root_owned,
	    p->tpe_user_owned, (unsigned long long)p->unsafe, p->panic,
	    p->root ? p->root : "-", p->ipc ? p->ipc : "-",
	    p->hostname ? p->hostname : "-", p->crypt_tmp ? p->crypt_tmp : "-",
	    p->crypt_key_set, p->exit_wait_all, p->safe_bind);
	return n;
}

static bool
denies(enum policy_act a)
{
	return a != POLICY_ALLOW && a != POLICY_WARN;
}

/* Bit i of the result: probe decision i denies. */
static void
decisions(const struct policy *p, bool *out)
{
	static const uint8_t v4[4] = { 127, 0, 0, 1 };
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	size_t k = 0;

	for (int c = 0; c < POLICY_NLIST; c++) {
		bool on = policy_on(p, c);
		if (c == POLICY_IOCTL) {
			out[k++] = on && denies(policy_match_ioctl(p, 0x5412));
			continue;
		}
		for (size_t i = 0; i < sizeof(probes) / sizeof(*probes); i++)
			out[k++] = on && denies(policy_match(p, c, probes[i]));
		out[k++] = on && denies(policy_match_ip(p, c, AF_INET, v4, 80));
		out[k++] = on && denies(policy_match_ip(p, c, AF_INET6, v6,
		    443));
	}
}

#define NDEC (POLICY_NLIST * 10)

struct run {
	struct policy p;
	bool drop;	/* judge changes as lock:drop would */
	char *fp[2];	/* fingerprint buffers */
	size_t nline;
	const char *lines[512]; /* expected complete lines (model) */
	size_t lens[512];
	size_t got;
};

static void
cmd_check(struct run *r, char *cmd)
{
	char x[POLICY_CMD_MAX + 1], err[256];
	bool before[NDEC] = { 0 }, after[NDEC] = { 0 };
	int kind, rc, rank = lock_rank(r->p.lock);

	if (strcmp(cmd, "stat") == 0) {
		state(&r->p, r->fp[0], FP_SIZE);
		return;
	}
	kind = sandbox_cmd_prepare(cmd, x, sizeof(x));
	FUZZ_CHECK(kind == SANDBOX_CMD_QUERY || kind == SANDBOX_CMD_CHANGE ||
	    kind == -EOPNOTSUPP || kind == -EINVAL || kind == -E2BIG,
	    "prepare `%s': %d", cmd, kind);
	if (kind < 0)
		return;
	if (kind == SANDBOX_CMD_QUERY) {
		fingerprint(&r->p, r->fp[0], FP_SIZE);
		rc = policy_cmd_expanded(&r->p, x, err, sizeof(err));
		FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -EINVAL,
		    "query `%s': %d", x, rc);
		fingerprint(&r->p, r->fp[1], FP_SIZE);
		FUZZ_CHECK(strcmp(r->fp[0], r->fp[1]) == 0, "query `%s' "
		    "changed the policy", x);
		return;
	}
	if (r->drop && !sandbox_cmd_stricter(x))
		return; /* /dev/syd under lock:drop refuses it */
	if (sandbox_cmd_allowed(&r->p, x) < 0)
		return;
	if (r->drop)
		decisions(&r->p, before);
	rc = policy_cmd_expanded(&r->p, x, err, sizeof(err));
	FUZZ_CHECK(rc <= 0, "`%s': %d", x, rc);
	FUZZ_CHECK(lock_rank(r->p.lock) >= rank, "`%s' (from `%s') loosened "
	    "the lock", x, cmd);
	if (!r->drop)
		return;
	decisions(&r->p, after);
	for (size_t i = 0; i < NDEC; i++)
		FUZZ_CHECK(!before[i] || after[i], "`%s' admitted by lock:drop "
		    "turned denial %zu into an allowance", x, i);
}

static bool
on_line(void *arg, char *s, size_t n, int err)
{
	struct run *r = arg;
	char *cmd;
	int t;

	FUZZ_CHECK(r->got < r->nline, "more lines than the stream has");
	if (r->lens[r->got] >= POOL_IPC_LINE) {
		FUZZ_CHECK(err == -E2BIG && s == NULL, "over-long line %zu "
		    "delivered", r->got);
		r->got++;
		return true;
	}
	FUZZ_CHECK(err == 0 && n == r->lens[r->got] &&
	    memcmp(s, r->lines[r->got], n) == 0 && s[n] == '\0',
	    "line %zu differs", r->got);
	r->got++;
	t = pool_ipc_trim(s, n, &cmd);
	if (memchr(r->lines[r->got - 1], '\0', n) != NULL) {
		FUZZ_CHECK(t == -EINVAL, "a NUL in a line accepted");
		return true;
	}
	FUZZ_CHECK(t >= 0, "trim %d", t);
	if (t == 0)
		return true;
	FUZZ_CHECK(cmd[0] != ' ' && cmd[strlen(cmd) - 1] != ' ' &&
	    cmd[strlen(cmd) - 1] != '\r', "untrimmed `%s'", cmd);
	cmd_check(r, cmd);
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	static struct pool_ipc_buf b;
	const uint8_t *s, *e, *nl;
	unsigned pat;
	size_t off = 0, step = 0;

	if (size < 2)
		return 0;
	policy_init(&r.p);
	r.p.lock = locks[data[0] % sizeof(locks)];
	r.drop = data[0] / sizeof(locks) % 2;
	r.fp[0] = fp0;
	r.fp[1] = fp1;
	pat = data[1];
	s = data + 2;
	e = data + size;
	/* The model: every complete line of the stream. */
	r.nline = r.got = 0;
	for (const uint8_t *p = s; p < e && r.nline < 512; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			break;
		r.lines[r.nline] = (const char *)p;
		r.lens[r.nline++] = (size_t)(nl - p);
	}
	if (r.nline == 512) {
		e = (const uint8_t *)r.lines[511] + r.lens[511] + 1;
	} else {
		/* An unfinished last line is refused once it fills the
		 * buffer, newline or not. */
		const uint8_t *last = r.nline == 0 ? s :
		    (const uint8_t *)r.lines[r.nline - 1] +
		    r.lens[r.nline - 1] + 1;
		if ((size_t)(e - last) >= POOL_IPC_LINE) {
			r.lines[r.nline] = (const char *)last;
			r.lens[r.nline++] = (size_t)(e - last);
		}
	}
	b.len = 0;
	b.skip = false;
	while (off < (size_t)(e - s)) {
		/* Reads of 1..256 bytes or as much as fits, by the pattern. */
		size_t want = (pat >> (step++ % 8) & 1) ? 1 + (pat * step) % 256 :
		    sizeof(b.buf);
		size_t room = sizeof(b.buf) - b.len, n = (size_t)(e - s) - off;
		n = n < want ? n : want;
		n = n < room ? n : room;
		memcpy(b.buf + b.len, s + off, n);
		b.len += n;
		off += n;
		pool_ipc_lines(&b, on_line, &r);
	}
	FUZZ_CHECK(r.got == r.nline, "%zu of %zu lines seen", r.got, r.nline);
	state(&r.p, fp0, FP_SIZE);
	policy_free(&r.p);
	return 0;
}
