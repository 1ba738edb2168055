// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0
//
// The pod sandbox's first process (the CRI "pause" container) for the test containerd: it holds
// the pod's namespaces open, reaps the orphans a shared PID namespace hands it, and exits 0 on
// SIGTERM or SIGINT. Built static by scripts/containerd.sh, so the image needs no libc.

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void stop(int signal_number) {
    (void)signal_number;
    _exit(0);
}

static void reap(int signal_number) {
    (void)signal_number;
    // Every exited child at once: SIGCHLD coalesces while the handler runs.
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "-v") == 0) {
        puts("kata-test pause 1");
        return 0;
    }
    if (getpid() != 1) {
        // Still usable outside a PID namespace (the image can be run by hand); say why it looks odd.
        fputs("pause: not PID 1; orphans will not be reaped here\n", stderr);
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = stop;
    if (sigaction(SIGINT, &action, NULL) < 0 || sigaction(SIGTERM, &action, NULL) < 0) {
        perror("pause: sigaction");
        return 1;
    }
    action.sa_handler = reap;
    action.sa_flags = SA_NOCLDSTOP | SA_RESTART;
    if (sigaction(SIGCHLD, &action, NULL) < 0) {
        perror("pause: sigaction SIGCHLD");
        return 1;
    }
    for (;;) {
        pause();
    }
}
