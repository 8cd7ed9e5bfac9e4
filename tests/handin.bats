#!/usr/bin/env bats
# handin.bats - make handin on a student's lab branch: it refuses, saying
# why, until the work is committed on the right branch with its answers,
# then writes an archive with the commits, the diff and the answers.

load helpers

# The repositories once; each test works in a clone of its own.
setup_file() {
    "$HVLAB/tools/mklabs" --from "$HVLAB" "$BATS_FILE_TMPDIR/labs" > /dev/null 2>&1
}

setup() {
    work=$BATS_TEST_TMPDIR/student
    git clone -q "$BATS_FILE_TMPDIR/labs/student" "$work"
    git -C "$work" checkout -q lab1
    git -C "$work" config user.name "A. Student"
    git -C "$work" config user.email "student@hvlab.invalid"
}

@test "handin refuses without answers, with uncommitted work, and on the wrong branch" {
    run make -s -C "$work" handin
    [ "$status" -ne 0 ]
    echo "$output" | grep -q "answers-lab1.txt is missing or empty"

    echo "1. Because ring 1 ..." > "$work/answers-lab1.txt"
    run make -s -C "$work" handin
    [ "$status" -ne 0 ]
    echo "$output" | grep -q "answers-lab1.txt is not committed"

    git -C "$work" add answers-lab1.txt
    git -C "$work" commit -qm answers
    echo "/* half done */" >> "$work/hv/frame.c"
    run make -s -C "$work" handin
    [ "$status" -ne 0 ]
    echo "$output" | grep -q "you have uncommitted changes"
    git -C "$work" checkout -q -- hv/frame.c

    git -C "$work" checkout -q -b experiment
    run make -s -C "$work" handin
    [ "$status" -ne 0 ]
    echo "$output" | grep -q "you are on branch experiment; lab 1 is handed in from branch lab1"
}

@test "handin archives the commits, the diff against the handed-out lab, and the answers" {
    echo "1. Because ring 1 ..." > "$work/answers-lab1.txt"
    sed -i 's|^    return INVALID_MFN;$|    return INVALID_MFN; /* my allocator, soon */|' "$work/hv/frame.c"
    git -C "$work" add -A
    git -C "$work" commit -qm "my lab 1"
    run make -s -C "$work" handin
    [ "$status" -eq 0 ] || { echo "$output" >&2; false; }
    echo "$output" | grep -q "wrote handin-lab1.tar.gz: 1 commit(s) since lab1-start, 2 file(s) changed"

    mkdir "$BATS_TEST_TMPDIR/out"
    tar -xzf "$work/handin-lab1.tar.gz" -C "$BATS_TEST_TMPDIR/out"
    grep -q "my allocator, soon" "$BATS_TEST_TMPDIR/out/handin/lab1.diff"
    grep -q "Because ring 1" "$BATS_TEST_TMPDIR/out/handin/answers-lab1.txt"
    git clone -q -b lab1 "$BATS_TEST_TMPDIR/out/handin/lab1.bundle" "$BATS_TEST_TMPDIR/graded"
    grep -q "my allocator, soon" "$BATS_TEST_TMPDIR/graded/hv/frame.c"
}
