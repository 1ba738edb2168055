// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// System calls the container init helper needs that Swift cannot reach through Glibc's module: those
// glibc declares only under _GNU_SOURCE (setns, unshare, setgroups), those it does not wrap
// (pivot_root, capset), and variadic prctl.

#ifndef CKATALINUX_CONTAINER_H
#define CKATALINUX_CONTAINER_H

#include <linux/capability.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/// setns(2).
static inline int ckl_setns(int fd, int type) {
    return (int)syscall(SYS_setns, fd, type);
}

/// unshare(2).
static inline int ckl_unshare(int flags) {
    return (int)syscall(SYS_unshare, flags);
}

/// pivot_root(2).
static inline int ckl_pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

/// setgroups(2) through the raw system call: in a process that never started a second thread this
/// is what glibc does too.
static inline int ckl_setgroups(int count, const unsigned int *groups) {
    return (int)syscall(SYS_setgroups, count, groups);
}

/// setresuid/setresgid through the raw system calls.
static inline int ckl_setresuid(unsigned int uid) {
    return (int)syscall(SYS_setresuid, uid, uid, uid);
}

static inline int ckl_setresgid(unsigned int gid) {
    return (int)syscall(SYS_setresgid, gid, gid, gid);
}

/// prctl(option, arg2, 0, 0, 0).
static inline int ckl_prctl(int option, unsigned long arg2) {
    return prctl(option, arg2, 0UL, 0UL, 0UL);
}

/// prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, capability, 0, 0).
static inline int ckl_raise_ambient(unsigned long capability) {
    return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, capability, 0UL, 0UL);
}

/// capset(2) with version 3 (64-bit) sets.
static inline int ckl_capset(uint64_t effective, uint64_t permitted, uint64_t inheritable) {
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2] = {
        {.effective = (uint32_t)effective, .permitted = (uint32_t)permitted,
         .inheritable = (uint32_t)inheritable},
        {.effective = (uint32_t)(effective >> 32), .permitted = (uint32_t)(permitted >> 32),
         .inheritable = (uint32_t)(inheritable >> 32)},
    };
    return (int)syscall(SYS_capset, &header, data);
}

#endif
