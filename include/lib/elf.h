/*
 * elf.h - checking a guest kernel image before the domain builder trusts
 * it (lab 1). Pure logic, unit-tested on the host.
 * The ELF32 layouts are from the System V ABI (i386 supplement).
 */
#ifndef LIB_ELF_H
#define LIB_ELF_H

#include <stddef.h>
#include <stdint.h>

struct elf32_header {
    unsigned char e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint32_t e_entry;
    uint32_t e_phoff;
    uint32_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};

struct elf32_phdr {
    uint32_t p_type;
    uint32_t p_offset;
    uint32_t p_vaddr;
    uint32_t p_paddr;
    uint32_t p_filesz;
    uint32_t p_memsz;
    uint32_t p_flags;
    uint32_t p_align;
};

#define ELF_CLASS32 1
#define ELF_DATA_LSB 1
#define ELF_TYPE_EXEC 2
#define ELF_MACHINE_386 3
#define ELF_PT_LOAD 1
#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_MAX_PHNUM 16 /* more than any kernel of ours needs */

/* What the builder needs from a checked image. */
struct elf_image {
    const struct elf32_header *header;
    const struct elf32_phdr *phdrs;
    uint32_t entry;
    uint32_t virt_start; /* lowest loaded address */
    uint32_t virt_end;   /* just past the highest loaded byte */
};

/*
 * Checks that image (size bytes) is a 32-bit little-endian i386 ELF
 * executable whose loadable segments lie inside [lo, hi) and whose entry
 * point is in an executable segment. Returns 0 and fills out, or -1 with
 * a message for the user in err.
 */
int elf_check(const void *image, size_t size, uint32_t lo, uint32_t hi,
              struct elf_image *out, char *err, size_t errlen);

#endif
