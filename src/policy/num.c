/*
 * Numbers of the rule language: decimal and hex integers, hex strings,
 * durations and sizes. Hand-written because strtoul reports overflow
 * through errno, which syd's threads must not touch.
 */
/* worker-safe */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "policy/internal.h"

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Leading decimal digits of s into *v; returns how many, -ERANGE. */
static int
dec_prefix(const char *s, uint64_t *v)
{
	int i;

	*v = 0;
	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		if (*v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -ERANGE;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return i;
}

/* A decimal number, nothing around it. */
int
policy_u64(const char *s, uint64_t *v)
{
	int n = dec_prefix(s, v);

	if (n < 0)
		return n;
	return n > 0 && s[n] == '\0' ? 0 : -EINVAL;
}

/* Decimal, or hex after "0x". */
int
policy_num(const char *s, uint64_t *v)
{
	int d;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return policy_u64(s, v);
	s += 2;
	if (*s == '\0')
		return -EINVAL;
	for (*v = 0; *s != '\0'; s++) {
		if ((d = hexval(*s)) < 0)
			return -EINVAL;
		if (*v >> 60 != 0)
			return -ERANGE;
		*v = *v << 4 | (uint64_t)d;
	}
	return 0;
}

/* Exactly 2 * len hex digits into len bytes. */
int
policy_hex(const char *s, size_t len, uint8_t *out)
{
	int hi, lo;

	if (strlen(s) != 2 * len)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		hi = hexval(s[2 * i]);
		lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static int
mul_add(uint64_t *acc, uint64_t v, uint64_t unit)
{
	if (v != 0 && unit > UINT64_MAX / v)
		return -ERANGE;
	if (*acc > UINT64_MAX - v * unit)
		return -ERANGE;
	*acc += v * unit;
	return 0;
}

/* Milliseconds per unit word at s; *len gets its length. 0: unknown. */
static uint64_t
duration_unit(const char *s, int *len)
{
	*len = 1;
	if (s[0] == 'm' && s[1] == 's') {
		*len = 2;
		return 1;
	}
	switch (s[0]) {
	case 's':
		return 1000;
	case 'm':
		return 60 * 1000;
	case 'h':
		return 3600 * 1000;
	case 'd':
		return 86400 * 1000;
	}
	*len = 0;
	return 0;
}

/* "10s", "500ms", "1h30m"; a plain number is seconds. */
int
policy_duration(const char *s, int64_t *ms)
{
	uint64_t acc = 0, v, unit;
	int n, ulen = 0, rc;

	if (*s == '\0')
		return -EINVAL;
	while (*s != '\0') {
		if ((n = dec_prefix(s, &v)) <= 0)
			return n < 0 ? n : -EINVAL;
		s += n;
		unit = *s == '\0' ? 1000 : duration_unit(s, &ulen);
		if (unit == 0)
			return -EINVAL;
		if ((rc = mul_add(&acc, v, unit)) < 0)
			return rc;
		if (*s != '\0')
			s += ulen;
	}
	if (acc > INT64_MAX)
		return -ERANGE;
	*ms = (int64_t)acc;
	return 0;
}

/* "4096", "4k", "256M", "1G", "1GB", "1GiB": binary units all. */
int
policy_size(const char *s, uint64_t *bytes)
{
	static const char units[] = "kmgtpe";
	const char *u;
	uint64_t v, mult = 1;
	int n;

	if ((n = dec_prefix(s, &v)) <= 0)
		return n < 0 ? n : -EINVAL;
	s += n;
	if (*s != '\0' && (u = strchr(units, *s | 0x20)) != NULL) {
		mult = UINT64_C(1) << (10 * (u - units + 1));
		s++;
		if (*s == 'i' && (s[1] == 'b' || s[1] == 'B'))
			s++;
	}
	if (*s == 'b' || *s == 'B')
		s++;
	if (*s != '\0')
		return -EINVAL;
	if (v != 0 && mult > UINT64_MAX / v)
		return -ERANGE;
	*bytes = v * mult;
	return 0;
}
