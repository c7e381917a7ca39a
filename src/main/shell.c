/* main thread only */
/*
 * Shell integration (syd(1) --sh, --el): the text of the `esyd' shell
 * function and of its Emacs Lisp counterpart, both driving syd(2)'s
 * /dev/syd by stat(2) from a program that runs under syd. Written for
 * this project; the function names and what each does are syd 3's
 * (its esyd and syd.el), see syd(1) SHELL INTEGRATION.
 */
#include <stdio.h>
#include <string.h>

#include "policy/policy.h"
#include "syd.h"

/* The POSIX sh text. A category word after the verb's `_' names
 * syd(2)'s category (net is net/connect, net_bind net/bind); without
 * one the verb is about write. */
static const char esyd_sh[] =
"# esyd: run syd(2) commands from a shell that runs under syd.\n"
"# Printed by `syd --sh'; load it with:  eval \"$(syd --sh)\"\n"
"# Every command is a stat(2) of /dev/syd/...: the status says how it went.\n"
"\n"
"# _esyd_cat VERB: the category VERB_CAT is about (VERB alone: write).\n"
"_esyd_cat() {\n"
"\tcase $1 in\n"
"\t*_*) set -- \"${1#*_}\" ;;\n"
"\t*) set -- write ;;\n"
"\tesac\n"
"\tcase $1 in\n"
"\tnet) echo net/connect ;;\n"
"\tnet_*) echo \"net/${1#net_}\" ;;\n"
"\t*) echo \"$1\" ;;\n"
"\tesac\n"
"}\n"
"\n"
"# _esyd_each ACTION OP CAT PATTERN...: a stat of /dev/syd/ACTION/CAT OP\n"
"# PATTERN for each PATTERN, stopping at the first refused.\n"
"_esyd_each() {\n"
"\t_esyd_a=$1 _esyd_o=$2 _esyd_c=$3\n"
"\tshift 3\n"
"\tif [ $# -eq 0 ]; then\n"
"\t\techo >&2 'esyd: which pattern?'\n"
"\t\treturn 1\n"
"\tfi\n"
"\tfor _esyd_p in \"$@\"; do\n"
"\t\t[ -c \"/dev/syd/$_esyd_a/$_esyd_c$_esyd_o$_esyd_p\" ] || return 1\n"
"\tdone\n"
"}\n"
"\n"
"esyd() {\n"
"\t_esyd_v=${1-help}\n"
"\t[ $# -gt 0 ] && shift\n"
"\tcase $_esyd_v in\n"
"\tapi) echo 3 ;;\n"
"\tcheck) [ -c /dev/syd ] ;;\n"
"\tstat|panic|reset|ghost) [ -c \"/dev/syd/$_esyd_v\" ] ;;\n"
"\tload)\n"
"\t\tif [ $# -ne 1 ]; then\n"
"\t\t\techo >&2 'esyd: load FD: one file descriptor number'\n"
"\t\t\treturn 1\n"
"\t\tfi\n"
"\t\t[ -c \"/dev/syd/load/$1\" ] ;;\n"
"\tlock) [ -c /dev/syd/lock:on ] ;;\n"
"\tunlock) [ -c /dev/syd/lock:off ] ;;\n"
"\texec_lock|drop_lock|read_lock)\n"
"\t\t[ -c \"/dev/syd/lock:${_esyd_v%_lock}\" ] ;;\n"
"\tinfo)\n"
"\t\t# Read in this shell, not a subshell: lock:exec admits only it.\n"
"\t\t[ -c /dev/syd ] || return 1\n"
"\t\t_esyd_s=\n"
"\t\twhile IFS= read -r _esyd_l || [ -n \"$_esyd_l\" ]; do\n"
"\t\t\t_esyd_s=$_esyd_s$_esyd_l\n"
"\t\tdone </dev/syd\n"
"\t\t# Pretty with jq(1) where it is there and may run, else as is.\n"
"\t\tif ! command -v jq >/dev/null 2>&1 ||\n"
"\t\t    ! printf '%s\\n' \"$_esyd_s\" | jq . 2>/dev/null; then\n"
"\t\t\tprintf '%s\\n' \"$_esyd_s\"\n"
"\t\tfi ;;\n"
"\texec)\n"
"\t\tif [ $# -eq 0 ]; then\n"
"\t\t\techo >&2 'esyd: exec PROGRAM [ARG...]'\n"
"\t\t\treturn 1\n"
"\t\tfi\n"
"\t\t_esyd_x=\"/dev/syd/cmd/exec!$1\"\n"
"\t\tshift\n"
"\t\tfor _esyd_a in \"$@\"; do\n"
"\t\t\t_esyd_x=\"$_esyd_x$(printf '\\037')$_esyd_a\"\n"
"\t\tdone\n"
"\t\t[ -c \"$_esyd_x\" ] ;;\n"
"\tenabled|enabled_*) [ -c \"/dev/syd/sandbox/$(_esyd_cat \"$_esyd_v\")?\" ] ;;\n"
"\tenable|enable_*) [ -c \"/dev/syd/sandbox/$(_esyd_cat \"$_esyd_v\"):on\" ] ;;\n"
"\tdisable|disable_*) [ -c \"/dev/syd/sandbox/$(_esyd_cat \"$_esyd_v\"):off\" ] ;;\n"
"\tallow|allow_*) _esyd_each allow + \"$(_esyd_cat \"$_esyd_v\")\" \"$@\" ;;\n"
"\tdisallow|disallow_*) _esyd_each allow - \"$(_esyd_cat \"$_esyd_v\")\" \"$@\" ;;\n"
"\tdeny|deny_*) _esyd_each deny + \"$(_esyd_cat \"$_esyd_v\")\" \"$@\" ;;\n"
"\tnodeny|nodeny_*) _esyd_each deny - \"$(_esyd_cat \"$_esyd_v\")\" \"$@\" ;;\n"
"\taddfilter|addfilter_*) _esyd_each filter + \"$(_esyd_cat \"$_esyd_v\")\" \"$@\" ;;\n"
"\trmfilter|rmfilter_*) _esyd_each filter - \"$(_esyd_cat \"$_esyd_v\")\" \"$@\" ;;\n"
"\thelp)\n"
"\t\tprintf '%s\\n' \\\n"
"\t\t    'esyd VERB [ARG...]: drive syd from a shell it sandboxes (syd(2)).' \\\n"
"\t\t    '  api | check | stat | info | panic | reset | ghost | load FD' \\\n"
"\t\t    '  lock | unlock | exec_lock | drop_lock | read_lock' \\\n"
"\t\t    '  exec PROGRAM [ARG...]          run PROGRAM outside the sandbox' \\\n"
"\t\t    '  enabled[_CAT] | enable[_CAT] | disable[_CAT]' \\\n"
"\t\t    '  allow[_CAT] | disallow[_CAT] | deny[_CAT] | nodeny[_CAT]' \\\n"
"\t\t    '  addfilter[_CAT] | rmfilter[_CAT]   PATTERN...' \\\n"
"\t\t    'CAT is a syd(2) category (read, exec, net_bind, ...; net is' \\\n"
"\t\t    'net/connect); without one the verb is about write.'\n"
"\t\t;;\n"
"\t*)\n"
"\t\techo >&2 \"esyd: $_esyd_v: unknown verb (esyd help)\"\n"
"\t\treturn 1 ;;\n"
"\tesac\n"
"}\n";

int
syd_cmd_sh(void)
{
	fputs(esyd_sh, stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* Emacs Lisp: syd.el's names (syd-api, syd-check, syd-lock, ...). */
static const char syd_el_head[] =
";;; syd.el --- drive syd(2) from Emacs running under syd -*- lexical-binding: t -*-\n"
";; Printed by `syd --el'.  Each function is a stat(2) of /dev/syd/...:\n"
";; t when syd took it, nil when it did not.\n"
"\n"
";;; Code:\n"
"\n"
"(defun syd--stat (cmd)\n"
"  \"Run syd command CMD by a stat of /dev/syd/CMD; t if it was taken.\"\n"
"  (if (file-attributes (concat \"/dev/syd/\" cmd)) t nil))\n"
"\n"
"(defun syd-api ()\n"
"  \"The syd API version this interface speaks.\"\n"
"  3)\n"
"\n"
"(defun syd-check ()\n"
"  \"Non-nil when running under syd with /dev/syd open to us.\"\n"
"  (if (file-attributes \"/dev/syd\") t nil))\n"
"\n"
"(defun syd-info ()\n"
"  \"The state of the sandbox as JSON text, or nil.\"\n"
"  (when (syd-check)\n"
"    (with-temp-buffer\n"
"      (insert-file-contents-literally \"/dev/syd\")\n"
"      (buffer-string))))\n"
"\n"
"(defun syd-stat () \"Ask syd to log its state.\" (syd--stat \"stat\"))\n"
"(defun syd-panic () \"End syd and the sandbox (exit 127).\" (syd--stat \"panic\"))\n"
"(defun syd-reset () \"Back to the default state.\" (syd--stat \"reset\"))\n"
"(defun syd-ghost () \"Ask syd to stop supervising.\" (syd--stat \"ghost\"))\n"
"\n"
"(defun syd-load (fd)\n"
"  \"Make syd read a configuration from file descriptor FD.\"\n"
"  (syd--stat (format \"load/%d\" fd)))\n"
"\n"
"(defun syd-lock (state)\n"
"  \"Set the lock to STATE: :lock-off, :lock-exec, :lock-drop, :lock-read or :lock-on.\"\n"
"  (let ((word (cdr (assq state '((:lock-off . \"off\") (:lock-exec . \"exec\")\n"
"                                 (:lock-drop . \"drop\") (:lock-read . \"read\")\n"
"                                 (:lock-on . \"on\"))))))\n"
"    (and word (syd--stat (concat \"lock:\" word)))))\n"
"\n"
"(defun syd-exec (file argv)\n"
"  \"Run FILE with arguments ARGV (a list of strings) outside the sandbox.\"\n"
"  (syd--stat (concat \"cmd/exec!\" (mapconcat #'identity (cons file argv) \"\\037\"))))\n"
"\n"
"(defun syd--action (action)\n"
"  \"syd(2)'s word for ACTION, one of :action-allow ... :action-exit.\"\n"
"  (let ((name (symbol-name action)))\n"
"    (and (string-prefix-p \":action-\" name) (substring name 8))))\n"
"\n"
"(defun syd--rule (action cat op glob)\n"
"  \"Run ACTION/CAT followed by OP and GLOB.\"\n"
"  (let ((act (syd--action action)))\n"
"    (and act (syd--stat (concat act \"/\" cat op glob)))))\n";

/* One category's functions; name is the Lisp word (net/bind: net-bind). */
static void
el_category(const char *cat)
{
	char name[32];

	snprintf(name, sizeof(name), "%s", cat);
	for (char *s = name; *s != '\0'; s++)
		if (*s == '/')
			*s = '-';
	printf("\n(defun syd-enabled-%s () \"Is %s sandboxing on?\" "
	    "(syd--stat \"sandbox/%s?\"))\n", name, cat, cat);
	printf("(defun syd-enable-%s () \"Turn %s sandboxing on.\" "
	    "(syd--stat \"sandbox/%s:on\"))\n", name, cat, cat);
	printf("(defun syd-disable-%s () \"Turn %s sandboxing off.\" "
	    "(syd--stat \"sandbox/%s:off\"))\n", name, cat, cat);
	printf("(defun syd-default-%s (action) \"Set the default ACTION of %s.\" "
	    "(let ((act (syd--action action))) (and act (syd--stat (concat "
	    "\"default/%s:\" act)))))\n", name, cat, cat);
	if (strcmp(cat, "lock") == 0 || strcmp(cat, "pid") == 0 ||
	    strcmp(cat, "mem") == 0 || strcmp(cat, "force") == 0 ||
	    strcmp(cat, "tpe") == 0 || strcmp(cat, "crypt") == 0)
		return; /* no rule list of this shape */
	printf("(defun syd-%s-add (action glob) \"Add an ACTION rule for GLOB "
	    "to %s.\" (syd--rule action \"%s\" \"+\" glob))\n", name, cat, cat);
	printf("(defun syd-%s-del (action glob) \"Remove the last equal ACTION "
	    "rule for GLOB from %s.\" (syd--rule action \"%s\" \"-\" glob))\n",
	    name, cat, cat);
	printf("(defun syd-%s-rem (action glob) \"Remove every equal ACTION "
	    "rule for GLOB from %s.\" (syd--rule action \"%s\" \"^\" glob))\n",
	    name, cat, cat);
}

int
syd_cmd_el(void)
{
	fputs(syd_el_head, stdout);
	for (int c = 0; c < POLICY_NCAT; c++)
		el_category(policy_cat_name(c));
	fputs("\n(provide 'syd)\n;;; syd.el ends here\n", stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}
