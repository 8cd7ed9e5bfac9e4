/*
 * boot.h - what the boot loader tells us (Multiboot v1, lab 1), and the
 * copy of it the hypervisor keeps. The loader's own structures may sit
 * in memory we are about to hand out, so init.c copies what it needs
 * into struct boot_info before anything is allocated.
 */
#ifndef HV_BOOT_H
#define HV_BOOT_H

#include <stdint.h>

#define MULTIBOOT_LOADER_MAGIC 0x2BADB002

#define MBI_FLAG_MEM (1U << 0)
#define MBI_FLAG_CMDLINE (1U << 2)
#define MBI_FLAG_MODS (1U << 3)
#define MBI_FLAG_MMAP (1U << 6)

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper; /* KiB below 1 MiB, KiB above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
};

struct multiboot_module {
    uint32_t mod_start, mod_end; /* machine addresses [start, end) */
    uint32_t string;             /* the module's command line */
    uint32_t reserved;
};

struct multiboot_mmap_entry {
    uint32_t size; /* of the rest of this entry */
    uint64_t addr, len;
    uint32_t type; /* 1: available RAM */
} __attribute__((packed));

#define MAX_BOOT_MODULES 16
#define MAX_RAM_RANGES 32
#define BOOT_STRING_MAX 1024

struct boot_module {
    uint32_t start, end;          /* machine addresses [start, end) */
    char string[BOOT_STRING_MAX]; /* "file args..." */
};

struct ram_range {
    uint64_t start, end;
};

struct boot_info {
    char cmdline[BOOT_STRING_MAX]; /* the hypervisor's options */
    int nr_modules;
    struct boot_module modules[MAX_BOOT_MODULES];
    int nr_ram;
    struct ram_range ram[MAX_RAM_RANGES];
};

#endif
