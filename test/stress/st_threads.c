/*
 * st_threads DIR NTHREADS ITERS
 *
 * NTHREADS threads each make ITERS calls, cycling through five kinds:
 * open DIR/ok.txt (allowed: must read "STRESS-OK"), open DIR/deny.txt
 * (read denied: EACCES), open DIR/missing (ENOENT), stat DIR/hide.txt
 * (stat denied: hidden, ENOENT) and stat DIR/ok.txt (allowed). Every
 * result must be exactly the expected one; any other outcome (a wrong
 * errno, an EINTR, a denied file that opened) is counted and fails.
 * Prints the counts, then OK (exit 0) or FAIL (exit 1).
 */
#include <pthread.h>
#include <sys/stat.h>

#include "st.h"

enum { K_OPEN_OK, K_OPEN_DENY, K_OPEN_MISSING, K_STAT_HIDE, K_STAT_OK, K_N };

static const char *dir;
static long iters;
static const char *kname[K_N] = { "open_ok", "open_deny", "open_missing",
	"stat_hidden", "stat_ok" };

struct tally {
	long want[K_N], good[K_N], bad[K_N];
	char first_bad[128];
};

static void
note_bad(struct tally *t, int k, int err)
{
	t->bad[k]++;
	if (t->first_bad[0] == '\0')
		snprintf(t->first_bad, sizeof(t->first_bad), "%s gave %s",
		    kname[k], err ? strerror(err) : "success");
}

static void
one(struct tally *t, int k, const char *ok, const char *deny,
    const char *missing, const char *hide)
{
	struct stat st;
	int fd, r;

	t->want[k]++;
	switch (k) {
	case K_OPEN_OK:
		fd = open(ok, O_RDONLY);
		if (fd >= 0 && st_has_marker(fd, "STRESS-OK"))
			t->good[k]++;
		else
			note_bad(t, k, fd < 0 ? errno : EIO);
		return;
	case K_OPEN_DENY:
	case K_OPEN_MISSING:
		fd = open(k == K_OPEN_DENY ? deny : missing, O_RDONLY);
		if (fd >= 0) {
			close(fd);
			note_bad(t, k, 0);
		} else if (errno == (k == K_OPEN_DENY ? EACCES : ENOENT))
			t->good[k]++;
		else
			note_bad(t, k, errno);
		return;
	case K_STAT_HIDE:
		r = stat(hide, &st);
		if (r < 0 && errno == ENOENT)
			t->good[k]++;
		else
			note_bad(t, k, r < 0 ? errno : 0);
		return;
	default:
		r = stat(ok, &st);
		if (r == 0 && S_ISREG(st.st_mode))
			t->good[k]++;
		else
			note_bad(t, k, r < 0 ? errno : EIO);
	}
}

static void *
worker(void *arg)
{
	struct tally *t = arg;
	char ok[512], deny[512], missing[512], hide[512];
	long seed = t - (struct tally *)0;

	snprintf(ok, sizeof(ok), "%s/ok.txt", dir);
	snprintf(deny, sizeof(deny), "%s/deny.txt", dir);
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	snprintf(hide, sizeof(hide), "%s/hide.txt", dir);
	for (long j = 0; j < iters; j++)
		one(t, (int)((seed * 7 + j) % K_N), ok, deny, missing, hide);
	return NULL;
}

int
main(int argc, char **argv)
{
	static struct tally tl[256];
	static pthread_t th[256];
	long n, want = 0, good = 0, bad = 0;
	double t0;

	if (argc != 4 || (n = atol(argv[2])) <= 0 || n > 256 ||
	    (iters = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: st_threads DIR NTHREADS ITERS\n");
		return 2;
	}
	dir = argv[1];
	t0 = st_now();
	for (long i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, worker, &tl[i]) != 0)
			st_die("pthread_create %ld", i);
	for (long i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	for (int k = 0; k < K_N; k++) {
		long w = 0, g = 0, b = 0;
		for (long i = 0; i < n; i++) {
			w += tl[i].want[k];
			g += tl[i].good[k];
			b += tl[i].bad[k];
		}
		printf("%s: calls=%ld expected=%ld unexpected=%ld\n", kname[k],
		    w, g, b);
		want += w;
		good += g;
		bad += b;
	}
	for (long i = 0; i < n; i++)
		if (tl[i].first_bad[0] != '\0') {
			printf("first unexpected (thread %ld): %s\n", i,
			    tl[i].first_bad);
			break;
		}
	if (bad != 0 || good != want || want != n * iters) {
		printf("FAIL %ld of %ld calls unexpected\n", bad, want);
		return 1;
	}
	printf("OK threads=%ld calls=%ld seconds=%.2f\n", n, want,
	    st_now() - t0);
	return 0;
}
