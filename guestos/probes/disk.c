/* LAB 5 FILE */
/*
 * disk.c - probe=disk (lab 5): domain 0's disk driver (ata.c), used as a
 * back end would use it, and its speed.
 *
 * The probe owns the disk's last PROBE_SECTORS sectors. It looks there
 * first for the pattern an earlier boot of the same disk image left
 * (tests/disk.bats boots twice: what the first wrote, the second must
 * read), then writes this boot's pattern with one request, reads it
 * back with requests submitted all at once in descending LBA order (the
 * elevator serves them in its own order, which we print), and checks
 * every byte. Last, the benchmark: 4 MiB read from the start of the
 * disk, synchronously, a few pages at a time (domain 0 is too small to
 * hold it all), in MB/s.
 */
#include <ata.h>
#include <events.h>
#include <kernel.h>
#include <probes/probes.h>
#include <time.h>

#define PROBE_SECTORS 24 /* the scratch pages: 12 KiB */
#define PIECES 4         /* the read-back's requests */
#define BENCH_KIB 4096
#define MAGIC "hvlab disk probe, boot "

/* The byte at offset i of this boot's pattern: it changes with the LBA,
 * the offset and the boot, so that a sector written elsewhere, a stale
 * one or a shifted one all show. */
static uint8_t pattern_byte(uint32_t lba, uint32_t i, uint32_t boot)
{
    return (uint8_t)(lba * 7 + i * 13 + boot * 101 + (i >> 8));
}

/* Boot's pattern of sector lba: MAGIC and the boot's number, then
 * pattern bytes. */
static void fill_sector(uint8_t *sector, uint32_t lba, uint32_t boot)
{
    for (uint32_t i = 0; i < ATA_SECTOR_SIZE; i++)
        sector[i] = pattern_byte(lba, i, boot);
    snprintf((char *)sector, 40, MAGIC "%u.", boot);
}

/* Fills buf with boot's pattern of the probe's sectors from first on. */
static void fill(uint8_t *buf, uint32_t first, uint32_t boot)
{
    for (uint32_t s = 0; s < PROBE_SECTORS; s++)
        fill_sector(buf + s * ATA_SECTOR_SIZE, first + s, boot);
}

/* The first byte of buf that differs from boot's pattern, or -1. */
static int first_difference(const uint8_t *buf, uint32_t first, uint32_t boot)
{
    uint8_t expected[ATA_SECTOR_SIZE];
    for (uint32_t s = 0; s < PROBE_SECTORS; s++) {
        fill_sector(expected, first + s, boot);
        for (uint32_t i = 0; i < ATA_SECTOR_SIZE; i++)
            if (buf[s * ATA_SECTOR_SIZE + i] != expected[i])
                return (int)(s * ATA_SECTOR_SIZE + i);
    }
    return -1;
}

/* The boot number in the probe's first sector, or 0 when it holds none. */
static uint32_t boot_found(const uint8_t *buf)
{
    uint32_t boot = 0;
    if (memcmp(buf, MAGIC, sizeof MAGIC - 1) != 0)
        return 0;
    for (const char *p = (const char *)buf + sizeof MAGIC - 1; *p >= '0' && *p <= '9'; p++)
        boot = boot * 10 + (uint32_t)(*p - '0');
    return boot;
}

static struct ata_request pieces[PIECES];
static int finish_order[PIECES], nr_finished;

static void piece_done(struct ata_request *r)
{
    finish_order[nr_finished++] = (int)(r - pieces);
}

/* Reads the probe's sectors back into buf with PIECES requests, the
 * highest first, all submitted before any finishes; 0 or an error. */
static int read_back_in_pieces(uint8_t *buf, uint32_t first)
{
    const uint32_t per = PROBE_SECTORS / PIECES;
    nr_finished = 0;
    for (int i = PIECES - 1; i >= 0; i--) {
        pieces[i] = (struct ata_request){ .lba = first + (uint32_t)i * per, .count = per,
                                          .buf = buf + (uint32_t)i * per * ATA_SECTOR_SIZE,
                                          .done = piece_done };
        ata_submit(&pieces[i]);
    }
    while (nr_finished < PIECES)
        events_idle();
    printk("guestos: probe: disk: %d reads submitted highest LBA first finished in the order"
           " %d %d %d %d (0: lowest)\n", PIECES, finish_order[0], finish_order[1],
           finish_order[2], finish_order[3]);
    for (int i = 0; i < PIECES; i++)
        if (pieces[i].status < 0)
            return pieces[i].status;
    return 0;
}

/* The benchmark: BENCH_KIB read from sector 0 on, through ata_rw. */
static void bench_read(uint8_t *buf)
{
    const uint32_t per = PROBE_SECTORS;
    uint32_t sectors = BENCH_KIB * 1024 / ATA_SECTOR_SIZE;

    if (ata_sectors < sectors) {
        printk("guestos: probe: disk: the disk is smaller than %u KiB: no benchmark\n", BENCH_KIB);
        return;
    }
    uint64_t start = gettime();
    for (uint32_t lba = 0; lba < sectors; lba += per) {
        int r = ata_rw(lba, buf, lba + per <= sectors ? per : sectors - lba, 0);
        if (r < 0) {
            printk("guestos: probe: disk: FAIL: read of sector %u: %d\n", lba, r);
            return;
        }
    }
    uint32_t us = div64(gettime() - start, 1000, NULL);
    if (us == 0)
        us = 1;
    /* Bytes per microsecond are MB/s; in tenths. */
    uint32_t tenths = div64((uint64_t)sectors * ATA_SECTOR_SIZE * 10, us, NULL);
    printk("guestos: probe: disk: read %u KiB directly in %u ms: %u.%u MB/s\n", BENCH_KIB,
           us / 1000, tenths / 10, tenths % 10);
}

void probe_disk(const char *name)
{
    uint8_t *buf = (uint8_t *)probe_scratch;
    _Static_assert(PROBE_SECTORS * ATA_SECTOR_SIZE <= sizeof probe_scratch, "scratch pages");

    if (!ata_sectors) {
        printk("guestos: probe: disk: FAIL: no disk\n");
        return;
    }
    uint32_t first = ata_sectors - PROBE_SECTORS;
    int r = ata_rw(first, buf, PROBE_SECTORS, 0);
    uint32_t before = r < 0 ? 0 : boot_found(buf);
    if (r < 0)
        printk("guestos: probe: disk: FAIL: reading sectors %u to %u: %d\n", first,
               ata_sectors - 1, r);
    else if (before && first_difference(buf, first, before) < 0)
        printk("guestos: probe: disk: pass: boot %u's pattern is still there\n", before);
    else if (before)
        printk("guestos: probe: disk: FAIL: boot %u's pattern differs at byte %d\n", before,
               first_difference(buf, first, before));
    else
        printk("guestos: probe: disk: no pattern of an earlier boot: a new disk\n");

    uint32_t boot = before + 1;
    fill(buf, first, boot);
    r = ata_rw(first, buf, PROBE_SECTORS, 1);
    memset(buf, 0, PROBE_SECTORS * ATA_SECTOR_SIZE);
    if (r == 0)
        r = read_back_in_pieces(buf, first);
    int at = r < 0 ? 0 : first_difference(buf, first, boot);
    if (r < 0)
        printk("guestos: probe: disk: FAIL: writing or reading boot %u's pattern: %d\n", boot, r);
    else if (at >= 0)
        printk("guestos: probe: disk: FAIL: boot %u's pattern read back differs at byte %d\n",
               boot, at);
    else
        printk("guestos: probe: disk: pass: boot %u's pattern written to sectors %u to %u and"
               " read back\n", boot, first, ata_sectors - 1);
    bench_read(buf);
}
