/*
 * cmdline.c - parsing the hypervisor's command line (lab 1).
 *
 * The boot loader hands us one string: QEMU's -append, or the words after
 * the file name on GRUB's "multiboot" line. hv_start() strips the file
 * name; this file turns the rest into struct hv_options. Unknown options
 * are errors, not warnings: a typo in a lab's command line should stop the
 * run with a clear message, not be silently ignored.
 */
#include <cmdline.h>
#include <hv.h>

/* What an unknown option's message lists. */
static const char known_options[] = "dom0_mem=, loglvl=, selftest="
    /* LAB 2 BEGIN */
    ", trace"
    /* LAB 2 END */
    ;

static const char *const loglevel_names[] = {
    [LOG_ERR] = "error", [LOG_WARN] = "warn", [LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

/* Does the word [s, s+n) equal the NUL-terminated name? */
static int word_is(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && strncmp(s, name, n) == 0;
}

/*
 * Parses a size: digits with an optional K, M or G suffix; no suffix means
 * KiB (as in Xen). Stores KiB in *kb; returns 0, or -1 if malformed or
 * 4 GiB or more.
 */
static int parse_size_kb(const char *s, size_t n, uint32_t *kb)
{
    uint64_t v = 0;
    size_t i = 0;

    if (n == 0 || s[0] < '0' || s[0] > '9')
        return -1;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > (1ULL << 32))
            return -1;
    }
    if (i < n) {
        char unit = s[i++];
        if (unit == 'G' || unit == 'g')
            v <<= 20;
        else if (unit == 'M' || unit == 'm')
            v <<= 10;
        else if (unit != 'K' && unit != 'k')
            return -1;
    }
    if (i != n || v >= (4ULL << 20))
        return -1;
    *kb = (uint32_t)v;
    return 0;
}

int parse_cmdline(const char *cmdline, struct hv_options *opts, char *err, size_t errlen)
{
    opts->dom0_mem_kb = DEFAULT_DOM0_MEM_KB;
    opts->loglevel = LOG_INFO;
    opts->selftest_panic = 0;
    /* LAB 2 BEGIN */
    opts->trace = 0;
    /* LAB 2 END */

    const char *p = cmdline;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *word = p;
        while (*p && *p != ' ')
            p++;
        size_t len = (size_t)(p - word);
        const char *eq = word;
        while (eq < p && *eq != '=')
            eq++;
        size_t name_len = (size_t)(eq - word);
        const char *value = eq < p ? eq + 1 : NULL;
        size_t value_len = value ? (size_t)(p - value) : 0;

        if (word_is(word, name_len, "dom0_mem") && value) {
            if (parse_size_kb(value, value_len, &opts->dom0_mem_kb) < 0) {
                snprintf(err, errlen, "dom0_mem: bad size '%.*s' (say e.g. 4M or 512K)",
                         (int)value_len, value);
                return -1;
            }
        } else if (word_is(word, name_len, "loglvl") && value) {
            int level = 0;
            for (int i = LOG_ERR; i <= LOG_DEBUG; i++)
                if (word_is(value, value_len, loglevel_names[i]))
                    level = i;
            if (!level) {
                snprintf(err, errlen, "loglvl: unknown level '%.*s' (error, warn, info, debug)",
                         (int)value_len, value);
                return -1;
            }
            opts->loglevel = level;
        } else if (word_is(word, name_len, "selftest") && value) {
            if (!word_is(value, value_len, "panic")) {
                snprintf(err, errlen, "selftest: unknown test '%.*s' (panic)",
                         (int)value_len, value);
                return -1;
            }
            opts->selftest_panic = 1;
        /* LAB 2 BEGIN */
        } else if (word_is(word, len, "trace")) {
            opts->trace = 1;
        /* LAB 2 END */
        } else {
            snprintf(err, errlen, "unknown option '%.*s' (known: %s)", (int)len, word,
                     known_options);
            return -1;
        }
    }
    return 0;
}
