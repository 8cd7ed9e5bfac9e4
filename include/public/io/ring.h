/* LAB 5 FILE */
/*
 * ring.h - the shared I/O ring (lab 5), the Xen paper's Figure 2. Names
 * as in Xen's public/io/ring.h, so that what you learn here reads there.
 *
 * A ring is one shared page: a header, then entries that each hold a
 * request or a response. The front end (a domU's driver) produces
 * requests, the back end (domain 0's) consumes them and produces a
 * response for each in the same slots:
 *
 *   req_prod   requests the front end has published (it writes, back reads)
 *   rsp_prod   responses the back end has published (back writes, front reads)
 *   req_event  the back end wants an event when req_prod passes this index
 *   rsp_event  the front end wants an event when rsp_prod passes this index
 *
 * Every index counts up forever (it wraps at 2^32); an entry's slot is
 * index % size, the size a power of two. Each side also keeps private
 * indices, in its own memory: the front end's req_prod_pvt (requests
 * written but not published yet) and rsp_cons (responses it has taken),
 * the back end's req_cons and rsp_prod_pvt.
 *
 * Notification hold-off (the paper's "event batching"): a producer
 * publishes a batch, then sends an event only if the consumer asked for
 * one inside the batch (ring_push_check_notify). A consumer that has run
 * dry asks for the next index and looks once more, so that a request
 * published meanwhile is not left without an event (ring_final_check).
 * A busy consumer never re-arms, and the producer sends nothing.
 *
 * The other side can rewrite the shared page at any moment: read each
 * shared index once, check it (a producer cannot be more than the ring's
 * size ahead of its consumer: RING_REQUESTS_BEYOND), and copy a request
 * out of the ring before looking at its fields (io/blkif.h).
 */
#ifndef HVLAB_PUBLIC_IO_RING_H
#define HVLAB_PUBLIC_IO_RING_H

#include <stdint.h>

typedef uint32_t RING_IDX;

/* Barriers. The two sides may run on different CPUs (not in hvlab, which
 * has one, but the protocol does not rely on that): stores become visible
 * in order on x86, so publishing needs only the compiler kept in order;
 * a load after a store needs the full barrier. */
#define ring_wmb() __asm__ volatile("" ::: "memory")
#define ring_rmb() __asm__ volatile("" ::: "memory")
#define ring_mb() __asm__ volatile("lock; addl $0, 0(%%esp)" ::: "memory")

#define RING_HEADER_SIZE 64
#define RING_PAGE_SIZE 4096

/* Entries of entry_size bytes a ring page holds: a power of two. */
static inline uint32_t ring_size_for(uint32_t entry_size)
{
    uint32_t n = 1;
    while (2 * n * entry_size <= RING_PAGE_SIZE - RING_HEADER_SIZE)
        n *= 2;
    return n;
}

/*
 * A producer publishes its index: new_prod (its private index) goes into
 * the shared *prod, after the entries it covers. Returns whether the
 * consumer must be sent an event: whether *event, the index it asked to
 * hear about, is among the indices just published, (old *prod, new_prod].
 */
static inline int ring_push_check_notify(volatile RING_IDX *prod, volatile RING_IDX *event,
                                         RING_IDX new_prod)
{
    /* LAB 5 SOLUTION BEGIN: *prod = new_prod; return 1; */
    RING_IDX old = *prod;
    ring_wmb(); /* the entries, then the index that publishes them */
    *prod = new_prod;
    ring_mb(); /* the index out before we read what the consumer asked */
    return (RING_IDX)(new_prod - *event) < (RING_IDX)(new_prod - old);
    /* LAB 5 SOLUTION END */
}

/*
 * A consumer that has taken everything up to cons asks for an event at
 * the next index and looks once more. Returns whether there is more to
 * take after all (a producer published before it saw the request).
 */
static inline int ring_final_check(volatile RING_IDX *prod, volatile RING_IDX *event,
                                   RING_IDX cons)
{
    if (*prod != cons)
        return 1;
    *event = cons + 1;
    ring_mb(); /* the request out before we look again */
    return *prod != cons;
}

/*
 * DEFINE_RING_TYPES(name, request type, response type) defines
 *   struct name_sring       the shared page
 *   struct name_front_ring  the front end's private view of it
 *   struct name_back_ring   the back end's
 */
#define DEFINE_RING_TYPES(name, req_t, rsp_t)                                           \
    union name##_sring_entry {                                                          \
        req_t req;                                                                      \
        rsp_t rsp;                                                                      \
    };                                                                                  \
    struct name##_sring {                                                               \
        RING_IDX req_prod, req_event;                                                   \
        RING_IDX rsp_prod, rsp_event;                                                   \
        uint8_t pad[RING_HEADER_SIZE - 4 * sizeof(RING_IDX)];                           \
        union name##_sring_entry ring[];                                                \
    };                                                                                  \
    struct name##_front_ring {                                                          \
        RING_IDX req_prod_pvt, rsp_cons;                                                \
        uint32_t nr_ents;                                                               \
        struct name##_sring *sring;                                                     \
    };                                                                                  \
    struct name##_back_ring {                                                           \
        RING_IDX rsp_prod_pvt, req_cons;                                                \
        uint32_t nr_ents;                                                               \
        struct name##_sring *sring;                                                     \
    }

/* The front end, once, on a fresh page: no requests, no responses, each
 * side wants an event for the first entry. */
#define SHARED_RING_INIT(s)                                                             \
    do {                                                                                \
        (s)->req_prod = (s)->rsp_prod = 0;                                              \
        (s)->req_event = (s)->rsp_event = 1;                                            \
    } while (0)

#define RING_INIT_(r, s, a, b)                                                          \
    do {                                                                                \
        (r)->a = (r)->b = 0;                                                            \
        (r)->nr_ents = ring_size_for(sizeof((s)->ring[0]));                             \
        (r)->sring = (s);                                                               \
    } while (0)
#define FRONT_RING_INIT(r, s) RING_INIT_(r, s, req_prod_pvt, rsp_cons)
#define BACK_RING_INIT(r, s) RING_INIT_(r, s, rsp_prod_pvt, req_cons)

#define RING_SIZE(r) ((r)->nr_ents)
#define RING_SLOT_(r, idx) (&(r)->sring->ring[(idx) & ((r)->nr_ents - 1)])
#define RING_GET_REQUEST(r, idx) (&RING_SLOT_(r, idx)->req)
#define RING_GET_RESPONSE(r, idx) (&RING_SLOT_(r, idx)->rsp)

/* Front end: free slots for requests, and whether there is none. */
#define RING_FREE_REQUESTS(r) (RING_SIZE(r) - ((r)->req_prod_pvt - (r)->rsp_cons))
#define RING_FULL(r) (RING_FREE_REQUESTS(r) == 0)

/* Back end: whether a shared req_prod read once as rp is more than a
 * ring ahead of what it has answered: a broken or hostile front end. */
#define RING_REQUESTS_BEYOND(r, rp) ((RING_IDX)((rp) - (r)->rsp_prod_pvt) > RING_SIZE(r))

#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify)                                  \
    ((notify) = ring_push_check_notify(&(r)->sring->req_prod, &(r)->sring->req_event,   \
                                       (r)->req_prod_pvt))
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify)                                 \
    ((notify) = ring_push_check_notify(&(r)->sring->rsp_prod, &(r)->sring->rsp_event,   \
                                       (r)->rsp_prod_pvt))
#define RING_FINAL_CHECK_FOR_REQUESTS(r, more)                                          \
    ((more) = ring_final_check(&(r)->sring->req_prod, &(r)->sring->req_event,           \
                               (r)->req_cons))
#define RING_FINAL_CHECK_FOR_RESPONSES(r, more)                                         \
    ((more) = ring_final_check(&(r)->sring->rsp_prod, &(r)->sring->rsp_event,           \
                               (r)->rsp_cons))

#endif
