#!/usr/bin/env bats
# samples.bats - the sample output in the handouts and the README is what
# the code prints (tools/check-samples). Lab N's handout shows the boot of
# its starting point (lab1's stubs; from lab 2 on, the finished lab N-1
# merged into labN by the handout's recipe) and of its solution (solN);
# the README shows the reference tree. Each tree is built once.

load helpers

setup_file() {
    local labs=$BATS_FILE_TMPDIR/labs n m dir
    "$HVLAB/tools/mklabs" --from "$HVLAB" "$labs" > /dev/null 2>&1
    LAB_NUMBERS=$(ls "$HVLAB/grading" | sed -n 's/^lab\([0-9]*\)\.bats$/\1/p' | sort -n | tr '\n' ' ')
    export LAB_NUMBERS
    for n in $LAB_NUMBERS; do
        dir=$BATS_FILE_TMPDIR/start$n
        git clone -q "$labs/student" "$dir"
        if [ "$n" -eq 1 ]; then
            git -C "$dir" checkout -q lab1
        else
            m=$((n - 1))
            git -C "$dir" checkout -q "lab$m"
            git -C "$dir" fetch -q "$labs/instructor" "sol$m"
            git -C "$dir" checkout -q FETCH_HEAD -- .
            git -C "$dir" -c user.name=s -c user.email=s@hvlab.invalid commit -qam "my lab $m"
            git -C "$dir" fetch -q origin
            git -C "$dir" checkout -q -b "lab$n" "origin/lab$n"
            git -C "$dir" -c user.name=s -c user.email=s@hvlab.invalid merge -q --no-edit "lab$m"
        fi
        mkdir "$BATS_FILE_TMPDIR/sol$n"
        git -C "$labs/instructor" archive "sol$n" | tar -x -C "$BATS_FILE_TMPDIR/sol$n"
        make -s -C "$dir" all > /dev/null 2>&1
        make -s -C "$BATS_FILE_TMPDIR/sol$n" all > /dev/null 2>&1
    done
}

@test "samples: every hv: and (d0) line of a handout's sample output is one a boot of its lab prints" {
    local n start problems=""
    for n in $LAB_NUMBERS; do
        run "$HVLAB/tools/check-samples" "$HVLAB/handouts/lab$n.md" \
            "$BATS_FILE_TMPDIR/start$n" "$BATS_FILE_TMPDIR/sol$n"
        [ "$status" -eq 0 ] || problems+="$output"$'\n'
    done
    [ -z "$problems" ] || { echo "$problems"; false; }
}

@test "samples: the README's sample boot is the reference tree's" {
    run "$HVLAB/tools/check-samples" "$HVLAB/README.md" "$HVLAB"
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    grep -q '^```text$' "$HVLAB/README.md"
}

@test "samples: the checker names a line that no boot prints" {
    local handout=$BATS_TEST_TMPDIR/lab9.md
    printf '%s\n' '# Lab 9' '' '```text' '(d0) init: pid 1, running 99 programs' \
        'hv: d0: sched_op: shutdown: poweroff' '```' > "$handout"
    run "$HVLAB/tools/check-samples" "$handout" "$HVLAB"
    [ "$status" -eq 1 ]
    [ "$output" = "$handout:4: no boot prints a line like: (d0) init: pid 1, running 99 programs" ]
}
