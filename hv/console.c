/*
 * console.c - the hypervisor's console: COM1 and the VGA text screen
 * (lab 1).
 *
 * Everything printk prints goes to both. The serial port is what tests
 * and the grader read (QEMU and Bochs write it to a file or a terminal);
 * the screen is for `make qemu` and real hardware. We never wait forever
 * on the UART: a machine without one must still boot.
 */
#include <hv.h>
#include <memory.h>
#include <x86.h>

int hv_loglevel = LOG_INFO;

#define COM1 0x3F8
#define UART_LSR_THRE 0x20 /* line status: transmit holding register empty */
#define UART_LSR_TEMT 0x40 /* line status: transmitter empty, all bits sent */

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700 /* light grey on black */
#define VGA_TEXT_MADDR 0xB8000

static uint16_t *vga;
static int vga_pos;

void console_init(void)
{
    outb(COM1 + 1, 0x00); /* no UART interrupts */
    outb(COM1 + 3, 0x80); /* divisor latch on */
    outb(COM1 + 0, 0x01); /* divisor 1: 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03); /* 8 bits, no parity, one stop bit */
    outb(COM1 + 2, 0xC7); /* FIFOs on and cleared */
    outb(COM1 + 4, 0x03); /* DTR and RTS */

    vga = maddr_to_virt(VGA_TEXT_MADDR);
    for (int i = 0; i < VGA_COLS * VGA_ROWS; i++)
        vga[i] = VGA_ATTR | ' ';
    vga_pos = 0;
}

static void serial_putc(char c)
{
    for (int spins = 0; spins < 100000 && !(inb(COM1 + 5) & UART_LSR_THRE); spins++)
        ;
    outb(COM1, (uint8_t)c);
}

static void vga_putc(char c)
{
    if (!vga)
        return;
    if (c == '\n')
        vga_pos += VGA_COLS - vga_pos % VGA_COLS;
    else if (c != '\r')
        vga[vga_pos++] = VGA_ATTR | (uint8_t)c;
    if (vga_pos >= VGA_COLS * VGA_ROWS) {
        memcpy(vga, vga + VGA_COLS, (VGA_ROWS - 1) * VGA_COLS * sizeof *vga);
        for (int i = 0; i < VGA_COLS; i++)
            vga[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_ATTR | ' ';
        vga_pos -= VGA_COLS;
    }
}

void console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
        vga_putc(s[i]);
    }
}

static void console_putch(int c, void *arg)
{
    (void)arg;
    char ch = (char)c;
    console_write(&ch, 1);
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat(console_putch, NULL, fmt, ap);
    va_end(ap);
}

/* Waits until the UART has sent its last bit: an emulator stopping the
 * machine (Bochs) drops what is still in flight. */
void console_drain(void)
{
    for (int spins = 0; spins < 100000 && !(inb(COM1 + 5) & UART_LSR_TEMT); spins++)
        ;
}
