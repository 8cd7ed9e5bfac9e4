/*
 * pic.h - the 8259 interrupt controllers (pic.c, lab 1).
 */
#ifndef HV_PIC_H
#define HV_PIC_H

/* Moves the PIC's 16 interrupts to vectors IRQ_BASE and up, all masked. */
void pic_init(void);

#endif
