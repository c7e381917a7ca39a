/*
 * rt: the worker-safe runtime. Everything here may be called from any syd
 * thread after boot (raw clone threads share musl's thread pointer, so musl's
 * malloc, stdio and errno are off limits there; see DESIGN.md section 2).
 * Functions return >= 0 or -errno and never touch errno.
 */
/* worker-safe */
#ifndef SYD_RT_H
#define SYD_RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Allocator: futex-locked, backed by mmap. Size classes for small blocks,
 * a mapping of its own for large ones. rt_alloc returns zeroed memory or
 * NULL. rt_free(NULL) is a no-op.
 */
void *rt_alloc(size_t size);
void *rt_realloc(void *p, size_t size);
void rt_free(void *p);
char *rt_strdup(const char *s);

/*
 * JSON line writer into a caller buffer. Keys are trusted literals; values
 * are escaped (control characters as \uXXXX, invalid UTF-8 bytes as \u00XX
 * of the byte). On overflow the object is closed early and stays valid JSON;
 * rt_json_close always leaves "...}\n" in the buffer if cap >= 4.
 */
struct rt_json {
	char *buf;
	size_t len;
	size_t cap;
	bool first;
	bool full;
	int level;	/* rt_log_begin: the record's level (syslog priority) */
};

void rt_json_open(struct rt_json *j, char *buf, size_t cap);
void rt_json_str(struct rt_json *j, const char *key, const char *val);
void rt_json_strn(struct rt_json *j, const char *key, const char *val,
    size_t n);
void rt_json_int(struct rt_json *j, const char *key, long long val);
void rt_json_bool(struct rt_json *j, const char *key, bool val);
/* val is already JSON (an array or object written by the caller). */
void rt_json_raw(struct rt_json *j, const char *key, const char *val);
/* Appends "}\n"; returns the line length. */
size_t rt_json_close(struct rt_json *j);

/* "20261127T120000Z" (UTC) into out[17] from seconds since the epoch. */
void rt_time_fmt(char out[17], int64_t secs);

/*
 * Log: JSON objects, one per line, each written with a single write(2) to
 * the log fd. Levels are syslog's.
 */
enum rt_level {
	RT_EMERG,
	RT_ALERT,
	RT_CRIT,
	RT_ERR,
	RT_WARN,
	RT_NOTICE,
	RT_INFO,
	RT_DEBUG,
};

/* Main thread, before boot. fd < 0 disables logging. */
void rt_log_init(int level, int fd);
/* "emerg".."debug" or "0".."7" -> level; -EINVAL otherwise. */
int rt_log_level_parse(const char *s);
const char *rt_log_level_name(int level);
bool rt_log_enabled(int level);
int rt_log_fd(void);
/* Set the level later (log/level: command). */
void rt_log_set_level(int level);
/* "id": this syd's sandbox id (up to 32 characters); "sid": the session
 * of the sandbox (its first process, a session leader); 0: none. */
void rt_log_set_id(const char *id);
void rt_log_set_sid(int sid);
/* log/verbose: access records name the process's cmd and cwd (on). */
void rt_log_set_verbose(bool on);
bool rt_log_verbose(void);
/*
 * log/syslog: every record also goes to the system logger: a datagram to
 * the socket at path (/dev/log), or, when none answers there, a line to
 * /dev/kmsg (early boot). rt_log_open_syslog opens the socket or file,
 * once, and keeps it: main thread only, before any other thread (threads
 * do not share an fd table); -errno when neither can be opened.
 * rt_log_set_syslog turns the copies on or off (main thread or under the
 * policy writer lock) and opens nothing: on is -EOPNOTSUPP when no sink
 * was opened.
 */
int rt_log_open_syslog(const char *path);
int rt_log_set_syslog(bool on);

/*
 * Begin a record: opens the object and writes "level", "time", "syd"
 * (syd's pid), "id" and "sid" when set, and "ctx". The caller adds fields and calls rt_log_end.
 */
void rt_log_begin(struct rt_json *j, char *buf, size_t cap, int level,
    const char *ctx);
void rt_log_end(struct rt_json *j);

/* One-shot message: {"level","time","syd","ctx","op","msg"}. */
void rt_log_msg(int level, const char *ctx, const char *op, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

#endif
