/*
 * directmap.h - the direct map (lab 1): machine address m is at virtual
 * address HYPERVISOR_VIRT_START + m for m < DIRECTMAP_SIZE, mapped with
 * 4 MiB pages in every page directory the hypervisor runs on (boot.S).
 * 448 MiB holds 1000 domains of 256 KiB with room to spare; the top
 * 64 MiB of the hole are kept for later labs. Machine memory above it is
 * left unused.
 */
#ifndef HV_DIRECTMAP_H
#define HV_DIRECTMAP_H

#define DIRECTMAP_SIZE 0x1C000000
#define DIRECTMAP_PDES (DIRECTMAP_SIZE >> 22)

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <public/hvlab.h>
#include <x86.h>

#define maddr_to_virt(ma) ((void *)((uint32_t)(ma) + HYPERVISOR_VIRT_START))
#define virt_to_maddr(va) ((uint32_t)(va) - HYPERVISOR_VIRT_START)
#define mfn_to_virt(mfn) maddr_to_virt((uint32_t)(mfn) << PAGE_SHIFT)
#endif

#endif
