/*
 * syd compile-time configuration. Copied to config.h by make; edit config.h.
 * Each value says what it means and what changing it costs.
 */
#ifndef SYD_CONFIG_H
#define SYD_CONFIG_H

/*
 * Core emulator threads when SYD_NPROC is unset: 0 means "the number of
 * online CPUs". Core threads never exit while the sandbox runs.
 */
#define SYD_NPROC_DEF 0

/*
 * Pool ceiling when SYD_NPROC_MAX is unset. The pool grows by one emulator
 * whenever all are busy; blocking emulations (FIFO open, connect) each hold
 * one, so this bounds how many can block at once before the interrupter is
 * asked to free capacity.
 */
#define SYD_NPROC_MAX_DEF 128

/* Milliseconds an extra (non-core) emulator idles before it exits. */
#define SYD_KEEP_ALIVE_DEF 3000

/*
 * Interrupter period in milliseconds: how often blocked emulations are
 * checked for a pending signal of their target. Smaller gives faster EINTR
 * at the cost of wake-ups while something is blocked (none when idle).
 */
#define SYD_INT_PERIOD_MS 20

/* Slots in the interrupter's table: blocking emulations at once. */
#define SYD_INT_SLOTS 512

/*
 * sandbox/pid: forks let through at once whose child syd has not seen
 * yet. A fork past this many in flight fails like one past pid/max
 * (EAGAIN); raising it costs 4 bytes each.
 */
#define SYD_PID_PENDING 256

/*
 * SegvGuard: programs (executable paths) whose crashes are remembered at
 * once. Each entry costs 40 bytes in syd's state (256: 10 KiB) and each
 * exec check and crash scans the table once. When every entry holds a
 * suspended program, a crash of yet another program is not counted;
 * otherwise a new program takes the place of a stale entry, else of the
 * unsuspended one with the fewest crashes.
 */
#define SYD_SEGVGUARD_MAX 256

/* Stack size of each syd thread, plus one guard page below it. */
#define SYD_STACK_SIZE (256 * 1024)

/*
 * Not a value, a cost to know of: the safe-name check (syd(7), on by
 * default whatever the profile) makes every call that creates a name
 * (open/openat with O_CREAT, creat, openat2, mkdir, mknod, symlink,
 * link, rename) one notification, even with every category off; a
 * read-only open or a stat costs nothing more (the open's O_CREAT bit
 * is decided in the filter). trace/allow_unsafe_filename:1 at start-up
 * takes them out of the filter again. Listings (getdents64) reach syd
 * only where the stat category is on.
 */

/*
 * Bytes of directory entries an emulator reads at once when a listing
 * must hide entries (getdents64 under sandbox/stat; each emulator keeps
 * this buffer). A call asking for less reads less; one asking for more
 * gets at most this much per call, as if its buffer were this size.
 */
#define SYD_DENTS_BUF (32 * 1024)

/* Largest single log line; longer records are truncated, still valid JSON. */
#define SYD_LOG_LINE_MAX 4096

/* Default shell when no COMMAND is given and SYD_SHELL is unset. */
#define SYD_SHELL_DEF "/bin/sh"

/* Crypt files open at once (each holds one plaintext object). */
#define SYD_CRYPT_MAX 128

/*
 * How often the AES worker looks whether the last handed-out description
 * of a crypt file was closed, while some are open (none when idle).
 */
#define SYD_CRYPT_POLL_MS 10

/*
 * 1: fdatasync each newly written crypt file before renaming it over the
 * old one (survives power loss, costs a disk flush per commit); 0: rely
 * on rename alone (survives syd being killed, not a power loss).
 */
#define SYD_CRYPT_SYNC 1

#endif
