/* LAB 5 FILE */
/*
 * devices.h - split drivers (lab 5): front ends in domUs, back ends in
 * domain 0, introduced to each other by the device page
 * (public/io/devpage.h; devices.c runs that protocol on both sides).
 *
 * A driver fills in a struct frontend or struct backend and lists it in
 * devices.c's tables. Its functions run in the kernel with events masked
 * (at boot, or from an event handler), never halfway through other
 * kernel code (events.h).
 */
#ifndef GUESTOS_DEVICES_H
#define GUESTOS_DEVICES_H

#include <public/io/devpage.h>

struct frontend {
    const char *name; /* "console", "block", "net" */
    int slot;         /* DEVPAGE_CONSOLE, ... */
    /* Grants its rings to domain 0 and allocates its port, filling in
     * dev's ring_ref[] and evtchn. 0, or a negative error (the device is
     * left out). */
    int (*init)(struct devpage_device *dev);
    /* Domain 0 has answered: dev is our copy of its entry, backend_state
     * DEVPAGE_CONNECTED (and info set) or DEVPAGE_CLOSED. */
    void (*connected)(const struct devpage_device *dev);
};

struct backend {
    const char *name;
    int slot;
    /* Serves domU dom's device, which dev (our own copy of its entry)
     * describes: maps its rings, binds its port. 0 and *info (what to
     * tell the domU), or a negative error (the device is refused). dev's
     * fields are the domU's, unchecked. */
    int (*connect)(domid_t dom, const struct devpage_device *dev, uint32_t *info);
    /* Lets domU dom's device go (it closed, or ended): unmaps, closes. */
    void (*disconnect)(domid_t dom);
    /* Prints one line per domU it serves, for the shell's "rings". */
    void (*show)(void);
};

/* For a front end's init: a new page of ours granted to domain 0 (in
 * *va): its grant reference, or a negative error. */
int frontend_page(void **va, int readonly);
/* For a front end's init: a new port offered to domain 0, whose events
 * go to fn: the port, or a negative error. */
int frontend_port(void (*fn)(evtchn_port_t port));

/* domU: connects every front end (waits for domain 0's answer, a few
 * seconds at most). Returns how many are connected. */
int devices_connect(void);
/* domU: asks domain 0 to let our devices go, and waits for it. */
void devices_close(void);
/* domain 0: starts serving domUs' device pages (ctrl.c calls
 * devices_domu_event for each event on a domU's control channel, and
 * devices_domu_ended when one ends). */
void devices_init_dom0(void);
/* domain 0: domU dom signalled its control channel: 1 if its device
 * page is in use (the event was for us), 0 if not (a lab 4 domU). */
int devices_domu_event(domid_t dom);
void devices_domu_ended(domid_t dom);
/* domain 0: the shell's "rings" (every back end's connections, one line
 * each) or "grants" (what our grant table holds, what we map). */
#define DEVICES_RINGS 0
#define DEVICES_GRANTS 1
void devices_show(int what);
/* Whether our front end slot is connected (domU). */
int device_connected(int slot);

#endif
