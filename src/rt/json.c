/* worker-safe */
/*
 * JSON line writer into a caller buffer. Log values come from sandboxed
 * processes (paths, command lines), so everything a value holds is escaped
 * and the output stays valid JSON and valid UTF-8 whatever the input.
 *
 * Invariant: while the object is open, buf[0..len) is "{" followed by
 * complete members, and RT_JSON_TAIL bytes stay free for "}\n\0". A member
 * that does not fit is rolled back whole, except a string value, which is
 * cut at a character boundary so the reader still learns its start; either
 * way the writer is then full and ignores the rest.
 */
#include <stdio.h>
#include <string.h>

#include "rt/rt.h"
#include "sys/sys.h"

#define RT_JSON_TAIL	3	/* "}\n\0" */

void
rt_json_open(struct rt_json *j, char *buf, size_t cap)
{
	j->buf = buf;
	j->cap = cap;
	j->len = 0;
	j->first = true;
	j->full = cap < RT_JSON_TAIL + 1;
	if (!j->full)
		buf[j->len++] = '{';
	else if (cap > 0)
		buf[0] = '\0';
}

/* Room left for content, keeping the tail and `keep` more bytes free. */
static size_t
rt_json_room(const struct rt_json *j, size_t keep)
{
	size_t used = j->len + RT_JSON_TAIL + keep;

	return used >= j->cap ? 0 : j->cap - used;
}

static bool
rt_json_put(struct rt_json *j, size_t keep, const char *s, size_t n)
{
	if (n > rt_json_room(j, keep))
		return false;
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	return true;
}

/* Writes `,"key":`; false (and nothing written) if it does not fit. */
static bool
rt_json_key(struct rt_json *j, const char *key, size_t keep)
{
	size_t start = j->len;

	if (j->full)
		return false;
	if ((j->first || rt_json_put(j, keep, ",", 1)) &&
	    rt_json_put(j, keep, "\"", 1) &&
	    rt_json_put(j, keep, key, strlen(key)) &&
	    rt_json_put(j, keep, "\":", 2))
		return true;
	j->len = start;
	j->full = true;
	return false;
}

/* A member whose value is already JSON text: all of it or none of it. */
static void
rt_json_member(struct rt_json *j, const char *key, const char *val)
{
	size_t start = j->len;

	if (!rt_json_key(j, key, 0))
		return;
	if (!rt_json_put(j, 0, val, strlen(val))) {
		j->len = start;
		j->full = true;
		return;
	}
	j->first = false;
}

/*
 * The JSON for the input character at s: either a pointer into s itself
 * (returned through *out) or an escape built in esc[7]. Returns the length
 * of the output and sets *used to the input bytes consumed.
 */
static size_t
rt_json_escape(const unsigned char *s, size_t n, char esc[7],
    const char **out, size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	static const char shortesc[] = "btn\0fr";
	unsigned char c = s[0];
	size_t len;

	*used = 1;
	if (c == '"' || c == '\\') {
		esc[0] = '\\';
		esc[1] = (char)c;
		*out = esc;
		return 2;
	}
	if (c >= '\b' && c <= '\r' && shortesc[c - '\b'] != '\0') {
		esc[0] = '\\';
		esc[1] = shortesc[c - '\b'];
		*out = esc;
		return 2;
	}
	if (c >= 0x20 && c != 0x7f && (len = sys_utf8_len(s, n)) != 0) {
		*out = (const char *)s;
		*used = len;
		return len;
	}
	/* Control character, DEL, or a byte that starts no valid sequence. */
	memcpy(esc, "\\u00", 4);
	esc[4] = hex[c >> 4];
	esc[5] = hex[c & 0xf];
	*out = esc;
	return 6;
}

/* Writes a quoted, escaped string; on overflow cuts it and goes full. */
static void
rt_json_quoted(struct rt_json *j, const unsigned char *s, size_t n)
{
	const char *out;
	char esc[7];
	size_t olen, used;

	rt_json_put(j, 1, "\"", 1);
	while (n > 0) {
		olen = rt_json_escape(s, n, esc, &out, &used);
		/* Keep one byte for the closing quote. */
		if (!rt_json_put(j, 1, out, olen)) {
			j->full = true;
			break;
		}
		s += used;
		n -= used;
	}
	/* Always fits: every put above left a byte for it. */
	j->buf[j->len++] = '"';
}

void
rt_json_strn(struct rt_json *j, const char *key, const char *val, size_t n)
{
	if (val == NULL) {
		rt_json_member(j, key, "null");
		return;
	}
	/* Both quotes must fit, or the member is dropped altogether. */
	if (!rt_json_key(j, key, 2))
		return;
	j->first = false;
	rt_json_quoted(j, (const unsigned char *)val, n);
}

void
rt_json_str(struct rt_json *j, const char *key, const char *val)
{
	rt_json_strn(j, key, val, val == NULL ? 0 : strlen(val));
}

void
rt_json_int(struct rt_json *j, const char *key, long long val)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", val);
	rt_json_member(j, key, num);
}

void
rt_json_bool(struct rt_json *j, const char *key, bool val)
{
	rt_json_member(j, key, val ? "true" : "false");
}

void
rt_json_raw(struct rt_json *j, const char *key, const char *val)
{
	rt_json_member(j, key, val == NULL ? "null" : val);
}

size_t
rt_json_close(struct rt_json *j)
{
	if (j->cap < RT_JSON_TAIL + 1)
		return 0;
	/*
	 * An open object with no member yet is exactly "{", so first with a
	 * longer buffer marks an object already closed: closing twice is a
	 * no-op rather than an overflow of the reserved tail.
	 */
	if (j->first && j->len > 1)
		return j->len;
	/* The tail was reserved at every step, so this cannot overflow. */
	memcpy(j->buf + j->len, "}\n", 3);
	j->len += 2;
	j->first = true;
	j->full = true;
	return j->len;
}
