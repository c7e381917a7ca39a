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
/* Drop what a send held (our socket copy, a UNIX pin, a heap buffer). */
long net_release(long r, int sock, int pin, char *big);

#endif
