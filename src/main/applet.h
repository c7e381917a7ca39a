/* main thread only */
/*
 * The applets (syd-applets(1)): syd 3's helper programs, answered by this
 * one binary when it runs as syd-NAME (a link) or as syd --applet NAME.
 * One applet per file (applet_NAME.c); applet.c dispatches and holds what
 * they share. Main thread only: stdio and malloc are used freely.
 */
#ifndef SYD_APPLET_H
#define SYD_APPLET_H

#include <stdbool.h>

/* The applet called name (without "syd-"), or NULL. */
typedef int (*applet_fn)(int argc, char **argv);
applet_fn applet_find(const char *name);
/* Each applet's name, by index; NULL past the last. */
const char *applet_name(unsigned i);
/* Run applet name (argv[0] its own name); -1 when there is none. */
int applet_run(const char *name, int argc, char **argv);
/* An open file or "-"/NULL for standard input; exits on failure. */
int applet_open_in(const char *path);
/* A size with an optional K, M, G or T (powers of 1024) suffix; -1 when
 * it is not one. */
long long applet_size(const char *s);

/* "syd-NAME: " + the message on stderr, then exit(code). */
_Noreturn void applet_die(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Not supported by this build: exit 100 (SPEC.md section 1). */
_Noreturn void applet_unsupported(const char *what, const char *why);
/* exec argv (argv[0] NULL: $SYD_SHELL or the default shell, as syd 3's
 * helpers do); never returns (127 when the exec fails, 126 if found but
 * not executable, as sh(1) has it). */
_Noreturn void applet_exec(char **argv);

int applet_aes(int argc, char **argv);
int applet_cat(int argc, char **argv);
int applet_elf(int argc, char **argv);
int applet_env(int argc, char **argv);
int applet_hex(int argc, char **argv);
int applet_info(int argc, char **argv);
int applet_key(int argc, char **argv);
int applet_lock(int argc, char **argv);
int applet_ls(int argc, char **argv);
int applet_mdwe(int argc, char **argv);
int applet_pds(int argc, char **argv);
int applet_sum(int argc, char **argv);
int applet_sys(int argc, char **argv);

#endif
