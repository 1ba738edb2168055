#ifndef CKATALINUX_H
#define CKATALINUX_H
#endif
