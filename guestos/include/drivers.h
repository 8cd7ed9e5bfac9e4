/* LAB 5 FILE */
/*
 * drivers.h - the split drivers (lab 5): each front end and back end, as
 * devices.c lists them, and what the rest of the kernel calls.
 */
#ifndef GUESTOS_DRIVERS_H
#define GUESTOS_DRIVERS_H

#include <devices.h>
#include <public/io/netif.h>
#include <stdint.h>

extern const struct frontend consfront, blkfront, netfront;
extern const struct backend consback, blkback, netback;

/* consfront.c: writes n bytes of console output to the ring, waiting
 * for room if domain 0 is behind; n, or -1 when not connected. */
int consfront_write(const char *s, int n);

/* blkfront.c: reads (write 0) or writes nsect sectors at sector of our
 * virtual disk from or to buf (kernel memory, any alignment); 0, or a
 * negative error. Waits for the answer. */
int blk_rw(uint32_t disk, uint64_t sector, void *buf, uint32_t nsect, int write);
/* The size of our virtual disk in sectors (0: none). */
uint64_t blk_sectors(void);
/* Requests and notifications so far, both ways (the benchmark's figures). */
struct blk_stats {
    uint32_t requests, notifies_sent, events_received;
};
void blk_stats(struct blk_stats *s);
/* The ring benchmark, for the kernel before its processes: n writes of
 * one page to the null disk (virtual disk 1), the ring kept full. */
uint32_t blk_bench(uint32_t n); /* how many were answered OK */
/* For probes: puts req (its id replaced) on the ring as it is, waits at
 * most timeout_ns for its response: 0 and the response's status, or a
 * negative error (-ETIMEDOUT). */
struct blkif_request;
int blk_raw_request(const struct blkif_request *req, int16_t *status, uint64_t timeout_ns);
/* For probes: the shared ring, to misbehave on; publishing requests
 * written straight into it (with ids NR_SLOTS and above) up to prod, and
 * waiting until n responses to such requests have come (how many came). */
struct blkif_sring *blk_shared_ring(void);
void blk_probe_publish(uint32_t prod);
uint32_t blk_probe_wait(uint32_t n, uint64_t timeout_ns);
/* Whether requests wait to be published and notified in batches (1) or
 * one at a time, each with its event (0): the benchmark compares them. */
void blk_batching(int on);

/* netfront.c: the round trip of one ICMP echo to domU dom through domain
 * 0's bridge, in ns, or a negative error (-ETIMEDOUT: no answer within a
 * second, -HV_ENOSYS: not connected). From a process or the kernel. */
int net_ping(uint32_t dom, uint32_t seq);
/* Sends one Ethernet frame of len bytes (14 to NETIF_MAX_FRAME): 0, or
 * -HV_EBUSY while every tx buffer is in flight, -HV_ENOSYS. */
int net_send(const void *frame, uint32_t len);
/* The MAC address of domain dom: 00:16:3e:00:HH:LL (public/io/netif.h). */
void net_mac_of(uint32_t dom, uint8_t mac[6]);
/* Frames so far: sent; refused or dropped by domain 0 (tx_failed);
 * received, of which broadcasts, not addressed to us (dropped: the bridge
 * must never send them), bad (a wrong length or checksum: dropped); echo
 * requests answered. */
struct net_stats {
    uint32_t sent, tx_answered, tx_failed, received, broadcast, not_ours, bad, echoes_answered;
};
void net_stats(struct net_stats *s);
/* For the probes: net_send, then waits at most timeout_ns for domain 0's
 * answer to that frame: its NETIF_RSP_* status, or a negative error. */
int net_send_status(const void *frame, uint32_t len, uint64_t timeout_ns);
/* For the probes: fn sees every frame domain 0 gives us, before we look
 * at it (NULL: none). */
typedef void (*net_tap_t)(const uint8_t *frame, uint32_t len);
void net_set_tap(net_tap_t fn);
/* For the hostile suite (probes/hostile_net.c), which writes on our rings
 * what a broken front end would: the rings and their port. */
void netfront_rings(struct netif_tx_front_ring **tx, struct netif_rx_front_ring **rx,
                    evtchn_port_t *port);

#endif
