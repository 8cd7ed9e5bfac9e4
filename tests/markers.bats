#!/usr/bin/env bats
# markers.bats - the lab marker checker's rules for C (tools/labmarkers.awk):
# a region holds whole statements, declarations, table rows or functions,
# so every generated branch is a clean program; and a later lab's new code
# may nest inside an earlier lab's (a row added to its table), which the
# branches then keep or drop as a whole. The markers are spelled through
# $m so that this file holds none.

load helpers

# check FILE.c LINES...: runs the checker on one C file made of LINES,
# in a tree with graders for labs 1 to 4.
check() {
    local dir=$BATS_TEST_TMPDIR/tree file=$1
    shift
    mkdir -p "$dir/grading"
    touch "$dir/grading/lab1.bats" "$dir/grading/lab2.bats" "$dir/grading/lab3.bats" \
        "$dir/grading/lab4.bats"
    printf '%s\n' "$@" > "$dir/$file"
    git -C "$dir" init -q
    git -C "$dir" add -A
    run "$HVLAB/tools/check-markers" "$dir"
}

@test "markers: a region that splits a block, an else-if chain or an expression is refused" {
    local m=LAB
    check split.c "int f(int x)" "{" "    if (x) {" "    /* $m 2 BEGIN */" "        x++;" "    }" \
        "    /* $m 2 END */" "    return x;" "}"
    [ "$status" -eq 1 ]
    echo "$output" | grep -q "^split.c:6: the region that starts at line 4 closes a brace or parenthesis it did not open$"

    check open.c "int f(int x)" "{" "    /* $m 2 BEGIN */" "    if (x) {" "    /* $m 2 END */" \
        "        x++;" "    }" "    return x;" "}"
    [ "$status" -eq 1 ]
    echo "$output" | grep -q "^open.c:5: the region that starts at line 3 leaves a brace or parenthesis open$"

    check chain.c "int f(int x)" "{" "    if (x == 1)" "        x = 2;" "    /* $m 3 BEGIN */" \
        "    else if (x == 3)" "        x = 4;" "    /* $m 3 END */" "    return x;" "}"
    [ "$status" -eq 1 ]
    echo "$output" | grep -q "^chain.c:6: the region starts with else: it cuts an if-else chain$"

    check after.c "int f(int x)" "{" "    /* $m 3 BEGIN */" "    if (x == 3)" "        x = 4;" \
        "    /* $m 3 END */" "    else" "        x = 5;" "    return x;" "}"
    [ "$status" -eq 1 ]
    echo "$output" | grep -q "^after.c:7: an else right after a region: the region cuts an if-else chain$"

    check concat.c 'static const char s[] = "a"' "    /* $m 2 BEGIN */" '    ", b"' \
        "    /* $m 2 END */" "    ;"
    [ "$status" -eq 1 ]
    echo "$output" | grep -q '^concat.c:2: the region starts inside an expression: the line before it ends "static const char s\[\] = """$'
    echo "$output" | grep -q '^concat.c:4: the region ends inside an expression: its last line ends """"$'
}

@test "markers: whole statements, rows and functions pass, braces in strings and comments do not count" {
    local m=LAB
    check good.c "static const int table[] = {" "    1," "    /* $m 2 BEGIN */" "    2," \
        "    /* $m 2 END */" "};" "" "/* $m 3 BEGIN */" "static int g(int x)" "{" \
        '    const char *s = "}{(";' "    /* a ) comment { */" "    switch (x) {" "    case 1:" \
        "        return 1;" "    /* $m 4 BEGIN */" "    case 4:" "        return 4;" \
        "    /* $m 4 END */" "    }" "    /* $m 3 SOLUTION BEGIN: return 0; */" \
        "    return x + (s[0] == '}');" "    /* $m 3 SOLUTION END */" "}" "/* $m 3 END */"
    echo "$output"
    [ "$status" -eq 0 ]
}

@test "markers: a later lab's code nested in an earlier lab's is kept from that lab on" {
    local m=LAB out=$BATS_TEST_TMPDIR/out.c
    printf '%s\n' "/* $m 2 BEGIN */" "two;" "/* $m 4 BEGIN */" "four;" "/* $m 4 END */" \
        "two_again;" "/* $m 2 END */" > "$BATS_TEST_TMPDIR/in.c"
    awk -v mode=lab -v lab=1 -f "$HVLAB/tools/labmarkers.awk" "$BATS_TEST_TMPDIR/in.c" > "$out"
    [ ! -s "$out" ]
    awk -v mode=lab -v lab=3 -f "$HVLAB/tools/labmarkers.awk" "$BATS_TEST_TMPDIR/in.c" > "$out"
    [ "$(cat "$out")" = "$(printf '%s\n' 'two;' 'two_again;')" ]
    awk -v mode=sol -v lab=4 -f "$HVLAB/tools/labmarkers.awk" "$BATS_TEST_TMPDIR/in.c" > "$out"
    [ "$(cat "$out")" = "$(printf '%s\n' 'two;' 'four;' 'two_again;')" ]

    # An earlier lab's code inside a later lab's is refused.
    check inverted.c "/* $m 3 BEGIN */" "x;" "/* $m 2 BEGIN */" "y;" "/* $m 2 END */" "/* $m 3 END */"
    [ "$status" -eq 1 ]
    echo "$output" | grep -q "^inverted.c:3: $m 2 BEGIN nested inside the $m 3 BEGIN at line 1$"
}
