// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// rtnetlink sockets and tap devices: Glibc's module map has no linux/netlink.h (sockaddr_nl), and
// TUNSETIFF takes a struct ifreq (a union) through variadic ioctl, neither of which Swift imports
// usefully.

#ifndef CKATALINUX_NETLINK_H
#define CKATALINUX_NETLINK_H

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/// A NETLINK_ROUTE socket (close-on-exec) bound with a kernel-chosen port id, in the calling
/// thread's network namespace. Returns the descriptor, or -1 with errno set.
static inline int ckl_netlink_route_socket(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
        return -1;
    }
    struct sockaddr_nl address;
    memset(&address, 0, sizeof(address));
    address.nl_family = AF_NETLINK;
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/// IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, plus IFF_MULTI_QUEUE when `multi_queue` is set.
static inline int ckl_tap_flags(int multi_queue) {
    return IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | (multi_queue ? IFF_MULTI_QUEUE : 0);
}

/// Opens /dev/net/tun (close-on-exec) and attaches it to the tap `name` with `flags`, creating the
/// tap in the caller's network namespace if it does not exist. Returns the queue descriptor, or -1
/// with errno set (ENAMETOOLONG for a name of IFNAMSIZ or more).
static inline int ckl_tap_open(const char *name, int flags) {
    if (strlen(name) >= IFNAMSIZ) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    struct ifreq request;
    memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    request.ifr_flags = (short)flags;
    if (ioctl(fd, TUNSETIFF, &request) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

#endif
