#!/usr/bin/env bats
# labs.bats - make check-labs: the lab machinery, proved on this tree's
# own labs (tools/mklabs into two temporary repositories, the students'
# and the instructors') and on a small made-up reference with two labs.
#
# For every lab N:
#   labN builds and boots, and make grade on it fails lab N's tests (one
#   build); solN gets full marks for lab N, and the last solN (the whole
#   reference) for every lab; a student's finished lab(N-1) takes labN
#   by the handouts' own merge recipe, cleanly, and still passes lab N-1.
# And the student repository holds lab branches only, with no solution
# text in any of its objects, reachable or not.
# Each invariant grades only the labs it needs, so that the work grows
# with the number of labs, not with its square.

load helpers

setup_file() {
    export LABS_DIR=$BATS_FILE_TMPDIR/labs
    export REF_TREE=$BATS_FILE_TMPDIR/ref
    "$HVLAB/tools/mklabs" --from "$HVLAB" "$LABS_DIR" > /dev/null 2>&1
    mkdir "$REF_TREE"
    git -C "$HVLAB" archive HEAD | tar -x -C "$REF_TREE"
    LAB_NUMBERS=$(ls "$HVLAB/grading" | sed -n 's/^lab\([0-9]*\)\.bats$/\1/p' | sort -n | tr '\n' ' ')
    export LAB_NUMBERS
}

# A working copy of branch $1: lab branches cloned from the student
# repository, as a student gets them; solN from the instructors'.
checkout() {
    local dir=$BATS_TEST_TMPDIR/$1 repo=$LABS_DIR/student
    case "$1" in sol*) repo=$LABS_DIR/instructor ;; esac
    git clone -q "$repo" "$dir"
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

# The student finishes lab $2 in $1, on their branch lab$2: their code is
# the solution's (fetched from the instructors' repository).
finish_lab() {
    git -C "$1" fetch -q "$LABS_DIR/instructor" "sol$2"
    git -C "$1" checkout -q FETCH_HEAD -- .
    git -C "$1" commit -qam "my lab $2"
}

# The merge recipe of handouts/lab$1.md (a ```sh block with "git merge"),
# with lab$1 written labN and lab$(($1 - 1)) labM.
recipe_of() {
    awk '/^```sh$/ { block = ""; on = 1; next }
         on && /^```$/ { on = 0; if (block ~ /git merge/) { printf "%s", block; exit } next }
         on { block = block $0 "\n" }' "$HVLAB/handouts/lab$1.md" |
        sed -e "s/lab$1\b/labN/g" -e "s/lab$(($1 - 1))\b/labM/g"
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

@test "the student repository: lab branches and their tags only, no solution text in any object" {
    local student=$LABS_DIR/student n refs
    refs=$(git -C "$student" for-each-ref --format='%(refname)' | sort | tr '\n' ' ')
    expected=$(for n in $LAB_NUMBERS; do echo "refs/heads/lab$n"; echo "refs/tags/lab$n-start"; done | sort | tr '\n' ' ')
    [ "$refs" = "$expected" ] || { echo "refs: $refs" >&2; echo "expected: $expected" >&2; false; }
    run "$HVLAB/tools/check-leaks" --repo "$REF_TREE" "$student" 1
    [ "$status" -eq 0 ] || { echo "$output" >&2; false; }
    # A clone shows students nothing else.
    dir=$(checkout lab1)
    [ -z "$(git -C "$dir" branch -a | grep -v 'lab[0-9]*$\|origin/HEAD')" ] || { git -C "$dir" branch -a >&2; false; }
    # The check reads unreachable objects too: a solution left dangling
    # (a deleted branch, a dropped stash) is found by its content.
    git clone -q --bare "$student" "$BATS_TEST_TMPDIR/leaky.git"
    git -C "$LABS_DIR/instructor" show sol1:hv/frame.c | git -C "$BATS_TEST_TMPDIR/leaky.git" hash-object -w --stdin > /dev/null
    run "$HVLAB/tools/check-leaks" --repo "$REF_TREE" "$BATS_TEST_TMPDIR/leaky.git" 1
    [ "$status" -eq 1 ]
    echo "$output" | grep -q '^[0-9a-f]\{40\}:[0-9]*: lab 1 solution text: '
    # And it names a solution branch.
    run "$HVLAB/tools/check-leaks" --repo "$REF_TREE" "$LABS_DIR/instructor" 1
    [ "$status" -eq 1 ]
    echo "$output" | grep -qx 'ref: not a lab branch or tag: refs/heads/sol1'
    echo "$output" | grep -qx 'reflog: not a lab branch: refs/heads/sol1'
}

@test "the instructor repository: lab and solution branches, and the instructor material on solN only" {
    local instructor=$LABS_DIR/instructor n
    for n in $LAB_NUMBERS; do
        [ "$(git -C "$instructor" rev-parse "lab$n^{tree}")" = "$(git -C "$LABS_DIR/student" rev-parse "lab$n^{tree}")" ]
        git -C "$instructor" rev-parse -q --verify "sol$n" > /dev/null
        ! git -C "$instructor" ls-tree -r --name-only "lab$n" | grep -q '^instructor/'
    done
    git -C "$instructor" ls-tree -r --name-only "sol$n" | grep -q '^instructor/check-graders$'
}

@test "labN builds, boots and fails lab N's tests; solN gets full marks for lab N, the last for every lab" {
    local last=${LAB_NUMBERS% }
    last=${last##* }
    for n in $LAB_NUMBERS; do
        dir=$(checkout "lab$n")
        # make grade cleans and builds: the boot below uses its build. A
        # stub that loses an event leaves a run waiting forever: each boot
        # gets 15 s (a right one takes a few), not the usual 90.
        BOOT_TIMEOUT=15 grade_in "$dir" "$n"
        [ "$status" -ne 0 ]
        [ "$score" -lt "$max" ] || { echo "lab$n scored $score/$max on its stubs" >&2; false; }
        # Failed because the stubs fail, not because the grader did not run.
        ! echo "$output" | grep -q "did not run\|build: FAIL" || { echo "$output" >&2; false; }
        echo "$output" | grep -q ": FAIL ("
        # Below full marks: a non-zero status, the score last, no make error.
        [ "$(echo "$output" | tail -n 1)" = "Score: $score/$max" ]
        ! echo "$output" | grep -q 'make: \*\*\*' || { echo "$output" >&2; false; }
        log=$BATS_TEST_TMPDIR/boot-$n.log
        run "$dir/tools/run-qemu" --console file --log "$log" --timeout "$(run_timeout)" \
            "$dir/obj/hv/hv.elf" "$dir/obj/guestos/guestos.elf"
        [ "$status" -le 2 ] || { echo "lab$n: run-qemu status $status" >&2; false; }
        assert_log '^hv: hvlab hypervisor starting'
        assert_log '^hv: run ended: status [0-9]'
        # Its README describes this branch and names only what is on it.
        grep -qx "# hvlab, lab $n" "$dir/README.md"
        ! grep -qi 'reference\|every lab\|instructor\|sol[0-9N]' "$dir/README.md" ||
            { grep -ni 'reference\|every lab\|instructor\|sol[0-9N]' "$dir/README.md" >&2; false; }
        (cd "$dir" && tools/check-handouts README.md) >&2
        [ ! -e "$dir/labs" ] && [ ! -e "$dir/instructor" ]

        dir=$(checkout "sol$n")
        if [ "$n" = "$last" ]; then grade_in "$dir" $LAB_NUMBERS; else grade_in "$dir" "$n"; fi
        [ "$status" -eq 0 ] && [ "$score" -eq "$max" ] ||
            { echo "sol$n: $score/$max" >&2; echo "$output" >&2; false; }
    done
}

@test "every handout from lab 2 on gives the same merge recipe" {
    local first="" n
    for n in $LAB_NUMBERS; do
        [ "$n" -gt 1 ] || continue
        recipe=$(recipe_of "$n")
        [ -n "$recipe" ] || { echo "handouts/lab$n.md has no \`\`\`sh block with git merge" >&2; false; }
        [ -n "$first" ] || first=$recipe
        [ "$recipe" = "$first" ] || { printf 'lab %s:\n%s\nlab 2:\n%s\n' "$n" "$recipe" "$first" >&2; false; }
    done
}

@test "a student's finished lab(N-1) takes labN by the handout's recipe: clean, on branch labN, still passing lab N-1" {
    local merged=0
    for n in $LAB_NUMBERS; do
        [ "$n" -gt 1 ] || continue
        dir=$(checkout "lab$((n - 1))")
        finish_lab "$dir" $((n - 1))
        recipe=$(recipe_of "$n" | sed -e "s/labN/lab$n/g" -e "s/labM/lab$((n - 1))/g")
        (cd "$dir" && sh -e -c "$recipe") > "$BATS_TEST_TMPDIR/merge.log" 2>&1 ||
            { cat "$BATS_TEST_TMPDIR/merge.log" >&2; git -C "$dir" status >&2; false; }
        [ "$(git -C "$dir" symbolic-ref --short HEAD)" = "lab$n" ]
        grep -qx "LAB := $n" "$dir/lab.mk"
        grep -q "my lab $((n - 1))" <(git -C "$dir" log --format=%s)
        grade_in "$dir" $((n - 1))
        [ "$status" -eq 0 ] || { echo "$output" >&2; false; }
        merged=$((merged + 1))
    done
    [ "$merged" -gt 0 ] || skip "one lab so far: the made-up two-lab tree below shows the merge"
}

@test "no solution text of lab N or later appears in labN" {
    for n in $LAB_NUMBERS; do
        dir=$BATS_TEST_TMPDIR/tree-$n
        mkdir "$dir"
        git -C "$LABS_DIR/student" archive "lab$n" | tar -x -C "$dir"
        run "$HVLAB/tools/check-leaks" "$REF_TREE" "$dir" "$n"
        [ "$status" -eq 0 ] || { echo "$output" >&2; false; }
    done
    # And the check does see solution text where there is some.
    dir=$BATS_TEST_TMPDIR/sol1
    mkdir "$dir"
    git -C "$LABS_DIR/instructor" archive sol1 | tar -x -C "$dir"
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
    # The students' repository: no solution branch, no solution anywhere.
    mkdir "$BATS_TEST_TMPDIR/ref2-tree"
    git -C "$ref" archive HEAD | tar -x -C "$BATS_TEST_TMPDIR/ref2-tree"
    run "$HVLAB/tools/check-leaks" --repo "$BATS_TEST_TMPDIR/ref2-tree" "$out/student" 1
    [ "$status" -eq 0 ] || { echo "$output" >&2; false; }
    git -C "$out/instructor" cat-file -e sol2:src/later.c
    out=$out/instructor

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
    git clone -q "$out/student" "$work"
    git -C "$work" checkout -q lab1
    sed -i 's|^    return -1;$|    return 7; /* my own core */|' "$work/src/core.c"
    git -C "$work" -c user.name=s -c user.email=s@hvlab.invalid commit -qam "my lab 1"
    git -C "$work" -c user.name=s -c user.email=s@hvlab.invalid merge -q --no-edit origin/lab2
    grep -q "my own core" "$work/src/core.c"
    grep -q helper_added_in_lab2 "$work/src/core.c"
    grep -qx "    return -2;" "$work/src/later.c"
    grep -qx "LAB := 2" "$work/lab.mk"
}

@test "make grade T=word: a word that matches no test says so, and lists the tests" {
    run make -s -C "$HVLAB" grade LAB=1 T=no-such-test
    [ "$status" -ne 0 ]
    echo "$output" | grep -qx "grade: T=no-such-test matches no test of lab(s) 1; their tests are:"
    echo "$output" | grep -qx "  the hypervisor boots and ends the run by itself"
    ! echo "$output" | grep -q 'Score: \|make: \*\*\*'
}
