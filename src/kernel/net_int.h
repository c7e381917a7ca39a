/*
 * Internal to the network files of src/kernel: net.c (addresses, connect,
 * bind, sendto) and net_msg.c (sendmsg, sendmmsg, SCM_RIGHTS).
 */
/* worker-safe */
#ifndef SYD_KERNEL_NET_INT_H
#define SYD_KERNEL_NET_INT_H

#include <sys/socket.h>

#include "kernel/kernel_int.h"

#define NET_DATA_MAX 65536
#define NET_BIG_MAX (16 << 20) /* the largest datagram copied (heap) */
#define NET_CTL_MAX 4096
#define NET_IOV_MAX 1024 /* UIO_MAXIOV */
#define NET_FD_MAX 64
/* The credentials net_send puts before a message's own control messages:
 * CMSG_SPACE(sizeof(struct ucred)). */
#define NET_CRED_SPACE 32

struct net_addr {
	struct sockaddr_storage ss;
	socklen_t len;
	int family;
};

/* Read a sockaddr of len bytes at addr. */
int net_read_addr(struct emu *e, uint64_t addr, uint64_t len,
    struct net_addr *a);
/* A UNIX address as logged: its path or "@abstract". */
void net_unix_name(const struct net_addr *a, char *out, size_t size);
/* Decide cat for a; a UNIX path is resolved and pinned (*pin). */
int net_decide(struct emu *e, enum policy_cat cat, struct net_addr *a,
    int *pin);
/* The data buffer for len bytes: buf, or one from the heap (*big). */
long net_buffer(int sock, size_t len, char **big);
/*
 * Send m on sock (our copy of the target's) as the target would have
 * sent it (net_msg.c): on a UNIX socket with the target's credentials.
 * ctl (8-aligned) has room for NET_CRED_SPACE bytes and then m's
 * control messages (m->msg_control, which may be ctl + NET_CRED_SPACE
 * or NULL); named: they hold SCM_CREDENTIALS (checked against the
 * target, kernel_creds_scm); rights: they hold SCM_RIGHTS.
 */
long net_send(struct emu *e, int sock, struct msghdr *m, int flags, char *ctl,
    bool named, bool rights);
/* Drop what a send held (our socket copy, a UNIX pin, a heap buffer). */
long net_release(long r, int sock, int pin, char *big);

#endif
