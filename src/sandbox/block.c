/* worker-safe */
/*
 * Blocking emulations (a FIFO open, a blocking connect) and the
 * -ERESTARTSYS notes (DESIGN.md section 4). An emulator registers before
 * it blocks, so the interrupter can kick it when the target gets a signal
 * or goes away; admission keeps some emulators free for everything else.
 */
#include "sandbox/sandbox.h"

struct sandbox_slot *
sandbox_block_begin(struct sandbox *sb, int emu_tid, int target, uint64_t id)
{
	struct sandbox_slot *found = NULL;

	sys_lock(&sb->int_lock);
	/* Admission: a blocked emulation holds its emulator for as long as
	 * the target likes, and the pool cannot grow past its maximum, so
	 * at most block_max may block at once; the rest stay free for
	 * everything else (SPEC.md section 8). */
	if ((unsigned)sb->int_used >= sb->block_max) {
		sys_unlock(&sb->int_lock);
		return NULL;
	}
	for (int i = 0; i < SYD_INT_SLOTS && found == NULL; i++) {
		if (sb->slots[i].emu_tid != 0)
			continue;
		found = &sb->slots[i];
		found->emu_tid = emu_tid;
		found->target = target;
		found->id = id;
		found->kicked = 0;
		__atomic_add_fetch(&sb->int_used, 1, __ATOMIC_RELEASE);
	}
	sys_unlock(&sb->int_lock);
	if (found == NULL)
		return NULL;
	sys_futex_wake(&sb->int_used, 1);
	sys_rdunlock(&sb->policy_lock);
	return found;
}

bool
sandbox_block_end(struct sandbox *sb, struct sandbox_slot *s)
{
	bool kicked;

	if (s == NULL)
		return false;
	sys_rdlock(&sb->policy_lock);
	sys_lock(&sb->int_lock);
	kicked = s->kicked != 0;
	s->emu_tid = 0;
	__atomic_sub_fetch(&sb->int_used, 1, __ATOMIC_RELEASE);
	sys_unlock(&sb->int_lock);
	return kicked;
}

/* Swap want for put in one of the note slots. */
static bool
block_note_swap(struct sandbox *sb, int want, int put)
{
	for (int i = 0; i < SYD_INT_SLOTS; i++) {
		int w = want;
		if (__atomic_compare_exchange_n(&sb->restart_tids[i], &w, put,
			false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

bool
sandbox_restart_note(struct sandbox *sb, int tid)
{
	return block_note_swap(sb, 0, tid);
}

bool
sandbox_restart_take(struct sandbox *sb, int tid)
{
	return block_note_swap(sb, tid, 0);
}
