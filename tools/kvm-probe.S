/*
 * kvm-probe.S - a 30-instruction multiboot kernel that tools/accel boots
 * under KVM to learn whether KVM can really run us: it turns on 32-bit
 * paging with 4 MiB pages (as boot.S does) and exits QEMU with status 7
 * (2 * 3 + 1). Some machines open /dev/kvm fine yet cannot run such a
 * guest (nested virtualization without 32-bit paging support); on them
 * QEMU stops on a triple fault instead and we use TCG.
 */
.text
    .long 0x1BADB002, 0, -0x1BADB002   /* multiboot header, no flags */
.globl _start
_start:
    movl $0x83, pgdir                  /* [0, 4 MiB) identity, 4 MiB page */
    mov $pgdir, %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $0x10, %eax                     /* CR4.PSE */
    mov %eax, %cr4
    mov %cr0, %eax
    or $0x80010000, %eax               /* CR0.PG | CR0.WP */
    mov %eax, %cr0
    mov $3, %eax
    outl %eax, $0xf4                   /* isa-debug-exit */
1:  hlt
    jmp 1b

.bss
.p2align 12
pgdir:
    .space 4096
