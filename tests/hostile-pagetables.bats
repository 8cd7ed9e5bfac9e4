#!/usr/bin/env bats
# LAB 3 FILE
# hostile-pagetables.bats - the hostile suite's "page tables" class: one
# attack on the frame table's rules (hv/mm.c) a boot: frames that are not
# the domain's, writable mappings of page tables, directories that are not
# directories, the hole, batches with bad counts, requests or done
# pointers. Each is refused with an error code and one log line, and
# changes nothing; a done pointer the hypervisor cannot write fails the
# call before anything is applied. Ring 3 cannot reach the kernel or
# write its own text. tests/hostile.bash says how a verdict is reached.

load hostile

@test "page tables: pt-map-foreign (map a frame that is not the domain's): REFUSED" {
    attack pt-map-foreign
    assert_verdict REFUSED
    assert_refused 'update_va_mapping\(mfn 0, not ours\) = -[0-9]+$'
    assert_log '^hv: d0: update_va_mapping: new entry 0x00000003 maps a frame the domain does not own$'
}

@test "page tables: pt-map-hypervisor (map the hypervisor's code): REFUSED" {
    attack pt-map-hypervisor
    assert_verdict REFUSED
    assert_refused 'update_va_mapping\(mfn 0x100, the hypervisor.s code\) = -[0-9]+$'
    assert_log '^hv: d0: update_va_mapping: new entry 0x00100001 maps a frame the domain does not own$'
}

@test "page tables: pt-map-beyond (map past the end of memory): REFUSED" {
    attack pt-map-beyond
    assert_verdict REFUSED
    assert_refused 'update_va_mapping\(mfn 0xfffff, past the end of memory\) = -[0-9]+$'
    assert_log '^hv: d0: update_va_mapping: new entry 0xfffff003 maps a frame the domain does not own$'
}

@test "page tables: pt-map-in-hole (map an address in the hole): REFUSED" {
    attack pt-map-in-hole
    assert_verdict REFUSED
    assert_refused 'update_va_mapping\(0xe0000000, in the hole\) = -[0-9]+$'
    assert_log '^hv: d0: update_va_mapping: va 0xe0000000 is in the hole'
}

@test "page tables: pt-pgdir-writable (the page directory writable): REFUSED" {
    attack pt-pgdir-writable
    assert_verdict REFUSED
    assert_refused 'update_va_mapping\(our page directory writable\) = -[0-9]+$'
    assert_log '^hv: d0: update_va_mapping: new entry 0x[0-9a-f]{8} maps a page table or page directory writable$'
}

@test "page tables: pt-table-writable (a page table writable at another address): REFUSED" {
    attack pt-table-writable
    assert_verdict REFUSED
    assert_refused 'update_va_mapping\(a free page.s address to our page table, writable\) = -[0-9]+$'
    assert_log '^hv: d0: update_va_mapping: new entry 0x[0-9a-f]{8} maps a page table or page directory writable$'
}

@test "page tables: pt-update-ordinary (an entry in a frame that is no page table): REFUSED" {
    attack pt-update-ordinary
    assert_verdict REFUSED
    assert_refused 'mmu_update\(ptr in an ordinary frame of ours\) = -[0-9]+$'
    assert_log '^hv: d0: mmu_update: entry at 0x[0-9a-f]{8}: frame 0x[0-9a-f]+ is not a page table or directory in use$'
}

@test "page tables: pt-update-hypervisor (an entry in the hypervisor's frame): REFUSED" {
    attack pt-update-hypervisor
    assert_verdict REFUSED
    assert_refused 'mmu_update\(ptr in the hypervisor.s frame 0x100\) = -[0-9]+$'
    assert_log '^hv: d0: mmu_update: entry at 0x00100000: frame 0x100 is not the domain.s$'
}

@test "page tables: pt-pde-self (the directory as its own page table): REFUSED" {
    attack pt-pde-self
    assert_verdict REFUSED
    assert_refused 'mmu_update\(directory entry 257 to the directory itself\) = -[0-9]+$'
    assert_log '^hv: d0: mmu_update: new entry 0x[0-9a-f]{8} points at a frame that is not a valid page table$'
}

@test "page tables: pt-pde-4mb (a 4 MiB page): REFUSED" {
    attack pt-pde-4mb
    assert_verdict REFUSED
    assert_refused 'mmu_update\(directory entry 257 a 4 MiB page\) = -[0-9]+$'
    assert_log '^hv: d0: mmu_update: new entry 0x[0-9a-f]{8} a 4 MiB page \(PS\) in a page directory$'
}

@test "page tables: pt-pde-hole (a directory entry in the hole): REFUSED" {
    attack pt-pde-hole
    assert_verdict REFUSED
    assert_refused 'mmu_update\(directory entry 896, in the hole\) = -[0-9]+$'
    assert_log '^hv: d0: mmu_update: entry 896 of page directory 0x[0-9a-f]+ is the hypervisor.s \(the hole\)$'
}

@test "page tables: pt-base-ordinary (cr3 on a writable frame): REFUSED" {
    attack pt-base-ordinary
    assert_verdict REFUSED
    assert_refused 'mmuext_op\(new base pointer: a writable frame\) = -[0-9]+$'
    assert_log '^hv: d0: mmuext_op: new base pointer: frame 0x[0-9a-f]+ is not a valid page directory of the domain$'
}

@test "page tables: pt-base-table (cr3 on a page table): REFUSED" {
    attack pt-base-table
    assert_verdict REFUSED
    assert_refused 'mmuext_op\(new base pointer: our page table\) = -[0-9]+$'
    assert_log '^hv: d0: mmuext_op: new base pointer: frame 0x[0-9a-f]+ is not a valid page directory of the domain$'
}

@test "page tables: pt-pin-writable (pin a frame mapped writable): REFUSED" {
    attack pt-pin-writable
    assert_verdict REFUSED
    assert_refused 'mmuext_op\(pin a frame mapped writable as a page table\) = -[0-9]+$'
    assert_log '^hv: d0: mmuext_op: pin: frame 0x[0-9a-f]+ does not validate as a page table$'
}

@test "page tables: pt-unpin-never (unpin a table never pinned): REFUSED" {
    attack pt-unpin-never
    assert_verdict REFUSED
    assert_refused 'mmuext_op\(unpin our boot page table, never pinned\) = -[0-9]+$'
    assert_log '^hv: d0: mmuext_op: unpin: frame 0x[0-9a-f]+ is not a table the domain pinned$'
}

@test "page tables: pt-other-domain (another domain's page tables): REFUSED" {
    attack pt-other-domain
    assert_verdict REFUSED
    assert_refused 'mmu_update\(dom 1\) = -[0-9]+$'
    assert_log '^hv: d0: mmu_update: domain 1: only DOMID_SELF$'
}

@test "page tables: pt-batch-negative (a batch of -1 requests): REFUSED" {
    attack pt-batch-negative
    assert_verdict REFUSED
    assert_refused 'mmu_update\(count -1\) = -[0-9]+$'
    assert_log '^hv: d0: mmu_update: -1 requests: at most [0-9]+ a call$'
}

@test "page tables: pt-batch-hole (requests in the hole): REFUSED" {
    attack pt-batch-hole
    assert_verdict REFUSED
    assert_refused 'mmu_update\(requests in the hole\) = -[0-9]+$'
    assert_log '^hv: d0: mmu_update: request 0 at 0xe0000000 is not mapped below the hole$'
}

@test "page tables: pt-done-readonly (mmu_update's done on the read-only page directory): REFUSED" {
    attack pt-done-readonly
    assert_verdict REFUSED
    assert_refused 'mmu_update\(done at 0x[0-9a-f]{8}\) = -14, and nothing applied: '
    assert_log '^hv: d0: mmu_update: done 0x[0-9a-f]{8} is not mapped writable below the hole$'
}

@test "page tables: pt-done-hole (mmu_update's done in the hole): REFUSED" {
    attack pt-done-hole
    assert_verdict REFUSED
    assert_refused 'mmu_update\(done at 0xe0000000\) = -14, and nothing applied: '
    assert_log '^hv: d0: mmu_update: done 0xe0000000 is not mapped writable below the hole$'
}

@test "page tables: pt-ext-done-readonly (mmuext_op's done on the read-only page directory): REFUSED" {
    attack pt-ext-done-readonly
    assert_verdict REFUSED
    assert_refused 'mmuext_op\(pin, done read-only\) = -14, and nothing pinned: a second pin = 0$'
    assert_log '^hv: d0: mmuext_op: done 0x[0-9a-f]{8} is not mapped writable below the hole$'
}

@test "page tables: pt-write-directory (a direct write to the page directory): REFUSED" {
    attack pt-write-directory
    assert_verdict REFUSED
    assert_refused 'writing our page directory: vector 14, error 0x3, cr2 0x[0-9a-f]{8}$'
}

@test "page tables: pt-ring3-kernel (a program reads the kernel): REFUSED" {
    attack pt-ring3-kernel
    assert_verdict REFUSED
    assert_log '^\(d0\) guestos: process 1 \(kernelmem\) killed: page fault at eip 0x[0-9a-f]{8} \(error 0x5, cr2 0xc0000000\)$'
}

@test "page tables: pt-ring3-text (a program writes its own text): REFUSED" {
    attack pt-ring3-text
    assert_verdict REFUSED
    assert_log '^\(d0\) guestos: process 1 \(textwrite\) killed: page fault at eip 0x[0-9a-f]{8} \(error 0x7, '
}
