// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

#include "CKataLinux.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

// The Swift runtime's start-up (its backtracer set-up) locates the executable through dladdr(3), which
// a static glibc binary cannot answer, and then through /proc/self/exe; when neither works it stops
// the process with "Unable to obtain Swift runtime path". As the VM's init the agent starts before
// anything has mounted /proc, so this constructor mounts it first: its priority runs it before the
// runtime's own constructors. The flags match the agent's boot sequence, which then finds /proc
// mounted and skips it. Outside PID 1, or with /proc present, it does nothing.
__attribute__((constructor(101))) static void ckl_mount_proc_for_swift_runtime(void) {
    if (getpid() != 1 || access("/proc/self/exe", F_OK) == 0) {
        return;
    }
    (void)mkdir("/proc", 0555);
    (void)mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}
