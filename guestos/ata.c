/* LAB 5 FILE */
/*
 * ata.c - domain 0's driver for the IDE disk (lab 5): the primary
 * channel's master, through its I/O ports, with programmed I/O (the CPU
 * moves every word) and one interrupt per sector.
 *
 * Domain 0 drives the real disk itself, from ring 1: the hypervisor
 * opens the disk's ports to it while it runs (the TSS's I/O bitmap) and
 * turns the disk's IRQ 14 into an event on a port of ours
 * (event_channel_op bind_pirq). The line stays masked from the moment
 * it fires until we say we have serviced the disk (physdev_op eoi):
 * hv/physdev.c is the other side.
 *
 * Requests wait in a queue sorted by LBA, and the disk serves them as an
 * elevator does (C-LOOK): from where the last one ended, upwards, then
 * back to the lowest. One request is on the disk at a time, in commands
 * of at most 256 sectors. The work is done in the event handler
 * (ata_interrupt): it runs where the kernel holds nothing (events.h), so
 * the queue needs no lock, and it moves the sector, starts the next
 * command and calls the finished request's done() itself.
 *
 * The ATA registers and commands are those of the ATA/ATAPI-6 standard
 * (T13/1410D), sections 7 and 8: READ SECTORS, WRITE SECTORS, IDENTIFY
 * DEVICE.
 */
#include <ata.h>
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <proc.h>

/* The primary channel's registers. */
#define ATA_DATA 0x1F0      /* 16-bit: the sector's words */
#define ATA_COUNT 0x1F2     /* sectors in the command (0: 256) */
#define ATA_LBA_LOW 0x1F3
#define ATA_LBA_MID 0x1F4
#define ATA_LBA_HIGH 0x1F5
#define ATA_DEVICE 0x1F6    /* which drive, LBA mode, LBA bits 24-27 */
#define ATA_STATUS 0x1F7    /* read: reading it acknowledges the interrupt */
#define ATA_COMMAND 0x1F7   /* write */
#define ATA_CONTROL 0x3F6   /* write: device control; read: status, no acknowledgement */

#define STATUS_ERR 0x01
#define STATUS_DRQ 0x08     /* the disk waits for a sector's words, or has one */
#define STATUS_DF 0x20      /* device fault */
#define STATUS_BSY 0x80
#define CONTROL_NIEN 0x02   /* no interrupts */
#define DEVICE_MASTER_LBA 0xE0

#define CMD_READ_SECTORS 0x20
#define CMD_WRITE_SECTORS 0x30
#define CMD_IDENTIFY 0xEC

#define WORDS_PER_SECTOR (ATA_SECTOR_SIZE / 2)
#define MAX_COMMAND_SECTORS 256
/* How many status reads before we decide the disk will not answer: far
 * more than QEMU or a real disk needs for one sector. */
#define SPIN_LIMIT 1000000

uint32_t ata_sectors;
static evtchn_port_t ata_port;

static struct ata_request *queue;  /* waiting, in LBA order */
static struct ata_request *active; /* on the disk */
static uint32_t active_done;       /* its sectors transferred so far */
static uint32_t command_left;      /* sectors left in the command on the disk */
static uint32_t head;              /* where the last command ended: the elevator's position */

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static void read_words(uint16_t *buf, uint32_t n)
{
    __asm__ volatile("cld; rep insw" : "+D"(buf), "+c"(n) : "d"(ATA_DATA) : "memory");
}

static void write_words(const uint16_t *buf, uint32_t n)
{
    __asm__ volatile("cld; rep outsw" : "+S"(buf), "+c"(n) : "d"(ATA_DATA) : "memory");
}

/* The status once the disk is no longer busy and has what (a status
 * bit) or an error; 0 if it never does. Reads the alternate status:
 * waiting acknowledges no interrupt. */
static uint8_t wait_for(uint8_t what)
{
    for (int i = 0; i < SPIN_LIMIT; i++) {
        uint8_t status = inb(ATA_CONTROL);
        if (!(status & STATUS_BSY) && (status & (what | STATUS_ERR | STATUS_DF)))
            return status;
    }
    return 0;
}

/* The disk's model string: IDENTIFY words 27-46, two characters a word,
 * the first in the high byte, padded with spaces. */
static void model_string(const uint16_t *id, char *model, size_t size)
{
    size_t n = 0;
    for (int w = 27; w <= 46 && n + 2 < size; w++) {
        model[n++] = (char)(id[w] >> 8);
        model[n++] = (char)(id[w] & 0xFF);
    }
    while (n > 0 && model[n - 1] == ' ')
        n--;
    model[n] = '\0';
}

/* IDENTIFY DEVICE on the master, polled: the disk's size in sectors and
 * its model; 0 when there is no ATA disk there. */
static uint32_t identify(char *model, size_t size)
{
    static uint16_t id[WORDS_PER_SECTOR];

    outb(ATA_DEVICE, DEVICE_MASTER_LBA);
    outb(ATA_COUNT, 0);
    outb(ATA_LBA_LOW, 0);
    outb(ATA_LBA_MID, 0);
    outb(ATA_LBA_HIGH, 0);
    outb(ATA_COMMAND, CMD_IDENTIFY);
    /* No drive: nothing drives the bus (0xFF on a real PC), or the
     * channel answers 0 for a drive it does not have (QEMU). */
    uint8_t status = inb(ATA_CONTROL);
    if (status == 0 || status == 0xFF)
        return 0;
    status = wait_for(STATUS_DRQ);
    /* A CD drive (ATAPI) aborts IDENTIFY and shows its signature. */
    if (!(status & STATUS_DRQ) || (status & STATUS_ERR) || inb(ATA_LBA_MID) || inb(ATA_LBA_HIGH))
        return 0;
    read_words(id, WORDS_PER_SECTOR);
    inb(ATA_STATUS);
    model_string(id, model, size);
    /* Words 60-61: the sectors LBA28 addresses. */
    return id[60] | (uint32_t)id[61] << 16;
}

/* Tells the hypervisor we have serviced the disk: its line is unmasked. */
static void end_of_interrupt(void)
{
    struct physdev_eoi eoi = { .irq = PHYSDEV_IDE_IRQ };
    HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi);
}

/* Puts r into the queue after every request at or below its LBA:
 * requests to one LBA keep the order they came in. */
static void enqueue(struct ata_request *r)
{
    struct ata_request **p = &queue;
    while (*p && (*p)->lba <= r->lba)
        p = &(*p)->next;
    r->next = *p;
    *p = r;
}

/* Takes the next request off the queue for the elevator: the first at
 * or above head, or, when none is, the lowest. */
static struct ata_request *dequeue(void)
{
    struct ata_request **p = &queue;
    while (*p && (*p)->lba < head)
        p = &(*p)->next;
    if (!*p)
        p = &queue;
    struct ata_request *r = *p;
    if (r)
        *p = r->next;
    return r;
}

static void start_next(void);

/* The active request is over, with status: the next one starts, then
 * its done() is called. */
static void finish(int status)
{
    struct ata_request *r = active;
    r->status = status;
    r->next = NULL;
    active = NULL;
    start_next();
    r->done(r);
}

/* Sends the disk the command for the active request's next sectors
 * (at most 256); a write gives it the first sector at once. */
static void start_command(void)
{
    uint32_t lba = active->lba + active_done;
    uint32_t n = active->count - active_done;

    if (n > MAX_COMMAND_SECTORS)
        n = MAX_COMMAND_SECTORS;
    if (inb(ATA_CONTROL) & STATUS_BSY) {
        finish(-ATA_EIO);
        return;
    }
    command_left = n;
    head = lba + n;
    outb(ATA_DEVICE, (uint8_t)(DEVICE_MASTER_LBA | ((lba >> 24) & 0x0F)));
    outb(ATA_COUNT, (uint8_t)n); /* 256 is written as 0 */
    outb(ATA_LBA_LOW, (uint8_t)lba);
    outb(ATA_LBA_MID, (uint8_t)(lba >> 8));
    outb(ATA_LBA_HIGH, (uint8_t)(lba >> 16));
    outb(ATA_COMMAND, active->write ? CMD_WRITE_SECTORS : CMD_READ_SECTORS);
    if (active->write) {
        if (!(wait_for(STATUS_DRQ) & STATUS_DRQ)) {
            finish(-ATA_EIO);
            return;
        }
        write_words((const uint16_t *)active->buf + active_done * WORDS_PER_SECTOR,
                    WORDS_PER_SECTOR);
    }
}

/* Puts the next request of the elevator on the disk, if there is one
 * and the disk is idle. */
static void start_next(void)
{
    if (active || !(active = dequeue()))
        return;
    active_done = 0;
    start_command();
}

/*
 * The disk's interrupt, once per sector: a read's sector is ready, or a
 * write's has been written. Reading the status acknowledges it.
 */
static void ata_interrupt(evtchn_port_t port)
{
    uint8_t status = inb(ATA_STATUS);

    if (!active || (status & STATUS_BSY)) {
        end_of_interrupt(); /* not for a command of ours (or not yet): ignored */
        return;
    }
    if (status & (STATUS_ERR | STATUS_DF)) {
        end_of_interrupt();
        finish(-ATA_EIO);
        return;
    }
    uint16_t *sector = (uint16_t *)active->buf + active_done * WORDS_PER_SECTOR;
    if (!active->write) {
        if (!(status & STATUS_DRQ)) {
            end_of_interrupt();
            finish(-ATA_EIO);
            return;
        }
        read_words(sector, WORDS_PER_SECTOR);
    }
    active_done++;
    command_left--;
    end_of_interrupt();
    if (command_left > 0 && active->write) {
        if (!(wait_for(STATUS_DRQ) & STATUS_DRQ)) {
            finish(-ATA_EIO);
            return;
        }
        write_words(sector + WORDS_PER_SECTOR, WORDS_PER_SECTOR);
    } else if (command_left == 0 && active_done < active->count) {
        start_command();
    } else if (command_left == 0) {
        finish(0);
    }
}

int ata_init(void)
{
    char model[41];

    outb(ATA_CONTROL, CONTROL_NIEN);
    ata_sectors = identify(model, sizeof model);
    if (!ata_sectors) {
        printk("guestos: ata: no disk on the primary IDE channel; going on without one\n");
        return -ATA_ENODEV;
    }
    printk("guestos: ata: disk of %u sectors (%u MiB): %s\n", ata_sectors,
           ata_sectors / (1024 * 1024 / ATA_SECTOR_SIZE), model);
    struct evtchn_bind_pirq bind = { .pirq = PHYSDEV_IDE_IRQ, .flags = 0 };
    int r = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind);
    if (r < 0) {
        printk("guestos: ata: bind_pirq of IRQ %u refused: %d\n", PHYSDEV_IDE_IRQ, r);
        ata_sectors = 0;
        return r;
    }
    ata_port = bind.port;
    bind_handler(ata_port, ata_interrupt);
    outb(ATA_CONTROL, 0); /* interrupts on */
    return 0;
}

void ata_submit(struct ata_request *r)
{
    int refused = 0;

    if (!ata_sectors)
        refused = -ATA_ENODEV;
    else if (r->count == 0 || r->lba >= ata_sectors || r->count > ata_sectors - r->lba)
        refused = -HV_EINVAL;
    if (refused) {
        r->status = refused;
        r->done(r);
        return;
    }
    enqueue(r);
    start_next();
}

/* ata_rw's request is over: its waiter goes on. */
static void rw_done(struct ata_request *r)
{
    *(volatile int *)r->arg = 1;
    proc_wakeup(r);
}

int ata_rw(uint32_t lba, void *buf, uint32_t count, int write)
{
    volatile int finished = 0;
    struct ata_request r = { lba, count, write, buf, 0, rw_done, (void *)&finished, NULL };

    ata_submit(&r);
    /* The handler runs only where the kernel holds nothing: while a
     * process sleeps, or in the idle loop. */
    while (!finished) {
        if (curproc)
            proc_sleep(&r);
        else
            events_idle();
    }
    return r.status;
}
