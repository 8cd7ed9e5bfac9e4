#!/usr/bin/env bats
# gradescope.bats - the Gradescope autograder (grading/make-gradescope):
# the zip is unpacked into a stand-in for /autograder, as Gradescope does,
# and run_autograder grades a submission in it. results.json must always
# be valid JSON in Gradescope's format: full marks for the solution, 10
# for the stubs, 0 with an explanation for a submission that is broken.

load helpers

setup_file() {
    "$HVLAB/tools/mklabs" "$BATS_FILE_TMPDIR/labs" > /dev/null 2>&1
    "$HVLAB/grading/make-gradescope" --lab 1 "$BATS_FILE_TMPDIR/autograder.zip" > /dev/null
}

# prepare BRANCH|-: a fresh /autograder, from the zip as Gradescope unpacks
# it, with the files of the student repository's BRANCH (- for none) as
# the submission.
prepare() {
    root=$BATS_TEST_TMPDIR/autograder
    json=$root/results/results.json
    mkdir -p "$root/source" "$root/submission" "$BATS_TEST_TMPDIR/tmp"
    unzip -q "$BATS_FILE_TMPDIR/autograder.zip" -d "$root/source"
    cp "$root/source/run_autograder" "$root/run_autograder"
    [ "$1" = - ] || git -C "$BATS_FILE_TMPDIR/labs/instructor" archive "$1" | tar -x -C "$root/submission"
}

# Runs the autograder, as Gradescope would.
autograde() {
    AUTOGRADER_ROOT=$root TMPDIR=$BATS_TEST_TMPDIR/tmp run "$root/run_autograder"
}

# Fails, saying where, unless file $1 is one valid JSON value.
assert_json() {
    LC_ALL=C awk '
        function fail(what) { printf "invalid JSON at byte %d: %s\n", pos, what; exit 1 }
        function at() { return substr(s, pos, 1) }
        function space() { while (pos <= len && index(" \t\n\r", at())) pos++ }
        function value(   c) {
            space()
            c = at()
            if (c == "{") members("}")
            else if (c == "[") members("]")
            else if (c == "\"") string()
            else if (match(substr(s, pos, 40), /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) pos += RLENGTH
            else if (substr(s, pos, 4) == "true" || substr(s, pos, 4) == "null") pos += 4
            else if (substr(s, pos, 5) == "false") pos += 5
            else fail("no value")
        }
        function members(end,   c) {
            pos++
            space()
            if (at() == end) { pos++; return }
            for (;;) {
                if (end == "}") {
                    space()
                    if (at() != "\"") fail("no key")
                    string()
                    space()
                    if (at() != ":") fail("no colon")
                    pos++
                }
                value()
                space()
                c = at()
                pos++
                if (c == end) return
                if (c != ",") fail("no comma")
            }
        }
        function string(   c) {
            for (pos++; pos <= len; pos++) {
                c = at()
                if (c == "\"") { pos++; return }
                if (c < " ") fail("control character in a string")
                if (c == "\\") {
                    pos++
                    if (at() == "u" && substr(s, pos + 1, 4) ~ /^[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]$/) pos += 4
                    else if (!index("\"\\/bfnrt", at())) fail("bad escape")
                }
            }
            fail("unterminated string")
        }
        { s = s $0 "\n" }
        END {
            len = length(s)
            pos = 1
            value()
            space()
            if (pos <= len) fail("text after the value")
        }' "$1"
}

# The top-level score, and the tests as "name|score|max_score|status"
# lines (run_autograder writes one test per line).
json_score() {
    sed -n 's/^  "score": \([0-9]*\),$/\1/p' "$json"
}
json_tests() {
    sed -n 's/^    {"name": "\(.*\)", "score": \([0-9]*\), "max_score": \([0-9]*\), "status": "\([a-z]*\)", .*/\1|\2|\3|\4/p' "$json"
}

@test "gradescope: the zip has setup.sh and run_autograder at its root, and setup.sh runs" {
    run unzip -Z1 "$BATS_FILE_TMPDIR/autograder.zip"
    grep -qx setup.sh <<< "$output"
    grep -qx run_autograder <<< "$output"
    grep -qx reference/grading/lab1.bats <<< "$output"
    grep -qx reference/lab.mk <<< "$output"
    mkdir "$BATS_TEST_TMPDIR/source"
    unzip -q "$BATS_FILE_TMPDIR/autograder.zip" -d "$BATS_TEST_TMPDIR/source"
    [ -x "$BATS_TEST_TMPDIR/source/run_autograder" ]
    grep -qx 'LAB := 1' "$BATS_TEST_TMPDIR/source/reference/lab.mk"
    # Everything is installed here already (.ci/run saw to it): a no-op.
    run bash "$BATS_TEST_TMPDIR/source/setup.sh"
    [ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "gradescope: the solution gets 100, with an entry per test" {
    prepare sol1
    autograde
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    assert_json "$json"
    [ "$(json_score)" = 100 ]
    [ "$(json_tests | wc -l)" -eq 8 ]
    json_tests | grep -qx 'the hypervisor boots and ends the run by itself|10|10|passed'
    json_tests | grep -qx "start_info: dom0's first lines say what it was given (exercise 6)|15|15|passed"
    [ "$(json_tests | grep -c '|passed$')" -eq 8 ]
    grep -q '"visibility": "visible"' "$json"
    grep -q '^  "output": "Lab 1: 100/100\\n' "$json"
    if command -v jq > /dev/null; then
        jq -e '.score == 100 and (.tests | length) == 8 and
            all(.tests[]; has("name") and has("output") and .status == "passed" and .score == .max_score)' "$json"
    fi
}

@test "gradescope: the stubs get 10, and a failed test shows why" {
    prepare lab1
    autograde
    assert_json "$json"
    [ "$(json_score)" = 10 ]
    json_tests | grep -qx 'the hypervisor boots and ends the run by itself|10|10|passed'
    json_tests | grep -q '^backtrace: a panic names the functions on the stack (exercise 1)|0|10|failed$'
    grep -q '"name": "backtrace: .*"output": "FAIL ([0-9.]*s)  0/10\\n.*expected' "$json"
}

@test "gradescope: a broken submission still gets valid JSON, score 0 and why" {
    prepare lab1
    echo 'int broken(void) { return 0 }' >> "$root/submission/hv/init.c"
    autograde
    assert_json "$json"
    [ "$(json_score)" = 0 ]
    grep -q '^  "output": "Lab 1: 0/100 (build failed: the score is 0' "$json"
    [ "$(json_tests | grep -c '|0|[0-9]*|failed$')" -eq 8 ]
}

@test "gradescope: an empty submission, or a broken autograder, still gets valid JSON" {
    prepare -
    autograde
    assert_json "$json"
    [ "$(json_score)" = 0 ]
    grep -q 'cannot unpack' "$json"
    rm "$root/source/reference/grading/grade-all"
    autograde
    assert_json "$json"
    grep -q '^{"score": 0, "output": "The autograder could not grade this submission' "$json"
}
