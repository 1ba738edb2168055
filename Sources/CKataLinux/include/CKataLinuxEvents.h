// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// eventfd and inotify, which cgroup OOM notification needs; Glibc's Swift module does not export
// their headers.

#ifndef CKATALINUX_EVENTS_H
#define CKATALINUX_EVENTS_H

#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

/// eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK).
static inline int ckl_eventfd(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

/// inotify_init1(IN_CLOEXEC | IN_NONBLOCK).
static inline int ckl_inotify(void) {
    return inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
}

/// inotify_add_watch(fd, directory, IN_CREATE | IN_MOVED_TO): a file appearing in the directory.
static inline int ckl_inotify_watch_create(int fd, const char *directory) {
    return inotify_add_watch(fd, directory, IN_CREATE | IN_MOVED_TO);
}

/// pidfd_open(pid, 0): a descriptor that polls readable once the process has exited, child or not.
static inline int ckl_pidfd_open(int pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

/// inotify_add_watch(fd, path, IN_MODIFY): cgroup v2 signals changed event files this way.
static inline int ckl_inotify_watch_modify(int fd, const char *path) {
    return inotify_add_watch(fd, path, IN_MODIFY);
}

#endif
