/*
 * syd pandora (pandora.c): what the applets, the log reader
 * (pandora_log.c) and the profile writer (pandora_write.c) share.
 */
/* main thread only */
#ifndef SYD_PANDORA_H
#define SYD_PANDORA_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "policy/policy.h"

#define DEPTH_DEF 3
#define OUT_DEF "pandora_out.syd-3"
#define VAL_MAX 65536 /* bytes of one decoded JSON string */
#define PROC_PID "\001" /* stands for a number below /proc in a raw path */

struct set {
	char **v;
	size_t n, cap;
};

struct learn {
	int depth;
	bool hash;
	struct set path[POLICY_NLIST]; /* "L/raw" literal or "T/raw" tree */
	struct set net[3];		/* raw addresses, per net category */
	uint64_t *req;			/* ioctl requests */
	size_t nreq, reqcap;
	struct set execs;		/* raw paths of executed files */
	struct set skipped;		/* what cannot be a rule: comments */
	unsigned long records, other, bad;
	char first[32], last[32];	/* "time" of the first, last record */
	char cmd[512];			/* "cmd" of the first record */
};

/* A string set (pandora_log.c): add a copy; sort and drop duplicates. */
void pandora_set_add(struct set *s, const char *str);
void pandora_set_uniq(struct set *s);
/* Learn from the JSON log records read from in (pandora_log.c). */
void pandora_learn_fd(struct learn *L, FILE *in);
/* The profile for L (pandora_write.c): the number of rules written. */
size_t pandora_write_profile(FILE *f, struct learn *L, char **argv,
    int status);

#endif
