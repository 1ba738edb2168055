// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// Starting a long-running helper (QEMU, virtiofsd) that must die with its parent, and passing
// descriptors over a unix socket. Both need calls Swift cannot make: fork's child may run only
// async-signal-safe code, so the whole child side is C; CMSG_* are macros.

#ifndef CKATALINUX_CHILD_H
#define CKATALINUX_CHILD_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/// The most descriptors ckl_spawn_bound_to_thread places and ckl_send_with_fds attaches.
#define CKL_MAX_CHILD_FDS 64

/// Closes every descriptor >= `low` except `keep`; async-signal-safe. close_range(2) where the
/// kernel has it (5.9+), else a loop up to the descriptor limit (capped at 65536).
static inline void ckl_close_from(int low, int keep) {
    if (keep > low && syscall(SYS_close_range, (unsigned)low, (unsigned)(keep - 1), 0) == 0 &&
        syscall(SYS_close_range, (unsigned)(keep + 1), ~0U, 0) == 0) {
        return;
    }
    long limit = sysconf(_SC_OPEN_MAX);
    if (limit < 0 || limit > 65536) {
        limit = 65536;
    }
    for (int fd = low; fd < (int)limit; fd++) {
        if (fd != keep) {
            (void)close(fd);
        }
    }
}

/// fork + execve where the child gets PR_SET_PDEATHSIG=SIGKILL, an empty signal mask, default
/// signal dispositions, and exactly `fds[0..<nfds]` as its descriptors 0..nfds-1; every other
/// descriptor is closed in the child, close-on-exec or not. The death signal fires when the *calling thread*
/// exits, so call this from a thread that lives as long as the process. Returns the pid, or -1 with
/// errno set: from pipe2/fork in the parent, or the child's failure (prctl, dup, execve) reported
/// back through a close-on-exec pipe, in which case the child has been reaped.
static inline pid_t ckl_spawn_bound_to_thread(const char *path, char *const argv[], char *const envp[],
                                              const int *fds, int nfds) {
    if (nfds < 0 || nfds > CKL_MAX_CHILD_FDS) {
        errno = EINVAL;
        return -1;
    }
    int report[2];
    if (syscall(SYS_pipe2, report, O_CLOEXEC) != 0) {
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        sigset_t empty;
        sigemptyset(&empty);
        sigprocmask(SIG_SETMASK, &empty, NULL);
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        for (int sig = 1; sig < NSIG; sig++) {
            (void)sigaction(sig, &dfl, NULL);
        }
        int failure = 0;
        if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) {
            failure = errno;
        } else if (getppid() != parent) {
            // The parent died between fork and prctl: the death signal would never come.
            _exit(127);
        }
        // Move the report pipe and every source above the target range first, so that placing
        // descriptor i never overwrites a source or the pipe still needed.
        int reportFd = failure == 0 ? fcntl(report[1], F_DUPFD_CLOEXEC, nfds + 3) : report[1];
        if (reportFd < 0) {
            _exit(127);
        }
        int moved[CKL_MAX_CHILD_FDS];
        for (int i = 0; failure == 0 && i < nfds; i++) {
            moved[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, nfds + 3);
            if (moved[i] < 0) {
                failure = errno;
            }
        }
        for (int i = 0; failure == 0 && i < nfds; i++) {
            if (dup2(moved[i], i) < 0) {
                failure = errno;
            }
        }
        // Close everything else, also descriptors someone opened without O_CLOEXEC (Foundation's
        // file writes do): QEMU must not hold a runtime file open, or keep it "text busy".
        if (failure == 0) {
            ckl_close_from(nfds, reportFd);
        }
        if (failure == 0) {
            execve(path, argv, envp);
            failure = errno;
        }
        ssize_t ignored = write(reportFd, &failure, sizeof failure);
        (void)ignored;
        _exit(127);
    }
    close(report[1]);
    int failure = 0;
    ssize_t n;
    do {
        n = read(report[0], &failure, sizeof failure);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof failure) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        errno = failure;
        return -1;
    }
    return pid;
}

/// sendmsg(2) of `len` bytes with `fds[0..<nfds]` attached as SCM_RIGHTS (none when nfds is 0),
/// with MSG_NOSIGNAL so that a closed peer is EPIPE rather than SIGPIPE. Returns the bytes sent or
/// -1 with errno set.
static inline ssize_t ckl_send_with_fds(int sock, const void *buf, size_t len, const int *fds, int nfds) {
    if (nfds < 0 || nfds > CKL_MAX_CHILD_FDS) {
        errno = EINVAL;
        return -1;
    }
    struct iovec iov = {.iov_base = (void *)buf, .iov_len = len};
    union {
        char buf[CMSG_SPACE(sizeof(int) * CKL_MAX_CHILD_FDS)];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (nfds > 0) {
        msg.msg_control = control.buf;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
        struct cmsghdr *header = CMSG_FIRSTHDR(&msg);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
        memcpy(CMSG_DATA(header), fds, sizeof(int) * (size_t)nfds);
    }
    return sendmsg(sock, &msg, MSG_NOSIGNAL);
}

/// accept4(fd, NULL, NULL, SOCK_CLOEXEC); glibc declares accept4 only under _GNU_SOURCE.
static inline int ckl_accept_cloexec(int fd) {
    return (int)syscall(SYS_accept4, fd, NULL, NULL, SOCK_CLOEXEC);
}

/// recvmsg(2) that keeps at most `maxfds` descriptors received as SCM_RIGHTS in `fds` (close-on-exec)
/// and stores their count in `*nfds`. Returns the bytes read (0 at end of stream) or -1 with errno.
static inline ssize_t ckl_receive_with_fds(int sock, void *buf, size_t len, int *fds, int maxfds, int *nfds) {
    struct iovec iov = {.iov_base = buf, .iov_len = len};
    union {
        char buf[CMSG_SPACE(sizeof(int) * CKL_MAX_CHILD_FDS)];
        struct cmsghdr align;
    } control;
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof control.buf;
    *nfds = 0;
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0) {
        return -1;
    }
    for (struct cmsghdr *h = CMSG_FIRSTHDR(&msg); h != NULL; h = CMSG_NXTHDR(&msg, h)) {
        if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS) {
            continue;
        }
        int count = (int)((h->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int *data = (int *)CMSG_DATA(h);
        for (int i = 0; i < count; i++) {
            if (*nfds < maxfds) {
                fds[(*nfds)++] = data[i];
            } else {
                close(data[i]);
            }
        }
    }
    return n;
}

#endif
