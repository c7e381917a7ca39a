/*
 * st_limits DIR SECONDS NTHREADS
 *
 * The load for "syd out of fds or memory": the driver lowers syd's own
 * rlimits (prlimit --pid) and then creates DIR/go. From then on, for
 * SECONDS, NTHREADS threads cycle through an open of DIR/ok.txt
 * (allowed: "STRESS-OK"), an open of DIR/deny.txt (denied), a stat of
 * DIR/hide.txt (hidden) and an open of DIR/missing. syd may fail any of
 * them with a resource error (EMFILE ENFILE ENOMEM EAGAIN ENOBUFS) but a
 * denied open must never succeed, a hidden file never be seen, and no
 * other result appear. Prints the counts (resource_errors shows that the
 * limit bit), then OK (exit 0) or FAIL (exit 1).
 */
#include <pthread.h>
#include <sys/stat.h>

#include "st.h"

static const char *dir;
static volatile int stop;

struct tally {
	long calls, right, resource, wrong, allowed_denied;
	char first_wrong[128];
};

static int
resource(int e)
{
	return e == EMFILE || e == ENFILE || e == ENOMEM || e == EAGAIN ||
	    e == ENOBUFS;
}

static void
count(struct tally *t, const char *what, int got, int want)
{
	t->calls++;
	if (got == want)
		t->right++;
	else if (got > 0 && resource(got))
		t->resource++;
	else {
		t->wrong++;
		if (got == 0 && want != 0)
			t->allowed_denied++;
		if (t->first_wrong[0] == '\0')
			snprintf(t->first_wrong, sizeof(t->first_wrong),
			    "%s gave %s", what, got ? strerror(got) :
			    "success");
	}
}

static int
try_open(const char *path, int want_marker)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno;
	if (want_marker && !st_has_marker(fd, "STRESS-OK"))
		return EIO;
	if (!want_marker)
		close(fd);
	return 0;
}

static void *
worker(void *arg)
{
	struct tally *t = arg;
	char ok[512], deny[512], hide[512], missing[512];
	struct stat st;

	snprintf(ok, sizeof(ok), "%s/ok.txt", dir);
	snprintf(deny, sizeof(deny), "%s/deny.txt", dir);
	snprintf(hide, sizeof(hide), "%s/hide.txt", dir);
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	while (!stop) {
		count(t, "open ok.txt", try_open(ok, 1), 0);
		count(t, "open deny.txt", try_open(deny, 0), EACCES);
		count(t, "stat hide.txt", stat(hide, &st) < 0 ? errno : 0,
		    ENOENT);
		count(t, "open missing", try_open(missing, 0), ENOENT);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	static struct tally tl[64];
	static pthread_t th[64];
	struct tally sum = { 0 };
	char go[512];
	long n, secs;
	double t0;

	if (argc != 4 || (secs = atol(argv[2])) <= 0 ||
	    (n = atol(argv[3])) <= 0 || n > 64) {
		fprintf(stderr, "usage: st_limits DIR SECONDS NTHREADS\n");
		return 2;
	}
	dir = argv[1];
	snprintf(go, sizeof(go), "%s/go", dir);
	for (t0 = st_now(); access(go, F_OK) < 0; st_sleep_us(10000))
		if (st_now() - t0 > 20)
			st_die("%s did not appear", go);
	t0 = st_now();
	for (long i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, worker, &tl[i]) != 0)
			st_die("pthread_create");
	st_sleep_us(secs * 1000000);
	stop = 1;
	for (long i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		sum.calls += tl[i].calls;
		sum.right += tl[i].right;
		sum.resource += tl[i].resource;
		sum.wrong += tl[i].wrong;
		sum.allowed_denied += tl[i].allowed_denied;
		if (sum.first_wrong[0] == '\0')
			memcpy(sum.first_wrong, tl[i].first_wrong,
			    sizeof(sum.first_wrong));
	}
	printf("calls=%ld right=%ld resource_errors=%ld wrong=%ld "
	    "denied_but_allowed=%ld\n", sum.calls, sum.right, sum.resource,
	    sum.wrong, sum.allowed_denied);
	if (sum.first_wrong[0] != '\0')
		printf("first wrong: %s\n", sum.first_wrong);
	if (sum.wrong != 0 || sum.calls == 0) {
		printf("FAIL\n");
		return 1;
	}
	printf("OK seconds=%.2f\n", st_now() - t0);
	return 0;
}
