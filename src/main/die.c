/* main thread only */
/*
 * The one place where a failure becomes words on stderr and an exit
 * status (SPEC.md section 1: one line, "syd: ...").
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "syd.h"

_Noreturn void
syd_die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("syd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}
