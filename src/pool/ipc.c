/* worker-safe */
/*
 * The IPC worker (syd_ipc): a UNIX stream socket that accepts the same
 * commands as /dev/syd, one per line, and answers one JSON line each:
 * {"ok":true} or {"ok":false,"errno":N}; "stat" answers the state. Only
 * peers with syd's uid (or root) are served. Lines and connections are
 * bounded, clients are never waited for: a slow or hostile client can
 * lose its connection, never stall syd.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "path/path.h"
#include "policy/policy.h"
#include "pool/pool_int.h"
#include "rt/rt.h"

#if SYD_WITH_IPC /* config.mk WITH_IPC */

#define IPC_CONNS 64

struct ipc_conn {
	int fd;		/* -1: free */
	struct pool_ipc_buf in;
};

static void
ipc_reply(struct ipc_conn *c, int r)
{
	char out[64];
	int n = r == 0 ? snprintf(out, sizeof(out), "{\"ok\":true}\n") :
	    snprintf(out, sizeof(out), "{\"ok\":false,\"errno\":%d}\n", -r);

	if (sys_sendto(c->fd, out, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL,
	    NULL, 0) != n) {
		sys_close(c->fd);
		c->fd = -1;
	}
}

struct ipc_at {
	struct pool *p;
	struct ipc_conn *c;
};

/* One line of a connection; false once the connection is gone. */
static bool
ipc_line(void *arg, char *line, size_t n, int err)
{
	struct ipc_at *at = arg;
	char x[POLICY_CMD_MAX + 1], *cmd;
	int r;

	if (err == 0 && (err = pool_ipc_trim(line, n, &cmd)) == 0)
		return true; /* a blank line */
	if (err < 0) {
		ipc_reply(at->c, err);
		return at->c->fd >= 0;
	}
	if (strcmp(cmd, "stat") == 0) {
		sys_rdlock(&at->p->sb->policy_lock);
		sandbox_state(at->c->fd, at->p->sb->policy);
		sys_rdunlock(&at->p->sb->policy_lock);
		return true;
	}
	if (strncmp(cmd, "cmd/exec!", 9) == 0) {
		ipc_reply(at->c, sandbox_cmdexec(cmd + 9, "ipc"));
		return at->c->fd >= 0;
	}
	if (strcmp(cmd, "ghost") == 0) {
		ipc_reply(at->c, sandbox_ghost(at->p->sb, "ipc"));
		return at->c->fd >= 0;
	}
	if (strncmp(cmd, "load/", 5) == 0) {
		/* load/FD names a sandboxed process's fd: a client has none. */
		rt_log_msg(RT_NOTICE, "ipc", "cmd", "%s: not supported over IPC: "
		    "FD is a sandboxed process's", cmd);
		ipc_reply(at->c, -EOPNOTSUPP);
		return at->c->fd >= 0;
	}
	r = sandbox_cmd_prepare(cmd, x, sizeof(x));
	ipc_reply(at->c, sandbox_config(at->p->sb, cmd, x, r, "ipc"));
	explicit_bzero(x, sizeof(x)); /* it may hold a ${VAR}'s secret */
	return at->c->fd >= 0;
}

static void
ipc_read(struct pool *p, struct ipc_conn *c)
{
	struct ipc_at at = { p, c };
	long n = sys_read(c->fd, c->in.buf + c->in.len,
	    sizeof(c->in.buf) - c->in.len);

	if (n <= 0) {
		if (n == -EAGAIN || n == -EINTR)
			return;
		sys_close(c->fd);
		c->fd = -1;
		return;
	}
	c->in.len += (size_t)n;
	pool_ipc_lines(&c->in, ipc_line, &at);
}

/* Is pid one of the sandbox's (traced by syd)? */
static bool
ipc_sandboxed(struct pool *p, int pid)
{
	char buf[1024];
	const char *t;

	if (sys_proc_status(pid, buf, sizeof(buf)) < 0)
		return true; /* cannot tell: refuse */
	t = strstr(buf, "\nTracerPid:");
	return t == NULL || path_atoi(t + 11) == p->sb->syd_pid;
}

/*
 * The peer's pid may have been reused by the time its status is read: a
 * sandboxed process connects, hands the socket on and exits. Where the
 * kernel has SO_PEERPIDFD (6.5), the status counts only if the peer is
 * still unreaped after the read (pidfd_send_signal 0 is not ESRCH), so
 * the pid was still its own. Older kernels: the pid alone (syd(7)).
 */
#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77
#endif
static bool
ipc_peer_live(int fd, struct pool *p, int pid)
{
	int pidfd = -1;
	socklen_t len = sizeof(pidfd);
	long r = sys_getsockopt(fd, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &len);
	bool ok;

	if (r < 0 && r != -ENOPROTOOPT)
		return false;
	ok = !ipc_sandboxed(p, pid);
	if (r == 0) {
		/* EPERM: alive, but not syd's to signal (a root peer). */
		ok = ok && sys_pidfd_send_signal(pidfd, 0, NULL, 0) != -ESRCH;
		sys_close(pidfd);
	}
	return ok;
}

/*
 * Only syd's own user, or root, may talk to syd, and never the sandbox:
 * not a process syd traces, and not syd itself (a connect syd performed
 * for a sandboxed process carries syd's credentials).
 */
static bool
ipc_peer_ok(struct pool *p, int fd)
{
	struct { int pid, uid, gid; } cred;
	socklen_t len = sizeof(cred);

	if (sys_getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred,
	    &len) < 0)
		return false;
	if (cred.uid != 0 && cred.uid != (int)sys_call0(SYS_getuid))
		return false;
	if (cred.pid == p->sb->syd_pid)
		return false;
	return ipc_peer_live(fd, p, cred.pid);
}

static void
ipc_accept(struct pool *p, int ep, struct ipc_conn *conns)
{
	int fd;

	while ((fd = (int)sys_call4(SYS_accept4, p->ipc_fd, 0, 0,
	    SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		struct epoll_event ev = { .events = EPOLLIN };
		struct ipc_conn *c = NULL;

		for (int i = 0; i < IPC_CONNS && c == NULL; i++)
			if (conns[i].fd < 0)
				c = &conns[i];
		if (c == NULL || !ipc_peer_ok(p, fd)) {
			struct ipc_conn tmp = { .fd = fd };
			ipc_reply(&tmp, c == NULL ? -EMFILE : -EACCES);
			if (tmp.fd >= 0)
				sys_close(fd);
			continue;
		}
		c->fd = fd;
		c->in.len = 0;
		c->in.skip = false;
		ev.data.ptr = c;
		if (sys_epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
			sys_close(fd);
			c->fd = -1;
		}
	}
}

int
pool_ipc_main(void *arg)
{
	struct pool *p = arg;
	static struct ipc_conn conns[IPC_CONNS]; /* one IPC thread */
	struct epoll_event ev = { .events = EPOLLIN }, got[16];
	int ep;

	sandbox_confine(p->sb, SANDBOX_IPC);
	for (int i = 0; i < IPC_CONNS; i++)
		conns[i].fd = -1;
	if ((ep = (int)sys_call1(SYS_epoll_create1, EPOLL_CLOEXEC)) < 0)
		return 1;
	ev.data.ptr = NULL;
	sys_epoll_ctl(ep, EPOLL_CTL_ADD, p->ipc_fd, &ev);
	while (!__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE)) {
		int n = (int)sys_call6(SYS_epoll_pwait, ep, (long)got, 16,
		    1000, 0, 8);
		for (int i = 0; i < n; i++) {
			struct ipc_conn *c = got[i].data.ptr;
			if (c == NULL)
				ipc_accept(p, ep, conns);
			else if (c->fd >= 0)
				ipc_read(p, c);
		}
	}
	return 0;
}

#endif /* SYD_WITH_IPC */
