/* worker-safe */
/*
 * Network calls, performed by syd (SPEC.md section 3). The address is read
 * from the target once, checked, and the call is made by syd on the
 * target's own socket (pidfd_getfd: the same open file description), so
 * rewriting the sockaddr after the check changes nothing. UNIX sockets are
 * checked by their canonical path and reached through an O_PATH fd of the
 * resolved object (connect) or of the resolved parent (bind), never by
 * the name again.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "kernel/net_int.h"
#include "rt/rt.h"

/* Read a sockaddr of len bytes at addr. */
int
net_read_addr(struct emu *e, uint64_t addr, uint64_t len, struct net_addr *a)
{
	if (len > sizeof(a->ss))
		return -EINVAL;
	if (len < sizeof(sa_family_t))
		return -EINVAL;
	memset(&a->ss, 0, sizeof(a->ss));
	if (sys_vm_read((int)e->req.pid, &a->ss, addr, len) != (long)len)
		return -EFAULT;
	a->len = (socklen_t)len;
	a->family = a->ss.ss_family;
	return 0;
}

/*
 * Resolve a UNIX socket path into e->res and, for a performed call, the
 * address that reaches the same object through our fd: the socket itself
 * (connect) or its parent directory plus the name (bind).
 */
static int
net_unix_path(struct emu *e, struct net_addr *a, bool bind, int *pin)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&a->ss;
	size_t n = a->len - offsetof(struct sockaddr_un, sun_path);
	char path[sizeof(un->sun_path) + 1];
	int r, fd;

	if (n > sizeof(un->sun_path))
		return -EINVAL;
	memcpy(path, un->sun_path, n);
	path[n] = '\0';
	/* The target's string is in our copy: resolve that one. */
	memcpy(e->path, path, n + 1);
	if (bind && (r = kernel_umask(e)) < 0)
		return r;
	/* From the target's root (root:, a mount namespace), not syd's. */
	r = kernel_canon(e, AT_FDCWD, path,
	    bind ? PATH_NOFOLLOW | PATH_LASTNAME : 0, &e->res);
	if (r < 0)
		return r;
	if (bind) {
		/*
		 * The name a socket is bound with is what getsockname(2)
		 * reports and what peers see: bind with the target's own
		 * string, from the target's cwd (this thread's cwd is its
		 * own), and check afterwards that it landed where the rule
		 * looked (net_bind_verify).
		 */
		char cwd[64];
		int d;
		snprintf(cwd, sizeof(cwd), "/proc/%d/cwd", (int)e->req.pid);
		if ((d = sys_openat(AT_FDCWD, cwd, O_PATH | O_DIRECTORY, 0)) < 0)
			return d;
		r = (int)sys_fchdir(d);
		sys_close(d);
		if (r < 0 || path[0] != '/' ||
		    !__atomic_load_n(&e->sb->chrooted, __ATOMIC_ACQUIRE))
			return r;
		/*
		 * An absolute name from a target whose root is not syd's
		 * (root:, a mount namespace of its own) would land in syd's
		 * tree: bind it relative to the target's root instead
		 * (getsockname then shows it without the leading "/").
		 */
		{
			struct stat a1, a2;
			size_t k = 0;
			snprintf(cwd, sizeof(cwd), "/proc/%d/root",
			    (int)e->req.pid);
			if ((d = sys_openat(AT_FDCWD, cwd, O_PATH | O_DIRECTORY,
			    0)) < 0)
				return d;
			if (sys_fstatat(d, "", &a1, AT_EMPTY_PATH) == 0 &&
			    sys_fstatat(e->sb->rootfd, "", &a2,
			    AT_EMPTY_PATH) == 0 && a1.st_dev == a2.st_dev &&
			    a1.st_ino == a2.st_ino) {
				sys_close(d);
				return 0;
			}
			r = (int)sys_fchdir(d);
			sys_close(d);
			if (r < 0)
				return r;
			while (path[k] == '/')
				k++;
			if (path[k] == '\0')
				return -EINVAL;
			memset(un->sun_path, 0, sizeof(un->sun_path));
			memcpy(un->sun_path, path + k, n - k);
			a->len = (socklen_t)(a->len - k);
			return 0;
		}
	}
	fd = kernel_opath(e);
	if (fd < 0)
		return fd;
	*pin = fd;
	memset(un->sun_path, 0, sizeof(un->sun_path));
	sys_proc_name(un->sun_path, sizeof(un->sun_path), fd);
	r = (int)strlen(un->sun_path);
	a->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + r + 1);
	return 0;
}

/* The name rules and logs use for a UNIX address. */
void
net_unix_name(const struct net_addr *a, char *out, size_t size)
{
	const struct sockaddr_un *un = (const struct sockaddr_un *)&a->ss;
	size_t n = a->len - offsetof(struct sockaddr_un, sun_path);

	if (n > size - 2)
		n = size - 2;
	out[0] = '@';
	memcpy(out + 1, un->sun_path + 1, n > 0 ? n - 1 : 0);
	out[n > 0 ? n : 1] = '\0';
}

/*
 * Decide for the address in a and make it usable by syd (UNIX paths are
 * rewritten to reach the resolved object). 0: perform; -errno: answer.
 */
int
net_decide(struct emu *e, enum policy_cat cat, struct net_addr *a, int *pin)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *)&a->ss;
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&a->ss;
	char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 2];
	size_t plen = a->len - offsetof(struct sockaddr_un, sun_path);
	bool safe = cat == POLICY_NET_CONNECT && kernel_policy(e)->safe_bind;
	int r;

	switch (a->family) {
	case AF_INET:
		if (a->len < sizeof(*in))
			return -EINVAL;
		if (safe && sandbox_bound_has(e->sb, AF_INET,
		    (const uint8_t *)&in->sin_addr, ntohs(in->sin_port), NULL))
			return 0;
		return kernel_check_ip(e, cat, AF_INET,
		    (const uint8_t *)&in->sin_addr, ntohs(in->sin_port));
	case AF_INET6:
		if (a->len < sizeof(*in6))
			return -EINVAL;
		if (safe && sandbox_bound_has(e->sb, AF_INET6, in6->sin6_addr.s6_addr,
		    ntohs(in6->sin6_port), NULL))
			return 0;
		return kernel_check_ip(e, cat, AF_INET6,
		    in6->sin6_addr.s6_addr, ntohs(in6->sin6_port));
	case AF_UNIX:
		if (a->len <= offsetof(struct sockaddr_un, sun_path))
			return 0; /* unnamed (autobind): no address to check */
		if (((struct sockaddr_un *)&a->ss)->sun_path[0] == '\0') {
			net_unix_name(a, name, sizeof(name));
			if (kernel_policy(e)->ipc != NULL &&
			    strcmp(kernel_policy(e)->ipc, name) == 0)
				return -EACCES; /* syd's own IPC: not from inside */
			return kernel_check_name(e, cat, name);
		}
		if (plen > sizeof(((struct sockaddr_un *)0)->sun_path))
			return -EINVAL;
		r = net_unix_path(e, a, cat == POLICY_NET_BIND, pin);
		if (r < 0)
			return r;
		if (!kernel_valid(e))
			return -ESRCH;
		if (kernel_policy(e)->ipc != NULL &&
		    strcmp(kernel_policy(e)->ipc, e->res.abs) == 0)
			return -EACCES; /* syd's own IPC: not from inside */
		if (safe && sandbox_bound_has(e->sb, AF_UNIX, NULL, 0, e->res.abs))
			return 0;
		return kernel_check_name(e, cat, e->res.abs);
	case AF_NETLINK:
		return 0; /* talks to the kernel only */
	case AF_UNSPEC:
		return 0; /* connect(AF_UNSPEC) dissolves an association */
	default:
		return -EAFNOSUPPORT;
	}
}

/*
 * Where len bytes of a message go: the stack buffer up to NET_DATA_MAX;
 * beyond, a stream sends a part (a short count is its normal answer), a
 * datagram must go whole, so it gets a heap buffer (*big, rt_free'd by
 * the caller). Returns the usable length or -errno.
 */
long
net_buffer(int sock, size_t len, char **big)
{
	int type = 0;
	socklen_t tl = sizeof(type);

	*big = NULL;
	if (len <= NET_DATA_MAX)
		return (long)len;
	if (sys_getsockopt(sock, SOL_SOCKET, SO_TYPE, &type,
	    &tl) < 0 || type == SOCK_STREAM)
		return NET_DATA_MAX;
	if (len > NET_BIG_MAX)
		return -EMSGSIZE;
	if ((*big = rt_alloc(len)) == NULL)
		return -ENOBUFS;
	return (long)len;
}

/* The address a bound socket really got (port 0 → the kernel's pick). */
static void
net_bound_add(struct emu *e, int sock, const struct net_addr *want)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (sys_call3(SYS_getsockname, sock, &ss, &len) < 0)
		return;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)&ss;
		sandbox_bound_add(e->sb, AF_INET, (const void *)&in->sin_addr,
		    ntohs(in->sin_port), NULL);
	} else if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)&ss;
		sandbox_bound_add(e->sb, AF_INET6,
		    (const void *)&in6->sin6_addr, ntohs(in6->sin6_port), NULL);
	} else if (ss.ss_family == AF_UNIX && want->family == AF_UNIX) {
		sandbox_bound_add(e->sb, AF_UNIX, NULL, 0, e->res.abs);
	}
}

/* Drop what a send held (our socket copy, a UNIX pin, a heap buffer). */
long
net_release(long r, int sock, int pin, char *big)
{
	rt_free(big);
	if (sock >= 0)
		sys_close(sock);
	if (pin >= 0)
		sys_close(pin);
	return r;
}

/* Block through the interrupter when the socket would block. */
static long
net_blocking(struct emu *e, int sock, long nr, const void *addr,
    socklen_t len)
{
	struct sandbox_slot *slot = NULL;
	long r;

	if (!(sys_fcntl(sock, F_GETFL, 0) & O_NONBLOCK) &&
	    (slot = kernel_block_begin(e)) == NULL)
		return -EAGAIN; /* no emulator to spare for blocking */
	do
		r = sys_call3(nr, sock, addr, len);
	while (kernel_block_retry(slot, r));
	return kernel_block_end(e, slot, r);
}

/* A bound UNIX path must still resolve to what was checked (a component
 * swapped for a symlink in between would have moved it). */
static long
net_bind_verify(struct emu *e)
{
	int r;

	/* e->path is the target's string; e->res.abs what was checked. */
	memcpy(e->match, e->res.abs, strlen(e->res.abs) + 1);
	path_done(&e->res);
	r = kernel_canon(e, AT_FDCWD, e->path, PATH_NOFOLLOW | PATH_LASTNAME,
	    &e->res);
	if (r == 0 && strcmp(e->match, e->res.abs) == 0 &&
	    S_ISSOCK(e->res.mode))
		return 0;
	rt_log_msg(RT_WARN, "access", "bind_race", "bound socket %s moved "
	    "during the call (checked as %s): refused", e->path, e->match);
	return -EACCES;
}

/*
 * The address in args ai and ai + 1, decided for cat (a UNIX path
 * resolved and pinned in *pin), and our copy of the target's socket (arg
 * 0) in *sock: 0 or -errno (*pin and *sock, when >= 0, are the caller's
 * to close).
 */
static long
net_target(struct emu *e, enum policy_cat cat, int ai, struct net_addr *a,
    int *pin, int *sock)
{
	long r;

	e->res.dirfd = e->res2.dirfd = -1;
	e->res.abs[0] = '\0';
	if ((r = net_read_addr(e, kernel_arg(e, ai), kernel_arg(e, ai + 1),
	    a)) < 0)
		return r;
	if ((r = net_decide(e, cat, a, pin)) < 0)
		return r;
	*sock = kernel_getfd(e, (int)kernel_arg(e, 0));
	return *sock < 0 ? *sock : 0;
}

/* performed (dispatch.c) */
long
kernel_net_addr(struct emu *e)
{
	bool bind = e->req.data.nr == SYS_bind;
	enum policy_cat cat = bind ? POLICY_NET_BIND : POLICY_NET_CONNECT;
	struct net_addr a;
	int pin = -1, sock = -1;
	long r;

	if ((r = net_target(e, cat, 1, &a, &pin, &sock)) < 0)
		goto out;
	if (bind) {
		r = sys_call3(SYS_bind, sock, &a.ss, a.len);
	} else {
		/* The peer reads the connecting ids (SO_PEERCRED): the
		 * target's, not root syd's (kernel_creds_eid). */
		int eid = a.family == AF_UNIX ? kernel_creds_eid(e) : 0;
		r = eid < 0 ? eid :
		    net_blocking(e, sock, SYS_connect, &a.ss, a.len);
		if (eid > 0)
			kernel_creds_eid_end(e);
	}
	/* A path this call resolved (net_target empties e->res.abs; an
	 * abstract or unnamed address leaves it so, and e->path may hold an
	 * earlier call's string). */
	if (r == 0 && bind && a.family == AF_UNIX && e->res.abs[0] != '\0')
		r = net_bind_verify(e);
	if (r == 0 && bind && kernel_policy(e)->safe_bind)
		net_bound_add(e, sock, &a);
out:
	return net_release(r, sock, pin, NULL);
}

/* sendto with a destination (the filter notifies no other). */
static long
sendto_run(struct emu *e, char *buf)
{
	size_t len = kernel_arg(e, 2);
	struct net_addr a;
	int pin = -1, sock = -1;
	char *big = NULL;
	long r;

	if ((r = net_target(e, POLICY_NET_CONNECT, 4, &a, &pin, &sock)) < 0)
		goto out;
	if ((r = net_buffer(sock, len, &big)) < 0)
		goto out;
	len = (size_t)r;
	if (big != NULL)
		buf = big;
	if (len > 0 && sys_vm_read((int)e->req.pid, buf, kernel_arg(e, 1),
	    len) != (long)len) {
		r = -EFAULT;
		goto out;
	}
	{
		/* sendmsg, for the credentials of a UNIX message
		 * (net_send). */
		struct iovec iov = { buf, len };
		_Alignas(8) char ctl[NET_CRED_SPACE];
		struct msghdr m = { .msg_name = &a.ss, .msg_namelen = a.len,
		    .msg_iov = &iov, .msg_iovlen = 1 };
		r = net_send(e, sock, &m, (int)kernel_arg(e, 3), ctl, false,
		    false);
	}
out:
	return net_release(r, sock, pin, big);
}

struct kernel_ans
kernel_sendto(struct emu *e)
{
	char buf[NET_DATA_MAX];

	return kernel_result(e, sendto_run(e, buf));
}
