/*
 * test_printfmt.c - unit tests for vformat, vsnprintf and snprintf
 * (lib/printfmt.c), built on the host.
 *
 * For the conversions both know, our snprintf must agree with the C
 * library's, character for character and in its return value. The rest
 * (%p's fixed width, "(null)", a stray '%') is compared with what
 * printfmt.h promises.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "tests/unit/check.h"

/* printfmt.c defines snprintf and vsnprintf, as the C library does:
 * rename ours, so that the test can call both. */
#define snprintf hvlab_snprintf
#define vsnprintf hvlab_vsnprintf
#include "lib/printfmt.c"
#undef snprintf
#undef vsnprintf

static char ours[256], libc[256];

/* Compares our result (n_ours, in ours) with the C library's. */
static void same_as_libc(int line, const char *args, int n_ours, int n_libc)
{
    char text[768];

    check_case(args);
    size_t len = (size_t)(n_libc < 0 ? 0 : n_libc) + 1; /* with the terminator */
    if (len > sizeof libc)
        len = sizeof libc;
    if (n_ours == n_libc && memcmp(ours, libc, len) == 0)
        return;
    snprintf(text, sizeof text, "snprintf(%s) gave \"%s\" (%d), libc \"%s\" (%d)", args, ours,
             n_ours, libc, n_libc);
    check_failed(__FILE__, line, text);
}

/* The case passes if our snprintf(buf, 256, ...) is the C library's. */
#define SAME_AS_LIBC(...)                                                      \
    same_as_libc(__LINE__, #__VA_ARGS__, hvlab_snprintf(ours, sizeof ours, __VA_ARGS__), \
                 snprintf(libc, sizeof libc, __VA_ARGS__))

/* The case passes if our snprintf gives want. No format checking here:
 * these are the formats the compiler (rightly) calls odd. */
static void expect(int line, const char *want, const char *fmt, ...)
{
    char text[768];
    va_list ap;

    check_case(fmt);
    va_start(ap, fmt);
    int n = hvlab_vsnprintf(ours, sizeof ours, fmt, ap);
    va_end(ap);
    if (n == (int)strlen(want) && strcmp(ours, want) == 0)
        return;
    snprintf(text, sizeof text, "snprintf(\"%s\", ...) gave \"%s\" (%d), want \"%s\" (%zu)", fmt,
             ours, n, want, strlen(want));
    check_failed(__FILE__, line, text);
}

static void test_plain(void)
{
    SAME_AS_LIBC("%s", "");
    SAME_AS_LIBC("plain text");
    SAME_AS_LIBC("%%");
    SAME_AS_LIBC("100%% sure, %d%%", 99);
    SAME_AS_LIBC("a%cb", 'x');
    SAME_AS_LIBC("[%3c|%-3c]", 'y', 'z');
    SAME_AS_LIBC("nul: %c.", '\0'); /* the NUL is a character too */
}

static void test_signed(void)
{
    SAME_AS_LIBC("%d", 0);
    SAME_AS_LIBC("%d", 42);
    SAME_AS_LIBC("%d", -42);
    SAME_AS_LIBC("%i", 7);
    SAME_AS_LIBC("%i", INT_MIN);
    SAME_AS_LIBC("%d %d", INT_MAX, INT_MIN);
    SAME_AS_LIBC("[%5d]", 42);
    SAME_AS_LIBC("[%5d]", -42);
    SAME_AS_LIBC("[%-5d]", 42);
    SAME_AS_LIBC("[%-5d]", -42);
    SAME_AS_LIBC("[%05d]", 42);
    SAME_AS_LIBC("[%05d]", -42);
    SAME_AS_LIBC("[%05d]", 0);
    SAME_AS_LIBC("[%03d]", -42); /* width exactly the length */
    SAME_AS_LIBC("[%02d]", -42); /* width below the length */
    SAME_AS_LIBC("[%012d]", INT_MIN);
    SAME_AS_LIBC("[%05d]", INT_MIN);
    SAME_AS_LIBC("[%1d]", 12345);
    SAME_AS_LIBC("[%20d]", -1);
    SAME_AS_LIBC("[%-20d]", INT_MIN);
}

static void test_unsigned(void)
{
    SAME_AS_LIBC("%u", 0U);
    SAME_AS_LIBC("%u", 4294967295U);
    SAME_AS_LIBC("[%10u]", 123U);
    SAME_AS_LIBC("[%-10u]", 123U);
    SAME_AS_LIBC("[%010u]", 123U);
    SAME_AS_LIBC("%x", 0U);
    SAME_AS_LIBC("%x", 0xdeadbeefU);
    SAME_AS_LIBC("%X", 0xdeadbeefU);
    SAME_AS_LIBC("%x %X", 0xabcdefU, 0xabcdefU);
    SAME_AS_LIBC("[%08x]", 0x1aU);
    SAME_AS_LIBC("[%08X]", 0xffffffffU);
    SAME_AS_LIBC("[%-8x]", 0xabU);
    SAME_AS_LIBC("[%2x]", 0x12345U);
    SAME_AS_LIBC("0x%08x-0x%08x", 0xC0000000U, 0xE0000000U);
}

/* 'l' is a no-op on 32-bit x86. On a 64-bit host a long still reaches
 * vformat's 32-bit va_arg whole only if it fits in 32 bits. */
static void test_long(void)
{
    SAME_AS_LIBC("%ld", 5L);
    SAME_AS_LIBC("%ld", -5L);
    SAME_AS_LIBC("%li", (long)INT_MIN);
    SAME_AS_LIBC("%lu", 4000000000UL);
    SAME_AS_LIBC("%lx", 0xdeadbeefUL);
    SAME_AS_LIBC("[%08lX]", 0xbeefUL);
}

static void test_strings(void)
{
    SAME_AS_LIBC("%s", "hello");
    SAME_AS_LIBC("[%s|%s]", "a", "");
    SAME_AS_LIBC("[%10s]", "hello");
    SAME_AS_LIBC("[%-10s]", "hello");
    SAME_AS_LIBC("[%3s]", "hello");
    SAME_AS_LIBC("[%.3s]", "hello");
    SAME_AS_LIBC("[%.0s]", "hello");
    SAME_AS_LIBC("[%.10s]", "hello");
    SAME_AS_LIBC("[%8.3s]", "hello");
    SAME_AS_LIBC("[%-8.3s]", "hello");
    SAME_AS_LIBC("[%.*s]", 3, "hello");
    SAME_AS_LIBC("[%.*s]", 0, "hello");
    SAME_AS_LIBC("[%.*s]", 10, "hi");
    SAME_AS_LIBC("[%.*s]", -1, "hello"); /* negative: as if none */
    SAME_AS_LIBC("[%6.*s]", 2, "hello");
    SAME_AS_LIBC("'%.*s' (%s)", 4, "dom0_mem=4M", "x");
}

/* What printfmt.h promises where the C library differs or has no say. */
static void test_own_rules(void)
{
    expect(__LINE__, "0x00001234", "%p", (void *)0x1234);
    expect(__LINE__, "0x00000000", "%p", (void *)0);
    expect(__LINE__, "0xc0001000", "%p", (void *)0xc0001000UL);
    expect(__LINE__, "[0x00001234]", "[%-p]", (void *)0x1234);
    expect(__LINE__, "(null)", "%s", (char *)NULL);
    expect(__LINE__, "[-3   ]", "[%-05d]", -3); /* '-' beats '0' */
    expect(__LINE__, "[-3   ]", "[%0-5d]", -3);
    expect(__LINE__, "[ab   ]", "[%-05x]", 0xab);
    expect(__LINE__, "abc", "abc%");
    expect(__LINE__, "abc", "abc%-5");
    expect(__LINE__, "%q", "%q");
    expect(__LINE__, "a%yb", "a%yb");
    expect(__LINE__, "%q 7", "%q %d", 7); /* an unknown conversion takes no argument */
}

/* Truncation: size bytes of room (a heap block of exactly that size,
 * for AddressSanitizer), a terminator always, the full length back. */
static void test_truncation(void)
{
    static char name[64];
    const char *full = "hello 4242!";

    for (size_t size = 0; size <= strlen(full) + 2; size++) {
        snprintf(name, sizeof name, "snprintf into %zu bytes", size);
        check_case(name);
        char *buf = size ? malloc(size) : NULL;
        if (size && !buf) {
            perror("malloc");
            exit(2);
        }
        int n = hvlab_snprintf(buf, size, "hello %d!", 4242);
        CHECK_EQ(n, strlen(full));
        if (size) {
            size_t kept = size - 1 < strlen(full) ? size - 1 : strlen(full);
            CHECK(memcmp(buf, full, kept) == 0);
            CHECK_EQ(buf[kept], '\0');
        }
        free(buf);
    }
}

struct counter {
    int calls;
    char text[64];
};

static void count_putch(int c, void *arg)
{
    struct counter *counter = arg;
    if (counter->calls < (int)sizeof counter->text - 1)
        counter->text[counter->calls] = (char)c;
    counter->calls++;
}

/* vformat through a va_list, the way printk calls it. */
static int format_counted(struct counter *counter, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    memset(counter, 0, sizeof *counter);
    int n = vformat(count_putch, counter, fmt, ap);
    va_end(ap);
    return n;
}

static void test_vformat(void)
{
    struct counter counter;

    check_case("vformat returns one per putch call");
    int n = format_counted(&counter, "[%05d|%-4x|%s|%c]", -42, 0xa, "ok", 'c');
    CHECK_EQ(n, counter.calls);
    CHECK_CONTAINS(counter.text, "[-0042|a   |ok|c]");
    n = format_counted(&counter, "%p %q %", (void *)0x10);
    CHECK_EQ(n, counter.calls);
    CHECK_CONTAINS(counter.text, "0x00000010 %q ");
}

/*
 * %.Ns reads at most N characters: the C standard lets the string lack
 * a terminator then (hv/hypercall.c prints a full console_line, which
 * has none, this way). The string sits just before a page nobody may
 * touch, so a read past it ends the program with SIGSEGV (and, under
 * AddressSanitizer, a report naming the line). Last, for that reason.
 */
static void test_precision_reads_no_further(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (two == MAP_FAILED || mprotect(two + page, page, PROT_NONE) != 0) {
        perror("mmap");
        exit(2);
    }
    char *s = two + page - 3;
    memcpy(s, "abc", 3);
    expect(__LINE__, "[ab]", "[%.2s]", s);
    expect(__LINE__, "[abc]", "[%.3s]", s);
    expect(__LINE__, "[abc]", "[%.*s]", 3, s);
    munmap(two, 2 * page);
}

int main(void)
{
    test_plain();
    test_signed();
    test_unsigned();
    test_long();
    test_strings();
    test_own_rules();
    test_truncation();
    test_vformat();
    test_precision_reads_no_further();
    return check_done("test_printfmt");
}
