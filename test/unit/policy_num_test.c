/*
 * Durations (timeout:, -t) and sizes (mem/max:, rlimit/) as users write
 * them, and the errors for what is not one.
 */
#include <atf-c.h>
#include <errno.h>
#include <stdint.h>

#include "policy/policy.h"

ATF_TC_WITHOUT_HEAD(duration);
ATF_TC_BODY(duration, tc)
{
	static const struct {
		const char *s;
		int64_t ms;
	} t[] = {
		{ "10s", 10000 }, { "500ms", 500 }, { "2m", 120000 },
		{ "1h", 3600000 }, { "1d", 86400000 }, { "7", 7000 },
		{ "0", 0 }, { "1h30m", 5400000 }, { "1m30", 90000 },
		{ "0ms", 0 },
	};
	int64_t ms;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ATF_CHECK_EQ_MSG(policy_duration(t[i].s, &ms), 0, "%s", t[i].s);
		ATF_CHECK_EQ_MSG(ms, t[i].ms, "%s -> %lld", t[i].s,
		    (long long)ms);
	}
}

ATF_TC_WITHOUT_HEAD(duration_errors);
ATF_TC_BODY(duration_errors, tc)
{
	static const char *const bad[] = { "", "s", "10x", "-1", "1.5s",
		" 1s", "1s ", "10 s", "ms", "1w" };
	int64_t ms = 42;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ATF_CHECK_EQ_MSG(policy_duration(bad[i], &ms), -EINVAL, "`%s'",
		    bad[i]);
	ATF_CHECK_EQ(policy_duration("99999999999999999999", &ms), -ERANGE);
	ATF_CHECK_EQ(policy_duration("999999999999999d", &ms), -ERANGE);
	ATF_CHECK_EQ(ms, 42);
}

ATF_TC_WITHOUT_HEAD(size);
ATF_TC_BODY(size, tc)
{
	static const struct {
		const char *s;
		uint64_t b;
	} t[] = {
		{ "4096", 4096 }, { "0", 0 }, { "4k", 4096 }, { "4K", 4096 },
		{ "256M", 256ULL << 20 }, { "1G", 1ULL << 30 },
		{ "1g", 1ULL << 30 }, { "2T", 2ULL << 40 }, { "1GB", 1ULL << 30 },
		{ "1GiB", 1ULL << 30 }, { "8kib", 8192 },
		{ "16E", 0 }, { "15E", 15ULL << 60 },
	};
	uint64_t b;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (t[i].b == 0 && t[i].s[0] != '0')
			continue; /* 16E overflows: checked below */
		ATF_CHECK_EQ_MSG(policy_size(t[i].s, &b), 0, "%s", t[i].s);
		ATF_CHECK_EQ_MSG(b, t[i].b, "%s -> %llu", t[i].s,
		    (unsigned long long)b);
	}
	ATF_CHECK_EQ(policy_size("16E", &b), -ERANGE);
	ATF_CHECK_EQ(policy_size("18446744073709551615", &b), 0);
	ATF_CHECK_EQ(b, UINT64_MAX);
	ATF_CHECK_EQ(policy_size("18446744073709551616", &b), -ERANGE);
	ATF_CHECK_EQ(policy_size("99999999999G", &b), -ERANGE);
}

ATF_TC_WITHOUT_HEAD(size_errors);
ATF_TC_BODY(size_errors, tc)
{
	static const char *const bad[] = { "", "M", "1Q", "-1", "1.5G",
		"1 G", "1iB", "0x10", "1KK", "1Gi" };
	uint64_t b;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ATF_CHECK_EQ_MSG(policy_size(bad[i], &b), -EINVAL, "`%s'",
		    bad[i]);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, duration);
	ATF_TP_ADD_TC(tp, duration_errors);
	ATF_TP_ADD_TC(tp, size);
	ATF_TP_ADD_TC(tp, size_errors);
	return atf_no_error();
}
