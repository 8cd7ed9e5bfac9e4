/*
 * printfmt.c - the formatting engine behind the hypervisor's printk and
 * the guest's printk (lab 1). Both link their own copy of this object;
 * neither shares any state with the other.
 */
#include <lib/printfmt.h>
#include <stdint.h>

struct spec {
    int width;
    int precision; /* for %s: most characters to print; -1 for all */
    char pad;  /* ' ' or '0' */
    int left;  /* '-' flag: pad on the right */
};

static int emit_padded(void (*putch)(int, void *), void *arg, const char *s,
                       int len, const struct spec *sp)
{
    int n = 0;
    int fill = sp->width > len ? sp->width - len : 0;
    if (!sp->left)
        for (; fill > 0; fill--, n++)
            putch(sp->pad, arg);
    for (int i = 0; i < len; i++, n++)
        putch(s[i], arg);
    for (; fill > 0; fill--, n++)
        putch(' ', arg);
    return n;
}

/* Writes v in base into buf (backwards from its end); returns the digits. */
static int to_digits(char *end, uint32_t v, unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    do {
        *--end = digits[v % base];
        v /= base;
        n++;
    } while (v);
    return n;
}

int vformat(void (*putch)(int, void *), void *arg, const char *fmt, va_list ap)
{
    int n = 0;
    char buf[16];

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putch(*fmt, arg);
            n++;
            continue;
        }
        struct spec sp = { 0, -1, ' ', 0 };
        fmt++;
        for (;; fmt++) {
            if (*fmt == '-')
                sp.left = 1;
            else if (*fmt == '0')
                sp.pad = '0';
            else
                break;
        }
        if (*fmt == '*') {
            sp.width = va_arg(ap, int);
            fmt++;
            if (sp.width < 0) {
                sp.left = 1;
                sp.width = -sp.width;
            }
        }
        while (*fmt >= '0' && *fmt <= '9')
            sp.width = sp.width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            fmt++;
            sp.precision = 0;
            if (*fmt == '*') {
                sp.precision = va_arg(ap, int);
                fmt++;
            }
            while (*fmt >= '0' && *fmt <= '9')
                sp.precision = sp.precision * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l')
            fmt++;
        if (sp.left)
            sp.pad = ' ';

        char *end = buf + sizeof buf;
        int len;
        switch (*fmt) {
        case 'd':
        case 'i': {
            int32_t v = va_arg(ap, int32_t);
            uint32_t mag = v < 0 ? -(uint32_t)v : (uint32_t)v;
            len = to_digits(end, mag, 10, 0);
            if (v < 0) {
                if (sp.pad == '0') { /* sign goes before the zeros */
                    putch('-', arg);
                    n++;
                    if (sp.width)
                        sp.width--;
                } else {
                    *(end - len - 1) = '-';
                    len++;
                }
            }
            n += emit_padded(putch, arg, end - len, len, &sp);
            break;
        }
        case 'u':
            len = to_digits(end, va_arg(ap, uint32_t), 10, 0);
            n += emit_padded(putch, arg, end - len, len, &sp);
            break;
        case 'x':
        case 'X':
            len = to_digits(end, va_arg(ap, uint32_t), 16, *fmt == 'X');
            n += emit_padded(putch, arg, end - len, len, &sp);
            break;
        case 'p':
            putch('0', arg);
            putch('x', arg);
            n += 2;
            sp.pad = '0';
            sp.left = 0;
            sp.width = 8;
            len = to_digits(end, (uint32_t)(uintptr_t)va_arg(ap, void *), 16, 0);
            n += emit_padded(putch, arg, end - len, len, &sp);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            len = 0;
            /* Precision first: with one, s need not be NUL-terminated. */
            while ((sp.precision < 0 || len < sp.precision) && s[len])
                len++;
            n += emit_padded(putch, arg, s, len, &sp);
            break;
        }
        case 'c':
            buf[0] = (char)va_arg(ap, int);
            n += emit_padded(putch, arg, buf, 1, &sp);
            break;
        case '%':
            putch('%', arg);
            n++;
            break;
        case '\0':
            return n; /* a lone '%' at the end */
        default:      /* unknown conversion: print it as it was */
            putch('%', arg);
            putch(*fmt, arg);
            n += 2;
            break;
        }
    }
    return n;
}

struct sbuf {
    char *p;
    size_t left; /* room for characters, the terminator not counted */
};

static void sbuf_putch(int c, void *arg)
{
    struct sbuf *b = arg;
    if (b->left) {
        *b->p++ = (char)c;
        b->left--;
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sbuf b = { buf, size ? size - 1 : 0 };
    int n = vformat(sbuf_putch, &b, fmt, ap);
    if (size)
        *b.p = '\0';
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int vprint_to(int (*write)(const char *s, int n), const char *fmt, va_list ap)
{
    char buf[PRINT_LINE_MAX];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    return write(buf, n);
}
