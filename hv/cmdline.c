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

/*
 * The options, one parser each. A parser gets the value (NULL for an
 * option without "="); it fills in opts, or returns -1 with a message.
 * Each lab adds its options as rows of the table.
 */
static int parse_dom0_mem(struct hv_options *opts, const char *v, size_t n,
                        char *err, size_t errlen)
{
    if (!v || parse_size_kb(v, n, &opts->dom0_mem_kb) < 0) {
        snprintf(err, errlen, "dom0_mem: bad size '%.*s' (say e.g. 4M or 512K)", (int)n,
                 v ? v : "");
        return -1;
    }
    return 0;
}

static int parse_loglvl(struct hv_options *opts, const char *v, size_t n,
                        char *err, size_t errlen)
{
    for (int i = LOG_ERR; v && i <= LOG_DEBUG; i++) {
        if (word_is(v, n, loglevel_names[i])) {
            opts->loglevel = i;
            return 0;
        }
    }
    snprintf(err, errlen, "loglvl: unknown level '%.*s' (error, warn, info, debug)", (int)n,
             v ? v : "");
    return -1;
}

static int parse_selftest(struct hv_options *opts, const char *v, size_t n,
                        char *err, size_t errlen)
{
    if (!v || !word_is(v, n, "panic")) {
        snprintf(err, errlen, "selftest: unknown test '%.*s' (panic)", (int)n, v ? v : "");
        return -1;
    }
    opts->selftest_panic = 1;
    return 0;
}

/* LAB 2 BEGIN */
static int parse_trace(struct hv_options *opts, const char *v, size_t n,
                        char *err, size_t errlen)
{
    opts->trace = 1;
    return 0;
}
/* LAB 2 END */

/* LAB 4 BEGIN */
static int parse_domus(struct hv_options *opts, const char *v, size_t n,
                        char *err, size_t errlen)
{
    uint32_t count = 0;
    size_t i = 0;
    for (; i < n && v[i] >= '0' && v[i] <= '9' && count <= MAX_DOMUS; i++)
        count = count * 10 + (uint32_t)(v[i] - '0');
    if (n == 0 || i != n || count > MAX_DOMUS) {
        snprintf(err, errlen, "domus: '%.*s' is not a number of domains from 0 to %u", (int)n, v,
                 MAX_DOMUS);
        return -1;
    }
    opts->domus = count;
    return 0;
}

static int parse_domu_mem(struct hv_options *opts, const char *v, size_t n,
                        char *err, size_t errlen)
{
    if (parse_size_kb(v, n, &opts->domu_mem_kb) < 0) {
        snprintf(err, errlen, "domu_mem: bad size '%.*s' (say e.g. 256K or 1M)", (int)n, v);
        return -1;
    }
    return 0;
}
/* LAB 4 END */

static const struct option {
    const char *name;
    int has_value; /* name=value, or the name alone */
    int (*parse)(struct hv_options *opts, const char *v, size_t n, char *err, size_t errlen);
} options[] = {
    { "dom0_mem", 1, parse_dom0_mem },
    { "loglvl", 1, parse_loglvl },
    { "selftest", 1, parse_selftest },
    /* LAB 2 BEGIN */
    { "trace", 0, parse_trace },
    /* LAB 2 END */
    /* LAB 4 BEGIN */
    { "domus", 1, parse_domus },
    { "domu_mem", 1, parse_domu_mem },
    /* LAB 4 END */
};

/* An unknown option's message: the option and every known one. */
static void unknown_option(const char *word, size_t len, char *err, size_t errlen)
{
    char known[160] = "";
    size_t used = 0;
    for (size_t i = 0; i < ARRAY_SIZE(options); i++)
        used += (size_t)snprintf(known + used, sizeof known - used, "%s%s%s", i ? ", " : "",
                                 options[i].name, options[i].has_value ? "=" : "");
    snprintf(err, errlen, "unknown option '%.*s' (known: %s)", (int)len, word, known);
}

int parse_cmdline(const char *cmdline, struct hv_options *opts, char *err, size_t errlen)
{
    *opts = (struct hv_options){
        .dom0_mem_kb = DEFAULT_DOM0_MEM_KB,
        .loglevel = LOG_INFO,
        /* LAB 4 BEGIN */
        .domu_mem_kb = DEFAULT_DOMU_MEM_KB,
        /* LAB 4 END */
    };
    for (const char *p = cmdline; *p;) {
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
        if (eq == p)
            eq = NULL;
        size_t name_len = eq ? (size_t)(eq - word) : len;

        const struct option *o = NULL;
        for (size_t i = 0; i < ARRAY_SIZE(options); i++)
            if (word_is(word, name_len, options[i].name) && options[i].has_value == (eq != NULL))
                o = &options[i];
        if (!o) {
            unknown_option(word, len, err, errlen);
            return -1;
        }
        if (o->parse(opts, eq ? eq + 1 : NULL, eq ? (size_t)(p - eq - 1) : 0, err, errlen) < 0)
            return -1;
    }
    return 0;
}
