#!/usr/bin/env bats
# unit.bats - the host-built unit tests (tests/unit/test_*.c) for the
# hypervisor's pure-logic files: elf.c, frame.c, cmdline.c and
# lib/printfmt.c. Each test program #includes the file it tests, so it
# builds with one cc command, natively (no -m32, no cross tools), with
# AddressSanitizer and UBSan when this compiler has them. A program
# prints one line per failed case and exits non-zero if any failed.

load helpers

UNIT_CFLAGS=(-std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -Werror -I. -Iinclude -Ihv/include)
SANITIZE=("-fsanitize=address,undefined" -fno-sanitize-recover=all)

# Are the sanitizers' run-time libraries installed (and do they run here)?
sanitizers_work() {
    local probe=$BATS_FILE_TMPDIR/sanitizer-probe
    echo 'int main(void) { return 0; }' |
        cc "${SANITIZE[@]}" -x c -o "$probe" - > /dev/null 2>&1 && "$probe"
}

setup_file() {
    local flags=("${UNIT_CFLAGS[@]}") src name out
    if sanitizers_work; then
        flags+=("${SANITIZE[@]}")
    else
        echo "# unit tests built without sanitizers (cc ${SANITIZE[*]} fails here)" >&3
    fi
    for src in "$HVLAB"/tests/unit/test_*.c; do
        name=$(basename "$src" .c)
        # From the top of the checkout, so that messages say tests/unit/...
        if ! out=$(cd "$HVLAB" && cc "${flags[@]}" -o "$BATS_FILE_TMPDIR/$name" \
            "tests/unit/$name.c" 2>&1); then
            printf 'cannot build tests/unit/%s.c:\n%s\n' "$name" "$out" >&2
            return 1
        fi
    done
}

# Runs one test program; fails showing its output unless it exits 0.
run_unit() {
    ASAN_OPTIONS=print_legend=0 run "$BATS_FILE_TMPDIR/$1"
    if [ "$status" -ne 0 ]; then
        echo "$1 exited with status $status:"
        [ "$status" -lt 128 ] || echo "(killed by signal $((status - 128)), after the output below)"
        echo "$output"
        return 1
    fi
}

@test "unit: elf_check refuses every malformed kernel image" {
    run_unit test_elf
}

@test "unit: frame allocator (alloc, free, free_list, refusals)" {
    run_unit test_frame
}

@test "unit: parse_cmdline (dom0_mem, loglvl, selftest, unknown options)" {
    run_unit test_cmdline
}

@test "unit: printfmt agrees with the C library's snprintf" {
    run_unit test_printfmt
}

# setup_file builds every tests/unit/test_*.c, but a program runs only
# if a test above names it.
@test "unit: every test program is run by a test in this file" {
    local src name
    for src in "$HVLAB"/tests/unit/test_*.c; do
        name=$(basename "$src" .c)
        if ! grep -q "^    run_unit $name\$" "$BATS_TEST_FILENAME"; then
            echo "tests/unit.bats runs no 'run_unit $name'"
            return 1
        fi
    done
}
