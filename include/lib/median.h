/*
 * median.h - the median of a benchmark's samples (lab 1), for the guest
 * kernel's and its programs' benchmarks. Freestanding.
 */
#ifndef LIB_MEDIAN_H
#define LIB_MEDIAN_H

#include <stddef.h>
#include <stdint.h>

/* Sorts the n > 0 values in place and returns the middle one. */
uint32_t median(uint32_t *values, size_t n);

#endif
