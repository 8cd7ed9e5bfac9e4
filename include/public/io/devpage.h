/* LAB 5 FILE */
/*
 * devpage.h - how a domU's front ends find domain 0's back ends (lab 5).
 *
 * Xen keeps this in xenstore, a small database that domain 0 serves.
 * hvlab keeps it in one page per domU, the device page: the domain
 * builder gives every domU one of its own frames for it
 * (start_info.devpage_mfn) and grants it to domain 0, writable, as grant
 * GNTTAB_RESERVED_DEVPAGE, before the domU's first instruction.
 *
 * Connecting, for each device the domU wants (console, block, net):
 *   1. the domU grants its ring frames to domain 0, allocates an unbound
 *      event channel for domain 0 (alloc_unbound), fills the device's
 *      entry (ring refs, port) and sets its state to DEVPAGE_INITIALISED;
 *   2. it sets devpage.state to DEVPAGE_INITIALISED, and sends an event
 *      on its control channel (start_info.ctrl_evtchn);
 *   3. domain 0 copies the page once (grant copy), checks every field,
 *      maps the rings, binds the ports, and writes back, with another
 *      grant copy, each device's backend_state (DEVPAGE_CONNECTED, or
 *      DEVPAGE_CLOSED for a device it refused) and info (the disk's
 *      size); then it sends an event on the device's channel.
 * Later, a domU that sets devpage.state to DEVPAGE_CLOSING and signals
 * its control channel asks domain 0 to let its devices go; domain 0
 * answers with backend_state DEVPAGE_CLOSED. Domain 0 reads a domU's
 * page only after an event on that domU's control channel.
 *
 * Domain 0 trusts nothing it reads here: a field is read once, from its
 * own copy, and checked.
 */
#ifndef HVLAB_PUBLIC_IO_DEVPAGE_H
#define HVLAB_PUBLIC_IO_DEVPAGE_H

#include <public/event_channel.h>
#include <public/grant_table.h>

#define GNTTAB_RESERVED_DEVPAGE 0 /* the builder's grant of the device page */

#define DEVPAGE_MAGIC 0x76656468U /* "hdev" */

/* States, of a whole page (written by the domU) and of a device's
 * front end (frontend_state) and back end (backend_state). */
#define DEVPAGE_UNKNOWN 0     /* nothing asked (a domU without devices) */
#define DEVPAGE_INITIALISED 1 /* the front end's rings and port are ready */
#define DEVPAGE_CONNECTED 2   /* the back end serves them */
#define DEVPAGE_CLOSING 3     /* the front end is done */
#define DEVPAGE_CLOSED 4      /* the back end has let go (or refused) */

struct devpage_device {
    uint32_t frontend_state; /* DEVPAGE_*: written by the domU */
    grant_ref_t ring_ref[2]; /* console: [0] the xencons page; block: [0]
                                the ring; net: [0] tx ring, [1] rx ring */
    evtchn_port_t evtchn;    /* the domU's port, unbound for domain 0 */
    uint32_t backend_state;  /* DEVPAGE_*: written by domain 0 */
    uint32_t info;           /* written by domain 0: block, the disk's
                                size in sectors; net, 0 */
};

#define DEVPAGE_CONSOLE 0
#define DEVPAGE_BLOCK 1
#define DEVPAGE_NET 2
#define DEVPAGE_DEVICES 3

struct devpage {
    uint32_t magic; /* DEVPAGE_MAGIC, written by the domU */
    uint32_t state; /* the page as a whole: DEVPAGE_UNKNOWN, _INITIALISED or _CLOSING */
    struct devpage_device dev[DEVPAGE_DEVICES]; /* by DEVPAGE_CONSOLE, ... */
};

#endif
