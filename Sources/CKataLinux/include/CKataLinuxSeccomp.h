// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// seccomp(2) for the container init helper: glibc has no wrapper, and struct sock_fprog holds a
// pointer Swift would have to lay out by hand. linux/filter.h and linux/seccomp.h are not included
// (like the netlink shims, kernel headers next to glibc's are avoided), so the layouts and the few
// constants are spelled out; they are part of the kernel's stable ABI.

#ifndef CKATALINUX_SECCOMP_H
#define CKATALINUX_SECCOMP_H

#include <errno.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

// linux/seccomp.h
#define CKL_SECCOMP_SET_MODE_FILTER 1
#define CKL_SECCOMP_MODE_FILTER 2
#define CKL_SECCOMP_FILTER_FLAG_LOG (1U << 1)
#define CKL_SECCOMP_FILTER_FLAG_SPEC_ALLOW (1U << 2)

/// struct sock_filter (linux/filter.h): one classic BPF instruction.
struct ckl_sock_filter {
    uint16_t code;
    uint8_t jt;
    uint8_t jf;
    uint32_t k;
};

/// seccomp(SECCOMP_SET_MODE_FILTER, flags, &{count, filter}); where the kernel has no seccomp(2)
/// (ENOSYS) and no flags are asked for, prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER), which predates
/// it. The caller must have no_new_privs set or CAP_SYS_ADMIN.
static inline int ckl_seccomp_set_filter(unsigned int flags, const struct ckl_sock_filter *filter,
                                         unsigned short count) {
    struct {
        unsigned short len;
        const struct ckl_sock_filter *filter;
    } program = {.len = count, .filter = filter};
    int result = (int)syscall(SYS_seccomp, CKL_SECCOMP_SET_MODE_FILTER, flags, &program);
    if (result == -1 && errno == ENOSYS && flags == 0) {
        result = prctl(PR_SET_SECCOMP, CKL_SECCOMP_MODE_FILTER, &program, 0UL, 0UL);
    }
    return result;
}

#endif
