// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// Network interface flags through SIOCGIFFLAGS/SIOCSIFFLAGS: ioctl is variadic and struct ifreq a
// union, neither of which Swift imports usefully.

#ifndef CKATALINUX_NET_H
#define CKATALINUX_NET_H

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/// Sets IFF_UP on the interface `name` in the caller's network namespace. Returns 0, or -1 with
/// errno set (ENODEV for no such interface, ENAMETOOLONG for a name of IFNAMSIZ or more).
static inline int ckl_link_set_up(const char *name) {
    if (strlen(name) >= IFNAMSIZ) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    struct ifreq request;
    memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    int result = ioctl(fd, SIOCGIFFLAGS, &request);
    if (result == 0 && !(request.ifr_flags & IFF_UP)) {
        request.ifr_flags |= IFF_UP;
        result = ioctl(fd, SIOCSIFFLAGS, &request);
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return result;
}

#endif
