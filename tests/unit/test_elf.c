/*
 * test_elf.c - unit tests for elf_check (lib/elf.c), built on the host.
 *
 * A valid i386 kernel with two loadable segments is built in memory;
 * each case breaks one thing in it and expects elf_check to refuse with
 * a message. Every call gets a heap copy of exactly the bytes it is told
 * about, so with AddressSanitizer a read past the image stops the test.
 */
#include <stddef.h>
#include <stdlib.h>
#include "tests/unit/check.h"
#include "lib/elf.c"

#define LO 0xC0000000U /* the guest area elf_check is given */
#define HI 0xE0000000U

/* The test kernel: headers, then text at 0x100 and data at 0x180. */
#define TEXT_OFFSET 0x100
#define TEXT_SIZE 0x80
#define DATA_OFFSET 0x180
#define DATA_SIZE 0x40
#define FILE_SIZE 0x1C0
#define BUF_SIZE 0x400 /* room for ELF_MAX_PHNUM + 1 program headers */
#define TEXT_VADDR LO
#define DATA_VADDR (LO + 0x1000)
#define DATA_MEMSZ 0x1000 /* 0x40 bytes of data, the rest bss */
#define ENTRY (TEXT_VADDR + 0x10)
#define PT_NOTE 4
#define PF_R 4
#define PF_W 2

struct headers {
    struct elf32_header eh;
    struct elf32_phdr ph[3]; /* text, data, and a note to be skipped */
};

static union {
    struct headers h;
    unsigned char bytes[BUF_SIZE];
} file;

_Static_assert(sizeof(struct elf32_header) == 52, "ELF32 header is 52 bytes");
_Static_assert(offsetof(struct headers, ph) == 52, "program headers follow the header");

static struct elf32_header *eh = &file.h.eh;
static struct elf32_phdr *text = &file.h.ph[0];
static struct elf32_phdr *data = &file.h.ph[1];
static struct elf32_phdr *note = &file.h.ph[2];

/* Rebuilds the valid image in file. */
static void make_valid(void)
{
    memset(&file, 0, sizeof file);
    memcpy(eh->e_ident, "\177ELF", 4);
    eh->e_ident[4] = ELF_CLASS32;
    eh->e_ident[5] = ELF_DATA_LSB;
    eh->e_ident[6] = 1; /* EV_CURRENT */
    eh->e_type = ELF_TYPE_EXEC;
    eh->e_machine = ELF_MACHINE_386;
    eh->e_version = 1;
    eh->e_entry = ENTRY;
    eh->e_phoff = sizeof *eh;
    eh->e_ehsize = sizeof *eh;
    eh->e_phentsize = sizeof(struct elf32_phdr);
    eh->e_phnum = 3;

    *text = (struct elf32_phdr){ ELF_PT_LOAD, TEXT_OFFSET, TEXT_VADDR, TEXT_VADDR,
                                 TEXT_SIZE, TEXT_SIZE, PF_R | ELF_PF_X, 0x1000 };
    *data = (struct elf32_phdr){ ELF_PT_LOAD, DATA_OFFSET, DATA_VADDR, DATA_VADDR,
                                 DATA_SIZE, DATA_MEMSZ, PF_R | PF_W, 0x1000 };
    /* Not loaded, so its nonsense offsets must not matter. */
    *note = (struct elf32_phdr){ PT_NOTE, 0xFFFFFF00, 0, 0, 0x1000, 0x1000, PF_R, 4 };
    memset(file.bytes + TEXT_OFFSET, 0x90, TEXT_SIZE);
    memset(file.bytes + DATA_OFFSET, 0xAA, DATA_SIZE);
}

/* Runs elf_check on the first size bytes of file, copied to a heap
 * block of exactly that size; fills err. */
static int check_image(size_t size, struct elf_image *out, char *err, size_t errlen)
{
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy) {
        perror("malloc");
        exit(2);
    }
    memcpy(copy, file.bytes, size);
    memset(out, 0, sizeof *out);
    err[0] = '\0';
    int rc = elf_check(copy, size, LO, HI, out, err, errlen);
    if (rc == 0) {
        /* out points into the copy: check where, before it is freed. */
        CHECK((const void *)out->header == copy);
        CHECK((const void *)out->phdrs == copy + eh->e_phoff);
    }
    free(copy);
    return rc;
}

/* The case passes if the image (its first size bytes) is refused with a
 * message that contains want (or any message, if want is ""). */
static void expect_refused(const char *name, size_t size, const char *want)
{
    struct elf_image out;
    char err[160];

    check_case(name);
    CHECK_EQ(check_image(size, &out, err, sizeof err), -1);
    CHECK(err[0] != '\0');
    CHECK_CONTAINS(err, want);
}

/* The case passes if the image is accepted with these bounds. */
static void expect_accepted(const char *name, uint32_t start, uint32_t end)
{
    struct elf_image out;
    char err[160];

    check_case(name);
    int rc = check_image(FILE_SIZE, &out, err, sizeof err);
    if (rc != 0) {
        char text[200];
        snprintf(text, sizeof text, "refused: %s", err);
        check_failed(__FILE__, __LINE__, text);
        return;
    }
    CHECK_EQ(out.entry, eh->e_entry);
    CHECK_EQ(out.virt_start, start);
    CHECK_EQ(out.virt_end, end);
}

static void test_valid(void)
{
    make_valid();
    expect_accepted("valid image", TEXT_VADDR, DATA_VADDR + DATA_MEMSZ);

    make_valid();
    struct elf32_phdr first = *text;
    *text = *data;
    *data = first;
    expect_accepted("segments in reverse order", TEXT_VADDR, DATA_VADDR + DATA_MEMSZ);

    make_valid();
    eh->e_phoff = FILE_SIZE - 3 * sizeof(struct elf32_phdr);
    memcpy(file.bytes + eh->e_phoff, file.h.ph, 3 * sizeof(struct elf32_phdr));
    expect_accepted("program headers end at the end of the file", TEXT_VADDR,
                    DATA_VADDR + DATA_MEMSZ);

    make_valid();
    data->p_filesz = FILE_SIZE - DATA_OFFSET;
    expect_accepted("segment data ends at the end of the file", TEXT_VADDR,
                    DATA_VADDR + DATA_MEMSZ);

    make_valid();
    data->p_vaddr = HI - DATA_MEMSZ;
    expect_accepted("segment ends at the top of the guest area", TEXT_VADDR, HI);

    make_valid();
    eh->e_entry = TEXT_VADDR + TEXT_SIZE - 1;
    expect_accepted("entry at the last byte of text", TEXT_VADDR, DATA_VADDR + DATA_MEMSZ);
}

static void test_header(void)
{
    make_valid();
    eh->e_ident[1] = 'X';
    expect_refused("bad magic", FILE_SIZE, "bad magic");

    make_valid();
    expect_refused("empty file", 0, "too short for an ELF file");

    make_valid();
    expect_refused("file shorter than the ELF header", sizeof *eh - 1, "");

    make_valid();
    expect_refused("file ends inside the program headers", sizeof *eh + 8, "program header");

    make_valid();
    eh->e_ident[4] = 2; /* ELFCLASS64 */
    expect_refused("64-bit class", FILE_SIZE, "32-bit");

    make_valid();
    eh->e_ident[5] = 2; /* ELFDATA2MSB */
    expect_refused("big-endian", FILE_SIZE, "little-endian");

    make_valid();
    eh->e_type = 3; /* ET_DYN */
    expect_refused("shared object, not ET_EXEC", FILE_SIZE, "executable");

    make_valid();
    eh->e_machine = 62; /* EM_X86_64 */
    expect_refused("x86-64 machine", FILE_SIZE, "i386");
}

static void test_program_headers(void)
{
    make_valid();
    eh->e_phoff = FILE_SIZE;
    expect_refused("phoff at the end of the file", FILE_SIZE, "program header");

    make_valid();
    eh->e_phoff = 0xFFFFFFF0;
    expect_refused("phoff near 4 GiB (offset + size wraps)", FILE_SIZE, "program header");

    make_valid();
    eh->e_phoff = FILE_SIZE - sizeof(struct elf32_phdr);
    expect_refused("table runs past the end of the file", FILE_SIZE, "program header");

    make_valid();
    eh->e_phoff = sizeof *eh + 2;
    expect_refused("misaligned phoff", FILE_SIZE, "program header");

    make_valid();
    eh->e_phnum = 0;
    expect_refused("phnum 0", FILE_SIZE, "program header");

    make_valid();
    eh->e_phnum = ELF_MAX_PHNUM + 1;
    expect_refused("phnum one over the limit", FILE_SIZE, "program header");

    make_valid();
    eh->e_phnum = ELF_MAX_PHNUM + 1; /* the extra entries are PT_NULL */
    expect_refused("phnum over the limit, all in the file", BUF_SIZE, "program header");

    make_valid();
    eh->e_phnum = 0xFFFF;
    expect_refused("phnum 65535", FILE_SIZE, "program header");

    make_valid();
    eh->e_phentsize = sizeof(struct elf32_phdr) + 8; /* e.g. ELF64's 56 */
    expect_refused("phentsize wrong", FILE_SIZE, "program header");

    make_valid();
    text->p_type = PT_NOTE;
    data->p_type = PT_NOTE;
    expect_refused("no PT_LOAD", FILE_SIZE, "no loadable segment");
}

static void test_segments(void)
{
    make_valid();
    data->p_filesz = FILE_SIZE - DATA_OFFSET + 1;
    expect_refused("segment data one byte past the end", FILE_SIZE, "past the end of the file");

    make_valid();
    data->p_offset = 0xFFFFFFF0;
    data->p_filesz = 0x20; /* offset + size wraps to 0x10 */
    expect_refused("segment offset + size wraps", FILE_SIZE, "past the end of the file");

    make_valid();
    data->p_memsz = DATA_SIZE - 1;
    expect_refused("filesz > memsz", FILE_SIZE, "larger than memory size");

    make_valid();
    data->p_vaddr = LO - 0x1000;
    expect_refused("vaddr below the guest area", FILE_SIZE, "outside the guest area");

    make_valid();
    data->p_vaddr = LO - 1;
    expect_refused("vaddr one byte below the guest area", FILE_SIZE, "outside the guest area");

    make_valid();
    data->p_vaddr = HI - DATA_MEMSZ + 1;
    expect_refused("vaddr + memsz one byte beyond hi", FILE_SIZE, "outside the guest area");

    make_valid();
    data->p_vaddr = HI;
    data->p_memsz = DATA_SIZE;
    expect_refused("vaddr at hi", FILE_SIZE, "outside the guest area");

    make_valid();
    data->p_vaddr = 0xF0000000; /* hi - vaddr wraps to a large number */
    expect_refused("vaddr above hi", FILE_SIZE, "outside the guest area");

    make_valid();
    data->p_vaddr = HI - 0x1000;
    data->p_memsz = 0x20001000; /* vaddr + memsz = 0x1_0000_0000, wraps to 0 */
    expect_refused("vaddr + memsz wraps past 4 GiB", FILE_SIZE, "outside the guest area");

    make_valid();
    data->p_vaddr = HI - 0x1000;
    data->p_memsz = 0xFFFFFFFF;
    expect_refused("memsz 4 GiB - 1", FILE_SIZE, "outside the guest area");
}

static void test_entry(void)
{
    make_valid();
    eh->e_entry = DATA_VADDR + 0x10;
    expect_refused("entry in a data segment", FILE_SIZE, "not in an executable segment");

    make_valid();
    eh->e_entry = TEXT_VADDR + TEXT_SIZE;
    expect_refused("entry just past the text", FILE_SIZE, "not in an executable segment");

    make_valid();
    eh->e_entry = TEXT_VADDR - 1;
    expect_refused("entry just below the text", FILE_SIZE, "not in an executable segment");

    make_valid();
    eh->e_entry = 0;
    expect_refused("entry 0", FILE_SIZE, "not in an executable segment");

    make_valid();
    note->p_flags = ELF_PF_X;
    note->p_vaddr = LO + 0x5000;
    note->p_memsz = 0x1000;
    eh->e_entry = LO + 0x5000;
    expect_refused("entry in an executable non-PT_LOAD segment", FILE_SIZE,
                   "not in an executable segment");
}

/* A short err buffer gets a truncated, terminated message. */
static void test_short_error_buffer(void)
{
    struct elf_image out;
    char err[8];

    make_valid();
    eh->e_ident[0] = 0;
    check_case("8-byte error buffer");
    memset(err, 'X', sizeof err);
    CHECK_EQ(check_image(FILE_SIZE, &out, err, sizeof err), -1);
    CHECK_EQ(strnlen(err, sizeof err), sizeof err - 1);
}

int main(void)
{
    test_valid();
    test_header();
    test_program_headers();
    test_segments();
    test_entry();
    test_short_error_buffer();
    return check_done("test_elf");
}
