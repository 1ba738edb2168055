// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// Calls for container processes' stdio that Swift cannot make: variadic ioctl/fcntl, and pipe2,
// which glibc declares only under _GNU_SOURCE.

#ifndef CKATALINUX_PROCESS_H
#define CKATALINUX_PROCESS_H

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

/// ioctl(fd, TIOCSWINSZ, {rows, columns}).
static inline int ckl_set_window_size(int fd, unsigned short rows, unsigned short columns) {
    struct winsize size = {.ws_row = rows, .ws_col = columns, .ws_xpixel = 0, .ws_ypixel = 0};
    return ioctl(fd, TIOCSWINSZ, &size);
}

/// pipe2(fds, O_CLOEXEC).
static inline int ckl_pipe_cloexec(int fds[2]) {
    return (int)syscall(SYS_pipe2, fds, O_CLOEXEC);
}

/// fcntl(fd, F_SETPIPE_SZ, bytes); F_SETPIPE_SZ is 1031 (F_LINUX_SPECIFIC_BASE + 7).
static inline int ckl_set_pipe_size(int fd, int bytes) {
    return fcntl(fd, 1031, bytes);
}

/// Unlocks the pty slave of the master on fd (TIOCSPTLCK 0) and returns its number (TIOCGPTN), or -1
/// with errno set; what unlockpt and ptsname do, without their _XOPEN_SOURCE declarations.
static inline int ckl_unlock_pty(int fd) {
    int unlock = 0;
    unsigned int number = 0;
    if (ioctl(fd, TIOCSPTLCK, &unlock) != 0 || ioctl(fd, TIOCGPTN, &number) != 0) {
        return -1;
    }
    return (int)number;
}

#endif
