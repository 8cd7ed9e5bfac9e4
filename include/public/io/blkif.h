/* LAB 5 FILE */
/*
 * blkif.h - the block device interface (lab 5): a domU's virtual disk,
 * served by domain 0's block back end. Xen's public/io/blkif.h, in
 * shape: the same operations, request, segment and response.
 *
 * The front end grants the frames of its buffers to domain 0 and puts a
 * request on the ring; the back end copies the data between the disk and
 * those grants (grant copy: it never maps them) and answers with a
 * response carrying the request's id. The back end may take several
 * requests before it answers and reorder them (the paper, section
 * 3.3.6): responses can come back in any order.
 *
 * A virtual disk is its own extent of domain 0's real disk: sector 0 of
 * the virtual disk is the extent's first sector, and the back end
 * refuses (BLKIF_RSP_ERROR) a request that reaches past the extent.
 */
#ifndef HVLAB_PUBLIC_IO_BLKIF_H
#define HVLAB_PUBLIC_IO_BLKIF_H

#include <public/grant_table.h>
#include <public/io/ring.h>

#define BLKIF_SECTOR_SIZE 512
#define BLKIF_SECTORS_PER_PAGE 8

#define BLKIF_OP_READ 0  /* disk to the granted frames */
#define BLKIF_OP_WRITE 1 /* the granted frames to the disk */

#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11

typedef uint64_t blkif_sector_t;

/* One frame of a request: sectors first_sect to last_sect (0 to 7) of
 * the frame granted by gref; consecutive on the disk across segments. */
struct blkif_request_segment {
    grant_ref_t gref;   /* granted to domain 0; writable for a read */
    uint8_t first_sect; /* first sector of the frame used */
    uint8_t last_sect;  /* last sector of the frame used (inclusive) */
    uint16_t pad;
};

struct blkif_request {
    uint8_t operation;         /* BLKIF_OP_* */
    uint8_t nr_segments;       /* 1 to BLKIF_MAX_SEGMENTS_PER_REQUEST */
    uint16_t handle;           /* which virtual disk: 0, the only one */
    uint32_t pad;
    uint64_t id;               /* the front end's: echoed in the response */
    blkif_sector_t sector_number; /* first sector, on the virtual disk */
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

#define BLKIF_RSP_EOPNOTSUPP (-2) /* unknown operation */
#define BLKIF_RSP_ERROR (-1)      /* a bad request, or the disk failed */
#define BLKIF_RSP_OKAY 0

struct blkif_response {
    uint64_t id;       /* the request's */
    uint8_t operation; /* the request's */
    uint8_t pad;
    int16_t status;    /* BLKIF_RSP_* */
};

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

#endif
