/*
 * rdtsc.h - the CPU's time-stamp counter, for benchmarks (lab 2). Any
 * ring may read it (CR4.TSD is clear), so the guest kernel and its
 * programs use this one definition.
 */
#ifndef LIB_RDTSC_H
#define LIB_RDTSC_H

#include <stdint.h>

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

#endif
