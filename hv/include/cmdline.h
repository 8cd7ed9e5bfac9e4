/*
 * cmdline.h - the hypervisor's command-line options (lab 1).
 * Parsing is pure logic, unit-tested on the host (tests/unit).
 */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

struct hv_options {
    uint32_t dom0_mem_kb; /* dom0_mem=<size>: domain 0's memory */
    int loglevel;         /* loglvl=error|warn|info|debug */
    int selftest_panic;   /* selftest=panic: panic at boot, to see a backtrace */
    /* LAB 2 BEGIN */
    int trace;            /* trace: log every hypercall and bounce */
    /* LAB 2 END */
    /* LAB 4 BEGIN */
    uint32_t domus;       /* domus=N: domains 1 to N, built at boot */
    uint32_t domu_mem_kb; /* domu_mem=<size>: the memory of each */
    /* LAB 4 END */
};

#define DEFAULT_DOM0_MEM_KB 4096
/* LAB 4 BEGIN */
#define DEFAULT_DOMU_MEM_KB 512
#define MAX_DOMUS 1000
/* LAB 4 END */

/*
 * Parses the options in cmdline (words separated by spaces) into opts,
 * which starts from the defaults. Returns 0, or -1 with a message for
 * the user in err.
 */
int parse_cmdline(const char *cmdline, struct hv_options *opts, char *err, size_t errlen);

#endif
