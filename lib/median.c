/*
 * median.c - see median.h. An insertion sort: benchmarks take at most a
 * thousand samples, and this is short enough to read at a glance.
 */
#include <lib/median.h>

uint32_t median(uint32_t *values, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && values[j - 1] > values[j]; j--) {
            uint32_t t = values[j];
            values[j] = values[j - 1];
            values[j - 1] = t;
        }
    return values[n / 2];
}
