/* LAB 4 FILE */
/*
 * eventbench.c - probe=eventbench (lab 4): what an event and a timer
 * cost, for make bench (tools/bench-events).
 *   - the round trip of an event from domain 0 to domU 1 and back (domU
 *     1 started with ctrl=echo), in cycles: two event sends, two
 *     switches; run it with one domU, then with a thousand blocked ones
 *     beside it, and the figure should not change (the scheduler never
 *     looks at a blocked domain);
 *   - how late a 10 ms timer wakes a domain that sleeps on it
 *     (SCHEDOP_poll on no port, with a timeout).
 * Events stay masked: the probe polls and takes its own events.
 */
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <time.h>

#define ROUND_TRIPS 500
#define SLEEPS 50
#define SLEEP_NS 10000000ULL

/* The samples, in the probes' scratch page (500 of them fit). */
#define samples ((uint32_t *)probe_scratch[0])

/* Round trips to domU 1 on the builder's channel (our port 1). */
static void bench_round_trip(void)
{
    uint32_t n = 0;
    evtchn_take(1);
    for (; n < ROUND_TRIPS; n++) {
        uint64_t t0 = rdtsc();
        if (evtchn_send(1) < 0)
            break;
        HYPERVISOR_poll(1, gettime() + 1000000000ULL);
        if (!evtchn_take(1))
            break;
        samples[n] = (uint32_t)(rdtsc() - t0);
    }
    if (n < ROUND_TRIPS) {
        printk("guestos: bench: no answer from d1 after %u round trips (start it with ctrl=echo)\n",
               n);
        return;
    }
    printk("guestos: bench: event round trip d0 -> d1 -> d0 with %u domUs: median %u cycles\n",
           start_info->nr_domus, median(samples, ROUND_TRIPS));
}

/* Sleeps of 10 ms on the hypervisor's one-shot timer: how late each
 * woke, in microseconds. */
static void bench_timer(void)
{
    uint32_t worst = 0;
    for (int i = 0; i < SLEEPS; i++) {
        uint64_t deadline = gettime() + SLEEP_NS;
        struct sched_poll poll = { 0, 0, deadline };
        HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
        uint64_t late = gettime() - deadline;
        samples[i] = div64(late, 1000, NULL);
        if (samples[i] > worst)
            worst = samples[i];
    }
    printk(
        "guestos: bench: a 10 ms timer wakes the domain late by a median of %u us (worst %u us)\n",
        median(samples, SLEEPS), worst);
}

void bench_events(const char *name)
{
    if (!events_enabled) {
        printk("guestos: bench: no event channels\n");
        return;
    }
    if (start_info->nr_domus)
        bench_round_trip();
    bench_timer();
    HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}
