/* worker-safe */
/*
 * trace/allow_safe_bind: the last SANDBOX_NBOUND addresses sandboxed
 * sockets bound, so that a connect back to one of them needs no rule.
 */
#include <string.h>
#include <sys/socket.h>

#include "sandbox/sandbox.h"

void
sandbox_bound_add(struct sandbox *sb, int family, const uint8_t *addr,
    uint16_t port, const char *path)
{
	struct sandbox_bound *b;

	sys_lock(&sb->bound_lock);
	b = &sb->bound[sb->nbound++ % SANDBOX_NBOUND];
	memset(b, 0, sizeof(*b));
	b->family = (uint8_t)family;
	b->port = port;
	if (family == AF_INET || family == AF_INET6)
		memcpy(b->addr, addr, family == AF_INET ? 4 : 16);
	else if (family == AF_UNIX && path != NULL &&
	    strlen(path) < sizeof(b->path))
		memcpy(b->path, path, strlen(path) + 1);
	sys_unlock(&sb->bound_lock);
}

/* A wildcard bind is reachable here only on loopback. */
static bool
bound_loopback(int family, const uint8_t *addr)
{
	static const uint8_t zero[16];

	return family == AF_INET ? addr[0] == 127 :
	    (memcmp(addr, zero, 15) == 0 && addr[15] == 1);
}

bool
sandbox_bound_has(struct sandbox *sb, int family, const uint8_t *addr,
    uint16_t port, const char *path)
{
	static const uint8_t zero[16];
	size_t alen = family == AF_INET ? 4 : 16;
	bool found = false;
	unsigned n;

	sys_lock(&sb->bound_lock);
	n = sb->nbound < SANDBOX_NBOUND ? sb->nbound : SANDBOX_NBOUND;
	for (unsigned i = 0; i < n && !found; i++) {
		const struct sandbox_bound *b = &sb->bound[i];
		if (b->family != family)
			continue;
		if (family == AF_UNIX)
			found = strcmp(b->path, path) == 0;
		else if (b->port == port && memcmp(b->addr, addr, alen) == 0)
			found = true;
		else if (b->port == port && memcmp(b->addr, zero, alen) == 0)
			found = bound_loopback(family, addr);
	}
	sys_unlock(&sb->bound_lock);
	return found;
}
