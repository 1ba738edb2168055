// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// What Glibc's Swift module map cannot give KataLinux: variadic calls (syscall, prctl, ioctl) that
// Swift cannot import, and headers the module map leaves out (sys/reboot.h). Each function returns
// the raw result and leaves errno set; KataLinux turns that into a typed error.

#ifndef CKATALINUX_H
#define CKATALINUX_H

#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "CKataLinuxContainer.h"
#include "CKataLinuxEvents.h"
#include "CKataLinuxChild.h"
#include "CKataLinuxNet.h"
#include "CKataLinuxProcess.h"
#include "CKataLinuxNetlink.h"
#include "CKataLinuxSeccomp.h"

/// finit_module(2); glibc has no wrapper for it.
static inline int ckl_finit_module(int fd, const char *params, int flags) {
    return (int)syscall(SYS_finit_module, fd, params, flags);
}

/// prctl(PR_SET_NAME, name): names the calling thread (15 bytes kept), as ps -T and top show it.
static inline int ckl_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
}

/// prctl(PR_SET_CHILD_SUBREAPER, 1): orphaned descendants are re-parented to the caller.
static inline int ckl_set_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
}

/// reboot(RB_POWER_OFF); returns only on failure.
static inline int ckl_power_off(void) {
    return reboot(RB_POWER_OFF);
}

/// ioctl(fd, TIOCSCTTY, 1): makes the terminal on fd the session's controlling terminal, taking it
/// from another session if needed (root only), as the Kata agent does for its console.
static inline int ckl_set_controlling_terminal(int fd) {
    return ioctl(fd, TIOCSCTTY, 1);
}

/// statfs(2)'s size of the file system holding path (f_bsize * f_blocks, as Go's getShmSize
/// computes it); Glibc's module map has no statfs.
static inline int ckl_filesystem_size(const char *path, unsigned long long *bytes) {
    struct statfs status;
    int result = statfs(path, &status);
    if (result == 0) {
        *bytes = (unsigned long long)status.f_bsize * (unsigned long long)status.f_blocks;
    }
    return result;
}

#endif
