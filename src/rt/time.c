/* worker-safe */
/*
 * UTC timestamps for log records. gmtime_r would do, but the calendar is a
 * few lines of integer arithmetic and keeps libc's time zone machinery out
 * of the worker threads altogether.
 */
#include "rt/rt.h"

#define RT_DAY_SECS	86400
/* 9999-12-31T23:59:59Z: the last instant with a four-digit year. */
#define RT_TIME_MAX	INT64_C(253402300799)

/* Days in 400 Gregorian years; the calendar repeats with this period. */
#define RT_ERA_DAYS	146097
/* Days from 0000-03-01 to 1970-01-01. */
#define RT_EPOCH_SHIFT	719468

struct rt_civil {
	int year;
	int month;
	int day;
};

/*
 * Days since 1970-01-01 (non-negative here) to a date. Years are counted
 * from March so the leap day falls at the end of each year, which turns
 * month lengths into the linear formula (153 * m + 2) / 5.
 */
static struct rt_civil
rt_civil_from_days(int64_t days)
{
	struct rt_civil c;
	int64_t z = days + RT_EPOCH_SHIFT;
	int64_t era = z / RT_ERA_DAYS;
	int64_t doe = z - era * RT_ERA_DAYS;	/* day of era, 0..146096 */
	/* Year of era: drop the leap days of every 4th/100th/400th year. */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* from 1 Mar */
	int64_t mp = (5 * doy + 2) / 153;	/* 0 = March .. 11 = February */

	c.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c.year = (int)(era * 400 + yoe + (c.month <= 2));
	return c;
}

static char *
rt_put_digits(char *p, int v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

void
rt_time_fmt(char out[17], int64_t secs)
{
	struct rt_civil c;
	int64_t rem;
	char *p = out;

	/* Clamped so the output always has the fixed 16-character shape. */
	if (secs < 0)
		secs = 0;
	if (secs > RT_TIME_MAX)
		secs = RT_TIME_MAX;
	c = rt_civil_from_days(secs / RT_DAY_SECS);
	rem = secs % RT_DAY_SECS;
	p = rt_put_digits(p, c.year, 4);
	p = rt_put_digits(p, c.month, 2);
	p = rt_put_digits(p, c.day, 2);
	*p++ = 'T';
	p = rt_put_digits(p, (int)(rem / 3600), 2);
	p = rt_put_digits(p, (int)(rem / 60 % 60), 2);
	p = rt_put_digits(p, (int)(rem % 60), 2);
	*p++ = 'Z';
	*p = '\0';
}
