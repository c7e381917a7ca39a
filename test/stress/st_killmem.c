/*
 * st_killmem DIR ROUNDS
 *
 * Kill the target while syd reads its memory. Each round forks a child
 * that leads its own process group and starts threads that hand syd
 * nasty path arguments: a path flipping between DIR/okay.txt and the
 * denied DIR/deny.txt, a 1 MiB name with no NUL that runs into an
 * unmapped page, and a buffer a sibling keeps unmapping and mapping
 * again — through open, stat, readlink and rename. After a random
 * 0-20 ms one thread SIGKILLs the whole group. Whatever a thread opens
 * it reads: the secret ("STRESS-SECRET") reported on a pipe is a leak.
 * Between rounds the parent checks that syd still serves it: DIR/ok.txt
 * opens and reads, DIR/deny.txt gives EACCES. Prints the counts, then OK
 * (exit 0) or FAIL (exit 1).
 */
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "st.h"

#define PAGE 4096
#define HUGE (1 << 20)

static const char *dir;
static int leak_fd;
static char flip[512];
static char *huge, *volatile shaky;
static size_t flip_len;

static void
look(int fd)
{
	char buf[64];
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0 && (buf[n] = '\0', strstr(buf, "STRESS-SECRET") != NULL))
		(void)!write(leak_fd, "L", 1);
}

/* flip[] swaps DIR/okay.txt (allowed) and DIR/deny.txt: equal lengths. */
static void *
flipper(void *arg)
{
	char ok[512], deny[512];

	(void)arg;
	snprintf(ok, sizeof(ok), "%s/okay.txt", dir);
	snprintf(deny, sizeof(deny), "%s/deny.txt", dir);
	for (;;) {
		memcpy(flip, ok, flip_len);
		__asm__ __volatile__("" ::: "memory");
		memcpy(flip, deny, flip_len);
		__asm__ __volatile__("" ::: "memory");
	}
	return NULL;
}

static void *
caller(void *arg)
{
	struct stat st;
	char link[PAGE];
	long i = (long)arg;

	for (;; i++) {
		switch (i % 6) {
		case 0:
			look(open(flip, O_RDONLY));
			break;
		case 1:
			(void)stat(flip, &st);
			break;
		case 2: /* no NUL before the unmapped page: EFAULT or
			 * ENAMETOOLONG, never a crash of syd */
			look(open(huge + HUGE - PAGE - 100, O_RDONLY));
			(void)stat(huge, &st);
			break;
		case 3:
			look(open(shaky, O_RDONLY));
			break;
		case 4:
			(void)readlink(shaky, link, sizeof(link));
			break;
		default:
			(void)rename(shaky, flip);
		}
	}
	return NULL;
}

/* Unmap the page holding `shaky`'s path and map it again, filled. */
static void *
unmapper(void *arg)
{
	char *p = arg;

	for (;;) {
		munmap(p, PAGE);
		if (mmap(p, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		    MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			continue;
		snprintf(p, PAGE, "%s/deny.txt", dir);
	}
	return NULL;
}

static void __attribute__((noreturn))
victim(unsigned seed)
{
	pthread_t th;
	char *p;

	setpgid(0, 0);
	huge = mmap(NULL, HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (huge == MAP_FAILED || p == MAP_FAILED)
		_exit(2);
	memset(huge, 'a', HUGE);
	munmap(huge + HUGE - PAGE, PAGE); /* the name runs into a hole */
	snprintf(p, PAGE, "%s/deny.txt", dir);
	shaky = p;
	pthread_create(&th, NULL, flipper, NULL);
	pthread_create(&th, NULL, unmapper, p);
	for (long i = 0; i < 6; i++)
		pthread_create(&th, NULL, caller, (void *)i);
	st_sleep_us(seed % 20000);
	kill(0, SIGKILL);
	_exit(3); /* not reached */
}

/* The parent's own calls must be answered, and right. */
static int
served(void)
{
	char ok[512], deny[512];
	int fd;

	snprintf(ok, sizeof(ok), "%s/ok.txt", dir);
	snprintf(deny, sizeof(deny), "%s/deny.txt", dir);
	fd = open(ok, O_RDONLY);
	if (fd < 0 || !st_has_marker(fd, "STRESS-OK"))
		return 0;
	fd = open(deny, O_RDONLY);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno == EACCES;
}

int
main(int argc, char **argv)
{
	long rounds, killed = 0, odd = 0, leaks = 0, unserved = 0;
	int pfd[2], st;
	double t0;
	char c;

	if (argc != 3 || (rounds = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: st_killmem DIR ROUNDS\n");
		return 2;
	}
	dir = argv[1];
	flip_len = strlen(dir) + sizeof("/deny.txt");
	if (flip_len > sizeof(flip) || pipe(pfd) < 0)
		st_die("set-up");
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	leak_fd = pfd[1];
	t0 = st_now();
	for (long r = 0; r < rounds; r++) {
		pid_t pid = fork();
		if (pid < 0)
			st_die("fork: %s", strerror(errno));
		if (pid == 0)
			victim((unsigned)(r * 2654435761u));
		if (waitpid(pid, &st, 0) != pid)
			st_die("waitpid: %s", strerror(errno));
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			killed++;
		else
			odd++;
		while (read(pfd[0], &c, 1) == 1)
			leaks++;
		if (!served())
			unserved++;
	}
	printf("rounds=%ld killed=%ld other_ends=%ld leaks=%ld "
	    "unserved=%ld\n", rounds, killed, odd, leaks, unserved);
	if (killed != rounds || leaks != 0 || unserved != 0) {
		printf("FAIL\n");
		return 1;
	}
	printf("OK seconds=%.2f\n", st_now() - t0);
	return 0;
}
