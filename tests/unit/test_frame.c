/*
 * test_frame.c - unit tests for the frame allocator (hv/frame.c), built
 * on the host.
 *
 * Every case starts a fresh table of NR_FRAMES frames and frees some of
 * them the way memory.c does at boot: highest first, so that frame_alloc
 * hands out low frames first.
 */
#include "tests/unit/check.h"
#include "hv/frame.c"

#define NR_FRAMES 16
#define FIRST_FREE 4 /* frames [0, FIRST_FREE) stay the hypervisor's */
#define NR_FREE (NR_FRAMES - FIRST_FREE)
#define DOM1 1
#define DOM2 2

static struct page_info table[NR_FRAMES];

static void fresh_table(void)
{
    memset(table, 0xA5, sizeof table); /* init must not rely on zeroes */
    frame_table_init(table, NR_FRAMES);
    for (uint32_t mfn = NR_FRAMES; mfn-- > FIRST_FREE;)
        CHECK_EQ(frame_free(mfn, DOMID_XEN), 0);
}

/* How many frames the chain from head holds, stopping at NR_FRAMES + 1
 * so that a cycle cannot hang the test. */
static uint32_t chain_length(uint32_t head)
{
    uint32_t n = 0;
    for (uint32_t mfn = head; mfn != INVALID_MFN && n <= NR_FRAMES; mfn = table[mfn].next)
        n++;
    return n;
}

static void test_init(void)
{
    check_case("init");
    memset(table, 0xA5, sizeof table);
    frame_table_init(table, NR_FRAMES);
    CHECK(frame_table == table);
    CHECK_EQ(max_mfn, NR_FRAMES);
    CHECK_EQ(free_frames.head, INVALID_MFN);
    CHECK_EQ(free_frames.count, 0);
    for (uint32_t mfn = 0; mfn < NR_FRAMES; mfn++) {
        CHECK_EQ(table[mfn].owner, DOMID_XEN);
        CHECK_EQ(table[mfn].next, INVALID_MFN);
    }
    check_case("alloc from an empty pool");
    CHECK_EQ(frame_alloc(DOM1, NULL), INVALID_MFN);

    check_case("init again forgets the old pool");
    fresh_table();
    frame_table_init(table, NR_FRAMES);
    CHECK_EQ(free_frames.head, INVALID_MFN);
    CHECK_EQ(free_frames.count, 0);
}

static void test_free(void)
{
    check_case("free highest first");
    fresh_table();
    CHECK_EQ(free_frames.count, NR_FREE);
    CHECK_EQ(free_frames.head, FIRST_FREE);
    CHECK_EQ(chain_length(free_frames.head), NR_FREE);
    for (uint32_t mfn = 0; mfn < NR_FRAMES; mfn++)
        CHECK_EQ(table[mfn].owner, mfn < FIRST_FREE ? DOMID_XEN : DOMID_FREE);
    for (uint32_t mfn = FIRST_FREE; mfn + 1 < NR_FRAMES; mfn++)
        CHECK_EQ(table[mfn].next, mfn + 1);
    CHECK_EQ(table[NR_FRAMES - 1].next, INVALID_MFN);

    check_case("double free");
    CHECK_EQ(frame_free(FIRST_FREE, DOMID_XEN), -1);
    check_case("free by DOMID_FREE");
    CHECK_EQ(frame_free(FIRST_FREE, DOMID_FREE), -1);
    check_case("free by the wrong owner");
    CHECK_EQ(frame_free(0, DOM1), -1);
    CHECK_EQ(table[0].owner, DOMID_XEN);
    check_case("free out of range");
    CHECK_EQ(frame_free(NR_FRAMES, DOMID_XEN), -1);
    CHECK_EQ(frame_free(INVALID_MFN, DOMID_XEN), -1);
    check_case("refused frees change nothing");
    CHECK_EQ(free_frames.count, NR_FREE);
    CHECK_EQ(free_frames.head, FIRST_FREE);
    CHECK_EQ(chain_length(free_frames.head), NR_FREE);
}

static void test_alloc(void)
{
    struct page_list list = { INVALID_MFN, 0 };

    check_case("alloc lowest first, until the pool is empty");
    fresh_table();
    for (uint32_t i = 0; i < NR_FREE; i++) {
        uint32_t mfn = frame_alloc(DOM1, &list);
        CHECK_EQ(mfn, FIRST_FREE + i);
        if (mfn == INVALID_MFN)
            break;
        CHECK_EQ(table[mfn].owner, DOM1);
        CHECK_EQ(list.head, mfn);
        CHECK_EQ(list.count, i + 1);
        CHECK_EQ(free_frames.count, NR_FREE - i - 1);
    }
    CHECK_EQ(frame_alloc(DOM1, &list), INVALID_MFN);
    CHECK_EQ(frame_alloc(DOM2, NULL), INVALID_MFN);
    CHECK_EQ(free_frames.head, INVALID_MFN);
    CHECK_EQ(free_frames.count, 0);
    CHECK_EQ(list.count, NR_FREE);

    check_case("the domain's list links every frame it got");
    CHECK_EQ(chain_length(list.head), NR_FREE);
    for (uint32_t mfn = list.head, want = NR_FRAMES - 1; mfn != INVALID_MFN;
         mfn = table[mfn].next, want--)
        CHECK_EQ(mfn, want);

    check_case("alloc without a list");
    fresh_table();
    uint32_t mfn = frame_alloc(DOMID_XEN, NULL);
    CHECK_EQ(mfn, FIRST_FREE);
    CHECK_EQ(table[mfn].owner, DOMID_XEN);
    CHECK_EQ(table[mfn].next, INVALID_MFN);
    CHECK_EQ(free_frames.count, NR_FREE - 1);

    check_case("a freed frame is the next one handed out");
    CHECK_EQ(frame_free(mfn, DOMID_XEN), 0);
    CHECK_EQ(free_frames.count, NR_FREE);
    CHECK_EQ(frame_alloc(DOM2, NULL), mfn);
}

/* Gives DOM1 three frames and DOM2 two, interleaved. */
static void two_domains(struct page_list *d1, struct page_list *d2)
{
    *d1 = (struct page_list){ INVALID_MFN, 0 };
    *d2 = (struct page_list){ INVALID_MFN, 0 };
    fresh_table();
    frame_alloc(DOM1, d1);
    frame_alloc(DOM2, d2);
    frame_alloc(DOM1, d1);
    frame_alloc(DOM2, d2);
    frame_alloc(DOM1, d1);
}

/* frame_free_list must refuse *list as owner and change nothing. */
static void expect_free_list_refused(struct page_list *list, domid_t owner)
{
    struct page_info before[NR_FRAMES];
    struct page_list list_before = *list, free_before = free_frames;

    memcpy(before, table, sizeof table);
    CHECK_EQ(frame_free_list(list, owner), -1);
    CHECK_EQ(list->head, list_before.head);
    CHECK_EQ(list->count, list_before.count);
    CHECK_EQ(free_frames.head, free_before.head);
    CHECK_EQ(free_frames.count, free_before.count);
    CHECK(memcmp(before, table, sizeof table) == 0);
}

static void test_free_list(void)
{
    struct page_list d1, d2;

    check_case("free_list frees exactly the domain's frames");
    two_domains(&d1, &d2);
    CHECK_EQ(frame_free_list(&d1, DOM1), 3);
    CHECK_EQ(d1.head, INVALID_MFN);
    CHECK_EQ(d1.count, 0);
    CHECK_EQ(free_frames.count, NR_FREE - 2);
    CHECK_EQ(chain_length(free_frames.head), NR_FREE - 2);
    for (uint32_t mfn = FIRST_FREE; mfn < FIRST_FREE + 5; mfn++)
        CHECK_EQ(table[mfn].owner, (mfn - FIRST_FREE) % 2 ? DOM2 : DOMID_FREE);
    CHECK_EQ(d2.count, 2);
    CHECK_EQ(chain_length(d2.head), 2);

    check_case("free_list of an empty list");
    CHECK_EQ(frame_free_list(&d1, DOM1), 0);
    CHECK_EQ(free_frames.count, NR_FREE - 2);

    check_case("free_list frames are handed out again");
    CHECK_EQ(frame_free_list(&d2, DOM2), 2);
    CHECK_EQ(free_frames.count, NR_FREE);
    for (uint32_t i = 0; i < NR_FREE; i++)
        CHECK(frame_alloc(DOM1, &d1) != INVALID_MFN);
    CHECK_EQ(frame_alloc(DOM1, &d1), INVALID_MFN);

    check_case("free_list refuses the wrong owner");
    two_domains(&d1, &d2);
    expect_free_list_refused(&d1, DOM2);

    check_case("free_list refuses a list holding another domain's frame");
    two_domains(&d1, &d2);
    table[table[d1.head].next].owner = DOM2;
    expect_free_list_refused(&d1, DOM1);

    check_case("free_list refuses a list holding a free frame");
    two_domains(&d1, &d2);
    table[table[d1.head].next].next = free_frames.head;
    expect_free_list_refused(&d1, DOM1);

    check_case("free_list refuses an mfn out of range");
    two_domains(&d1, &d2);
    table[table[d1.head].next].next = NR_FRAMES;
    expect_free_list_refused(&d1, DOM1);

    check_case("free_list refuses a cycle (and ends)");
    two_domains(&d1, &d2);
    table[table[d1.head].next].next = d1.head;
    expect_free_list_refused(&d1, DOM1);

    /* A list holding more frames than its count says has been corrupted:
     * freeing the extra frame would free memory the count never gave. */
    check_case("free_list refuses a list longer than its count");
    two_domains(&d1, &d2);
    d1.count--;
    expect_free_list_refused(&d1, DOM1);
}

int main(void)
{
    test_init();
    test_free();
    test_alloc();
    test_free_list();
    return check_done("test_frame");
}
