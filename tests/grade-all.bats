#!/usr/bin/env bats
# grade-all.bats - grading a class with grading/grade-all: a batch of
# submissions, good and bad, graded in parallel into one gradebook. The
# bad ones (a hypervisor that never ends, a build that fails, one that
# deletes files, one that rewrites the tests, one that prints garbage)
# must score 0 without touching anyone else's row. Every destructive
# command here runs inside this file's temporary directory.

load helpers

# Each submission's name says what it does; the one that never ends comes
# first, so that it runs while the others are graded.
setup_file() {
    local repo=$BATS_FILE_TMPDIR/repo subs=$BATS_FILE_TMPDIR/subs w=$BATS_FILE_TMPDIR/work
    "$HVLAB/tools/mklabs" "$BATS_FILE_TMPDIR/labs" > /dev/null 2>&1
    repo=$BATS_FILE_TMPDIR/labs/instructor # the solutions are there
    mkdir -p "$subs" "$BATS_FILE_TMPDIR/tmp" "$w"
    tree() { mkdir -p "$2" && git -C "$repo" archive "$1" | tar -x -C "$2"; }

    tree sol1 "$subs/ada-spins"
    sed -i 's/^    console_init();$/    console_init();\n    for (;;)\n        ;/' "$subs/ada-spins/hv/init.c"

    git -C "$repo" checkout -q sol1
    git -C "$repo" bundle create -q "$subs/bob.bundle" HEAD sol1
    git -C "$repo" checkout -q lab1

    git -C "$repo" archive --prefix=cat/ lab1 | gzip > "$subs/cat.tar.gz"

    # dan: the layout of `make handin`: branch lab1 holds the solution.
    git clone -q --no-checkout "$repo" "$w/dan"
    git -C "$w/dan" update-ref refs/heads/lab1 refs/remotes/origin/sol1
    mkdir "$w/handin"
    git -C "$w/dan" bundle create -q "$w/handin/lab1.bundle" lab1
    git -C "$w/dan" diff origin/lab1 lab1 > "$w/handin/lab1.diff"
    echo "answers" > "$w/handin/answers-lab1.txt"
    tar -czf "$subs/dan-handin-lab1.tar.gz" -C "$w" handin

    tree lab1 "$subs/eve-deletes"
    printf 'all: vandal\nvandal:\n\t-rm -rf ../../* %s/canary\n' "$BATS_FILE_TMPDIR" >> "$subs/eve-deletes/Makefile"
    echo "keep me" > "$BATS_FILE_TMPDIR/canary"

    tree lab1 "$subs/fay-cheats"
    printf '%s\n' 'all: cheat' 'cheat:' \
        "	-sed -n 's/^@test \\(.*\\) {\$\$/@test \\1 {\\n    true\\n}/p' grading/lab1.bats > cheat.bats" \
        '	-cp cheat.bats grading/lab1.bats' >> "$subs/fay-cheats/Makefile"

    tree lab1 "$subs/gus-broken"
    echo 'int broken(void) { return 0 }' >> "$subs/gus-broken/hv/init.c"

    tree lab1 "$subs/hal-garbage"
    printf '%s\n' 'all: garbage' 'garbage:' \
        "	@head -c 3000000 /dev/urandom; printf 'Score: 100/100\\n1\\tfake\\t10\\t10\\tOK\\t0\\n\"a\",b\\n'; exit 1" \
        >> "$subs/hal-garbage/Makefile"

    echo "not a submission" > "$subs/notes.txt"
    reference_sums > "$BATS_FILE_TMPDIR/reference.sums"
    status=0
    # A right submission grades in under 10 s, even with the machine loaded
    # twice over; ada-spins keeps a core busy until the timeout.
    TMPDIR=$BATS_FILE_TMPDIR/tmp "$HVLAB/grading/grade-all" --lab 1 --jobs 2 --timeout 25 \
        --out "$BATS_FILE_TMPDIR/gradebook.csv" "$subs" > "$BATS_FILE_TMPDIR/output" 2>&1 || status=$?
    echo "$status" > "$BATS_FILE_TMPDIR/status"
}

# Checksums of the reference's files, to see that grading changed none.
reference_sums() {
    (cd "$HVLAB" && find grading tests/helpers.bash tools -type f -exec cksum {} + | sort)
}

# The gradebook row of submission $1, without the submission and lab.
row() {
    sed -n "s/^$1,1,//p" "${2:-$BATS_FILE_TMPDIR/gradebook.csv}"
}

# Fails, showing the batch's output, unless row $1 starts with $2.
assert_row() {
    local got
    got=$(row "$1" "${3:-}")
    case "$got" in
    "$2"*) ;;
    *) echo "row $1: expected '$2...', got '$got'" >&2
       cat "$BATS_FILE_TMPDIR/output" "${3:-$BATS_FILE_TMPDIR/gradebook.csv}" >&2
       return 1 ;;
    esac
}

# The processes whose command line mentions $1.
processes_mentioning() {
    local f
    for f in /proc/[0-9]*/cmdline; do
        case "$(tr '\0' ' ' < "$f" 2> /dev/null)" in
        *"$1"*) echo "${f%/cmdline}: $(tr '\0' ' ' < "$f" 2> /dev/null)" ;;
        esac
    done
}

@test "grade-all: every submission gets one row, and the batch finishes" {
    [ "$(cat "$BATS_FILE_TMPDIR/status")" -eq 0 ] || { cat "$BATS_FILE_TMPDIR/output"; false; }
    head -n 1 "$BATS_FILE_TMPDIR/gradebook.csv" |
        grep -q '^submission,lab,score,max,status,the hypervisor boots and ends the run by itself \[10\],"frames: free memory counted, dom0 built, every frame returned; no double free, no free by a stranger (exercise 2) \[15\]",'
    [ "$(wc -l < "$BATS_FILE_TMPDIR/gradebook.csv")" -eq 9 ]
    cut -d, -f1 "$BATS_FILE_TMPDIR/gradebook.csv" | tail -n +2 | tr '\n' ' ' |
        grep -qx 'ada-spins bob.bundle cat.tar.gz dan-handin-lab1.tar.gz eve-deletes fay-cheats gus-broken hal-garbage '
    grep -q 'skipping notes.txt' "$BATS_FILE_TMPDIR/output"
    grep -q '^  \[8/8\] ' "$BATS_FILE_TMPDIR/output"
    grep -q "^grade-all: 8 submission(s): 2 with full marks, " "$BATS_FILE_TMPDIR/output"
}

@test "grade-all: a bundle, a tarball and a handin archive get their scores" {
    assert_row bob.bundle '100,100,graded,10,15,15,10,15,15,10,10'
    assert_row cat.tar.gz '10,100,graded,10,0,0,0,0,0,0,0'
    assert_row dan-handin-lab1.tar.gz '100,100,graded,'
    grep -q '^  the hypervisor boots and ends the run by itself: OK' "$BATS_FILE_TMPDIR/gradebook.logs/bob.bundle.log"
}

@test "grade-all: a submission that does not build scores 0" {
    assert_row gus-broken '0,100,build failed,'
    grep -q 'error' "$BATS_FILE_TMPDIR/gradebook.logs/gus-broken.log"
}

@test "grade-all: a hypervisor that never ends the run is stopped by --timeout" {
    assert_row ada-spins '0,100,timeout after 25s,'
}

@test "grade-all: garbage output is cut, made printable, and scores nothing" {
    local log=$BATS_FILE_TMPDIR/gradebook.logs/hal-garbage.log
    assert_row hal-garbage '0,100,build failed,'
    [ "$(wc -c < "$log")" -lt 70000 ]
    [ "$(LC_ALL=C grep -c '[^[:print:][:space:]]' "$log" || true)" -eq 0 ]
    grep -q '^\.\.\. ([0-9]* bytes of output cut here) \.\.\.$' "$log"
    grep -q '^build: FAIL' "$log"
    # Every row still has its 13 fields (no field of these has a comma).
    [ "$(tail -n +2 "$BATS_FILE_TMPDIR/gradebook.csv" | awk -F, 'NF != 13' | wc -l)" -eq 0 ]
}

@test "grade-all: deleting files and rewriting the tests harm only the submission itself" {
    assert_row eve-deletes '0,100,'
    # Sandboxed, the rewrite fails and the stubs score 10; unsandboxed, it
    # is caught.
    case "$(row fay-cheats)" in
    10,100,graded,*|"0,100,grading files changed,"*) ;;
    *) echo "fay-cheats: $(row fay-cheats)" >&2; false ;;
    esac
    [ "$(reference_sums)" = "$(cat "$BATS_FILE_TMPDIR/reference.sums")" ]
    [ -f "$BATS_FILE_TMPDIR/subs/eve-deletes/Makefile" ]
    if grep -q 'bubblewrap sandbox' "$BATS_FILE_TMPDIR/output"; then
        [ -f "$BATS_FILE_TMPDIR/canary" ]
    fi
}

@test "grade-all: no process of the batch is left, nor its temporary files" {
    local left
    left=$(processes_mentioning "$BATS_FILE_TMPDIR/tmp/")
    [ -z "$left" ] || { echo "left running: $left" >&2; false; }
    [ -z "$(ls -A "$BATS_FILE_TMPDIR/tmp")" ]
}

@test "grade-all: without the sandbox, a submission's damage stays in its own copy" {
    local subs=$BATS_TEST_TMPDIR/subs out=$BATS_TEST_TMPDIR/gradebook.csv
    mkdir "$subs" "$BATS_TEST_TMPDIR/tmp"
    cp -a "$BATS_FILE_TMPDIR/subs/bob.bundle" "$BATS_FILE_TMPDIR/subs/eve-deletes" \
        "$BATS_FILE_TMPDIR/subs/fay-cheats" "$subs/"
    TMPDIR=$BATS_TEST_TMPDIR/tmp run "$HVLAB/grading/grade-all" --lab 1 --jobs 3 --no-sandbox \
        --timeout 60 --out "$out" "$subs"
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    assert_row bob.bundle '100,100,graded,' "$out"
    assert_row eve-deletes '0,100,' "$out"
    assert_row fay-cheats '0,100,grading files changed,' "$out"
    # The rewritten grader did pass everything: only the check stopped it.
    grep -q "^Score: 100/100\$" "${out%.csv}.logs/fay-cheats.log"
    [ -z "$(processes_mentioning "$BATS_TEST_TMPDIR/tmp/")" ]
}

@test "grade-all: --sshloginfile grades on the machines it names" {
    local ssh=$BATS_TEST_TMPDIR/fake-ssh subs=$BATS_TEST_TMPDIR/subs out=$BATS_TEST_TMPDIR/gradebook.csv
    # A stand-in for ssh that notes the host and runs the command here.
    printf '%s\n' '#!/bin/sh' \
        'while [ $# -gt 0 ]; do case "$1" in -*) shift ;; *) break ;; esac; done' \
        "echo \"\$1\" >> '$BATS_TEST_TMPDIR/hosts'" \
        'shift' '[ "${1:-}" != -- ] || shift' 'exec sh -c "$*"' > "$ssh"
    chmod +x "$ssh"
    echo "1/$ssh far-away" > "$BATS_TEST_TMPDIR/logins"
    mkdir "$subs"
    cp "$BATS_FILE_TMPDIR/subs/cat.tar.gz" "$subs/"
    # No SHELL in the environment, as under some CI runners and cron.
    run env -u SHELL "$HVLAB/grading/grade-all" --lab 1 --sshloginfile "$BATS_TEST_TMPDIR/logins" --out "$out" "$subs"
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    assert_row cat.tar.gz '10,100,graded,' "$out" || { echo "$output"; cat "${out%.csv}.logs/cat.tar.gz.log"; false; }
    grep -qx far-away "$BATS_TEST_TMPDIR/hosts"
}

@test "grade-all: usage errors say what is wrong" {
    run "$HVLAB/grading/grade-all" "$BATS_FILE_TMPDIR/subs"
    [ "$status" -eq 2 ] && [[ "$output" == *"which lab?"* ]]
    run "$HVLAB/grading/grade-all" --lab 99 "$BATS_FILE_TMPDIR/subs"
    [ "$status" -eq 2 ] && [[ "$output" == *"no grader for lab 99"* ]]
    run "$HVLAB/grading/grade-all" --lab 1 "$BATS_TEST_TMPDIR/nowhere"
    [ "$status" -eq 2 ] && [[ "$output" == *"is not a directory"* ]]
    run "$HVLAB/grading/grade-all" --reference-files
    [ "$status" -eq 0 ]
    for f in grading/grade grading/lab1.bats tests/helpers.bash tools/run-qemu tools/mksymtab; do
        grep -qx "$f" <<< "$output"
    done
}
