/* LAB 5 FILE */
/*
 * consfront.c - a domU's console front end (lab 5): printk's bytes go
 * into the out ring of a page shared with domain 0 (public/io/console.h),
 * whose back end prints them as ours. Until the ring is connected, and
 * in domain 0, printk uses the console_io hypercall.
 */
#include <drivers.h>
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <public/io/console.h>
#include <vm.h>

static volatile struct xencons_interface *intf;
static evtchn_port_t port;

static int consfront_init(struct devpage_device *dev)
{
    int ref = frontend_page((void **)&intf, 0);
    if (ref < 0)
        return ref;
    int r = frontend_port(NULL); /* we only send on it, and poll it */
    if (r < 0)
        return r;
    port = (evtchn_port_t)r;
    dev->ring_ref[0] = (grant_ref_t)ref;
    dev->evtchn = port;
    return 0;
}

static void consfront_connected(const struct devpage_device *dev)
{
}

int consfront_write(const char *s, int n)
{
    if (!device_connected(DEVPAGE_CONSOLE))
        return -1;
    for (int done = 0; done < n;) {
        XENCONS_RING_IDX prod = intf->out_prod;
        uint32_t room = XENCONS_OUT_SIZE - (prod - intf->out_cons);
        if (room > XENCONS_OUT_SIZE) { /* domain 0 wrote nonsense: start again */
            intf->out_cons = prod;
            continue;
        }
        if (room == 0) {
            /* Domain 0 is behind: wait for it to take some. */
            evtchn_send(port);
            HYPERVISOR_poll(port, 0);
            evtchn_take(port);
            continue;
        }
        while (room-- > 0 && done < n)
            intf->out[MASK_XENCONS_IDX(prod++, XENCONS_OUT_SIZE)] = s[done++];
        __asm__ volatile("" ::: "memory"); /* the bytes, then the index */
        intf->out_prod = prod;
    }
    evtchn_send(port);
    return n;
}

const struct frontend consfront = {
    .name = "console",
    .slot = DEVPAGE_CONSOLE,
    .init = consfront_init,
    .connected = consfront_connected,
};
