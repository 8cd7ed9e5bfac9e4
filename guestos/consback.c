/* LAB 5 FILE */
/*
 * consback.c - domain 0's console back end (lab 5): prints what each
 * domU writes to its console ring, as that domU's output
 * (console_io(CONSOLEIO_write_for)), so every line keeps its "(dN) "
 * prefix.
 *
 * The domU can rewrite the shared page at any time. We keep our own
 * consumer index, read the producer index once per look, and accept it
 * only if it is at most a ring ahead of us; a domU that breaks that rule
 * loses its console (one line says so), never domain 0's time.
 */
#include <drivers.h>
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <public/io/console.h>
#include <vm.h>

static struct cons {
    domid_t dom;   /* 0: a free row */
    evtchn_port_t port;
    volatile struct xencons_interface *intf;
    grant_handle_t handle;
    XENCONS_RING_IDX cons; /* ours: what we have printed */
    uint32_t bytes;
} *conses; /* a page of them, the first time a domU connects */
static uint32_t max_conses;

static struct cons *find(domid_t dom)
{
    for (struct cons *c = conses; c < conses + max_conses; c++)
        if (c->dom == dom)
            return c;
    return NULL;
}

static struct cons *by_port(evtchn_port_t port)
{
    for (struct cons *c = conses; c < conses + max_conses; c++)
        if (c->dom && c->port == port)
            return c;
    return NULL;
}

/* Prints what is new in c's ring. */
static void drain(struct cons *c)
{
    char buf[256];
    XENCONS_RING_IDX prod = c->intf->out_prod; /* once */
    __asm__ volatile("" ::: "memory");
    if (prod - c->cons > XENCONS_OUT_SIZE) {
        printk("guestos: console: d%u's ring is broken (producer %u, consumer %u): "
               "its console is cut\n", c->dom, prod, c->cons);
        c->cons = prod;
        return;
    }
    while (c->cons != prod) {
        uint32_t n = 0;
        while (c->cons != prod && n < sizeof buf)
            buf[n++] = c->intf->out[MASK_XENCONS_IDX(c->cons++, XENCONS_OUT_SIZE)];
        HYPERVISOR_console_io_for(n, buf, c->dom);
        c->bytes += n;
    }
    c->intf->out_cons = c->cons;
}

static void cons_event(evtchn_port_t port)
{
    struct cons *c = by_port(port);
    if (c) {
        drain(c);
        evtchn_send(port); /* room again, for a domU waiting for it */
    }
}

static int consback_connect(domid_t dom, const struct devpage_device *dev, uint32_t *info)
{
    struct cons *c;
    struct evtchn_bind_interdomain bind = { .remote_dom = dom, .remote_port = dev->evtchn };
    void *va;

    if (!conses && (conses = kpage_alloc()))
        max_conses = PAGE_SIZE / sizeof *conses;
    if (!(c = find(0)) || !(va = gnttab_slot_alloc()))
        return -HV_ENOSPC;
    if (gnttab_map(dom, dev->ring_ref[0], va, 0, &c->handle) < 0) {
        gnttab_slot_free(va);
        return -HV_EINVAL;
    }
    if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bind) < 0) {
        gnttab_unmap(va, c->handle);
        gnttab_slot_free(va);
        return -HV_EINVAL;
    }
    *c = (struct cons){ .dom = dom, .port = bind.local_port, .intf = va, .handle = c->handle };
    c->cons = c->intf->out_cons;
    bind_handler(c->port, cons_event);
    *info = 0;
    return 0;
}

static void consback_disconnect(domid_t dom)
{
    struct cons *c = find(dom);
    if (!c)
        return;
    drain(c); /* its last words, and the end of its last line */
    HYPERVISOR_console_io_for(0, "", c->dom);
    struct evtchn_close close = { .port = c->port };
    HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
    bind_handler(c->port, NULL);
    gnttab_unmap((void *)c->intf, c->handle);
    gnttab_slot_free((void *)c->intf);
    c->dom = 0;
}

static void consback_show(void)
{
    for (struct cons *c = conses; c < conses + max_conses; c++)
        if (c->dom)
            printk("guestos: console: d%u: port %u, %u bytes printed\n", c->dom, c->port,
                   c->bytes);
}

const struct backend consback = {
    .name = "console",
    .slot = DEVPAGE_CONSOLE,
    .connect = consback_connect,
    .disconnect = consback_disconnect,
    .show = consback_show,
};
