/*
 * boot.S - the hypervisor's first instructions (lab 1).
 *
 * A Multiboot v1 loader (QEMU's -kernel, or GRUB) jumps to entry in
 * 32-bit protected mode with paging off, eax = the loader's magic and
 * ebx = the machine address of its multiboot_info. We are linked at
 * HYPERVISOR_VIRT_START + 1 MiB but loaded at 1 MiB, so until paging is on
 * every address we use must be a machine address (sym - VIRT).
 *
 * The page directory below, idle_pgdir, is filled at assembly time: the
 * direct map of machine memory in the hole with 4 MiB pages, and for the
 * jump to high addresses an identity map of the first 4 MiB, which
 * hv_start() removes. Its hole entries are the ones every guest page
 * directory gets.
 */
#include <public/hvlab.h>
#include <directmap.h>

#define VIRT HYPERVISOR_VIRT_START
#define MULTIBOOT_HEADER_MAGIC 0x1BADB002
#define MULTIBOOT_HEADER_FLAGS 0x00000003 /* page-aligned modules, memory map */

#define PDE_4M_KERNEL 0x83 /* present, writable, 4 MiB page */
#define CR0_PG_WP 0x80010000
#define CR4_PSE 0x10

.section .multiboot, "a"
.p2align 2
    .long MULTIBOOT_HEADER_MAGIC
    .long MULTIBOOT_HEADER_FLAGS
    .long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)

.text
.globl entry
entry:
    cli
    cld
    mov %ebx, %esi                    /* keep the multiboot_info address */
    cmp $0x2BADB002, %eax
    jne not_multiboot

    mov $(idle_pgdir - VIRT), %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $CR4_PSE, %eax
    mov %eax, %cr4
    mov %cr0, %eax
    or $CR0_PG_WP, %eax
    mov %eax, %cr0
    lea high, %eax
    jmp *%eax

high:
    mov $hv_stack_top, %esp
    xor %ebp, %ebp                    /* the end of every backtrace */
    push %esi
    call hv_start
    jmp not_multiboot                 /* hv_start does not return */

/* No loader to report to and no console yet: stop. */
not_multiboot:
    cli
    hlt
    jmp not_multiboot

.data
.p2align 12
.globl idle_pgdir
idle_pgdir:
    .long 0x00000000 + PDE_4M_KERNEL  /* identity [0, 4 MiB), for the jump */
    .fill (VIRT >> 22) - 1, 4, 0
    .set pde, 0
    .rept DIRECTMAP_PDES
    .long (pde << 22) + PDE_4M_KERNEL
    .set pde, pde + 1
    .endr
    .fill 1024 - (VIRT >> 22) - DIRECTMAP_PDES, 4, 0

/* The hypervisor's stack: hv_start runs on it, and so does every trap
 * once trapentry.S has left the trampoline. Guests never see it. */
.bss
.p2align 12
.globl hv_stack, hv_stack_top
hv_stack:
    .space 16384
hv_stack_top:
