/*
 * rt log: what a user reading SYD_LOG_FD sees — one JSON object per line,
 * fields in the documented order, records above the level left out, and
 * lines from concurrent threads never mixed.
 */
#include <atf-c.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "rt/rt.h"

static int logpipe[2];

static void
log_to_pipe(int level)
{
	ATF_REQUIRE(pipe2(logpipe, O_NONBLOCK) == 0);
	rt_log_init(level, logpipe[1]);
}

/* Everything written so far (the writer side never blocks the tests). */
static size_t
drain(char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < cap &&
	    (n = read(logpipe[0], buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	return len;
}

/*
 * Checks the fixed head of a record and returns what follows the "ctx"
 * member: {"level":L,"time":"YYYYMMDDTHHMMSSZ","syd":PID,"ctx":C
 */
static const char *
check_head(const char *line, const char *level, const char *ctx)
{
	char want[128];
	size_t n;
	int i;

	n = (size_t)snprintf(want, sizeof(want), "{\"level\":\"%s\",\"time\":\"",
	    level);
	ATF_REQUIRE_MSG(strncmp(line, want, n) == 0, "head: %s", line);
	line += n;
	for (i = 0; i < 16; i++)
		ATF_REQUIRE_MSG(i == 8 ? line[i] == 'T' : i == 15 ?
		    line[i] == 'Z' : (line[i] >= '0' && line[i] <= '9'),
		    "time: %s", line);
	line += 16;
	n = (size_t)snprintf(want, sizeof(want), "\",\"syd\":%d,\"ctx\":\"%s\"",
	    (int)getpid(), ctx);
	ATF_REQUIRE_MSG(strncmp(line, want, n) == 0, "syd/ctx: %s", line);
	return line + n;
}

ATF_TC_WITHOUT_HEAD(msg_record);
ATF_TC_BODY(msg_record, tc)
{
	char buf[8192];
	const char *rest;

	log_to_pipe(RT_WARN);
	rt_log_msg(RT_WARN, "boot", "start", "pool of %d with \"%s\"", 4,
	    "x\ny");
	drain(buf, sizeof(buf));
	rest = check_head(buf, "warn", "boot");
	ATF_CHECK_STREQ(rest,
	    ",\"op\":\"start\",\"msg\":\"pool of 4 with \\\"x\\ny\\\"\"}\n");
}

ATF_TC_WITHOUT_HEAD(begin_end_record);
ATF_TC_BODY(begin_end_record, tc)
{
	char line[SYD_LOG_LINE_MAX], buf[8192];
	struct rt_json j;

	log_to_pipe(RT_DEBUG);
	rt_log_begin(&j, line, sizeof(line), RT_WARN, "access");
	rt_json_str(&j, "cap", "read");
	rt_json_str(&j, "path", "/etc/shadow");
	rt_json_int(&j, "pid", 123);
	rt_log_end(&j);
	drain(buf, sizeof(buf));
	ATF_CHECK_STREQ(check_head(buf, "warn", "access"),
	    ",\"cap\":\"read\",\"path\":\"/etc/shadow\",\"pid\":123}\n");
}

ATF_TC_WITHOUT_HEAD(level_filter);
ATF_TC_BODY(level_filter, tc)
{
	char line[SYD_LOG_LINE_MAX], buf[8192];
	struct rt_json j;

	log_to_pipe(RT_NOTICE);
	ATF_CHECK(rt_log_enabled(RT_ERR));
	ATF_CHECK(rt_log_enabled(RT_NOTICE));
	ATF_CHECK(!rt_log_enabled(RT_INFO));
	rt_log_msg(RT_INFO, "pool", "grow", "hidden");
	rt_log_msg(RT_DEBUG, "pool", "grow", "hidden");
	rt_log_begin(&j, line, sizeof(line), RT_INFO, "pool");
	rt_json_str(&j, "k", "hidden");
	rt_log_end(&j);
	ATF_CHECK_EQ(drain(buf, sizeof(buf)), 0);
	rt_log_msg(RT_CRIT, "confine", "seccomp", "shown");
	drain(buf, sizeof(buf));
	check_head(buf, "crit", "confine");
	/* Raising the level later lets the same record through. */
	rt_log_set_level(RT_DEBUG);
	rt_log_msg(RT_DEBUG, "pool", "grow", "now shown");
	drain(buf, sizeof(buf));
	check_head(buf, "debug", "pool");
	ATF_CHECK(strchr(buf, '\n') == buf + strlen(buf) - 1);
}

ATF_TC_WITHOUT_HEAD(disabled);
ATF_TC_BODY(disabled, tc)
{
	rt_log_init(RT_DEBUG, -1);
	ATF_CHECK_EQ(rt_log_fd(), -1);
	ATF_CHECK(!rt_log_enabled(RT_EMERG));
	rt_log_msg(RT_EMERG, "boot", "x", "nowhere");
}

/* An over-long message is cut, and the line still ends the object. */
ATF_TC_WITHOUT_HEAD(long_message_truncated);
ATF_TC_BODY(long_message_truncated, tc)
{
	char buf[3 * SYD_LOG_LINE_MAX];
	char *big;
	size_t n;

	big = malloc(3 * SYD_LOG_LINE_MAX);
	ATF_REQUIRE(big != NULL);
	memset(big, '\x01', 3 * SYD_LOG_LINE_MAX - 1);
	big[3 * SYD_LOG_LINE_MAX - 1] = '\0';
	log_to_pipe(RT_INFO);
	rt_log_msg(RT_INFO, "boot", "x", "%s", big);
	free(big);
	n = drain(buf, sizeof(buf));
	ATF_CHECK(n > SYD_LOG_LINE_MAX - 16 && n < SYD_LOG_LINE_MAX);
	ATF_CHECK_STREQ(buf + n - 9, "\\u0001\"}\n");
	ATF_CHECK(strchr(buf, '\n') == buf + n - 1);
}

ATF_TC_WITHOUT_HEAD(level_names);
ATF_TC_BODY(level_names, tc)
{
	static const char *const names[] = { "emerg", "alert", "crit",
		"error", "warn", "notice", "info", "debug" };
	char digit[2] = "0";
	int i;

	for (i = 0; i < 8; i++) {
		ATF_CHECK_STREQ(rt_log_level_name(i), names[i]);
		ATF_CHECK_EQ(rt_log_level_parse(names[i]), i);
		digit[0] = (char)('0' + i);
		ATF_CHECK_EQ(rt_log_level_parse(digit), i);
	}
	ATF_CHECK_EQ(rt_log_level_parse("err"), RT_ERR);
	ATF_CHECK_EQ(rt_log_level_parse("8"), -EINVAL);
	ATF_CHECK_EQ(rt_log_level_parse("07"), -EINVAL);
	ATF_CHECK_EQ(rt_log_level_parse(""), -EINVAL);
	ATF_CHECK_EQ(rt_log_level_parse("warning"), -EINVAL);
	ATF_CHECK_EQ(rt_log_level_parse("-1"), -EINVAL);
}

#define NWRITERS 4
#define NRECORDS 2000

static void *
writer(void *arg)
{
	int i;

	for (i = 0; i < NRECORDS; i++)
		rt_log_msg(RT_WARN, "pool", "stress", "writer %d record %d %s",
		    (int)(intptr_t)arg, i, "................................");
	return NULL;
}

/* Check every complete line in buf[0..len); return bytes consumed. */
static size_t
check_lines(const char *buf, size_t len, int *count)
{
	const char *p = buf, *nl;
	int w, r;

	while ((nl = memchr(p, '\n', len - (size_t)(p - buf))) != NULL) {
		p = check_head(p, "warn", "pool");
		ATF_REQUIRE_MSG(sscanf(p, ",\"op\":\"stress\",\"msg\":\"writer "
		    "%d record %d", &w, &r) == 2, "mixed line: %.200s", p);
		ATF_REQUIRE(strncmp(nl - 34, "................................"
		    "\"}\n", 35) == 0);
		(*count)++;
		p = nl + 1;
	}
	return (size_t)(p - buf);
}

ATF_TC_WITHOUT_HEAD(concurrent_lines_whole);
ATF_TC_BODY(concurrent_lines_whole, tc)
{
	static char buf[1 << 16];
	pthread_t t[NWRITERS];
	size_t len = 0, used;
	int count = 0;
	intptr_t i;
	ssize_t n;

	ATF_REQUIRE(pipe(logpipe) == 0);
	/* A blocking pipe: writers wait while it is full, as in real use. */
	rt_log_init(RT_WARN, logpipe[1]);
	for (i = 0; i < NWRITERS; i++)
		ATF_REQUIRE(pthread_create(&t[i], NULL, writer,
		    (void *)i) == 0);
	while (count < NWRITERS * NRECORDS) {
		n = read(logpipe[0], buf + len, sizeof(buf) - 1 - len);
		ATF_REQUIRE(n > 0);
		len += (size_t)n;
		buf[len] = '\0';
		used = check_lines(buf, len, &count);
		memmove(buf, buf + used, len - used);
		len -= used;
	}
	for (i = 0; i < NWRITERS; i++)
		pthread_join(t[i], NULL);
	ATF_CHECK_EQ(len, 0);
	ATF_CHECK_EQ(count, NWRITERS * NRECORDS);
}

/* id and sid, once set, stand between "syd" and "ctx". */
ATF_TC_WITHOUT_HEAD(id_sid);
ATF_TC_BODY(id_sid, tc)
{
	char buf[8192], want[128];

	log_to_pipe(RT_WARN);
	rt_log_set_id("0123abcd");
	rt_log_set_sid(4242);
	rt_log_msg(RT_WARN, "boot", "start", "x");
	drain(buf, sizeof(buf));
	snprintf(want, sizeof(want), "\"syd\":%d,\"id\":\"0123abcd\","
	    "\"sid\":4242,\"ctx\":\"boot\"", (int)getpid());
	ATF_CHECK_MSG(strstr(buf, want) != NULL, "%s", buf);
	rt_log_set_id("");
	rt_log_set_sid(0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, id_sid);
	ATF_TP_ADD_TC(tp, msg_record);
	ATF_TP_ADD_TC(tp, begin_end_record);
	ATF_TP_ADD_TC(tp, level_filter);
	ATF_TP_ADD_TC(tp, disabled);
	ATF_TP_ADD_TC(tp, long_message_truncated);
	ATF_TP_ADD_TC(tp, level_names);
	ATF_TP_ADD_TC(tp, concurrent_lines_whole);
	return atf_no_error();
}
