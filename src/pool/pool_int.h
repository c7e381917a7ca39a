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

/* Emulators never given to blocking emulations (pool_block_begin). */
#define POOL_RESERVE 1

int pool_emu_main(void *arg);
int pool_mon_main(void *arg);
int pool_int_main(void *arg);
int pool_tmo_main(void *arg);
int pool_ipc_main(void *arg);

#endif
