/*
 * init.c - hv_start(), where the hypervisor's C code begins (lab 1).
 *
 * boot.S turned paging on and jumped here with the machine address of the
 * boot loader's multiboot_info. We set up our own segments and trap
 * table first (so that any mistake after that is a readable register dump,
 * not a triple fault), copy what the boot loader told us, parse the
 * command line, take stock of memory, build domain 0 from the first
 * module and run it. hv_start never returns: from here on the hypervisor
 * only runs when a guest traps into it.
 */
#include <boot.h>
#include <cmdline.h>
#include <domain.h>
#include <memory.h>
#include <pic.h>
#include <sched.h>
#include <segments.h>
#include <traps.h>
/* LAB 4 BEGIN */
#include <time.h>
/* LAB 4 END */

static struct boot_info boot_info;

/* A loader-given machine range must be inside the direct map to be read. */
static const void *loader_ptr(uint32_t ma, uint32_t len)
{
    if (ma >= DIRECTMAP_SIZE || len > DIRECTMAP_SIZE - ma)
        boot_error("hv: boot: loader data at 0x%08x+%u is beyond the direct map", ma, len);
    return maddr_to_virt(ma);
}

static void copy_loader_string(char *dst, uint32_t ma)
{
    const char *s = loader_ptr(ma, 1);
    size_t n = strnlen(s, DIRECTMAP_SIZE - ma);
    loader_ptr(ma, (uint32_t)n); /* the whole string must be reachable */
    if (n >= BOOT_STRING_MAX)
        boot_error("hv: boot: a command line is longer than %u bytes", BOOT_STRING_MAX - 1);
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* Copies the loader's memory map, module list and command line. */
static void read_multiboot(uint32_t mbi_ma, struct boot_info *bi)
{
    const struct multiboot_info *mbi = loader_ptr(mbi_ma, sizeof *mbi);

    if (mbi->flags & MBI_FLAG_CMDLINE)
        copy_loader_string(bi->cmdline, mbi->cmdline);

    if (mbi->flags & MBI_FLAG_MMAP) {
        uint32_t off = 0;
        const char *map = loader_ptr(mbi->mmap_addr, mbi->mmap_length);
        while (off + sizeof(struct multiboot_mmap_entry) <= mbi->mmap_length) {
            const struct multiboot_mmap_entry *e = (const void *)(map + off);
            if (e->type == 1 && bi->nr_ram < MAX_RAM_RANGES) {
                bi->ram[bi->nr_ram].start = e->addr;
                bi->ram[bi->nr_ram].end = e->addr + e->len;
                bi->nr_ram++;
            }
            off += e->size + sizeof e->size;
        }
    } else if (mbi->flags & MBI_FLAG_MEM) {
        bi->ram[0].start = 0;
        bi->ram[0].end = (uint64_t)mbi->mem_lower * 1024;
        bi->ram[1].start = 0x100000;
        bi->ram[1].end = 0x100000 + (uint64_t)mbi->mem_upper * 1024;
        bi->nr_ram = 2;
    } else {
        boot_error("hv: boot: the boot loader gave no memory map");
    }

    if (mbi->flags & MBI_FLAG_MODS) {
        if (mbi->mods_count > MAX_BOOT_MODULES)
            boot_error("hv: boot: %u modules; at most %u are supported", mbi->mods_count,
                       MAX_BOOT_MODULES);
        const struct multiboot_module *mods =
            loader_ptr(mbi->mods_addr, mbi->mods_count * sizeof *mods);
        for (uint32_t i = 0; i < mbi->mods_count; i++) {
            struct boot_module *m = &bi->modules[i];
            if (mods[i].mod_end < mods[i].mod_start)
                boot_error("hv: boot: module %u has a negative size", i);
            loader_ptr(mods[i].mod_start, mods[i].mod_end - mods[i].mod_start);
            m->start = mods[i].mod_start;
            m->end = mods[i].mod_end;
            if (mods[i].string)
                copy_loader_string(m->string, mods[i].string);
            else
                snprintf(m->string, sizeof m->string, "module%u", i);
        }
        bi->nr_modules = (int)mbi->mods_count;
    }
}

/* The boot loader puts the hypervisor's own file name first. */
static const char *skip_first_word(const char *s)
{
    while (*s && *s != ' ')
        s++;
    while (*s == ' ')
        s++;
    return s;
}

/* selftest=panic: a panic three calls deep, to show a backtrace. */
static void __attribute__((noinline)) selftest_panic_deep(void)
{
    panic("selftest: panic requested on the command line");
}

static void __attribute__((noinline)) selftest_panic_middle(void)
{
    selftest_panic_deep();
}

static void __attribute__((noinline)) selftest_panic(void)
{
    selftest_panic_middle();
}

/* LAB 4 BEGIN */
/* Domains 1 to n, each with mem_kb of memory: from the second module if
 * there is one, else from domain 0's kernel without its command line. */
static void build_domus(uint32_t n, uint32_t mem_kb)
{
    static struct boot_module domu; /* too big for the stack */

    domu = boot_info.modules[boot_info.nr_modules > 1 ? 1 : 0];
    char *args = strchr(domu.string, ' ');
    if (boot_info.nr_modules == 1 && args)
        *args = '\0';
    for (uint32_t id = 1; id <= n; id++) {
        struct domain *d = domain_create((domid_t)id, 0);
        if (!d)
            boot_error("hv: d%u: build: no memory for the domain structure", id);
        /* LAB 5 BEGIN */
        /* More modules: domU N gets module N, and the last one the domUs
         * after it (a hostile domU beside a victim, say). */
        if (id > 1 && (int)id < boot_info.nr_modules)
            domu = boot_info.modules[id];
        /* LAB 5 END */
        domain_build(d, &domu, mem_kb);
    }
}
/* LAB 4 END */

void noreturn hv_start(uint32_t mbi_ma)
{
    struct hv_options opts;
    char err[160];

    console_init();
    segments_init();
    traps_init();
    pic_init();
    printk("hv: hvlab hypervisor starting (hole at 0x%08x)\n", HYPERVISOR_VIRT_START);

    read_multiboot(mbi_ma, &boot_info);
    const char *options = skip_first_word(boot_info.cmdline);
    if (parse_cmdline(options, &opts, err, sizeof err) < 0)
        boot_error("hv: cmdline: %s", err);
    hv_loglevel = opts.loglevel;
    /* LAB 2 BEGIN */
    hv_trace = opts.trace;
    /* LAB 2 END */
    hvlog(LOG_INFO, NULL, "cmdline", "'%s'", options);

    memory_init(&boot_info);
    /* The identity map of the first 4 MiB was only for boot.S's jump. */
    idle_pgdir[0] = 0;
    write_cr3(read_cr3());

    if (opts.selftest_panic)
        selftest_panic();
    /* LAB 4 BEGIN */
    time_init();
    console_input_init();
    nr_domus = opts.domus;
    /* LAB 4 END */

    if (boot_info.nr_modules == 0)
        boot_error("hv: boot: no modules: domain 0's kernel must be the first module "
                   "(QEMU: -initrd guestos/guestos.elf)");
    struct domain *dom0 = domain_create(0, SIF_PRIVILEGED | SIF_INITDOMAIN);
    if (!dom0)
        boot_error("hv: d0: build: no memory for the domain structure");
    domain_build(dom0, &boot_info.modules[0], opts.dom0_mem_kb);
    /* LAB 4 BEGIN */
    build_domus(opts.domus, opts.domu_mem_kb);
    /* LAB 4 END */
    memory_release_modules(&boot_info);

    schedule();
}
