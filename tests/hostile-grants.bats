#!/usr/bin/env bats
# LAB 5 FILE
# hostile-grants.bats - the hostile suite's "grants" class: one attack on
# the grant tables (hv/grant.c, and the rules hv/mm.c keeps for grant
# mappings) a boot, most from a domU (domus=1, its command line
# probe=NAME) beside a domain 0 that does its normal work: grant
# references out of range, grants meant for another domain, read-only
# grants mapped writable, frames the granter does not own, page tables
# granted, handles unmapped twice, a grant ended while mapped, a grant's
# page-table entry changed by mmu_update, copies beyond a page, and
# deaths with grants mapped. Each attacker is refused or killed, every
# other domain ends as it would have, and every frame comes back.
# tests/hostile.bash says how a verdict is reached;
# guestos/probes/hostile_grants.c holds the attacks.

load hostile

@test "grants: gr-ref-range (references past the table, a domain that is not, a table too big or not ours): REFUSED" {
    attack --domus 1 --from 1 gr-ref-range
    assert_verdict REFUSED
    assert_refused 'map\(d0.s grant 512, past its table\) = -4$'
    assert_refused 'map\(d0.s grant 0xffffffff\) = -4$'
    assert_refused 'copy_from\(our own grant 0x80000000\) = -4$'
    assert_refused 'map\(a grant of domain 999\) = -2$'
    assert_refused 'setup_table\(5 frames\) = -1$'
    assert_refused 'setup_table\(d0.s table\) = -8$'
    assert_log "^hv: d1: grant_table_op: map: d0's grant 512 is beyond its table \(512 entries\)$"
    refute_log '^hv: d0: grant_table_op: '
}

@test "grants: gr-not-granted (a grant made for d0, one never made, a frame of d0's without a grant): REFUSED" {
    attack --domus 1 --from 1 gr-not-granted
    assert_verdict REFUSED
    assert_refused 'map\(our grant 0, made for d0\) = -8$'
    assert_refused 'copy_from\(our grant 0, made for d0\) = -8$'
    assert_refused 'map\(d0.s grant 1, never made\) = -8$'
    assert_refused "copy without a grant from a frame of d0's = -8$"
    assert_log "^hv: d1: grant_table_op: map: d1's grant 0 is not granted to d1$"
}

@test "grants: gr-readonly-writable (a read-only grant mapped writable, copied to, written through): REFUSED" {
    attack --domus 1 --from 1 gr-readonly-writable
    assert_verdict REFUSED
    assert_refused 'map\(our read-only grant, writable\) = -8$'
    assert_refused 'copy_to\(our read-only grant\) = -8$'
    assert_refused 'a write through the read-only mapping: trap 14, error 0x3$'
    assert_refused "the page still reads 'read-only': strcmp = 0$"
    assert_log "^hv: d1: grant_table_op: map: d1's grant [0-9]+ is read-only$"
}

@test "grants: gr-foreign-frame (grants of the hypervisor's frame and of one past memory): REFUSED" {
    attack --domus 1 --from 1 gr-foreign-frame
    assert_verdict REFUSED
    assert_refused 'map\(our grant of frame 0x100, the hypervisor.s\) = -9$'
    assert_refused 'copy_from\(our grant of frame 0x100\) = -9$'
    assert_refused 'map\(our grant of frame 0xfffff, past memory\) = -9$'
    assert_refused 'copy to frame 0x100 as our own = -9$'
    assert_log "^hv: d1: grant_table_op: map: d1's grant [0-9]+ names frame 0x100, which is not d1's$"
}

@test "grants: gr-page-table (page tables, shared_info and the grant table granted; a frame mapped writable pinned): REFUSED" {
    attack --domus 1 --from 1 gr-page-table
    assert_verdict REFUSED
    assert_refused 'map\(our grant of our page directory, read-only\) = -9$'
    assert_refused 'map\(our grant of a page table, read-only\) = -9$'
    assert_refused 'copy_from\(our grant of a page table\) = -9$'
    assert_refused 'map\(our grant of shared_info\) = -9$'
    assert_refused 'map\(our grant of our grant table\) = -9$'
    assert_refused 'pin our grant table as a page table = -22$'
    assert_refused 'pin a frame mapped writable through a grant = -22$'
    assert_refused 'pin it once unmapped = 0$'
    assert_refused 'map\(our grant of a pinned page table, read-only\) = -9$'
}

@test "grants: gr-unmap-twice (a handle unmapped twice, handles never given): REFUSED" {
    attack --domus 1 --from 1 gr-unmap-twice
    assert_verdict REFUSED
    assert_refused 'unmap again = -3$'
    assert_refused 'unmap\(handle 4096, past every maptrack frame\) = -3$'
    assert_refused 'unmap\(handle 0xffffffff\) = -3$'
    assert_refused 'unmap\(handle 7, never given\) = -3$'
    assert_log '^hv: d1: grant_table_op: unmap: handle 0 is not a mapping of d1$'
}

@test "grants: gr-end-mapped (a grant ended while mapped, then its entry cleared anyway): REFUSED" {
    attack --domus 1 --from 1 gr-end-mapped
    assert_verdict REFUSED
    assert_refused 'gnttab_end\(the grant, mapped\) = -16$'
    assert_refused 'map\(the grant, its entry cleared\) = -8$'
    assert_refused 'pin the frame, its entry cleared but still mapped = -22$'
    assert_refused 'the mapping still writes the frame: strcmp = 0$'
    assert_refused 'unmap = 0$'
    assert_refused 'pin it once unmapped = 0$'
}

@test "grants: gr-mmu-update (a grant's page-table entry changed or forged by mmu_update): REFUSED" {
    attack --domus 1 --from 1 gr-mmu-update
    assert_verdict REFUSED
    assert_refused "mmu_update\(the grant's entry, cleared\) = -1$"
    assert_refused "update_va_mapping\(the grant's address, another frame\) = -1$"
    assert_refused 'update_va_mapping\(an entry of ours with the grant bit\) = -22$'
    assert_refused 'update_va_mapping\(the address, once unmapped\) = 0$'
    assert_log '^hv: d1: mmu_update: entry at 0x[0-9a-f]{8} maps a grant \(frame 0x[0-9a-f]+\): use unmap_grant_ref$'
    assert_log '^hv: d1: update_va_mapping: entry at 0x[0-9a-f]{8} maps a grant'
}

@test "grants: gr-copy-beyond (copies past a page, into a page directory; batches too long, unknown, in the hole): REFUSED" {
    attack --domus 1 --from 1 gr-copy-beyond
    assert_verdict REFUSED
    assert_refused 'copy_from\(offset 4000, 200 bytes\) = -10$'
    assert_refused 'copy_to\(offset 0xffff, 0xffff bytes\) = -10$'
    assert_refused 'copy_from into our page.s last 8 bytes, 16 bytes = -10$'
    assert_refused 'copy into our page directory = -9$'
    assert_refused 'grant_table_op\(65 copies\) = -22$'
    assert_refused 'grant_table_op\(command 99\) = -22$'
    assert_refused 'grant_table_op\(operations in the hole\) = -14$'
    assert_log '^hv: d1: grant_table_op: copy: offset 4000 \+ length 200 is beyond a page$'
}

@test "grants: gr-mapper-dies (a domU killed with three grant mappings): KILLED" {
    attack --domus 1 --from 1 gr-mapper-dies
    assert_verdict KILLED
    assert_log '^hv: d1: trap: no handler for it: killing d1$'
}

# Not attack's verdict: the domU is the victim, killed while domain 0
# maps its grants; domain 0 must go on, and the frames it still maps
# must outlive the domU until it unmaps them.
@test "grants: gr-domu-killed (a domU killed while d0 maps its grants): d0 goes on, unmaps, every frame back" {
    boot --append "domus=1" "$GUEST probe=gr-domu-killed" "$GUEST probe=grant-victim"
    assert_status 0
    assert_log '^hv: d1: trap: no handler for it: killing d1$'
    assert_log '^hv: d1: grant: frame 0x[0-9a-f]+ is still mapped by another domain: it outlives d1$'
    assert_log "^\(d0\) guestos: attack: gr-domu-killed: refused: d1 died with its grants mapped; they still read 'victim's device page' and 'victim's read-only page'$"
    assert_log "^\(d0\) guestos: attack: gr-domu-killed: refused: unmap\(d1's device page\) = 0$"
    assert_log "^\(d0\) guestos: attack: gr-domu-killed: refused: unmap\(d1's read-only page\) = 0$"
    assert_log '^hv: d0: grant: frame 0x[0-9a-f]+ of dead d1 unmapped: freed$'
    assert_log "^\(d0\) guestos: attack: gr-domu-killed: refused: map\(d1's grant 0, d1 gone\) = -2$"
    assert_log '^hv: d0: sched_op: shutdown: poweroff$'
    assert_log '^hv: d1: mm: every frame.s reference and type counts are back to zero$'
    assert_log '^hv: d0: mm: every frame.s reference and type counts are back to zero$'
    refute_log '^hv: PANIC|BUG'
    frames_returned 2
}
