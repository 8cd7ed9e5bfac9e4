/* LAB 5 FILE */
/*
 * ata.h - domain 0's driver for the IDE disk (ata.c, lab 5): the primary
 * channel's master, 512-byte sectors numbered from 0 (LBA28).
 *
 * The asynchronous interface is for a block back end (lab 5's blkback):
 * fill in a request, submit it, and its done() is called once the disk
 * has finished it. The synchronous ata_rw() is for domain 0's own use.
 */
#ifndef GUESTOS_ATA_H
#define GUESTOS_ATA_H

#include <stdint.h>

#define ATA_SECTOR_SIZE 512

/* The driver's errors, errno values as the hypervisor's (public/hvlab.h);
 * a request beyond the disk, or of no sectors, is -HV_EINVAL. */
#define ATA_EIO 5     /* the disk reported an error, or stopped answering */
#define ATA_ENODEV 19 /* there is no disk */

/*
 * One transfer of count sectors from lba on, to (write = 0: a read) or
 * from buf, kernel memory of count * 512 bytes. The caller owns the
 * request and buf until done(r) is called, and must not touch either
 * before. The driver writes status (0, or -ATA_EIO, -ATA_ENODEV,
 * -HV_EINVAL) before it calls done, and uses next while it holds the
 * request; arg is the caller's.
 *
 * done() runs in the disk's event handler: events masked, where the
 * kernel holds nothing (events.h), with no process of its own (curproc
 * may be any process, or none). It must not sleep; it may wake a
 * process (proc_wakeup), submit another request, or notify a domain. A
 * request refused at once (no disk, beyond the disk) has done() called
 * inside ata_submit(), in the caller's context.
 *
 * The driver may reorder requests (an elevator, in LBA order): two
 * requests in flight at once complete in any order, so a caller that
 * needs one finished before another (a write, then a read of the same
 * sectors) waits for the first's done().
 */
struct ata_request {
    uint32_t lba;
    uint32_t count;
    int write;
    void *buf;
    int status;
    void (*done)(struct ata_request *r);
    void *arg;
    struct ata_request *next;
};

/* The disk's size in sectors; 0 when there is none. */
extern uint32_t ata_sectors;

/* Finds the disk (IDENTIFY: its size and model, printed once), binds its
 * interrupt line and enables its interrupts. 0, or -ATA_ENODEV (said
 * once on the console) when there is none: the kernel goes on without
 * one, and every request fails with -ATA_ENODEV. Domain 0 only: its
 * ports are open to nobody else. */
int ata_init(void);
/* Queues r (see struct ata_request). */
void ata_submit(struct ata_request *r);
/* Reads (write = 0) or writes count sectors at lba, and waits for the
 * disk: sleeping in a process (proc_sleep), or in the idle loop
 * (events_idle) from the kernel before processes run. 0, or a negative
 * error as a request's status. */
int ata_rw(uint32_t lba, void *buf, uint32_t count, int write);

#endif
