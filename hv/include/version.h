/* LAB 2 FILE */
/*
 * version.h - which hypervisor this is (version.c, lab 2).
 */
#ifndef HV_VERSION_H
#define HV_VERSION_H

#include <stdint.h>

struct domain;

/* xen_version(cmd, arg): see public/hvlab.h. */
int32_t do_xen_version(struct domain *d, uint32_t cmd, uint32_t arg_va);

#endif
