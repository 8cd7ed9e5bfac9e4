/*
 * test_cmdline.c - unit tests for parse_cmdline (hv/cmdline.c), built on
 * the host.
 */
#include "tests/unit/check.h"
#include "hv/cmdline.c"

/* The case passes if cmdline parses to these options. */
static void expect_options(const char *cmdline, uint32_t dom0_mem_kb, int loglevel,
                           int selftest_panic)
{
    struct hv_options opts;
    memset(&opts, 0xAD, sizeof opts); /* parse_cmdline must set every field */
    char err[160] = "";

    check_case(cmdline);
    CHECK_EQ(parse_cmdline(cmdline, &opts, err, sizeof err), 0);
    CHECK(err[0] == '\0'); /* no message */
    CHECK_EQ(opts.dom0_mem_kb, dom0_mem_kb);
    CHECK_EQ(opts.loglevel, loglevel);
    CHECK_EQ(opts.selftest_panic, selftest_panic);
}

/* The case passes if cmdline is refused with a message containing want. */
static void expect_refused(const char *cmdline, const char *want)
{
    struct hv_options opts;
    char err[160] = "";

    check_case(cmdline);
    CHECK_EQ(parse_cmdline(cmdline, &opts, err, sizeof err), -1);
    CHECK(err[0] != '\0');
    CHECK_CONTAINS(err, want);
}

static void expect_dom0_mem(const char *cmdline, uint32_t kb)
{
    expect_options(cmdline, kb, LOG_INFO, 0);
}

static void test_defaults(void)
{
    expect_options("", DEFAULT_DOM0_MEM_KB, LOG_INFO, 0);
    expect_options(" ", DEFAULT_DOM0_MEM_KB, LOG_INFO, 0);
    expect_options("     ", DEFAULT_DOM0_MEM_KB, LOG_INFO, 0);
}

static void test_dom0_mem(void)
{
    expect_dom0_mem("dom0_mem=4M", 4096);
    expect_dom0_mem("dom0_mem=4m", 4096);
    expect_dom0_mem("dom0_mem=512K", 512);
    expect_dom0_mem("dom0_mem=512k", 512);
    expect_dom0_mem("dom0_mem=1G", 1024 * 1024);
    expect_dom0_mem("dom0_mem=1g", 1024 * 1024);
    expect_dom0_mem("dom0_mem=8192", 8192); /* bare numbers are KiB */
    expect_dom0_mem("dom0_mem=0008M", 8192);
    expect_dom0_mem("dom0_mem=3G", 3U << 20);
    expect_dom0_mem("dom0_mem=4095M", 4095U << 10);
    expect_dom0_mem("dom0_mem=4194303", 4194303); /* 4 GiB - 1 KiB */
    expect_dom0_mem("dom0_mem=4194303K", 4194303);

    expect_refused("dom0_mem=abc", "dom0_mem: bad size 'abc'");
    expect_refused("dom0_mem=4X", "'4X'");
    expect_refused("dom0_mem=", "dom0_mem: bad size ''");
    expect_refused("dom0_mem=M", "'M'");
    expect_refused("dom0_mem=4MB", "'4MB'");
    expect_refused("dom0_mem=4M4", "'4M4'");
    expect_refused("dom0_mem=-4M", "'-4M'");
    expect_refused("dom0_mem=+4M", "'+4M'");
    expect_refused("dom0_mem=0x10M", "'0x10M'");
    expect_refused("dom0_mem=4.5M", "'4.5M'");
    expect_refused("dom0_mem=4M=8M", "'4M=8M'");
    expect_refused("dom0_mem=4G", "'4G'"); /* 4 GiB or more */
    expect_refused("dom0_mem=5G", "'5G'");
    expect_refused("dom0_mem=4096M", "'4096M'");
    expect_refused("dom0_mem=4194304", "'4194304'");
    expect_refused("dom0_mem=4194304K", "'4194304K'");
    expect_refused("dom0_mem=4294967295", "'4294967295'");
    expect_refused("dom0_mem=4294967296", "'4294967296'"); /* 2^32 */
    expect_refused("dom0_mem=4294967297", "'4294967297'");
    expect_refused("dom0_mem=4294967296G", "'4294967296G'");
    expect_refused("dom0_mem=17592186044416M", "'17592186044416M'"); /* 2^44 M = 2^64 B */
    expect_refused("dom0_mem=18446744073709551616", "'18446744073709551616'"); /* 2^64 */
    expect_refused("dom0_mem=99999999999999999999999999999999G", "bad size");
    expect_refused("dom0_mem", "unknown option 'dom0_mem'");
}

static void test_loglvl(void)
{
    expect_options("loglvl=error", DEFAULT_DOM0_MEM_KB, LOG_ERR, 0);
    expect_options("loglvl=warn", DEFAULT_DOM0_MEM_KB, LOG_WARN, 0);
    expect_options("loglvl=info", DEFAULT_DOM0_MEM_KB, LOG_INFO, 0);
    expect_options("loglvl=debug", DEFAULT_DOM0_MEM_KB, LOG_DEBUG, 0);

    expect_refused("loglvl=verbose", "loglvl: unknown level 'verbose'");
    expect_refused("loglvl=", "loglvl: unknown level ''");
    expect_refused("loglvl=DEBUG", "'DEBUG'");
    expect_refused("loglvl=debugx", "'debugx'");
    expect_refused("loglvl=deb", "'deb'");
    expect_refused("loglvl=3", "'3'");
    expect_refused("loglvl", "unknown option 'loglvl'");
}

static void test_selftest(void)
{
    expect_options("selftest=panic", DEFAULT_DOM0_MEM_KB, LOG_INFO, 1);

    expect_refused("selftest=oops", "selftest: unknown test 'oops'");
    expect_refused("selftest=", "selftest: unknown test ''");
    expect_refused("selftest=panicky", "'panicky'");
    expect_refused("selftest", "unknown option 'selftest'");
}

static void test_words(void)
{
    expect_options("dom0_mem=8M loglvl=debug selftest=panic", 8192, LOG_DEBUG, 1);
    expect_options("  dom0_mem=8M    loglvl=warn   ", 8192, LOG_WARN, 0);
    expect_options("loglvl=debug loglvl=error", DEFAULT_DOM0_MEM_KB, LOG_ERR, 0); /* last wins */
    expect_options("dom0_mem=8M dom0_mem=16M", 16384, LOG_INFO, 0);

    expect_refused("bogus", "unknown option 'bogus'");
    expect_refused("foo=bar", "unknown option 'foo=bar'");
    expect_refused("=4M", "unknown option '=4M'");
    expect_refused("dom0_memory=4M", "unknown option 'dom0_memory=4M'");
    expect_refused("dom0=4M", "unknown option 'dom0=4M'");
    expect_refused("DOM0_MEM=4M", "unknown option 'DOM0_MEM=4M'");
    expect_refused("loglvl=debug bogus dom0_mem=8M", "unknown option 'bogus' (");
    expect_refused("dom0_mem=8M  loglvl=debug   nope=1 ", "unknown option 'nope=1' (");
    expect_refused("dom0_mem=8M loglvl=loud", "'loud'");
}

/* LAB 4 BEGIN */
static void expect_domus(const char *cmdline, uint32_t domus, uint32_t domu_mem_kb)
{
    struct hv_options opts;
    char err[160] = "";

    check_case(cmdline);
    CHECK_EQ(parse_cmdline(cmdline, &opts, err, sizeof err), 0);
    CHECK_EQ(opts.domus, domus);
    CHECK_EQ(opts.domu_mem_kb, domu_mem_kb);
}

static void test_domus(void)
{
    expect_domus("", 0, DEFAULT_DOMU_MEM_KB);
    expect_domus("domus=3", 3, DEFAULT_DOMU_MEM_KB);
    expect_domus("domus=0", 0, DEFAULT_DOMU_MEM_KB);
    expect_domus("domus=999 domu_mem=256K", 999, 256);
    expect_domus("domus=1000", 1000, DEFAULT_DOMU_MEM_KB);
    expect_domus("domu_mem=1M domus=07", 7, 1024);

    expect_refused("domus=1001", "domus: '1001' is not a number of domains from 0 to 1000");
    expect_refused("domus=", "domus: ''");
    expect_refused("domus=-1", "'-1'");
    expect_refused("domus=3x", "'3x'");
    expect_refused("domus=99999999999", "'99999999999'");
    expect_refused("domus", "unknown option 'domus'");
    expect_refused("domu_mem=lots", "domu_mem: bad size 'lots'");
    expect_refused("domu_mem=4G", "'4G'");
    expect_refused("bogus", "domus=, domu_mem=");
}
/* LAB 4 END */

/* Each call starts from the defaults, whatever opts held before. */
static void test_reset(void)
{
    struct hv_options opts;
    char err[160];

    check_case("a second call starts from the defaults");
    CHECK_EQ(parse_cmdline("dom0_mem=8M loglvl=debug selftest=panic", &opts, err, sizeof err), 0);
    CHECK_EQ(parse_cmdline("", &opts, err, sizeof err), 0);
    CHECK_EQ(opts.dom0_mem_kb, DEFAULT_DOM0_MEM_KB);
    CHECK_EQ(opts.loglevel, LOG_INFO);
    CHECK_EQ(opts.selftest_panic, 0);
}

/* A short or absent err buffer still gets a terminated message. */
static void test_error_buffer(void)
{
    struct hv_options opts;
    char err[8];

    check_case("8-byte error buffer");
    memset(err, 'X', sizeof err);
    CHECK_EQ(parse_cmdline("bogus", &opts, err, sizeof err), -1);
    CHECK_EQ(strnlen(err, sizeof err), sizeof err - 1);

    check_case("no error buffer");
    CHECK_EQ(parse_cmdline("bogus", &opts, NULL, 0), -1);
}

int main(void)
{
    test_defaults();
    test_dom0_mem();
    test_loglvl();
    test_selftest();
    test_words();
    /* LAB 4 BEGIN */
    test_domus();
    /* LAB 4 END */
    test_reset();
    test_error_buffer();
    return check_done("test_cmdline");
}
