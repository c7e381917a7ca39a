/*
 * esc_priv_caps
 *
 * Privileges of syd's instead of the caller's: an unprivileged process
 * asks syd, running as root, to perform calls whose permission is a
 * capability rather than a file mode — a bind(2) to a port below 1024
 * (CAP_NET_BIND_SERVICE) and a trusted.* extended attribute on its own
 * file (CAP_SYS_ADMIN). Natively, as uid 65534, both fail (EACCES,
 * EPERM). A syd that performs them with its own capabilities lets them
 * through.
 *
 * Usage: esc_priv_caps FILE (a file the caller owns, for the xattr).
 * Prints "ESCAPED bind=... xattr=..." and exits 0 if either worked;
 * "BLOCKED bind=<errno> xattr=<errno>" and 1 otherwise.
 */
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/xattr.h>

#include "esc.h"

/* One variant: ok, or how it failed (errno). */
static void
try(const char *what, const char *where, int ok)
{
	if (ok)
		esc_cat(esc_got, sizeof(esc_got), " %s=%s", what, where);
	else
		esc_cat(esc_why, sizeof(esc_why), " %s=%s", what,
		    esc_ename(errno));
}

int
main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int s;

	if (argc != 2) {
		fprintf(stderr, "usage: esc_priv_caps FILE\n");
		return 2;
	}
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(81);
	s = socket(AF_INET, SOCK_STREAM, 0);
	try("bind", "127.0.0.1:81",
	    s >= 0 && bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	try("xattr", argv[1],
	    setxattr(argv[1], "trusted.syd_escape", "x", 1, 0) == 0);
	if (s >= 0)
		close(s);
	return esc_report();
}
