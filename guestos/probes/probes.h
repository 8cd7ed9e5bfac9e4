/*
 * probes.h - the guest's test fixtures: probes, benchmarks and hostile
 * attacks, selected by name with probe=NAME (lab 1; each lab adds its
 * own).
 *
 * None of this is the kernel: each probe is a fixture that a grader
 * (grading/labN.bats) or the hostile-guest suite (tests/hostile-*.bats)
 * boots by name, to see what the hypervisor does with it. The table in
 * probes.c says, for each name, the lab that brings it, its class in the
 * hostile suite, when in the boot it runs and what it runs.
 */
#ifndef GUESTOS_PROBES_H
#define GUESTOS_PROBES_H

#include <mmu.h>
#include <stdint.h>

/* When a probe runs: before the kernel takes its own traps (the
 * hypervisor's verdict on a fault is the one seen), or once the kernel
 * runs, with its trap handlers (lab 2) and address spaces (lab 3). */
enum probe_stage {
    PROBE_EARLY,
    PROBE_KERNEL,
    /* LAB 5 BEGIN */
    PROBE_DEVICES, /* as PROBE_KERNEL, in a domU whose devices connected first */
    /* LAB 5 END */
};

struct probe {
    const char *name;   /* probe=name */
    int lab;            /* the lab that brings it */
    const char *class;  /* its class in the hostile suite; NULL: not an attack */
    enum probe_stage stage;
    void (*run)(const char *name); /* NULL: only program runs */
    const char *program; /* the first process instead of init, or NULL */
};

/* The probe named name, or NULL. */
const struct probe *probe_find(const char *name);
/* Runs the probe named name if it belongs to stage (nothing if name is
 * empty; a line if there is no such probe). */
void probe_run(const char *name, enum probe_stage stage);

/*
 * Verdict lines of an attack (hostile suite), "guestos: attack: NAME:
 * refused: ..." when the hypervisor refused it and we go on, "guestos:
 * attack: NAME: BUG: ..." when it got through. When the hypervisor kills
 * us instead, its own log says so ("killing d0"): that verdict is KILLED.
 */
void attack_refused(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void attack_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* faults.c: the lab 1 demonstrations (fault=NAME); does not return. */
void fault_demo(const char *name) __attribute__((noreturn));
/* faults.c: probe=hypercalls, lab 1's bad arguments. */
void probe_hypercalls(const char *name);
/* grading.c: probes the graders boot to catch wrong solutions. */
void grade_ptwrite(const char *name);
void grade_console(const char *name);
/* LAB 2 BEGIN */

/* probes.c: our frames as start_info names them: the machine frame of
 * pfn p, and of the page at our address va. */
uint32_t pfn_to_mfn(uint32_t p);
uint32_t virt_to_mfn(const void *va);

/* probes.c: pages a probe may use for its big buffers (a descriptor
 * table, a stack, samples): one probe runs per boot, so they all share
 * these, zero when the probe starts. Not the kernel's: it never
 * touches them. */
#define PROBE_SCRATCH_PAGES 3
extern char probe_scratch[PROBE_SCRATCH_PAGES][PAGE_SIZE];

/*
 * Runs code that must trap, and resumes after it: the guest's handler
 * (traps.c) takes the trap, reports it and resumes at the label. After
 * it, trap_recover is 0 if a trap came (last_trap says which), and still
 * armed if none did.
 */
#define EXPECT_TRAP(code)                                                     \
    do {                                                                       \
        __label__ resume;                                                      \
        trap_recover = (uint32_t) && resume;                                   \
        code;                                                                  \
        /* resume is a jump target for the compiler too, so that it stays  \
         * after code however the code is optimized. */                   \
        __asm__ goto("" :::: resume);                                          \
    resume:                                                                    \
        __asm__ volatile("" ::: "memory");                                     \
    } while (0)

#define STR(x) #x
#define XSTR(x) STR(x) /* a macro's value as a string, for asm */

/* Descriptor access bytes: present, DPL, and the type (system types have
 * no S bit); flags G and D. */
#define PRESENT 0x80
#define DPL(r) ((r) << 5)
#define S_DATA_RW 0x12      /* code/data, read/write data */
#define S_DATA_DOWN 0x16    /* code/data, read/write data, expand-down */
#define S_CODE 0x1A         /* code/data, execute/read code */
#define S_CODE_CONFORM 0x1E /* code/data, execute/read conforming code */
#define TSS32 0x09          /* a system descriptor: available 32-bit TSS */
#define LDT 0x02            /* a system descriptor: an LDT */
#define G_32 0xC            /* 4 KiB granularity, 32-bit */
#define BYTES_32 0x4        /* byte granularity, 32-bit */
#define BYTES_16 0x0        /* byte granularity, 16-bit */
#define FLAT_LIMIT (HYPERVISOR_VIRT_START / PAGE_SIZE - 1) /* in pages: up to the hole */

/* gdt.c: a code or data segment (or a TSS): access byte, and flags G
 * and D; a 32-bit call gate to selector:offset that ring dpl may call. */
uint64_t segment_descriptor(uint32_t base, uint32_t limit, uint32_t access, uint32_t flags);
uint64_t call_gate_descriptor(uint32_t selector, uint32_t offset, uint32_t dpl);
/* gdt.c: the machine address of entry of table, a descriptor table of
 * ours that fills its page: what update_descriptor names. */
uint64_t descriptor_maddr(const uint64_t *table, int entry);
/* traps.c: probe=traps and probe=badstack. */
void probe_traps(const char *name);
void probe_bad_stack(const char *name);
/* gdt.c: probe=gdt (and gdt-iret); ends with the domain killed. */
void probe_gdt(const char *probe);
/* bench.c: probe=bench, a null hypercall. */
void bench_hypercall(const char *name);
/* hostile.c: the hostile suite's attacks of lab 2 (its table). */
extern const struct probe hostile_attacks[];
/* LAB 2 END */
/* LAB 3 BEGIN */
/* probes.c: the address the domain builder mapped pfn p at; our page
 * directory's pfn (our boot page tables follow it); the machine address
 * of the boot page-table entry that maps pfn p. */
uint32_t pfn_to_virt(uint32_t p);
uint32_t pgdir_pfn(void);
uint64_t boot_pte_maddr(uint32_t p);
/* mmu.c: page-table updates, legitimate and hostile (probe=mmu, or one
 * class: probe=mmu-<class>). */
void probe_mmu(const char *probe);
/* bench.c: probe=mmubench, a validated page-table update; probe=vmbench,
 * a process's address space. */
void bench_mmu(const char *name);
void bench_vm(const char *name);
/* grading.c: a refused page-table request changes nothing. */
void grade_mmu(const char *name);
/* hostile_mmu.c: the hostile suite's attacks of lab 3. */
extern const struct probe hostile_mmu_attacks[];
/* LAB 3 END */
/* LAB 4 BEGIN */
/* probes.c: the event-channel requests the probes make, one call each;
 * the hypervisor's answer. */
int32_t evtchn_op_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port);
int32_t evtchn_op_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
                                   evtchn_port_t *port);
int32_t evtchn_op_port(int cmd, evtchn_port_t port); /* close, send, unmask */
int32_t evtchn_op_status(domid_t dom, evtchn_port_t port, struct evtchn_status *status);
int32_t evtchn_op_bind_virq(uint32_t virq, uint32_t vcpu);
/* evtchn.c: event channels, legitimate and hostile (probe=evtchn); ends
 * with a shutdown. */
void probe_evtchn(const char *name);
/* upcall.c: probe=upcall, the hypervisor's side of an event, rule by rule. */
void probe_upcall(const char *name);
/* upcall.c: probe=clock, gettime() against the TSC. */
void probe_clock(const char *name);
/* eventbench.c: probe=eventbench, an event's round trip and a timer's
 * lateness. */
void bench_events(const char *name);
/* longbatch.c: probe=longbatch, a batch stopped by a timer and made
 * again (a continuation). */
void probe_long_batch(const char *name);
/* hostile_events.c: the hostile suite's attacks of lab 4. */
extern const struct probe hostile_event_attacks[];
/* LAB 4 END */
/* LAB 5 BEGIN */
/* grants.c: probe=grants (domain 0) maps, reads, writes and copies the
 * grants of a domU that runs probe=grant-peer, then powers off. */
void probe_grants(const char *name);
void probe_grant_peer(const char *name);
/* grants.c: probe=grade-map, what the grader asks of map_grant_ref. */
void grade_map(const char *name);
/* hostile_grants.c: the hostile suite's attacks of lab 5. */
extern const struct probe hostile_grant_attacks[];
/* disk.c: probe=disk, domain 0's disk driver: a pattern that outlives
 * the boot, and the read throughput. */
void probe_disk(const char *name);
/* hostile_physdev.c: the hostile suite's attacks of lab 5 on the ports
 * and lines of domain 0's devices. */
extern const struct probe hostile_physdev_attacks[];
/* LAB 5 END */

/* LAB 5 BEGIN */
/* ringbench.c: probe=ringbench, in a domU: ring and split-disk throughput
 * against memcpy, with and without notification hold-off. */
void bench_ring_probe(const char *name);
/* blkattack.c: probe=grade-blk, and the block back end's attacks. */
void grade_blk(const char *name);
extern const struct probe blk_attacks[];
/* net.c: probe=grade-net (domus=3: which tagged frames reach which
 * domU) and probe=netbench (domus=2: the domU-to-domU ping round trip). */
void probe_grade_net(const char *name);
void bench_net(const char *name);
void probe_ping_absent(const char *name);
/* hostile_net.c: the hostile suite's attacks on the network bridge. */
extern const struct probe hostile_net_attacks[];
/* LAB 5 END */

#endif
