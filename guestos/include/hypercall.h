/*
 * hypercall.h - the guest's side of the hypercall ABI (lab 1): int $0x82
 * with the number in eax and arguments in ebx, ecx, edx, esi, edi
 * (public/hvlab.h). One inline function per hypercall, named as in Xen.
 */
#ifndef GUESTOS_HYPERCALL_H
#define GUESTOS_HYPERCALL_H

#include <public/hvlab.h>

static inline int32_t hypercall3(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3)
{
    int32_t ret;
    __asm__ volatile("int $0x82"
                     : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3)
                     : "a"(nr)
                     : "memory");
    return ret;
}

/* Writes count bytes to the console; returns count or a negative error. */
static inline int32_t HYPERVISOR_console_io(int cmd, int count, const char *buffer)
{
    return hypercall3(__HYPERVISOR_console_io, (uint32_t)cmd, (uint32_t)count,
                      (uint32_t)buffer);
}

#endif
