/*
 * pic.c - the two 8259 programmable interrupt controllers of the PC
 * (lab 1).
 *
 * By default the PIC delivers IRQ 0-7 as vectors 8-15, where the CPU
 * reports its own exceptions: the timer's IRQ 0 would look like a double
 * fault. So we move the interrupts to IRQ_BASE and up (traps.h), and mask
 * them all: labs 1-3 need no device interrupts. Lab 4 unmasks the timer
 * (time.c) and the serial port (console.c); lab 5 the disk's line, for
 * domain 0, which it masks while domain 0 services the disk (physdev.c).
 */
#include <hv.h>
#include <pic.h>
#include <traps.h>
#include <x86.h>

#define PIC1_COMMAND 0x20
#define PIC1_DATA 0x21
#define PIC2_COMMAND 0xA0
#define PIC2_DATA 0xA1

void pic_init(void)
{
    outb(PIC1_COMMAND, 0x11);       /* ICW1: initialise, ICW4 follows */
    outb(PIC2_COMMAND, 0x11);
    outb(PIC1_DATA, IRQ_BASE);      /* ICW2: vector base */
    outb(PIC2_DATA, IRQ_BASE + 8);
    outb(PIC1_DATA, 0x04);          /* ICW3: the second PIC on IRQ 2 */
    outb(PIC2_DATA, 0x02);
    outb(PIC1_DATA, 0x01);          /* ICW4: 8086 mode */
    outb(PIC2_DATA, 0x01);
    outb(PIC1_DATA, 0xFF);          /* mask everything */
    outb(PIC2_DATA, 0xFF);
}

/* LAB 4 BEGIN */
void pic_unmask(unsigned int irq)
{
    uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;
    outb(port, inb(port) & ~(1U << (irq % 8)));
    if (irq >= 8) /* the second PIC reaches the CPU through IRQ 2 */
        outb(PIC1_DATA, inb(PIC1_DATA) & ~(1U << 2));
}

void pic_eoi(unsigned int irq)
{
    if (irq >= 8)
        outb(PIC2_COMMAND, 0x20);
    outb(PIC1_COMMAND, 0x20);
}
/* LAB 4 END */

/* LAB 5 BEGIN */
void pic_mask(unsigned int irq)
{
    uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;
    outb(port, inb(port) | (uint8_t)(1U << (irq % 8)));
}
/* LAB 5 END */
