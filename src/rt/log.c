/* worker-safe */
/*
 * JSON log records, one per line. Each line is built in a caller (stack)
 * buffer and leaves in a single write(2), so lines from concurrent threads
 * never interleave on a pipe (for lines up to PIPE_BUF) and stay whole
 * lines on a regular file opened with O_APPEND.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "rt/rt.h"
#include "sys/sys.h"

static const char *const rt_level_names[] = {
	"emerg", "alert", "crit", "error", "warn", "notice", "info", "debug",
};

#define RT_NLEVELS ((int)(sizeof(rt_level_names) / sizeof(rt_level_names[0])))

/*
 * fd and pid are set on the main thread before any other thread exists;
 * the level may change later (log/level: command), hence the atomics.
 */
static int rt_log_level = RT_WARN;
static int rt_log_out = -1;
static int rt_log_pid;
static char rt_log_idstr[33];
static int rt_log_sidv;
static int rt_log_verb = 1;
/* log/syslog: the socket or /dev/kmsg (opened once by main before any
 * thread, never closed, so every thread has it under this number), and
 * whether copies go. */
static int rt_log_sysfd = -1;
static int rt_log_syson;

static int
rt_level_clamp(int level)
{
	if (level < RT_EMERG)
		return RT_EMERG;
	if (level > RT_DEBUG)
		return RT_DEBUG;
	return level;
}

void
rt_log_init(int level, int fd)
{
	rt_log_pid = sys_getpid();
	__atomic_store_n(&rt_log_out, fd < 0 ? -1 : fd, __ATOMIC_RELAXED);
	rt_log_set_level(level);
}

void
rt_log_set_level(int level)
{
	__atomic_store_n(&rt_log_level, rt_level_clamp(level),
	    __ATOMIC_RELAXED);
}

void
rt_log_set_id(const char *id)
{
	snprintf(rt_log_idstr, sizeof(rt_log_idstr), "%s", id);
}

void
rt_log_set_sid(int sid)
{
	__atomic_store_n(&rt_log_sidv, sid, __ATOMIC_RELAXED);
}

void
rt_log_set_verbose(bool on)
{
	__atomic_store_n(&rt_log_verb, on, __ATOMIC_RELAXED);
}

bool
rt_log_verbose(void)
{
	return __atomic_load_n(&rt_log_verb, __ATOMIC_RELAXED) != 0;
}

/*
 * Main thread only, before any other thread: syd's threads do not share
 * an fd table (DESIGN.md section 2), and each gets a copy of main's when
 * it is made, so a sink opened here is the same description in every
 * thread. One opened later by a worker would exist in its table only,
 * and the others would write records to whatever that number means in
 * theirs.
 */
int
rt_log_open_syslog(const char *path)
{
	struct {
		uint16_t family;
		char path[108];
	} sa = { 1 /* AF_UNIX */, "" };
	long fd;

	if (rt_log_sysfd >= 0)
		return 0;
	snprintf(sa.path, sizeof(sa.path), "%s", path);
	fd = sys_call3(SYS_socket, 1, 2 /* SOCK_DGRAM */ | 02000000
	    /* SOCK_CLOEXEC */, 0);
	if (fd >= 0 && sys_call3(SYS_connect, fd, (long)&sa,
	    sizeof(sa)) < 0) {
		sys_close((int)fd);
		fd = -1;
	}
	if (fd < 0)
		fd = sys_openat(AT_FDCWD, "/dev/kmsg", O_WRONLY |
		    O_CLOEXEC | O_NOCTTY, 0);
	if (fd < 0)
		return (int)fd;
	__atomic_store_n(&rt_log_sysfd, (int)fd, __ATOMIC_RELEASE);
	return 0;
}

int
rt_log_set_syslog(bool on)
{
	if (on && __atomic_load_n(&rt_log_sysfd, __ATOMIC_ACQUIRE) < 0)
		return -EOPNOTSUPP; /* opens nothing: see rt_log_open_syslog */
	__atomic_store_n(&rt_log_syson, on, __ATOMIC_RELEASE);
	return 0;
}

/* The record as "<PRI>syd[PID]: JSON" (user facility), one datagram or
 * one /dev/kmsg write. */
static void
rt_log_syslog(const struct rt_json *j, size_t n)
{
	char msg[SYD_LOG_LINE_MAX + 64];
	int fd = __atomic_load_n(&rt_log_sysfd, __ATOMIC_ACQUIRE);
	int k;

	if (fd < 0 || !__atomic_load_n(&rt_log_syson, __ATOMIC_ACQUIRE))
		return;
	k = snprintf(msg, sizeof(msg), "<%d>syd[%d]: ", 8 /* LOG_USER */ +
	    rt_level_clamp(j->level), rt_log_pid);
	if (k < 0 || (size_t)k + n > sizeof(msg))
		return;
	memcpy(msg + k, j->buf, n);
	(void)sys_write(fd, msg, (size_t)k + n);
}

int
rt_log_fd(void)
{
	return __atomic_load_n(&rt_log_out, __ATOMIC_RELAXED);
}

bool
rt_log_enabled(int level)
{
	return rt_log_fd() >= 0 &&
	    level <= __atomic_load_n(&rt_log_level, __ATOMIC_RELAXED);
}

const char *
rt_log_level_name(int level)
{
	return rt_level_names[rt_level_clamp(level)];
}

int
rt_log_level_parse(const char *s)
{
	int i;

	if (s[0] >= '0' && s[0] < '0' + RT_NLEVELS && s[1] == '\0')
		return s[0] - '0';
	/* syslog spells it LOG_ERR; accept both. */
	if (strcmp(s, "err") == 0)
		return RT_ERR;
	for (i = 0; i < RT_NLEVELS; i++)
		if (strcmp(s, rt_level_names[i]) == 0)
			return i;
	return -EINVAL;
}

void
rt_log_begin(struct rt_json *j, char *buf, size_t cap, int level,
    const char *ctx)
{
	char now[17];
	int sid;

	/* A record below the level gets no buffer, so rt_log_end drops it. */
	if (!rt_log_enabled(level)) {
		rt_json_open(j, buf, 0);
		return;
	}
	rt_json_open(j, buf, cap);
	j->level = level;
	rt_json_str(j, "level", rt_log_level_name(level));
	rt_time_fmt(now, sys_realtime_s());
	rt_json_str(j, "time", now);
	rt_json_int(j, "syd", rt_log_pid);
	if (rt_log_idstr[0] != '\0')
		rt_json_str(j, "id", rt_log_idstr);
	if ((sid = __atomic_load_n(&rt_log_sidv, __ATOMIC_RELAXED)) > 0)
		rt_json_int(j, "sid", sid);
	rt_json_str(j, "ctx", ctx);
}

void
rt_log_end(struct rt_json *j)
{
	size_t n;
	int fd = rt_log_fd();

	if (fd < 0 || (n = rt_json_close(j)) == 0)
		return;
	/* Nowhere to report a failed log write; the record is lost. */
	(void)sys_write_all(fd, j->buf, n);
	rt_log_syslog(j, n);
}

void
rt_log_msg(int level, const char *ctx, const char *op, const char *fmt, ...)
{
	char line[SYD_LOG_LINE_MAX];
	char msg[SYD_LOG_LINE_MAX];
	struct rt_json j;
	va_list ap;

	if (!rt_log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt_log_begin(&j, line, sizeof(line), level, ctx);
	rt_json_str(&j, "op", op);
	rt_json_str(&j, "msg", msg);
	rt_log_end(&j);
}
