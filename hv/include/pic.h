/*
 * pic.h - the 8259 interrupt controllers (pic.c, lab 1).
 */
#ifndef HV_PIC_H
#define HV_PIC_H

/* Moves the PIC's 16 interrupts to vectors IRQ_BASE and up, all masked. */
void pic_init(void);
/* LAB 4 BEGIN */
#define IRQ_TIMER 0 /* the PIT's channel 0 */
#define IRQ_COM1 4  /* the first serial port */
/* Lets interrupt irq through. */
void pic_unmask(unsigned int irq);
/* Tells the PIC that interrupt irq has been taken, so it sends the next. */
void pic_eoi(unsigned int irq);
/* LAB 4 END */

/* LAB 5 BEGIN */
#define NR_IRQS 16 /* two PICs of eight lines */
/* Keeps interrupt irq out (physdev.c: a device line domain 0 services). */
void pic_mask(unsigned int irq);
/* LAB 5 END */

#endif
