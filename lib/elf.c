/*
 * elf.c - checking a kernel's ELF image (lab 1): the hypervisor checks
 * each guest kernel before it builds a domain, and the guest OS checks the
 * user image before it loads a process (lab 3).
 *
 * The image comes from a multiboot module: whatever file the user named.
 * Before the domain builder copies a single byte, every offset and size
 * in the headers is checked against the file's real size, and every
 * segment against the range the guest may occupy. A header we did not
 * check could make the builder read past the module or write into the
 * hypervisor.
 */
#include <lib/elf.h>
#include <lib/printfmt.h>
#include <lib/string.h>

/* Is [off, off + len) inside a file of size bytes (without overflow)? */
static int in_file(uint32_t off, uint32_t len, size_t size)
{
    return off <= size && len <= size - off;
}

int elf_check(const void *image, size_t size, uint32_t lo, uint32_t hi,
              struct elf_image *out, char *err, size_t errlen)
{
    const struct elf32_header *eh = image;

    if (size < sizeof *eh) {
        snprintf(err, errlen, "too short for an ELF file (%u bytes)", (uint32_t)size);
        return -1;
    }
    if (memcmp(eh->e_ident, "\177ELF", 4) != 0) {
        snprintf(err, errlen, "not an ELF file (bad magic)");
        return -1;
    }
    if (eh->e_ident[4] != ELF_CLASS32) {
        snprintf(err, errlen, "not a 32-bit ELF file (class %u)", eh->e_ident[4]);
        return -1;
    }
    if (eh->e_ident[5] != ELF_DATA_LSB) {
        snprintf(err, errlen, "not a little-endian ELF file");
        return -1;
    }
    if (eh->e_type != ELF_TYPE_EXEC) {
        snprintf(err, errlen, "not an ELF executable (type %u)", eh->e_type);
        return -1;
    }
    if (eh->e_machine != ELF_MACHINE_386) {
        snprintf(err, errlen, "not an i386 ELF file (machine %u)", eh->e_machine);
        return -1;
    }
    if (eh->e_phentsize != sizeof(struct elf32_phdr) || eh->e_phnum == 0 ||
        eh->e_phnum > ELF_MAX_PHNUM ||
        !in_file(eh->e_phoff, eh->e_phnum * sizeof(struct elf32_phdr), size) ||
        eh->e_phoff % 4) {
        snprintf(err, errlen, "bad program header table (%u entries at offset %u)",
                 eh->e_phnum, eh->e_phoff);
        return -1;
    }

    const struct elf32_phdr *ph = (const void *)((const char *)image + eh->e_phoff);
    uint32_t start = 0xFFFFFFFF, end = 0;
    int entry_ok = 0, loads = 0;

    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != ELF_PT_LOAD)
            continue;
        loads++;
        if (!in_file(ph[i].p_offset, ph[i].p_filesz, size)) {
            snprintf(err, errlen,
                     "segment %d: file data [%u, +%u) past the end of the file (%u bytes)",
                     i, ph[i].p_offset, ph[i].p_filesz, (uint32_t)size);
            return -1;
        }
        if (ph[i].p_filesz > ph[i].p_memsz) {
            snprintf(err, errlen, "segment %d: file size %u larger than memory size %u",
                     i, ph[i].p_filesz, ph[i].p_memsz);
            return -1;
        }
        /* The range check must not wrap around: vaddr + memsz is computed
         * only once we know it cannot overflow. */
        if (ph[i].p_vaddr < lo || ph[i].p_vaddr >= hi || ph[i].p_memsz > hi - ph[i].p_vaddr) {
            snprintf(err, errlen,
                     "segment %d: [0x%08x, +0x%x) outside the guest area [0x%08x, 0x%08x)",
                     i, ph[i].p_vaddr, ph[i].p_memsz, lo, hi);
            return -1;
        }
        uint32_t seg_end = ph[i].p_vaddr + ph[i].p_memsz;
        if (ph[i].p_vaddr < start)
            start = ph[i].p_vaddr;
        if (seg_end > end)
            end = seg_end;
        if ((ph[i].p_flags & ELF_PF_X) && eh->e_entry >= ph[i].p_vaddr && eh->e_entry < seg_end)
            entry_ok = 1;
    }
    if (!loads) {
        snprintf(err, errlen, "no loadable segment");
        return -1;
    }
    if (!entry_ok) {
        snprintf(err, errlen, "entry point 0x%08x is not in an executable segment", eh->e_entry);
        return -1;
    }

    out->header = eh;
    out->phdrs = ph;
    out->entry = eh->e_entry;
    out->virt_start = start;
    out->virt_end = end;
    return 0;
}
