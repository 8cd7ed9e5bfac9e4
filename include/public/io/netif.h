/* LAB 5 FILE */
/*
 * netif.h - the network interface between domains (lab 5): Xen's
 * public/io/netif.h in shape, two rings per interface.
 *
 * Transmit (tx): the front end grants the frame holding an Ethernet
 * frame (read-only is enough) and puts a tx request on the tx ring; the
 * back end copies it out and answers with a tx response.
 * Receive (rx): the front end grants empty frames (writable) and posts
 * them as rx requests; when a frame arrives for it the back end copies it
 * into one and answers with an rx response giving where and how long.
 *
 * Domain 0's back end is a bridge: it forwards each frame a domU sends to
 * the domU whose MAC address it is addressed to (every domU for a
 * broadcast), by grant copy from one domU's tx grant to the other's rx
 * grant. A domU's MAC address is 00:16:3e:00:HH:LL, HHLL its domain id
 * (00:16:3e is the prefix Xen's tools use).
 *
 * Each response answers the request with the same id.
 */
#ifndef HVLAB_PUBLIC_IO_NETIF_H
#define HVLAB_PUBLIC_IO_NETIF_H

#include <public/grant_table.h>
#include <public/io/ring.h>

#define NETIF_MTU 1500
#define NETIF_MAX_FRAME 1514 /* Ethernet header and MTU, no CRC */

#define NETIF_RSP_DROPPED (-2) /* nobody to give it to (tx), or no room */
#define NETIF_RSP_ERROR (-1)   /* a bad request */
#define NETIF_RSP_OKAY 0

struct netif_tx_request {
    grant_ref_t gref; /* the frame holding the packet, granted to domain 0 */
    uint16_t offset;  /* where in it the packet begins */
    uint16_t flags;   /* 0 */
    uint16_t id;      /* echoed in the response */
    uint16_t size;    /* bytes: 14 to NETIF_MAX_FRAME, within the page */
};

struct netif_tx_response {
    uint16_t id;
    int16_t status; /* NETIF_RSP_* */
};

struct netif_rx_request {
    uint16_t id;      /* echoed in the response */
    uint16_t pad;
    grant_ref_t gref; /* an empty frame, granted writable to domain 0 */
};

struct netif_rx_response {
    uint16_t id;
    uint16_t offset; /* where in the frame the packet begins */
    uint16_t flags;  /* 0 */
    int16_t status;  /* the packet's size (> 0), or NETIF_RSP_* */
};

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request, struct netif_rx_response);

#endif
