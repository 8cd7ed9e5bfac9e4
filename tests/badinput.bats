#!/usr/bin/env bats
# badinput.bats - bad input at boot: one clear line on the console and
# the "bad input" status (1), never a hang, a panic or a triple fault.

load helpers

# Writes the 32-bit little-endian value to file at byte offset.
patch_u32() {
    local file=$1 offset=$2 value=$3 bytes="" i
    for i in 0 8 16 24; do
        bytes="$bytes$(printf '\\%03o' $(((value >> i) & 255)))"
    done
    printf "$bytes" | dd of="$file" bs=1 seek="$offset" conv=notrunc status=none
}

# Reads the 32-bit little-endian value at byte offset of file.
read_u32() {
    od -An -t u4 -j "$2" -N 4 "$1" | tr -d ' '
}

# A copy of the guest kernel whose first program header says vaddr.
guest_with_segment_at() {
    local copy=$BATS_TEST_TMPDIR/guest.elf
    cp "$GUEST" "$copy"
    patch_u32 "$copy" $(($(read_u32 "$copy" 28) + 8)) "$1"
    echo "$copy"
}

# Every bad-input run ends the same way.
assert_bad_input() {
    assert_status 1
    assert_log "$1"
    assert_log '^hv: run ended: status 1 \(bad input\)$'
    refute_log 'PANIC|^\(d0\)'
}

@test "no module: says where domain 0's kernel should be" {
    boot --append "" /dev/null
    # QEMU cannot load an empty module list, so run without -initrd.
    run "$HVLAB/tools/run-qemu" --console file --log "$log" --timeout "$(run_timeout)" "$HV"
    assert_bad_input "^hv: boot: no modules: domain 0's kernel must be the first module"
}

@test "a module that is not ELF" {
    printf 'These are notes for the lab, not a kernel: %s\n' 1 2 3 > "$BATS_TEST_TMPDIR/notes.txt"
    boot "$BATS_TEST_TMPDIR/notes.txt"
    assert_bad_input '^hv: d0: build: notes\.txt: not an ELF file \(bad magic\)$'
}

@test "a module shorter than an ELF header" {
    printf 'tiny' > "$BATS_TEST_TMPDIR/tiny"
    boot "$BATS_TEST_TMPDIR/tiny"
    assert_bad_input '^hv: d0: build: tiny: too short for an ELF file \(4 bytes\)$'
}

@test "a 64-bit ELF executable" {
    cp "$(type -P true)" "$BATS_TEST_TMPDIR/true64"
    boot "$BATS_TEST_TMPDIR/true64"
    assert_bad_input '^hv: d0: build: true64: not a 32-bit ELF file \(class 2\)$'
}

@test "a truncated ELF file" {
    head -c 300 "$GUEST" > "$BATS_TEST_TMPDIR/short.elf"
    boot "$BATS_TEST_TMPDIR/short.elf"
    assert_bad_input '^hv: d0: build: short\.elf: segment [0-9]+: file data .* past the end of the file'
}

@test "a segment below the guest area" {
    boot "$(guest_with_segment_at $((0x00100000)))"
    assert_bad_input '^hv: d0: build: guest\.elf: segment 0: \[0x00100000, .* outside the guest area \[0xc0000000, 0xe0000000\)$'
}

@test "a segment in the hypervisor hole" {
    boot "$(guest_with_segment_at $((0xE0100000)))"
    assert_bad_input '^hv: d0: build: guest\.elf: segment 0: \[0xe0100000, .* outside the guest area'
}

@test "an entry point outside the kernel's code" {
    cp "$GUEST" "$BATS_TEST_TMPDIR/entry.elf"
    patch_u32 "$BATS_TEST_TMPDIR/entry.elf" 24 $((0xC7000000))
    boot "$BATS_TEST_TMPDIR/entry.elf"
    assert_bad_input '^hv: d0: build: entry\.elf: entry point 0xc7000000 is not in an executable segment$'
}

@test "too little memory for the kernel" {
    boot --append "dom0_mem=16K"
    assert_bad_input '^hv: d0: build: 16 KiB is too little memory: guestos\.elf and its boot structures need [0-9]+ KiB$'
}

@test "more memory than the machine has, and more than the guest area holds" {
    boot --append "dom0_mem=300M"
    assert_bad_input '^hv: d0: build: not enough free memory: 307200 KiB asked, [0-9]+ KiB free$'
    boot --append "dom0_mem=1G"
    assert_bad_input '^hv: d0: build: 1048576 KiB of memory is more than the guest area holds \(524288 KiB\)$'
}

# LAB 4 BEGIN
@test "domUs: more than memory holds, too small, too many" {
    boot --append "domus=1000 domu_mem=1M"
    assert_bad_input '^hv: d[0-9]+: build: not enough free memory: 1024 KiB asked, [0-9]+ KiB free$'
    boot --append "domus=2 domu_mem=64K"
    assert_bad_input '^hv: d1: build: 64 KiB is too little memory: guestos\.elf and its boot structures need [0-9]+ KiB$'
    boot --append "domus=1001"
    assert_bad_input "^hv: cmdline: domus: '1001' is not a number of domains from 0 to 1000$"
}
# LAB 4 END

@test "an unknown command-line option" {
    boot --append "dom0_mem=4M colour=blue"
    assert_bad_input "^hv: cmdline: unknown option 'colour=blue' \(known: dom0_mem=, loglvl=, selftest=.*\)$"
}

@test "a malformed option value" {
    boot --append "dom0_mem=lots"
    assert_bad_input "^hv: cmdline: dom0_mem: bad size 'lots' \(say e\.g\. 4M or 512K\)$"
    boot --append "loglvl=loud"
    assert_bad_input "^hv: cmdline: loglvl: unknown level 'loud'"
}
