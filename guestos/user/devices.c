/* LAB 5 FILE */
/*
 * devices.c - programs for a domU's devices (lab 5):
 *   disk   checks the virtual disk: finds what the last run wrote, writes
 *          a new pattern, reads it back, and is refused past the end;
 *   demo   what a domU does in `make qemu-nox HVARGS=domus=N`: the disk
 *          test, then pings the next domU through domain 0's bridge.
 */
#include <lib/string.h>
#include <syscall.h>
#include <user/ulib.h>

#define PATTERN_SECTORS 64 /* 32 KiB */
#define DISK_MAGIC 0x6b736964U /* "disk" */

struct header {
    uint32_t magic, domid, run;
};

/* The pattern's buffer: 32 KiB of heap (sbrk), not of the program's
 * image, which every domain's kernel carries. */
static uint32_t *buf;

/* The word i of sector s in run `run` of domain dom. */
static uint32_t stamp(uint32_t dom, uint32_t run, uint32_t s, uint32_t i)
{
    return (dom << 24) ^ (run << 16) ^ (s << 7) ^ i ^ 0x5a5a0000U;
}

/* Whether sectors 1.. of the disk hold run's pattern: the first sector
 * that does not, or 0. */
static uint32_t check(uint32_t dom, uint32_t run)
{
    if (disk_read(1, buf, PATTERN_SECTORS) < 0)
        return 1;
    for (uint32_t s = 0; s < PATTERN_SECTORS; s++)
        for (uint32_t i = 0; i < 128; i++)
            if (buf[s * 128 + i] != stamp(dom, run, s + 1, i))
                return s + 1;
    return 0;
}

int disk_main(void)
{
    struct header h;
    static uint32_t sector0[128];
    uint32_t dom = (uint32_t)whoami() & 0xFFFF, run = 1;
    int size = disk_size();

    if (size <= 0) {
        printf("disk: d%u: no virtual disk\n", dom);
        return 1;
    }
    buf = sbrk(PATTERN_SECTORS * 512);
    if (buf == (void *)-1) {
        printf("disk: d%u: no memory for the pattern\n", dom);
        return 1;
    }
    printf("disk: d%u: a virtual disk of %d sectors (%d KiB)\n", dom, size, size / 2);
    if (disk_read(0, sector0, 1) < 0) {
        printf("disk: d%u: cannot read sector 0\n", dom);
        return 1;
    }
    memcpy(&h, sector0, sizeof h);
    if (h.magic == DISK_MAGIC && h.domid == dom) {
        uint32_t bad = check(dom, h.run);
        if (bad)
            printf("disk: d%u: run %u's pattern is damaged at sector %u\n", dom, h.run, bad);
        else
            printf("disk: d%u: run %u's pattern is still there\n", dom, h.run);
        run = h.run + 1;
    } else {
        printf("disk: d%u: a fresh disk: no earlier run\n", dom);
    }
    for (uint32_t s = 0; s < PATTERN_SECTORS; s++)
        for (uint32_t i = 0; i < 128; i++)
            buf[s * 128 + i] = stamp(dom, run, s + 1, i);
    if (disk_write(1, buf, PATTERN_SECTORS) < 0) {
        printf("disk: d%u: write refused\n", dom);
        return 1;
    }
    memset(buf, 0, PATTERN_SECTORS * 512);
    uint32_t bad = check(dom, run);
    if (bad) {
        printf("disk: d%u: read back: wrong at sector %u\n", dom, bad);
        return 1;
    }
    h = (struct header){ DISK_MAGIC, dom, run };
    memset(sector0, 0, sizeof sector0);
    memcpy(sector0, &h, sizeof h);
    disk_write(0, sector0, 1);
    printf("disk: d%u: wrote and read back %d KiB (run %u): ok\n", dom, PATTERN_SECTORS / 2,
           run);
    int r = disk_read((uint32_t)size, sector0, 1);
    printf("disk: d%u: sector %d, past the end: %s\n", dom, size,
           r < 0 ? "refused" : "READ (a bug)");
    return r < 0 ? 0 : 1;
}

int demo_main(void)
{
    uint32_t me = (uint32_t)whoami(), dom = me & 0xFFFF, nr = me >> 16;
    int status = wait(spawn("disk"));
    if (nr < 2) {
        printf("demo: d%u: no other domU to ping\n", dom);
        return status;
    }
    uint32_t peer = dom % nr + 1;
    int answered = 0;
    for (int seq = 1; seq <= 3; seq++) {
        int ns = netping((int)peer, seq);
        if (ns < 0) {
            printf("demo: d%u: ping d%u: no answer (%d)\n", dom, peer, ns);
            continue;
        }
        answered++;
        printf("demo: d%u: ping d%u: icmp_seq=%d time=%d.%03d us\n", dom, peer, seq, ns / 1000,
               ns % 1000);
    }
    printf("demo: d%u: done: disk %s, %d of 3 pings answered\n", dom, status ? "FAILED" : "ok",
           answered);
    return status || answered == 0;
}
