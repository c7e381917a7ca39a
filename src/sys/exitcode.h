/*
 * syd's exit status (SPEC.md section 1), one name each, for every file
 * that ends syd or its children: the command's own status otherwise.
 */
/* worker-safe */
#ifndef SYD_EXITCODE_H
#define SYD_EXITCODE_H

#define SYD_EX_USAGE 100	/* a usage or configuration error */
#define SYD_EX_TEMP 111		/* a start-up failure of the system */
#define SYD_EX_TIMEOUT 124	/* -t / timeout: expired */
#define SYD_EX_PANIC 127	/* the panic command or action */
#define SYD_EX_SIGNAL 128	/* + N: killed by signal N */

#endif
