/* LAB 4 FILE */
/*
 * time.c - time on the guest's side (lab 4).
 *
 * The hypervisor does not tick for us. It publishes, in vcpu_info.time,
 * the system time at one moment and the TSC at that moment, with the
 * TSC's rate; we add the ticks since then ourselves, with no hypercall.
 * It rewrites those fields whenever it is about to run us, which may be
 * between any two of our instructions: the version number tells a
 * reader that it read them halfway through a rewrite. The wall clock is
 * the time of day at system time 0. The domain has one timer
 * (set_timer_op), one-shot; VIRQ_TIMER goes to the scheduler, which
 * decides what the next deadline is (proc.c: a time slice or a
 * sleeper).
 */
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <proc.h>
#include <time.h>

static uint64_t armed; /* the deadline the hypervisor holds; 0: none */

uint64_t gettime(void)
{
    /* LAB 4 SOLUTION BEGIN: return 0; */
    volatile struct vcpu_time_info *t = &HYPERVISOR_shared_info->vcpu_info[0].time;
    uint32_t version, mul;
    uint64_t stamp, base;
    int8_t shift;

    /* An odd version, or one that changed while we read: the hypervisor
     * was rewriting the fields (it ran between two of our reads). The
     * reads are volatile, so the compiler keeps their order, and x86
     * does not reorder loads with loads. */
    do {
        version = t->version;
        stamp = t->tsc_timestamp;
        base = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
    } while ((version & 1) || version != t->version);

    uint64_t delta = rdtsc() - stamp;
    delta = shift >= 0 ? delta << shift : delta >> -shift;
    /* delta * mul / 2^32, where delta * mul may need 96 bits: the two
     * halves of delta separately. */
    return base + (delta >> 32) * mul + (((delta & 0xFFFFFFFFU) * mul) >> 32);
    /* LAB 4 SOLUTION END */
}

void wallclock(uint32_t *sec, uint32_t *nsec)
{
    volatile struct shared_info *s = HYPERVISOR_shared_info;
    uint32_t version, wc_sec, wc_nsec;
    do {
        version = s->wc_version;
        wc_sec = s->wc_sec;
        wc_nsec = s->wc_nsec;
    } while ((version & 1) || version != s->wc_version);
    *sec = wc_sec + div64(wc_nsec + gettime(), NS_PER_SEC, nsec);
}

/* A 32-bit kernel without libgcc has no 64-bit division (__udivdi3), but
 * the CPU's divl divides 64 bits by 32 when the quotient fits 32. */
uint32_t div64(uint64_t n, uint32_t unit, uint32_t *rem)
{
    uint32_t hi = (uint32_t)(n >> 32), q, r;
    if (hi >= unit) {
        if (rem)
            *rem = 0;
        return UINT32_MAX;
    }
    __asm__("divl %4" : "=a"(q), "=d"(r) : "a"((uint32_t)n), "d"(hi), "rm"(unit));
    if (rem)
        *rem = r;
    return q;
}

void timer_set(uint64_t deadline)
{
    if (!events_enabled || deadline == armed)
        return;
    armed = deadline;
    HYPERVISOR_set_timer_op(deadline);
}

static void timer_event(evtchn_port_t port)
{
    armed = 0; /* one-shot: spent */
    proc_timer(gettime());
}

int time_init(void)
{
    int r = bind_virq(VIRQ_TIMER, timer_event);
    if (r < 0)
        printk("guestos: time: cannot bind VIRQ_TIMER: %d\n", r);
    return r < 0 ? r : 0;
}
