#!/usr/bin/env bats
# LAB 3 FILE
# lab3.bats - the lab 3 grader (make grade): a guest's own page tables,
# changed only through mmu_update, update_va_mapping and mmuext_op, which
# let it build what a kernel needs and refuse every entry that would give
# it a frame that is not its own or a way to write its page tables. The
# guest is guestos/probes/mmu.c: each test boots one class of its cases
# (probe=mmu-<class>), so a hypervisor that dies on one loses only that
# test; the last boots them all (probe=mmu). Each test's name ends with
# its points.

load ../tests/helpers

teardown() {
    keep_failed_log
}

# The probe's line for a case that must work: "CASE = RESULT" (both
# literal text).
accepted() {
    assert_log "^\(d0\) guestos: probe: $(regex_quote "$1 = $2")\$"
}

# refused CASE RESULT HV: the probe's line "CASE = ..." (CASE literal)
# gives RESULT (an extended regular expression), and the line just before
# it is the hypervisor's refusal of that very request, matching HV.
refused() {
    local n
    n=$(console_lines | grep -nF -- "(d0) guestos: probe: $1 = " | head -n 1 | cut -d: -f1)
    if [ -z "$n" ] || ! console_lines | sed -n "${n}p" | grep -qE -- " = $2\$" ||
        [ "$n" -lt 2 ] || ! console_lines | sed -n "$((n - 1))p" | grep -qE -- "$3"; then
        echo "expected '(d0) guestos: probe: $1 = $2' just after a line matching: $3" >&2
        echo "--- console log ($log):" >&2
        cat "$log" >&2
        return 1
    fi
}

# $1 with the characters special to extended regular expressions escaped.
regex_quote() {
    printf '%s' "$1" | sed 's/[][\.*^$+?(){}|]/\\&/g'
}

@test "update_va_mapping: a second mapping of a frame; writes through it reach the frame, and the first mapping comes back [10]" {
    boot "$GUEST probe=mmu-alias"
    assert_status 0
    accepted "update_va_mapping(frame A's address to frame B)" 0
    assert_log "^\(d0\) guestos: probe: aliasing: frame B's own address reads 0x0a11a5ed$"
    accepted "update_va_mapping(frame A's address back to frame A)" 0
    assert_log "^\(d0\) guestos: probe: frame A's address reads 0xaaaa0001 again$"
}

@test "page tables of its own: a pinned page table in the directory maps new memory; 16 entries in one batch (mmu_update_entry, get_page_type) [20]" {
    boot "$GUEST probe=mmu-table"
    assert_status 0
    accepted 'update_va_mapping(frame F read-only)' 0
    accepted 'mmuext_op(pin frame F as a page table)' '0, done 1'
    accepted 'mmu_update(directory entry 256 to frame F)' '0, done 1'
    accepted 'mmu_update(frame F entry 0 to frame G)' '0, done 1'
    assert_log "^\(d0\) guestos: probe: new page table: frame G's own address reads 0x7ab1e000$"
    accepted 'mmu_update(16 entries of frame F)' '0, done 16'
    assert_log '^\(d0\) guestos: probe: batch: 16 of 16 new pages reach their frames$'
    accepted 'mmuext_op(TLB flush, invlpg)' '0, done 2'
}

@test "ownership: entries mapping frames not the domain's, changes to tables not its own, other domains: refused (get_page) [15]" {
    boot "$GUEST probe=mmu-own"
    assert_status 0
    refused 'update_va_mapping(mfn 0, not ours)' -22 \
        '^hv: d0: update_va_mapping: new entry 0x00000003 maps a frame the domain does not own$'
    refused 'update_va_mapping(mfn 0xfffff, past the end of memory)' -22 \
        '^hv: d0: update_va_mapping: new entry 0xfffff003 maps a frame the domain does not own$'
    refused "update_va_mapping(mfn 0x100, the hypervisor's code)" -22 \
        '^hv: d0: update_va_mapping: new entry 0x00100001 maps a frame the domain does not own$'
    refused 'mmu_update(ptr in an ordinary frame of ours)' '-22, done 0' \
        '^hv: d0: mmu_update: entry at 0x[0-9a-f]{8}: frame 0x[0-9a-f]+ is not a page table or directory in use$'
    refused "mmu_update(ptr in the hypervisor's frame 0x100)" '-1, done 0' \
        "^hv: d0: mmu_update: entry at 0x00100000: frame 0x100 is not the domain's$"
    refused 'mmu_update(ptr past the end of memory)' '-1, done 0' \
        "^hv: d0: mmu_update: entry at 0xfffff000: frame 0xfffff is not the domain's$"
    refused 'mmu_update(dom 1)' '-1, done -1' '^hv: d0: mmu_update: domain 1: only DOMID_SELF$'
    refused 'mmuext_op(dom 1)' '-1, done -1' '^hv: d0: mmuext_op: domain 1: only DOMID_SELF$'
}

@test "writable page tables: no writable mapping of a page table or directory, no page table that has one (get_page_type) [15]" {
    boot "$GUEST probe=mmu-writable"
    assert_status 0
    refused 'update_va_mapping(our page table writable)' -22 \
        '^hv: d0: update_va_mapping: new entry 0x[0-9a-f]{5}003 maps a page table or page directory writable$'
    refused 'update_va_mapping(our page directory writable)' -22 \
        '^hv: d0: update_va_mapping: new entry 0x[0-9a-f]{5}003 maps a page table or page directory writable$'
    refused "mmu_update(frame F's own entry writable)" '-22, done 0' \
        '^hv: d0: mmu_update: new entry 0x[0-9a-f]{5}003 maps a page table or page directory writable$'
    refused 'mmuext_op(pin frame A, mapped writable, as a page table)' '-22, done 0' \
        '^hv: d0: mmuext_op: pin: frame 0x[0-9a-f]+ does not validate as a page table$'
}

@test "directory shapes: no directory in itself or in another, no 4 MiB page, nothing in the hole (get_pde_refs) [10]" {
    boot "$GUEST probe=mmu-shape"
    assert_status 0
    refused 'mmu_update(directory entry 257 to the directory itself)' '-22, done 0' \
        '^hv: d0: mmu_update: new entry 0x[0-9a-f]{5}003 points at a frame that is not a valid page table$'
    refused 'mmu_update(directory entry 257 to directory D)' '-22, done 0' \
        '^hv: d0: mmu_update: new entry 0x[0-9a-f]{5}003 points at a frame that is not a valid page table$'
    refused 'mmu_update(directory entry 257 a 4 MiB page)' '-22, done 0' \
        '^hv: d0: mmu_update: new entry 0x[0-9a-f]{5}083 a 4 MiB page \(PS\) in a page directory$'
    refused 'mmu_update(directory entry 896, in the hole)' '-22, done 0' \
        "^hv: d0: mmu_update: entry 896 of page directory 0x[0-9a-f]+ is the hypervisor's \(the hole\)$"
    refused 'update_va_mapping(0xe0000000, in the hole)' -22 \
        '^hv: d0: update_va_mapping: va 0xe0000000 is in the hole'
    refused 'update_va_mapping(0x80000000, no page table there)' -22 \
        '^hv: d0: update_va_mapping: va 0x80000000 has no page table$'
}

@test "base pointers and pins: a copy of the directory becomes cr3 and back; only a directory may; only a pinned table unpins (mmuext_one) [10]" {
    boot "$GUEST probe=mmu-base"
    assert_status 0
    accepted 'update_va_mapping(frame D read-only)' 0
    accepted 'mmuext_op(pin frame D as a page directory)' '0, done 1'
    accepted 'mmuext_op(new base pointer: frame D)' '0, done 1'
    assert_log '^\(d0\) guestos: probe: on frame D: 0x40000000 reads 0x7ab1e000$'
    accepted 'mmuext_op(new base pointer: our first page directory)' '0, done 1'
    refused 'mmuext_op(new base pointer: frame A, mapped writable)' '-22, done 0' \
        '^hv: d0: mmuext_op: new base pointer: frame 0x[0-9a-f]+ is not a valid page directory of the domain$'
    refused 'mmuext_op(new base pointer: our page table)' '-22, done 0' \
        '^hv: d0: mmuext_op: new base pointer: frame 0x[0-9a-f]+ is not a valid page directory of the domain$'
    refused 'mmuext_op(unpin our boot page table, never pinned)' '-22, done 0' \
        '^hv: d0: mmuext_op: unpin: frame 0x[0-9a-f]+ is not a table the domain pinned$'
    accepted 'mmuext_op(unpin frame D)' '0, done 1'
    refused 'mmuext_op(unpin frame D again)' '-22, done 0' \
        '^hv: d0: mmuext_op: unpin: frame 0x[0-9a-f]+ is not a table the domain pinned$'
}

@test "batches: too long, negative, in the hole: refused; a bad request stops a batch after the good ones (do_mmu_update) [10]" {
    boot "$GUEST probe=mmu-batch"
    assert_status 0
    # Refused before the first request: done is not written.
    refused 'mmu_update(count 100000)' '-22, done -1' \
        '^hv: d0: mmu_update: 100000 requests: at most 1024 a call$'
    refused 'mmu_update(count -1)' '-22, done -1' '^hv: d0: mmu_update: -1 requests: at most 1024 a call$'
    refused 'mmu_update(requests in the hole)' '-14, done 0' \
        '^hv: d0: mmu_update: request 0 at 0xe0000000 is not mapped below the hole$'
    refused 'mmu_update(3 requests, the 2nd maps mfn 0)' '-22, done 1' \
        '^hv: d0: mmu_update: new entry 0x00000003 maps a frame the domain does not own$'
    assert_log '^\(d0\) guestos: probe: the 1st was applied: 0x40014000 reads 0x7ab1e000$'
}

@test "the hypervisor and the guest go on: one log line per refusal, a clean shutdown, every frame back [10]" {
    boot "$GUEST probe=mmu"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: still alive: update_va_mapping = 0, frame B reads 0x0a11a5ed$'
    assert_log '^\(d0\) guestos: probe: done$'
    assert_log '^hv: d0: sched_op: shutdown: poweroff$'
    assert_log '^hv: run ended: status 0 \(success\)$'
    refute_log 'PANIC|BUG|^hv: d0: trap: '
    # 26 requests refused, each with one line; the accepted ones, none.
    lines=$(console_lines | grep -cE '^hv: d0: (mmu_update|update_va_mapping|mmuext_op): ')
    [ "$lines" -eq 26 ] || { echo "expected 26 refusal lines, got $lines" >&2; false; }
    # Pinned tables, a page table in the directory, an alias: all given
    # back when the domain died.
    assert_frames_returned
}

# The guest OS's own processes, each in an address space of its own
# (guestos/vm.c), built and torn down through the hypercalls above.

@test "address spaces: two processes, one variable each at the same address; text read-only; the kernel out of reach, for system calls too [20]" {
    boot
    assert_status 0
    refute_log 'no mmu_update: processes share'
    for pid in 12 13; do
        assert_log "^\(d0\) private $pid: my variable at 0x[0-9a-f]{8} is still mine$"
    done
    assert_log '^\(d0\) init: private \(pid 12\) exited with 0$'
    assert_log '^\(d0\) badptr: write\(kernel\) = -14, write\(unmapped\) = -14, write\(untouched heap\) = 1$'
    assert_log '^\(d0\) guestos: process [0-9]+ \(textwrite\) killed: page fault at eip 0x004[0-9a-f]{5} \(error 0x7, cr2 0x004[0-9a-f]{5}\)$'
    assert_log '^\(d0\) guestos: process [0-9]+ \(kernelmem\) killed: page fault at eip 0x004[0-9a-f]{5} \(error 0x5, cr2 0xc0000000\)$'
    assert_log '^\(d0\) init: all done$'
}

@test "fork: the child gets copies of the parent's data, heap and stack; its writes stay its own [10]" {
    boot
    assert_status 0
    assert_log "^\(d0\) fork: child [0-9]+: counter 100, heap 'c'$"
    assert_log "^\(d0\) fork: parent [0-9]+: child [0-9]+ exited with 3; counter 1, heap 'p'$"
    assert_log '^\(d0\) init: fork \(pid [0-9]+\) exited with 0$'
}

@test "demand-zero memory: a 64 KiB heap from sbrk, a page 4 MiB on (a new page table) and a deep stack, mapped on first touch; a wild address kills only its process (vm_fault) [20]" {
    boot
    assert_status 0
    assert_log '^\(d0\) memory: 64 KiB at 0x[0-9a-f]{8} from sbrk, 16 pages touched, 0 not zero or not kept$'
    assert_log '^\(d0\) memory: a 40-deep recursion of 1 KiB frames returned 820$'
    assert_log '^\(d0\) memory: 4 MiB on, at 0x[0-9a-f]{8}: 42$'
    assert_log '^\(d0\) memory: sbrk\(-4096\) = -1, sbrk\(1 GiB\) = -1$'
    assert_log '^\(d0\) init: memory \(pid [0-9]+\) exited with 0$'
    assert_log '^\(d0\) guestos: process [0-9]+ \(wild\) killed: page fault at eip 0x[0-9a-f]{8} \(error 0x4, cr2 0x[0-9a-f]{8}\)$'
    assert_log '^\(d0\) init: textwrite \(pid [0-9]+\) was killed$'
}

@test "exit gives everything back: no guest page in use after the last process, every count zero in the hypervisor [10]" {
    boot
    assert_status 0
    refute_log 'no mmu_update: processes share'
    assert_log '^\(d0\) init: all done$'
    assert_log '^\(d0\) guestos: memory: .*; 0 KiB in use now$'
    refute_log 'PANIC|BUG|^hv: d0: (mmu_update|update_va_mapping|mmuext_op): '
    assert_frames_returned
}

@test "a small domain: 256 KiB runs one program in its own address space [10]" {
    boot --append dom0_mem=256K "$GUEST init=hello"
    assert_status 0
    assert_log '^\(d0\) hello: ring 3, pid 1$'
    refute_log 'no mmu_update: processes share'
    assert_log '^\(d0\) guestos: memory: .* [0-9]+ KiB needed of 256 KiB; 0 KiB in use now$'
}
