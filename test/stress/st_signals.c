/*
 * st_signals DIR SECONDS NTHREADS
 *
 * A SIGURG handler without SA_RESTART, and a thread that sends SIGURG
 * every 10 us, in turn to each worker thread (tgkill) and to the whole
 * process (kill). For SECONDS, NTHREADS workers cycle through calls the
 * kernel never interrupts — stat and access of DIR/ok.txt, open and read
 * of it ("STRESS-OK"), open of DIR/deny.txt (denied: EACCES), stat of
 * DIR/hide.txt (hidden: ENOENT) — and each must give exactly its result:
 * an EINTR is a failure. One more thread opens the FIFO DIR/sig.fifo
 * (no writer) over and over, where EINTR is the native answer: each open
 * must come back (EINTR), or the run hangs and the driver's timeout
 * fails it. Prints the counts, then OK (exit 0) or FAIL (exit 1).
 */
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "st.h"

static const char *dir;
static volatile int stop, workers_done;
static volatile long handled;
static pid_t tids[64], fifo_tid;
static int ntids;

struct tally {
	long calls, eintr, bad;
	char first_bad[128];
};

static void
on_urg(int sig)
{
	(void)sig;
	handled++;
}

static void
bad(struct tally *t, const char *what, int err)
{
	if (err == EINTR)
		t->eintr++;
	else
		t->bad++;
	if (t->first_bad[0] == '\0')
		snprintf(t->first_bad, sizeof(t->first_bad), "%s gave %s "
		    "(%d)", what, err ? strerror(err) : "success", err);
}

static void
round_of_calls(struct tally *t, const char *ok, const char *deny,
    const char *hide)
{
	struct stat st;
	int fd;

	t->calls += 5;
	if (stat(ok, &st) < 0)
		bad(t, "stat ok.txt", errno);
	if (access(ok, R_OK) < 0)
		bad(t, "access ok.txt", errno);
	fd = open(ok, O_RDONLY);
	if (fd < 0)
		bad(t, "open ok.txt", errno);
	else if (!st_has_marker(fd, "STRESS-OK"))
		bad(t, "read ok.txt", EIO);
	fd = open(deny, O_RDONLY);
	if (fd >= 0) {
		close(fd);
		bad(t, "open deny.txt", 0);
	} else if (errno != EACCES)
		bad(t, "open deny.txt", errno);
	if (stat(hide, &st) == 0)
		bad(t, "stat hide.txt", 0);
	else if (errno != ENOENT)
		bad(t, "stat hide.txt", errno);
}

static void *
worker(void *arg)
{
	struct tally *t = arg;
	char ok[512], deny[512], hide[512];
	int me = __atomic_fetch_add(&ntids, 1, __ATOMIC_SEQ_CST);

	tids[me] = (pid_t)syscall(SYS_gettid);
	snprintf(ok, sizeof(ok), "%s/ok.txt", dir);
	snprintf(deny, sizeof(deny), "%s/deny.txt", dir);
	snprintf(hide, sizeof(hide), "%s/hide.txt", dir);
	while (!stop)
		round_of_calls(t, ok, deny, hide);
	return NULL;
}

/* Blocking FIFO opens: EINTR is right here, anything else is not. */
static void *
fifo_opener(void *arg)
{
	struct tally *t = arg;
	char fifo[512];
	int fd;

	snprintf(fifo, sizeof(fifo), "%s/sig.fifo", dir);
	fifo_tid = (pid_t)syscall(SYS_gettid);
	while (!stop) {
		t->calls++;
		fd = open(fifo, O_RDONLY);
		if (fd >= 0) {
			close(fd);
			bad(t, "open sig.fifo", 0);
		} else if (errno == EINTR)
			t->eintr++; /* expected: counted apart below */
		else
			bad(t, "open sig.fifo", errno);
	}
	return NULL;
}

static void *
signaller(void *arg)
{
	long *sent = arg;
	pid_t pid = getpid();

	for (int i = 0; !workers_done; i++) {
		int n = __atomic_load_n(&ntids, __ATOMIC_SEQ_CST);
		/* Thread-directed mostly; the FIFO opener only learns of a
		 * process-directed signal if it happens to take it. */
		if (i % 4 == 3)
			kill(pid, SIGURG);
		else if (i % 4 == 2 || n == 0)
			syscall(SYS_tgkill, pid, fifo_tid, SIGURG);
		else
			syscall(SYS_tgkill, pid, tids[i % n], SIGURG);
		(*sent)++;
		st_sleep_us(10);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	static struct tally tl[65];
	static pthread_t th[65];
	struct sigaction sa;
	pthread_t sig;
	long n, secs, sent = 0, calls = 0, eintr = 0, badn = 0;
	double t0;

	if (argc != 4 || (secs = atol(argv[2])) <= 0 ||
	    (n = atol(argv[3])) <= 0 || n > 64) {
		fprintf(stderr, "usage: st_signals DIR SECONDS NTHREADS\n");
		return 2;
	}
	dir = argv[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_urg;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGURG, &sa, NULL) < 0)
		st_die("sigaction: %s", strerror(errno));
	t0 = st_now();
	for (long i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, worker, &tl[i]) != 0)
			st_die("pthread_create");
	if (pthread_create(&th[n], NULL, fifo_opener, &tl[n]) != 0 ||
	    pthread_create(&sig, NULL, signaller, &sent) != 0)
		st_die("pthread_create");
	st_sleep_us(secs * 1000000);
	stop = 1;
	for (long i = 0; i <= n; i++)
		pthread_join(th[i], NULL);
	workers_done = 1;
	pthread_join(sig, NULL);
	for (long i = 0; i < n; i++) {
		calls += tl[i].calls;
		eintr += tl[i].eintr;
		badn += tl[i].bad;
	}
	printf("signals sent=%ld handled=%ld\n", sent, (long)handled);
	printf("calls=%ld eintr=%ld other_unexpected=%ld\n", calls, eintr,
	    badn);
	printf("fifo opens=%ld eintr=%ld unexpected=%ld\n", tl[n].calls,
	    tl[n].eintr, tl[n].bad);
	for (long i = 0; i <= n; i++)
		if (tl[i].first_bad[0] != '\0') {
			printf("first unexpected (thread %ld): %s\n", i,
			    tl[i].first_bad);
			break;
		}
	if (eintr != 0 || badn != 0 || tl[n].bad != 0 || handled == 0 ||
	    calls == 0) {
		printf("FAIL\n");
		return 1;
	}
	printf("OK seconds=%.2f\n", st_now() - t0);
	return 0;
}
