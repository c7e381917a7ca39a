/*
 * exec_marker
 *
 * Prints "<NAME>-RAN" where NAME is the last component of the file this
 * process runs (/proc/self/exe), in one write. The exec tests copy it
 * under telling names (PERMIT, DENIED): which copy the kernel really ran
 * shows in the output whatever path the caller thought it passed.
 * Exit 0; 2 if /proc/self/exe cannot be read.
 */
#include <string.h>
#include <unistd.h>

int
main(void)
{
	char exe[4096], line[4200];
	const char *b;
	ssize_t n;
	size_t l;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return 2;
	exe[n] = '\0';
	/* A replaced or removed file reads "PATH (deleted)". */
	if (n > 10 && strcmp(exe + n - 10, " (deleted)") == 0)
		exe[n - 10] = '\0';
	b = strrchr(exe, '/');
	b = b != NULL ? b + 1 : exe;
	l = strlen(b);
	memcpy(line, b, l);
	memcpy(line + l, "-RAN\n", 5);
	return write(1, line, l + 5) == (ssize_t)(l + 5) ? 0 : 2;
}
