/* Internal to src/pool. */
/* worker-safe */
#ifndef SYD_POOL_INT_H
#define SYD_POOL_INT_H

#include "pool/pool.h"

/* Handed to a new emulator; it copies what it needs and sets taken. */
struct pool_emu_arg {
	struct pool *pool;
	bool core;
	int taken;
};

int pool_emu_main(void *arg);
int pool_mon_main(void *arg);
int pool_int_main(void *arg);
int pool_tmo_main(void *arg);
int pool_ipc_main(void *arg);
/* pool_stop but the timeout thread (boot.c): what ghost asks. */
void pool_leave(struct pool *p);

/*
 * The IPC line protocol (ipc_line.c): one connection's input, bounded.
 * After new bytes were appended to buf (len updated), pool_ipc_lines
 * calls line() for each complete line, NUL-terminated in place with its
 * length and err 0, or once with err -E2BIG for a line that cannot fit
 * (its bytes are dropped up to its newline); it stops early when line()
 * returns false (the connection is gone). A line ends at '\n' only.
 */
#define POOL_IPC_LINE 4096
struct pool_ipc_buf {
	size_t len;
	bool skip;	/* inside an over-long line: drop to its end */
	char buf[POOL_IPC_LINE];
};
void pool_ipc_lines(struct pool_ipc_buf *b,
    bool (*line)(void *arg, char *s, size_t n, int err), void *arg);
/* The command of a line of n bytes: blanks and CRs trimmed in place.
 * 1 with *cmd set, 0 for a blank line, -EINVAL when it holds a NUL (the
 * command would otherwise be cut short there and run in part). */
int pool_ipc_trim(char *line, size_t n, char **cmd);

#endif
