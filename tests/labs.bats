#!/usr/bin/env bats
# labs.bats - make check-labs: the lab machinery, proved on this tree's
# own labs (tools/mklabs into a temporary repository) and on a small
# made-up reference with two labs, which shows what lab 2 onward will need
# (a branch on top of the last, and a student's merge) before lab 2 exists.
#
# For every lab N:
#   labN builds and boots; make grade on it fails lab N's tests; with the
#   earlier labs' solutions merged in it passes theirs; solN gets full
#   marks; a student's finished lab(N-1) merges labN cleanly; and no
#   solution text of lab N or later is anywhere in labN.

load helpers

setup_file() {
    export LABS_REPO=$BATS_FILE_TMPDIR/labs
    export REF_TREE=$BATS_FILE_TMPDIR/ref
    "$HVLAB/tools/mklabs" --from "$HVLAB" "$LABS_REPO" > /dev/null 2>&1
    mkdir "$REF_TREE"
    git -C "$HVLAB" archive HEAD | tar -x -C "$REF_TREE"
    LAB_NUMBERS=$(ls "$HVLAB/grading" | sed -n 's/^lab\([0-9]*\)\.bats$/\1/p' | sort -n | tr '\n' ' ')
    export LAB_NUMBERS
}

# A working copy of the generated repository, on branch $1.
checkout() {
    local dir=$BATS_TEST_TMPDIR/$1
    git clone -q "$LABS_REPO" "$dir"
    git -C "$dir" checkout -q "$1"
    git -C "$dir" config user.name "A. Student"
    git -C "$dir" config user.email "student@hvlab.invalid"
    echo "$dir"
}

# The score line of make grade in directory $1 for labs $2..., in $score
# and $max; $status is make grade's.
grade_in() {
    local dir=$1
    shift
    run make -s -C "$dir" grade LAB="$*"
    score=$(echo "$output" | sed -n 's|^Score: \([0-9]*\)/\([0-9]*\)$|\1|p')
    max=$(echo "$output" | sed -n 's|^Score: \([0-9]*\)/\([0-9]*\)$|\2|p')
    [ -n "$score" ] || { echo "make grade printed no score:" >&2; echo "$output" >&2; return 1; }
}

# The student finishes lab $2 in $1: their code is the solution's.
finish_lab() {
    git -C "$1" checkout -q "origin/sol$2" -- .
    git -C "$1" commit -qam "my lab $2"
}

@test "the reference tree's lab markers are well formed" {
    run "$HVLAB/tools/check-markers"
    [ "$status" -eq 0 ] || { echo "$output" >&2; false; }
}

@test "the marker checker names unterminated, nested, mislabelled and malformed markers" {
    local dir=$BATS_TEST_TMPDIR/bad m=LAB
    mkdir -p "$dir/grading"
    touch "$dir/grading/lab1.bats" "$dir/grading/lab2.bats"
    # The markers are spelled through $m so that this file holds none.
    printf '%s\n' "/* $m 1 SOLUTION BEGIN */" "/* $m 2 SOLUTION BEGIN */" "x" \
        "/* $m 1 SOLUTION END */" > "$dir/nested.c"
    printf '%s\n' "# $m 1 BEGIN" "y" > "$dir/open.sh"
    printf '%s\n' "/* $m 2 SOLUTION BEGIN */" "z" "/* $m 1 SOLUTION END */" > "$dir/mislabel.c"
    printf '%s\n' "/* $m 1 SOLUTION BEGIN" "/* $m 7 BEGIN */" "/* $m 7 END */" > "$dir/odd.c"
    git -C "$dir" init -q
    git -C "$dir" add -A
    run "$HVLAB/tools/check-markers" "$dir"
    [ "$status" -eq 1 ]
    echo "$output" | grep -q "^nested.c:2: $m 2 SOLUTION BEGIN nested inside the $m 1 SOLUTION BEGIN at line 1$"
    echo "$output" | grep -q "^open.sh:1: $m 1 BEGIN is never closed$"
    echo "$output" | grep -q "^mislabel.c:3: $m 1 SOLUTION END closes the $m 2 SOLUTION BEGIN at line 1$"
    echo "$output" | grep -q "^odd.c:1: malformed lab marker: /\* $m 1 SOLUTION BEGIN$"
    echo "$output" | grep -q "^odd.c:2: $m 7: there is no lab 7 (labs 1 to 2 have graders)$"
}

@test "every lab branch builds and boots" {
    for n in $LAB_NUMBERS; do
        dir=$(checkout "lab$n")
        make -s -C "$dir" > "$BATS_TEST_TMPDIR/build-$n.log" 2>&1 ||
            { cat "$BATS_TEST_TMPDIR/build-$n.log" >&2; false; }
        log=$BATS_TEST_TMPDIR/boot-$n.log
        run "$dir/tools/run-qemu" --console file --log "$log" --timeout "$(run_timeout)" \
            "$dir/obj/hv/hv.elf" "$dir/obj/guestos/guestos.elf"
        [ "$status" -le 2 ] || { echo "lab$n: run-qemu status $status" >&2; false; }
        assert_log '^hv: hvlab hypervisor starting'
        assert_log '^hv: run ended: status [0-9]'
    done
}

@test "make grade on labN fails lab N's tests" {
    for n in $LAB_NUMBERS; do
        dir=$(checkout "lab$n")
        grade_in "$dir" "$n"
        [ "$status" -ne 0 ]
        [ "$score" -lt "$max" ] || { echo "lab$n scored $score/$max on its stubs" >&2; false; }
        # Failed because the stubs fail, not because the grader did not run.
        ! echo "$output" | grep -q "did not run" || { echo "$output" >&2; false; }
        echo "$output" | grep -q ": FAIL (" 
    done
}

@test "solN gets full marks for labs 1 to N" {
    for n in $LAB_NUMBERS; do
        dir=$(checkout "sol$n")
        grade_in "$dir" $(seq 1 "$n")
        [ "$status" -eq 0 ] && [ "$score" -eq "$max" ] ||
            { echo "sol$n: $score/$max" >&2; echo "$output" >&2; false; }
    done
}

@test "a student's finished lab(N-1) merges labN cleanly and passes the earlier labs" {
    local merged=0
    for n in $LAB_NUMBERS; do
        [ "$n" -gt 1 ] || continue
        dir=$(checkout "lab$((n - 1))")
        finish_lab "$dir" $((n - 1))
        git -C "$dir" merge -q --no-edit "origin/lab$n" ||
            { git -C "$dir" status >&2; false; }
        grep -qx "LAB := $n" "$dir/lab.mk"
        grade_in "$dir" $(seq 1 $((n - 1)))
        [ "$status" -eq 0 ] || { echo "$output" >&2; false; }
        grade_in "$dir" "$n"
        [ "$score" -lt "$max" ]
        merged=$((merged + 1))
    done
    [ "$merged" -gt 0 ] || skip "one lab so far: the made-up two-lab tree below shows the merge"
}

@test "no solution text of lab N or later appears in labN" {
    for n in $LAB_NUMBERS; do
        dir=$(checkout "lab$n")
        run "$HVLAB/tools/check-leaks" "$REF_TREE" "$dir" "$n"
        [ "$status" -eq 0 ] || { echo "$output" >&2; false; }
    done
    # And the check does see solution text where there is some.
    dir=$(checkout sol1)
    run "$HVLAB/tools/check-leaks" "$REF_TREE" "$dir" 1
    [ "$status" -eq 1 ]
    echo "$output" | grep -q '^hv/frame.c:[0-9]*: lab 1 solution text: '
}

# A reference with two labs, three files and every kind of marker.
make_two_lab_reference() {
    local ref=$1 m=LAB
    mkdir -p "$ref/grading" "$ref/src" "$ref/handouts"
    touch "$ref/grading/lab1.bats" "$ref/grading/lab2.bats"
    printf '%s\n' "int core(void)" "{" \
        "    /* $m 1 SOLUTION BEGIN: return -1; */" \
        "    return 1; /* the lab one solution of core */" \
        "    /* $m 1 SOLUTION END */" "}" \
        "/* $m 2 BEGIN */" "int helper_added_in_lab2(void) { return 2; }" "/* $m 2 END */" \
        > "$ref/src/core.c"
    printf '%s\n' "/* $m 2 FILE */" "int later(void)" "{" \
        "    /* $m 2 SOLUTION BEGIN: return -2; */" \
        "    return 22; /* the lab two solution of later */" \
        "    /* $m 2 SOLUTION END */" "}" > "$ref/src/later.c"
    printf '%s\n' "<!-- $m 2 FILE -->" "# Lab 2" > "$ref/handouts/lab2.md"
    printf '%s\n' "all:" "# $m 1 SOLUTION BEGIN: exit 1" "echo built # lab one build step" \
        "# $m 1 SOLUTION END" > "$ref/build.sh"
    git -C "$ref" init -q
    git -C "$ref" add -A
    git -C "$ref" -c user.name=ref -c user.email=ref@hvlab.invalid commit -qm reference
}

@test "two labs: lab2 sits on lab1, keeps its stubs, adds lab 2, leaks nothing" {
    local ref=$BATS_TEST_TMPDIR/ref2 out=$BATS_TEST_TMPDIR/labs2 m=LAB
    make_two_lab_reference "$ref"
    run "$HVLAB/tools/mklabs" --from "$ref" "$out"
    [ "$status" -eq 0 ] || { echo "$output" >&2; false; }

    [ "$(git -C "$out" rev-parse lab2^)" = "$(git -C "$out" rev-parse lab1)" ]
    [ "$(git -C "$out" rev-parse sol2^)" = "$(git -C "$out" rev-parse sol1)" ]
    show() { git -C "$out" show "$1:$2"; }
    # bash ignores a failing "! cmd" under errexit: these return instead.
    lacks() { ! show "$1" "$2" | grep -q "$3"; }
    absent() { ! show "$1" "$2" > /dev/null 2>&1; }

    show lab1 src/core.c | grep -qx "    /\* $m 1: your code here \*/"
    show lab1 src/core.c | grep -qx "    return -1;"
    lacks lab1 src/core.c "lab one solution\|helper_added_in_lab2"
    absent lab1 src/later.c
    absent lab1 handouts/lab2.md
    show lab1 lab.mk | grep -qx "LAB := 1"
    show lab1 build.sh | grep -qx "# $m 1: your code here"
    show lab1 build.sh | grep -qx "exit 1"

    # lab2 leaves lab 1's stub exactly as lab1 had it.
    [ "$(show lab2 src/core.c | sed -n 3,4p)" = "$(show lab1 src/core.c | sed -n 3,4p)" ]
    show lab2 src/core.c | grep -q helper_added_in_lab2
    show lab2 src/later.c | grep -qx "    return -2;"
    lacks lab2 src/later.c "$m 2 FILE"
    show lab2 lab.mk | grep -qx "LAB := 2"

    show sol1 src/core.c | grep -q "lab one solution"
    lacks sol1 src/core.c helper_added_in_lab2
    show sol2 src/later.c | grep -q "lab two solution"

    mkdir "$BATS_TEST_TMPDIR/ref2-tree"
    git -C "$ref" archive HEAD | tar -x -C "$BATS_TEST_TMPDIR/ref2-tree"
    for n in 1 2; do
        git -C "$out" checkout -q "lab$n"
        run "$HVLAB/tools/check-leaks" "$BATS_TEST_TMPDIR/ref2-tree" "$out" "$n"
        [ "$status" -eq 0 ] || { echo "lab$n: $output" >&2; false; }
    done
}

@test "two labs: a student's own lab 1 code survives the merge of lab2" {
    local ref=$BATS_TEST_TMPDIR/ref2 out=$BATS_TEST_TMPDIR/labs2 work=$BATS_TEST_TMPDIR/student
    make_two_lab_reference "$ref"
    "$HVLAB/tools/mklabs" --from "$ref" "$out" > /dev/null 2>&1
    git clone -q "$out" "$work"
    git -C "$work" checkout -q lab1
    sed -i 's|^    return -1;$|    return 7; /* my own core */|' "$work/src/core.c"
    git -C "$work" -c user.name=s -c user.email=s@hvlab.invalid commit -qam "my lab 1"
    git -C "$work" -c user.name=s -c user.email=s@hvlab.invalid merge -q --no-edit origin/lab2
    grep -q "my own core" "$work/src/core.c"
    grep -q helper_added_in_lab2 "$work/src/core.c"
    grep -qx "    return -2;" "$work/src/later.c"
    grep -qx "LAB := 2" "$work/lab.mk"
}
