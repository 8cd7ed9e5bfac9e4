/*
 * check.h - the checks every host-built unit test uses (tests/unit).
 *
 * Each test program #includes the one source file it tests, so that it
 * builds with a single cc command (tests/unit.bats) and can reach the
 * file's static helpers. A case is the checks after a check_case(name).
 * The first failed check of a case prints one line,
 *   tests/unit/test_elf.c:42: [bad magic] failed: rc == -1
 * the case's later checks stay quiet (they mostly fail because of the
 * first), and the program carries on, so one run shows every broken
 * case; check_done() then makes the exit status 1.
 */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdio.h>
#include <string.h>

static const char *check_case_name = "";
static int check_case_failed; /* has the current case failed yet? */
static int check_failures;     /* cases failed */

/* Names the case the following checks belong to, for failure lines. */
static inline void check_case(const char *name)
{
    check_case_name = name;
    check_case_failed = 0;
}

static inline void check_failed(const char *file, int line, const char *what)
{
    if (check_case_failed)
        return;
    printf("%s:%d: [%s] failed: %s\n", file, line, check_case_name, what);
    fflush(stdout); /* before a sanitizer can end the program */
    check_case_failed = 1;
    check_failures++;
}

/* Fails the case unless expr is true. */
#define CHECK(expr)                                                            \
    do {                                                                       \
        if (!(expr))                                                           \
            check_failed(__FILE__, __LINE__, #expr);                           \
    } while (0)

/* Fails the case unless the integers got and want are equal; shows both. */
#define CHECK_EQ(got, want)                                                    \
    check_eq(__FILE__, __LINE__, #got " == " #want, (long long)(got), (long long)(want))

static inline void check_eq(const char *file, int line, const char *what, long long got,
                            long long want)
{
    char text[256];
    if (got == want)
        return;
    snprintf(text, sizeof text, "%s (got %lld = 0x%llx, want %lld)", what, got,
             (unsigned long long)got, want);
    check_failed(file, line, text);
}

/* Fails the case unless haystack contains needle; shows haystack. */
#define CHECK_CONTAINS(haystack, needle)                                       \
    check_contains(__FILE__, __LINE__, (haystack), (needle))

static inline void check_contains(const char *file, int line, const char *haystack,
                                  const char *needle)
{
    char text[512];
    if (strstr(haystack, needle))
        return;
    snprintf(text, sizeof text, "\"%s\" does not contain \"%s\"", haystack, needle);
    check_failed(file, line, text);
}

/* Prints the summary; returns the program's exit status. */
static inline int check_done(const char *program)
{
    if (check_failures)
        printf("%s: %d case(s) failed\n", program, check_failures);
    else
        printf("%s: all checks passed\n", program);
    return check_failures ? 1 : 0;
}

#endif
