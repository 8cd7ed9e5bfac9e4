/* LAB 4 FILE */
/*
 * time.c - system time, the wall clock and one-shot timers (lab 4).
 *
 * System time is nanoseconds since boot, read from the TSC, whose rate
 * we measure once at boot against the PIT (whose rate is fixed:
 * 1193182 Hz). Guests get the same scale in shared_info, so they read
 * the time without a hypercall (public/hvlab.h, vcpu_time_info).
 *
 * The timer hardware is the PIT's channel 0, programmed one-shot (mode
 * 0) for the earliest deadline of the timer list: no periodic tick, so
 * a machine of blocked domains takes no interrupts at all. Why the PIT
 * and not the local APIC's timer: every PC, QEMU and Bochs has one, it
 * needs no memory-mapped registers (the APIC's sit at 0xFEE00000, far
 * above the direct map), and it comes through the 8259 we already
 * drive. Its counter is 16 bits wide, so one shot lasts at most 55 ms; a
 * deadline further away takes several shots.
 *
 * The wall clock is the CMOS real-time clock, read once at boot.
 */
#include <domain.h>
#include <event.h>
#include <lib/rdtsc.h>
#include <memory.h>
#include <pic.h>
#include <time.h>
#include <x86.h>

#define PIT_HZ 1193182
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_GATE 0x61         /* bit 0: channel 2's gate; bit 5: its output */
#define PIT_MAX_SHOT_NS 50000000ULL /* under the 16-bit counter's 55 ms */
#define NS_PER_SEC 1000000000U

static uint64_t boot_tsc;      /* the TSC at system time 0 */
static uint32_t scale_mul;     /* tsc_to_ns: ((delta << shift) * mul) >> 32 */
static int scale_shift;
static uint32_t boot_wallclock; /* seconds since 1970 at system time 0 */
static struct timer *timers;   /* armed timers, earliest first */

/* n / d for a 64-bit n, with two 32-bit divisions (no libgcc here). */
static uint64_t div64(uint64_t n, uint32_t d)
{
    uint32_t hi = (uint32_t)(n >> 32), lo = (uint32_t)n, q_hi = hi / d, q_lo, r = hi % d;
    __asm__("divl %4" : "=a"(q_lo), "=d"(r) : "a"(lo), "d"(r), "rm"(d));
    return (uint64_t)q_hi << 32 | q_lo;
}

uint64_t tsc_to_ns(uint64_t delta)
{
    delta = scale_shift >= 0 ? delta << scale_shift : delta >> -scale_shift;
    return (delta >> 32) * scale_mul + (((delta & 0xFFFFFFFF) * scale_mul) >> 32);
}

uint64_t now(void)
{
    return tsc_to_ns(rdtsc() - boot_tsc);
}

/* TSC ticks per second, measured over 10 ms of the PIT's channel 2. */
static uint64_t measure_tsc_hz(void)
{
    const uint32_t count = PIT_HZ / 100;
    outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01); /* gate on, speaker off */
    outb(PIT_MODE, 0xB0);                           /* channel 2, mode 0, 16 bits */
    outb(PIT_CH2, count & 0xFF);
    outb(PIT_CH2, count >> 8);
    uint64_t t0 = rdtsc();
    while (!(inb(PIT_GATE) & 0x20)) /* the output rises at zero */
        ;
    return (rdtsc() - t0) * 100;
}

/*
 * The scale from TSC ticks to ns as a shift and a 32-bit fraction: shift
 * the rate into (10^9, 2 * 10^9] ticks a second; then a tick is less
 * than a nanosecond and 2^32 * 10^9 / rate fits in 32 bits.
 */
static void set_scale(uint64_t hz)
{
    scale_shift = 0;
    while (hz > 2ULL * NS_PER_SEC) {
        hz >>= 1;
        scale_shift--;
    }
    while (hz <= NS_PER_SEC) {
        hz <<= 1;
        scale_shift++;
    }
    scale_mul = (uint32_t)div64((uint64_t)NS_PER_SEC << 32, (uint32_t)hz);
}

static uint8_t cmos_read(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

/* Days from 1970-01-01 to year-month-day (a proleptic Gregorian date):
 * count from March, so that February's leap day ends the year. */
static uint32_t days_since_1970(uint32_t year, uint32_t month, uint32_t day)
{
    if (month <= 2) {
        year--;
        month += 12;
    }
    uint32_t days = 365 * year + year / 4 - year / 100 + year / 400;
    days += (153 * (month - 3) + 2) / 5 + day - 1;
    return days - 719468; /* the same count for 1970-01-01 */
}

/* The CMOS clock's time of day, in seconds since 1970 (UTC). */
static uint32_t read_rtc(void)
{
    while (cmos_read(0x0A) & 0x80) /* an update is in progress */
        ;
    uint8_t r[6] = { cmos_read(0x00), cmos_read(0x02), cmos_read(0x04),
                     cmos_read(0x07), cmos_read(0x08), cmos_read(0x09) };
    uint8_t status_b = cmos_read(0x0B);
    int pm = r[2] & 0x80;
    r[2] &= 0x7F;
    for (int i = 0; i < 6 && !(status_b & 0x04); i++) /* BCD */
        r[i] = (uint8_t)((r[i] >> 4) * 10 + (r[i] & 0x0F));
    if (!(status_b & 0x02) && pm) /* a 12-hour clock */
        r[2] = (uint8_t)((r[2] % 12) + 12);
    else if (!(status_b & 0x02) && r[2] == 12)
        r[2] = 0;
    uint32_t days = days_since_1970(2000 + r[5], r[4], r[3]);
    return days * 86400 + r[2] * 3600U + r[1] * 60U + r[0];
}

/* The PIT's channel 0 interrupts once, delta_ns from now. */
static void pit_shot(uint64_t delta_ns)
{
    if (delta_ns > PIT_MAX_SHOT_NS)
        delta_ns = PIT_MAX_SHOT_NS;
    uint32_t count = (uint32_t)div64(delta_ns * PIT_HZ, NS_PER_SEC);
    if (count < 2)
        count = 2;
    outb(PIT_MODE, 0x30); /* channel 0, mode 0 (one shot), 16 bits */
    outb(PIT_CH0, count & 0xFF);
    outb(PIT_CH0, count >> 8);
}

void time_init(void)
{
    uint64_t hz = measure_tsc_hz();
    set_scale(hz);
    boot_tsc = rdtsc();
    boot_wallclock = read_rtc();
    pic_unmask(IRQ_TIMER);
    hvlog(LOG_INFO, NULL, "time", "TSC at %u MHz; wall clock %u s since 1970",
          (uint32_t)div64(hz, 1000000), boot_wallclock);
}

/* Programs the PIT for the earliest timer; with none, it stays quiet. */
static void program_next(void)
{
    if (!timers)
        return;
    uint64_t t = now();
    pit_shot(timers->deadline > t ? timers->deadline - t : 0);
}

void timer_stop(struct timer *t)
{
    for (struct timer **p = &timers; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = NULL;
    t->active = 0;
}

void timer_set(struct timer *t, uint64_t deadline)
{
    struct timer **p = &timers;

    timer_stop(t);
    t->deadline = deadline;
    t->active = 1;
    while (*p && (*p)->deadline <= deadline)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
    if (timers == t)
        program_next();
}

void timer_interrupt(void)
{
    while (timers && timers->deadline <= now()) {
        struct timer *t = timers;
        timer_stop(t);
        t->fn(t->data);
    }
    program_next();
}

int timer_due(void)
{
    return timers && timers->deadline <= now();
}

void time_publish(struct domain *d)
{
    struct shared_info *si = d->shared_info;
    struct vcpu_time_info *t = &si->vcpu_info[0].time;
    uint64_t tsc = rdtsc();

    /* An odd version tells a guest reading now to read again. */
    t->version |= 1;
    __asm__ volatile("" ::: "memory");
    t->tsc_timestamp = tsc;
    t->system_time = tsc_to_ns(tsc - boot_tsc);
    t->tsc_to_system_mul = scale_mul;
    t->tsc_shift = (int8_t)scale_shift;
    __asm__ volatile("" ::: "memory");
    t->version++;

    si->wc_version |= 1;
    __asm__ volatile("" ::: "memory");
    si->wc_sec = boot_wallclock;
    si->wc_nsec = 0;
    __asm__ volatile("" ::: "memory");
    si->wc_version++;
}

int32_t do_set_timer_op(struct vcpu *v, uint64_t deadline)
{
    if (deadline)
        timer_set(&v->timer, deadline);
    else
        timer_stop(&v->timer);
    return 0;
}
