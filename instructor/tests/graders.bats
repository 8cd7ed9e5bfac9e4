#!/usr/bin/env bats
# graders.bats - make check-graders inside make test: every wrong solution
# in instructor/mutants loses points, every exercise of every handout has
# at least two of them, and a mutant that no longer applies is an error,
# not a pass.

HVLAB=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

@test "graders: every exercise has at least two wrong solutions, each on a function the exercise names" {
    local lab handout problems=""
    for handout in "$HVLAB"/handouts/lab*.md; do
        lab=$(basename "$handout" .md | sed 's/^lab//')
        [ -f "$HVLAB/grading/lab$lab.bats" ] || continue
        problems+=$(awk -v lab="$lab" -v dir="$HVLAB/instructor/mutants/lab$lab" '
            function finish(   f, n, cmd, line) {
                if (ex == "") return
                n = 0
                for (f in named) {
                    cmd = "grep -lx \"function " f "\" " dir "/*.mutant 2> /dev/null | wc -l"
                    cmd | getline line; close(cmd); n += line
                }
                if (n < 2) printf "lab %s %s: %d wrong solutions (at least 2) on its functions\n", lab, ex, n
                ex = ""; delete named
            }
            /^```/ { fenced = !fenced }
            fenced { next }
            /^\*\*Exercise [0-9]+\./ { finish(); match($0, /Exercise [0-9]+/); ex = substr($0, RSTART, RLENGTH) }
            /^#/ { finish() }
            # The functions it names on its first line ("Write `f()` and `g()` in ...").
            /^\*\*Exercise [0-9]+\./ {
                s = $0
                while (match(s, /`[A-Za-z_0-9]+\(\)`/)) {
                    named[substr(s, RSTART + 1, RLENGTH - 4)] = 1; s = substr(s, RSTART + RLENGTH)
                }
            }
            END { finish() }
        ' "$handout")
    done
    [ -z "$problems" ] || { echo "$problems"; false; }
}

@test "graders: a mutant that no longer applies is an error, naming itself" {
    local m=$BATS_TEST_TMPDIR/stale.mutant
    printf '%s\n' "lab 1" "function frame_free" "delete this line is in no solution;" > "$m"
    mkdir "$BATS_TEST_TMPDIR/ref"
    git -C "$HVLAB" archive HEAD | tar -x -C "$BATS_TEST_TMPDIR/ref"
    run "$HVLAB/instructor/apply-mutant" "$BATS_TEST_TMPDIR/ref" "$m"
    [ "$status" -eq 3 ]
    [[ "$output" == *"stale: frame_free() solution: \"this line is in no solution;\" matches 0 lines, not 1: the mutant no longer applies"* ]]
    printf '%s\n' "lab 1" "function no_such_function" "delete x;" > "$m"
    run "$HVLAB/instructor/apply-mutant" "$BATS_TEST_TMPDIR/ref" "$m"
    [ "$status" -eq 3 ]
    [[ "$output" == *"no function no_such_function() in hv/, guestos/, lib/ or include/"* ]]
}

@test "graders: every wrong solution loses points (make check-graders)" {
    # make test runs two test files at once: one mutant at a time here.
    run "$HVLAB/instructor/check-graders" -j 1
    echo "$output"
    [ "$status" -eq 0 ]
    echo "$output" | tail -n 1 | grep -q '^check-graders: \([0-9]*\) of \1 mutants killed, 0 not, in [0-9]* s$'
}

@test "graders: a wrong solution that keeps full marks fails make check-graders, by name" {
    # Not plausible, but invisible to the grader: copy_from_guest refuses
    # the hole before guest_va_to_mfn's own check could.
    local m=$BATS_TEST_TMPDIR/unseen.mutant
    printf '%s\n' "lab 1" "function guest_va_to_mfn" "killed-by guest memory" \
        "replace if (va >= HYPERVISOR_VIRT_START || !d->pgdir_mfn)" "with if (!d->pgdir_mfn)" > "$m"
    run "$HVLAB/instructor/check-graders" -j 1 "$m"
    [ "$status" -eq 1 ]
    echo "$output" | grep -q '^lab1/unseen: SURVIVED: full marks in grading/lab1.bats'
    echo "$output" | tail -n 1 | grep -q '^check-graders: 0 of 1 mutants killed, 1 not, in [0-9]* s$'
}
