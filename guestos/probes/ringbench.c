/* LAB 5 FILE */
/*
 * ringbench.c - probe=ringbench (lab 5), in a domU: what a ring moves,
 * for make bench.
 *   - memcpy of 4 KiB pages, in this run, as the yardstick;
 *   - 4 KiB writes to the null disk (virtual disk 1: domain 0 copies each
 *     page in by grant copy and drops it), the ring kept full, with
 *     notification hold-off and without it (an event for every request),
 *     with the notifications and events counted;
 *   - reads of our real virtual disk through the split driver.
 * Domain 0 reading the disk itself is probe=disk's figure.
 */
#include <drivers.h>
#include <kernel.h>
#include <probes/probes.h>
#include <time.h>
#include <vm.h>

#define PAGES 4096          /* 16 MiB each way */
#define DISK_ROUNDS 4

/* MB/s (10^6 bytes a second) of bytes in ns, with two decimals, as
 * "123.45". */
static void rate(char *out, size_t size, uint64_t bytes, uint64_t ns)
{
    uint64_t us = div64(ns, 1000, NULL); /* no 64-bit division in the kernel */
    if (us == 0)
        us = 1;
    uint32_t centi = div64(bytes * 100, us > 0xFFFFFFFFULL ? 0xFFFFFFFFU : (uint32_t)us, NULL);
    snprintf(out, size, "%u.%02u", centi / 100, centi % 100);
}

/* The best of three runs: the first also pays for QEMU translating the
 * code, and the machine may be busy for one of them. */
static uint64_t bench_memcpy(void)
{
    char *a = kpage_alloc(), *b = kpage_alloc();
    uint64_t best = ~0ULL;
    for (int run = 0; run < 3; run++) {
        uint64_t t0 = gettime();
        for (uint32_t i = 0; i < PAGES; i++) {
            memcpy(i & 1 ? a : b, i & 1 ? b : a, PAGE_SIZE);
            __asm__ volatile("" ::: "memory");
        }
        uint64_t ns = gettime() - t0;
        if (ns < best)
            best = ns;
    }
    kpage_free(a);
    kpage_free(b);
    return best;
}

static uint64_t bench_ring(int batching, struct blk_stats *delta, uint32_t *ok)
{
    struct blk_stats before, after;
    blk_batching(batching);
    blk_stats(&before);
    uint64_t t0 = gettime();
    *ok = blk_bench(PAGES);
    uint64_t ns = gettime() - t0;
    blk_stats(&after);
    blk_batching(1);
    delta->requests = after.requests - before.requests;
    delta->notifies_sent = after.notifies_sent - before.notifies_sent;
    delta->events_received = after.events_received - before.events_received;
    return ns;
}

void bench_ring_probe(const char *name)
{
    char r[24];
    const uint64_t bytes = (uint64_t)PAGES * PAGE_SIZE;

    if (!device_connected(DEVPAGE_BLOCK)) {
        printk("guestos: probe: ringbench: no block device\n");
        return;
    }
    uint64_t copy_ns = bench_memcpy();
    rate(r, sizeof r, bytes, copy_ns);
    printk("guestos: probe: ringbench: memcpy: %u pages of 4 KiB in %u us: %s MB/s\n", PAGES,
           div64(copy_ns, 1000, NULL), r);
    for (int batching = 1; batching >= 0; batching--) {
        struct blk_stats s;
        uint32_t ok;
        uint64_t ns = bench_ring(batching, &s, &ok);
        rate(r, sizeof r, bytes, ns);
        uint32_t pct = ns ? div64(copy_ns * 100, (uint32_t)(ns > 0xFFFFFFFFULL ? 0xFFFFFFFFU : ns),
                                  NULL)
                          : 0;
        printk("guestos: probe: ringbench: %s: %u x 4 KiB in %u us: %s MB/s (%u%% of memcpy), "
               "%u notified, %u events back, %u ok\n",
               batching ? "hold-off" : "no hold-off", s.requests, div64(ns, 1000, NULL), r, pct,
               s.notifies_sent, s.events_received, ok);
        if (ok < PAGES) {
            printk("guestos: probe: ringbench: requests lost: the ring is broken; stopping\n");
            return;
        }
    }
    uint64_t sectors = blk_sectors();
    char *buf = probe_scratch[0];
    uint32_t chunk = PROBE_SCRATCH_PAGES * PAGE_SIZE / 512;
    if (!sectors) {
        printk("guestos: probe: ringbench: no virtual disk to read\n");
        return;
    }
    uint64_t t0 = gettime(), moved = 0;
    for (int round = 0; round < DISK_ROUNDS; round++)
        for (uint64_t s = 0; s + chunk <= sectors; s += chunk) {
            if (blk_rw(0, s, buf, chunk, 0) < 0) {
                printk("guestos: probe: ringbench: disk read failed at sector %u\n", (uint32_t)s);
                return;
            }
            moved += chunk * 512;
        }
    uint64_t ns = gettime() - t0;
    rate(r, sizeof r, moved, ns);
    printk("guestos: probe: ringbench: split disk: read %u KiB in %u ms: %s MB/s\n",
           (uint32_t)(moved / 1024), div64(ns, 1000000, NULL), r);
}
