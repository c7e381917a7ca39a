/*
 * rt_time_fmt: the "time" field of every log record, in UTC whatever the
 * host's time zone.
 */
#include <atf-c.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rt/rt.h"

static void
check_time(int64_t secs, const char *want)
{
	char out[17];

	memset(out, 'X', sizeof(out));
	rt_time_fmt(out, secs);
	ATF_CHECK_STREQ_MSG(out, want, "secs %lld", (long long)secs);
}

ATF_TC_WITHOUT_HEAD(known_values);
ATF_TC_BODY(known_values, tc)
{
	check_time(0, "19700101T000000Z");
	check_time(59, "19700101T000059Z");
	check_time(86399, "19700101T235959Z");
	check_time(951782400, "20000229T000000Z");
	check_time(951868800, "20000301T000000Z");
	check_time(1709251199, "20240229T235959Z");
	check_time(1795780800, "20261127T120000Z");
	/* 2100 is not a leap year: 28 February is followed by 1 March. */
	check_time(4107542400 - 1, "21000228T235959Z");
	check_time(4107542400, "21000301T000000Z");
}

/* Out-of-range times are clamped, never longer than 16 characters. */
ATF_TC_WITHOUT_HEAD(clamped);
ATF_TC_BODY(clamped, tc)
{
	check_time(-1, "19700101T000000Z");
	check_time(INT64_MIN, "19700101T000000Z");
	check_time(253402300799, "99991231T235959Z");
	check_time(INT64_MAX, "99991231T235959Z");
}

/* Every day (at a varying time of day) from 1970 to 2500 against libc. */
ATF_TC_WITHOUT_HEAD(matches_gmtime);
ATF_TC_BODY(matches_gmtime, tc)
{
	char want[32], out[17];
	int64_t secs;
	time_t t;
	struct tm tm;

	for (secs = 0; secs < 16725225600; secs += 86400 + 3607) {
		t = (time_t)secs;
		ATF_REQUIRE(gmtime_r(&t, &tm) != NULL);
		strftime(want, sizeof(want), "%Y%m%dT%H%M%SZ", &tm);
		rt_time_fmt(out, secs);
		ATF_REQUIRE_STREQ_MSG(out, want, "secs %lld", (long long)secs);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, known_values);
	ATF_TP_ADD_TC(tp, clamped);
	ATF_TP_ADD_TC(tp, matches_gmtime);
	return atf_no_error();
}
