#!/usr/bin/env bats
# handouts.bats - the lab handouts (handouts/lab*.md): every file and
# function they send a student to exists (tools/check-handouts), the
# checker names what is missing, and each handout renders with pandoc
# the way `make handouts` (tools/render-handouts) renders it.

load helpers

@test "handouts: every file and function a handout names exists" {
    run "$HVLAB/tools/check-handouts"
    if [ "$status" -ne 0 ]; then
        echo "tools/check-handouts failed (status $status):"
        echo "$output"
        return 1
    fi
}

@test "handouts: the checker names a missing function, a missing file and an exercise without a function" {
    local handout=$BATS_TEST_TMPDIR/lab9.md
    cat > "$handout" << 'EOF'
# Lab 9

Read `hv/frame.c` and call `frame_alloc()`, then `no_such_function()`.

The code is in `hv/no_such_file.c`.

**Exercise 1.** Write `frame_free()`.

**Exercise 2.** Make it faster.

# Questions
EOF
    run "$HVLAB/tools/check-handouts" "$handout"
    local expected
    expected=$(printf '%s\n' \
        "$handout:3: no function no_such_function() in hv/ guestos/ lib/ include/" \
        "$handout:5: no such file: hv/no_such_file.c" \
        "$handout:9: Exercise 2 names no function (write it as \`name()\`)")
    if [ "$status" -ne 1 ] || [ "$output" != "$expected" ]; then
        echo "expected status 1 and:"
        echo "$expected"
        echo "got status $status and:"
        echo "$output"
        return 1
    fi
}

@test "handouts: each handout renders to HTML with pandoc, with its title" {
    command -v pandoc > /dev/null || skip "pandoc is not installed"
    local handout html
    for handout in "$HVLAB"/handouts/lab*.md; do
        html=$BATS_TEST_TMPDIR/$(basename "$handout" .md).html
        run pandoc --standalone --toc --from markdown --to html5 --fail-if-warnings -o "$html" "$handout"
        if [ "$status" -ne 0 ]; then
            echo "pandoc failed on $handout:"
            echo "$output"
            return 1
        fi
        grep -q '<title>Lab [0-9]*: ' "$html" || { echo "$html has no 'Lab N: ...' title"; return 1; }
    done
    grep -q '<title>Lab 1: Boot</title>' "$BATS_TEST_TMPDIR/lab1.html"
}
