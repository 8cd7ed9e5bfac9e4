/* LAB 2 FILE */
/*
 * version.c - the xen_version hypercall (lab 2): which hypervisor this is.
 */
#include <domain.h>
#include <guest_access.h>
#include <version.h>

#define HVLAB_VERSION_MAJOR 1
#define HVLAB_VERSION_MINOR 0

int32_t do_xen_version(struct domain *d, uint32_t cmd, uint32_t arg_va)
{
    static const char extra[XEN_EXTRAVERSION_LEN] = "-hvlab";

    switch (cmd) {
    case XENVER_version:
        return HVLAB_VERSION_MAJOR << 16 | HVLAB_VERSION_MINOR;
    case XENVER_extraversion:
        if (copy_to_guest(d, arg_va, extra, sizeof extra) < 0) {
            hvlog(LOG_ERR, d, "xen_version",
                  "buffer 0x%08x+%u is not mapped writable below the hole",
                  arg_va, XEN_EXTRAVERSION_LEN);
            return -HV_EFAULT;
        }
        return 0;
    }
    hvlog(LOG_ERR, d, "xen_version", "unknown command %u", cmd);
    return -HV_EINVAL;
}
