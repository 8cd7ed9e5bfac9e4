/*
 * memory.h - machine memory at boot (memory.c, lab 1): the idle page
 * directory, the trampoline, and which frames are free.
 */
#ifndef HV_MEMORY_H
#define HV_MEMORY_H

#include <directmap.h>
#include <hv.h>
#include <x86.h>

/* The page directory the hypervisor always runs on (boot.S): the direct
 * map, and nothing below the hole. */
extern uint32_t idle_pgdir[ENTRIES_PER_TABLE];

/* Fills the hole of a guest page directory: the trampoline and nothing
 * else of the hypervisor (see trapentry.S). */
void install_hole(uint32_t *pgdir);

struct boot_info;
/* Builds the frame table from the memory map and frees what is free. */
void memory_init(const struct boot_info *bi);
/* Gives the boot modules' frames back once the domains are built. */
void memory_release_modules(const struct boot_info *bi);
/* Fills one frame with zeros (through the direct map). */
void clear_frame(uint32_t mfn);

#endif
