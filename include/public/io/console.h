/* LAB 5 FILE */
/*
 * console.h - a domU's console (lab 5): one shared page with two byte
 * rings, as in Xen's public/io/console.h. The domU writes its output into
 * out[] and domain 0's console back end prints it, each line with the
 * domU's "(dN) " prefix (console_io(CONSOLEIO_write_for)); domain 0
 * writes input for the domU into in[]. Each side sends an event on the
 * device's channel after it has published. Indices count up forever; a
 * byte's slot is index % size. A producer never gets more than the size
 * ahead of its consumer; a consumer reads each index once and checks that.
 */
#ifndef HVLAB_PUBLIC_IO_CONSOLE_H
#define HVLAB_PUBLIC_IO_CONSOLE_H

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

#define XENCONS_IN_SIZE 1024
#define XENCONS_OUT_SIZE 2048

struct xencons_interface {
    char in[XENCONS_IN_SIZE];        /* domain 0 to the domU */
    char out[XENCONS_OUT_SIZE];      /* the domU to domain 0 */
    XENCONS_RING_IDX in_cons, in_prod;   /* in: domU consumes, domain 0 produces */
    XENCONS_RING_IDX out_cons, out_prod; /* out: domain 0 consumes, domU produces */
};

#define MASK_XENCONS_IDX(idx, size) ((idx) & ((size) - 1))

#endif
