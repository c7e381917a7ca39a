/* worker-safe */
/*
 * sendmsg and sendmmsg, performed by syd (SPEC.md section 3): the
 * message is read from the target once — name, data gathered from its
 * iovecs, control messages — the name is decided like connect's, file
 * descriptors passed with SCM_RIGHTS are taken from the target and
 * checked (net/sendfd), and syd sends the copy on the target's own
 * socket.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "kernel/net_int.h"
#include "rt/rt.h"

/* Everything a sendmsg needs, copied out of the target once. ctl has
 * room before the target's control messages for the credentials
 * net_send puts first. */
struct net_msg {
	struct msghdr m;
	struct net_addr a;
	struct iovec iov;
	_Alignas(8) char ctl[NET_CRED_SPACE + NET_CTL_MAX];
	int fds[NET_FD_MAX];
	int nfds;
	bool named; /* SCM_CREDENTIALS given */
};

static long
net_gather(struct emu *e, const struct msghdr *um, int sock, char **bufp,
    char **big, size_t *len)
{
	struct iovec iov[NET_IOV_MAX];
	size_t n = um->msg_iovlen, got = 0, total = 0, max;
	int pid = (int)e->req.pid;
	char *buf;
	long r;

	if (n > NET_IOV_MAX)
		return -EMSGSIZE;
	if (n > 0 && sys_vm_read(pid, iov, (unsigned long)um->msg_iov,
	    n * sizeof(*iov)) != (long)(n * sizeof(*iov)))
		return -EFAULT;
	for (size_t i = 0; i < n; i++) {
		if (iov[i].iov_len > NET_BIG_MAX)
			return -EMSGSIZE;
		total += iov[i].iov_len;
	}
	if ((r = net_buffer(sock, total, big)) < 0)
		return r;
	max = (size_t)r;
	if (*big != NULL)
		*bufp = *big;
	buf = *bufp;
	for (size_t i = 0; i < n && got < max; i++) {
		size_t k = iov[i].iov_len;
		if (k > max - got)
			k = max - got;
		if (k > 0 && sys_vm_read(pid, buf + got,
		    (unsigned long)iov[i].iov_base, k) != (long)k)
			return -EFAULT;
		got += k;
	}
	*len = got;
	return 0;
}

/* SCM_RIGHTS: check net/sendfd against the destination, then swap the
 * target's fd numbers for our copies of the same files. */
/*
 * A control message header as the kernel reads it (its cmsg_len is a
 * size_t; musl's is a socklen_t and padding).
 */
struct net_kcmsg {
	size_t len;
	int level;
	int type;
};
_Static_assert(sizeof(struct net_kcmsg) == sizeof(struct cmsghdr) &&
    NET_CRED_SPACE == CMSG_SPACE(sizeof(struct ucred)), "cmsg layout");

/*
 * The control messages are visited as the kernel's for_each_cmsghdr and
 * CMSG_OK visit them — one more while a whole header fits, EINVAL for a
 * length below a header or past the end — not as musl's CMSG_NXTHDR
 * (which stops a header earlier): every one the kernel acts on is
 * checked here.
 */
static long
net_rights(struct emu *e, struct net_msg *nm, int sock)
{
	const size_t len = nm->m.msg_controllen;
	char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 2];
	long r;

	for (size_t at = 0; at + sizeof(struct net_kcmsg) <= len;) {
		struct net_kcmsg *c = (void *)(nm->ctl + NET_CRED_SPACE + at);
		int *fd = (int *)(void *)(c + 1);
		size_t n;

		/* The target wrote these lengths: keep them inside ctl. */
		if (c->len < sizeof(*c) || c->len > len - at)
			return -EINVAL;
		at += CMSG_ALIGN(c->len);
		n = (c->len - sizeof(*c)) / sizeof(int);
		if (c->level == SOL_SOCKET && c->type == SCM_CREDENTIALS) {
			/* syd sends: its own ids would vouch for these. */
			struct ucred uc;
			if (c->len != CMSG_LEN(sizeof(uc)))
				return -EINVAL;
			memcpy(&uc, c + 1, sizeof(uc));
			if ((r = kernel_creds_scm(e, uc.pid, uc.uid,
			    uc.gid)) < 0)
				return r;
			nm->named = true;
			continue;
		}
		if (c->level != SOL_SOCKET || c->type != SCM_RIGHTS)
			continue;
		if (nm->a.len == 0) {
			struct net_addr peer = { .len = sizeof(peer.ss) };
			if (sys_call3(SYS_getpeername, sock, &peer.ss,
			    &peer.len) == 0 && peer.ss.ss_family == AF_UNIX &&
			    peer.len > offsetof(struct sockaddr_un, sun_path)) {
				struct sockaddr_un *un = (void *)&peer.ss;
				if (un->sun_path[0] == '\0')
					net_unix_name(&peer, name, sizeof(name));
				else
					snprintf(name, sizeof(name), "%s",
					    un->sun_path);
			} else {
				snprintf(name, sizeof(name), "!unnamed");
			}
			if ((r = kernel_check_name(e, POLICY_NET_SENDFD,
			    name)) < 0)
				return r;
		} else if ((r = kernel_check_name(e, POLICY_NET_SENDFD,
		    e->res.abs[0] ? e->res.abs : "!unnamed")) < 0) {
			return r;
		}
		for (size_t i = 0; i < n; i++) {
			if (nm->nfds >= NET_FD_MAX)
				return -ETOOMANYREFS;
			/* Not out of the sandbox: a file its rules deny. The
			 * copy checked is the copy sent. */
			int ours;
			path_done(&e->res);
			if ((r = kernel_ownfd(e, fd[i], &ours)) < 0)
				return r;
			nm->fds[nm->nfds++] = ours;
			r = kernel_is_path(e) ? kernel_check(e,
			    POLICY_BIT(POLICY_READ) | POLICY_BIT(POLICY_WRITE) |
			    POLICY_BIT(POLICY_STAT)) : 0;
			e->res.dirfd = -1;
			if (r < 0)
				return r;
			fd[i] = ours;
		}
	}
	return 0;
}

static long
net_msg_read(struct emu *e, uint64_t addr, struct net_msg *nm, char *buf,
    int *pin, int sock, char **big)
{
	int pid = (int)e->req.pid;
	size_t len;
	long r;

	if (sys_vm_read(pid, &nm->m, addr, sizeof(nm->m)) != sizeof(nm->m))
		return -EFAULT;
	if ((r = net_gather(e, &nm->m, sock, &buf, big, &len)) < 0)
		return r;
	nm->iov = (struct iovec){ buf, len };
	nm->a.len = 0;
	if (nm->m.msg_name != NULL && nm->m.msg_namelen > 0) {
		r = net_read_addr(e, (uint64_t)nm->m.msg_name,
		    nm->m.msg_namelen, &nm->a);
		if (r < 0)
			return r;
		if ((r = net_decide(e, POLICY_NET_CONNECT, &nm->a, pin)) < 0)
			return r;
	}
	if (nm->m.msg_controllen > NET_CTL_MAX)
		return -ENOBUFS;
	if (nm->m.msg_controllen > 0 && sys_vm_read(pid,
	    nm->ctl + NET_CRED_SPACE, (uint64_t)nm->m.msg_control, nm->m.msg_controllen) !=
	    (long)nm->m.msg_controllen)
		return -EFAULT;
	nm->m.msg_name = nm->a.len ? &nm->a.ss : NULL;
	nm->m.msg_namelen = nm->a.len;
	nm->m.msg_iov = &nm->iov;
	nm->m.msg_iovlen = 1;
	nm->m.msg_control = nm->m.msg_controllen ? nm->ctl + NET_CRED_SPACE :
	    NULL;
	return 0;
}

/*
 * A message on a UNIX socket carries its sender's credentials to a
 * receiver with SO_PASSCRED: sent by a root syd, root's ids and syd's
 * pid, where natively they are the target's (its pid, real uid and gid:
 * scm_send). So a root syd names the target's explicitly when the
 * message names none — first, in a header of its own before the
 * target's, which the kernel then reads from an aligned offset as it
 * would have: nothing the target wrote can reach into syd's — and raises
 * for the send what the kernel asks of a sender naming ids not its own
 * (scm_check_creds): CAP_SETUID, CAP_SETGID and, for the pid,
 * CAP_SYS_ADMIN. Not the last with SCM_RIGHTS, where it would also lift
 * the limit on files in flight (too_many_unix_fds): such a message
 * names syd's pid, and one that names another fails with EPERM. A
 * netlink message carries its sender's credentials to every listener
 * (NETLINK_CREDS): the same, without CAP_SYS_ADMIN.
 */
long
net_send(struct emu *e, int sock, struct msghdr *m, int flags, char *ctl,
    bool named, bool rights)
{
	uint64_t add = 1ULL << 6 /* CAP_SETGID */ | 1ULL << 7 /* CAP_SETUID */,
	    saved;
	struct ucred uc;
	struct cmsghdr c = { .cmsg_len = CMSG_LEN(sizeof(uc)),
	    .cmsg_level = SOL_SOCKET, .cmsg_type = SCM_CREDENTIALS };
	socklen_t sl = sizeof(int);
	int dom = 0;
	long r;

	/* An address of another family: an IP send, or one the kernel
	 * refuses on a UNIX or netlink socket (nothing is delivered). Sent
	 * as is, without an SO_DOMAIN read for each IP datagram. */
	if (m->msg_namelen >= sizeof(sa_family_t))
		dom = ((const struct sockaddr *)m->msg_name)->sa_family;
	if (!e->sb->root || (dom != 0 && dom != AF_UNIX && dom != AF_NETLINK))
		return sys_call3(SYS_sendmsg, sock, m, flags);
	if (sys_call5(SYS_getsockopt, sock, SOL_SOCKET, SO_DOMAIN, &dom,
	    &sl) < 0 || (dom != AF_UNIX && dom != AF_NETLINK))
		return sys_call3(SYS_sendmsg, sock, m, flags);
	/* Netlink: some families check capabilities in the sender's
	 * context, so no CAP_SYS_ADMIN: the pid is syd's, as with fds. */
	if (dom == AF_NETLINK)
		rights = true;
	if (!rights)
		add |= 1ULL << 21; /* CAP_SYS_ADMIN */
	if (!named) {
		if ((r = kernel_creds_msg(e, &uc.pid, &uc.uid, &uc.gid)) < 0)
			return r;
		if (rights)
			uc.pid = (pid_t)sys_call0(SYS_getpid);
		if (m->msg_controllen > 0)
			memmove(ctl + NET_CRED_SPACE, m->msg_control,
			    m->msg_controllen);
		memset(ctl, 0, NET_CRED_SPACE);
		memcpy(ctl, &c, sizeof(c));
		memcpy(CMSG_DATA((struct cmsghdr *)(void *)ctl), &uc,
		    sizeof(uc));
		m->msg_control = ctl;
		m->msg_controllen += NET_CRED_SPACE;
	}
	if ((r = sys_caps_raise(add, &saved)) < 0)
		return r;
	r = sys_call3(SYS_sendmsg, sock, m, flags);
	sys_caps_set_effective(saved);
	return r;
}

static long
sendmsg_run(struct emu *e, char *buf)
{
	bool mm = e->req.data.nr == SYS_sendmmsg;
	struct net_msg nm;
	int pin = -1, sock = -1, flags = (int)kernel_arg(e, mm ? 3 : 2);
	char *big = NULL;
	long r;

	e->res.dirfd = e->res2.dirfd = -1;
	e->res.abs[0] = '\0';
	nm.nfds = 0;
	nm.named = false;
	if (mm && kernel_arg(e, 2) == 0)
		return 0;
	if ((sock = kernel_getfd(e, (int)kernel_arg(e, 0))) < 0)
		return sock;
	r = net_msg_read(e, kernel_arg(e, 1), &nm, buf, &pin, sock, &big);
	if (r < 0)
		goto out;
	if (nm.m.msg_control != NULL && (r = net_rights(e, &nm, sock)) < 0)
		goto out;
	r = net_send(e, sock, &nm.m, flags, nm.ctl, nm.named, nm.nfds > 0);
	/* sendmmsg: one message sent is a valid partial answer. */
	if (mm && r >= 0) {
		unsigned sent = (unsigned)r;
		if (sys_vm_write((int)e->req.pid, &sent, kernel_arg(e, 1) +
		    sizeof(struct msghdr), sizeof(sent)) != sizeof(sent))
			r = -EFAULT;
		else
			r = 1;
	}
out:
	for (int i = 0; i < nm.nfds; i++)
		sys_close(nm.fds[i]);
	return net_release(r, sock, pin, big);
}

struct kernel_ans
kernel_sendmsg(struct emu *e)
{
	char buf[NET_DATA_MAX];

	return kernel_result(e, sendmsg_run(e, buf));
}
