/*
 * kernel: the emulated system calls. An emulator thread hands each
 * notification to kernel_handle, which reads the target's arguments once,
 * decides with the policy, performs the call in syd and fills the answer.
 */
/* worker-safe */
#ifndef SYD_KERNEL_H
#define SYD_KERNEL_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "kernel/answer.h"
#include "path/path.h"
#include "policy/policy.h"

struct sandbox;

#define KERNEL_NGROUPS 64
#define KERNEL_CRED_CACHE 32
#ifndef SYD_DENTS_BUF /* a config.h made before this value existed */
#define SYD_DENTS_BUF (32 * 1024)
#endif

/* A target thread's credentials as /proc/TID/status shows them. */
struct kernel_cred {
	int tid;	/* 0: empty slot */
	int gen;	/* pool cred_gen when read */
	int ruid, fsuid, rgid, fsgid;
	int euid, egid;
	int suid, sgid;
	uint64_t cap_eff, cap_prm;
	unsigned ngroups;
	unsigned groups[KERNEL_NGROUPS];
};

/* Per-emulator state: buffers live here, never on the heap. */
struct emu {
	struct sandbox *sb;
	int fd;		/* the notify fd */
	int tid;	/* this emulator's tid */
	struct seccomp_notif req;
	bool magic;	/* kernel_path met a /dev/syd path (KERNEL_PATH_MAGIC) */
	const char *sysname;	/* the call's name, for the log */
	/* Credentials this thread currently acts with (fsuid etc.). */
	int cred_uid, cred_gid;
	uint64_t cred_groups_hash;
	uint64_t cred_caps;
	struct kernel_cred cache[KERNEL_CRED_CACHE];
	/* This thread's own user namespace link ("user:[N]"), read once:
	 * a thread of a threaded process cannot change it. */
	char userns[64];
	long userns_len;	/* 0 until read */
	int tgid;	/* the target's thread group, 0 until looked up */
	struct path_pidfd pidfd; /* the last target thread's (path_getfd) */
	char path[PATH_MAX];
	/* path_pre bytes at path_pre_addr already in path (read with the
	 * call's other argument: open.c); 0 for each new notification. */
	size_t path_pre;
	uint64_t path_pre_addr;
	struct path_res res;
	char path2[PATH_MAX];	/* the second path of rename, link */
	struct path_res res2;
	char match[PATH_ABS_MAX]; /* res.abs as rules see it (/proc/self/...) */
	char rootpath[PATH_MAX]; /* a chroot'ed target's root */
	char dents[SYD_DENTS_BUF]; /* a listing being filtered (dents.c) */
};

/*
 * Crypt sandboxing (crypt.c). Main thread: setup derives and locks the
 * keys (before boot), boot starts the AES worker, stop lets it write what
 * is pending, joins it and wipes the keys.
 */
int kernel_crypt_setup(struct sandbox *p, const uint8_t master[32],
    const char *tmpdir);
int kernel_crypt_boot(void);
void kernel_crypt_stop(void);

/* Decide and perform the call in e->req; the answer, which the pool
 * sends (an FD answer's fd is the pool's to close). */
struct kernel_ans kernel_handle(struct emu *e);

struct stat;

/* force: the action for executing path, whose content fd can read. */
enum policy_act kernel_force(const struct policy *p, const char *path,
    int fd);
/* TPE: the action for executing from directory dir, for a process with
 * these ids. */
enum policy_act kernel_tpe(const struct policy *p, const struct stat *dir,
    unsigned uid, unsigned fsgid, const unsigned *groups, unsigned ngroups);

/*
 * ELF checks at exec (elf.c). kernel_elf_read reads the ELF header and
 * program headers of the file open as fd: 0 (out->elf false for a file
 * that is not an ELF), -ENOEXEC for a malformed or truncated ELF, or the
 * read's -errno. kernel_elf_refused: why policy p refuses to execute it
 * (and in *hatch the setting that decides), or NULL.
 */
struct kernel_elf {
	bool elf;		/* starts with \177ELF */
	bool is32;		/* ELFCLASS32 */
	bool interp;		/* has PT_INTERP: dynamically linked */
	bool stack_seen;	/* has PT_GNU_STACK */
	bool stack_x;		/* ... with PF_X */
	unsigned type;		/* e_type: 2 ET_EXEC, 3 ET_DYN */
};
int kernel_elf_read(int fd, struct kernel_elf *out);
const char *kernel_elf_refused(const struct policy *p,
    const struct kernel_elf *e, const char **hatch);

/* Is path the dynamic loader (ld.so run as a program)? */
bool syd_exec_is_ldso(const char *path);

/* One line of /proc/PID/maps (exec.c): the line is cut at its newline
 * by the caller; name points into it. */
struct kernel_map {
	uint64_t lo, hi;	/* [lo, hi) */
	uint64_t inode;		/* 0: memory of no file */
	const char *name;	/* as the kernel prints it; "" for none */
};
bool kernel_maps_line(char *line, struct kernel_map *m);

/* Can a listing hide anything under p (stat on, with a rule that may
 * hide or the safe-name check in force)? Then getdents64 is notified. */
bool kernel_dents_hide(const struct policy *p);

/* ioctl requests refused (EPERM) whatever the rules say while their
 * trace/allow_unsafe_* is off (process.c): the i-th candidate (0 past
 * the last), and whether req is refused under p. */
uint32_t kernel_ioctl_hard(size_t i);
bool kernel_ioctl_hardened(const struct policy *p, uint32_t req);

/* Build the (arch, nr) dispatch table; main thread, before boot. */
void kernel_init(void);
/* Is nr emulated by this build (for the filter)? */
bool kernel_has(int nr);

#endif
