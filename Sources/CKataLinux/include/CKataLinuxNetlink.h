// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// rtnetlink sockets and tap devices: Glibc's module map has no sockaddr_nl, and TUNSETIFF takes a
// struct ifreq (a union) through variadic ioctl, neither of which Swift imports usefully. The
// kernel headers (linux/netlink.h, linux/if_tun.h) cannot be included: they hide glibc's SOCK_*
// constants from Swift, so the few values needed are spelled out.

#ifndef CKATALINUX_NETLINK_H
#define CKATALINUX_NETLINK_H

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

// linux/if_tun.h
#define CKL_IFF_TAP 0x0002
#define CKL_IFF_NO_PI 0x1000
#define CKL_IFF_VNET_HDR 0x4000
#define CKL_IFF_MULTI_QUEUE 0x0100
#define CKL_TUNSETIFF _IOW('T', 202, int)

/// A netlink socket of `type` and `protocol`, bound with a kernel-chosen port id to the multicast
/// `groups` (a bitmask, 0 for none), in the calling thread's network namespace. Returns the
/// descriptor, or -1 with errno set.
static inline int ckl_netlink_open(int type, int protocol, unsigned int groups) {
    // struct sockaddr_nl: family, padding, port id (0: the kernel picks), multicast groups.
    struct {
        unsigned short family;
        unsigned short pad;
        unsigned int pid;
        unsigned int groups;
    } address;
    int fd = socket(AF_NETLINK, type, protocol);
    if (fd < 0) {
        return -1;
    }
    memset(&address, 0, sizeof(address));
    address.family = AF_NETLINK;
    address.groups = groups;
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/// A NETLINK_ROUTE socket of `type` (SOCK_RAW | SOCK_CLOEXEC) for requests, in no multicast group.
static inline int ckl_netlink_route_socket(int type) {
    return ckl_netlink_open(type, 0 /* NETLINK_ROUTE */, 0);
}

/// A non-blocking, close-on-exec netlink socket of `protocol` that receives the multicast `groups`:
/// NETLINK_ROUTE (0) with RTMGRP_LINK (1) for link changes, NETLINK_KOBJECT_UEVENT (15) with
/// group 1 for device uevents.
static inline int ckl_netlink_event_socket(int protocol, unsigned int groups) {
    return ckl_netlink_open(SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol, groups);
}

/// send(2) of one netlink request. Swift must not name glibc's socket calls or constants in a
/// file that imports CKataLinux: the compiler then attributes them to this module and other files
/// lose them.
static inline long ckl_netlink_send(int fd, const void *bytes, unsigned long count) {
    return (long)send(fd, bytes, count, 0);
}

/// recv(2) of one netlink datagram.
static inline long ckl_netlink_recv(int fd, void *buffer, unsigned long count) {
    return (long)recv(fd, buffer, count, 0);
}

/// IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, plus IFF_MULTI_QUEUE when `multi_queue` is set.
static inline int ckl_tap_flags(int multi_queue) {
    return CKL_IFF_TAP | CKL_IFF_NO_PI | CKL_IFF_VNET_HDR | (multi_queue ? CKL_IFF_MULTI_QUEUE : 0);
}

/// Attaches an open /dev/net/tun descriptor to the tap `name` with `flags` (TUNSETIFF), creating
/// the tap in the caller's network namespace if it does not exist. Returns 0, or -1 with errno set
/// (ENAMETOOLONG for a name of IFNAMSIZ or more).
static inline int ckl_tap_attach(int fd, const char *name, int flags) {
    if (strlen(name) >= IFNAMSIZ) {
        errno = ENAMETOOLONG;
        return -1;
    }
    struct ifreq request;
    memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    request.ifr_flags = (short)flags;
    return ioctl(fd, CKL_TUNSETIFF, &request);
}

#endif
