# labmarkers.awk - reads the lab markers in one file of the reference tree.
#
#   awk -v mode=check -v maxlab=N -f tools/labmarkers.awk FILE
#       prints one "FILE:LINE: problem" line per malformed, nested,
#       unterminated or mislabelled marker (nothing when all is well)
#   awk -v mode=lab -v lab=N -f tools/labmarkers.awk FILE
#   awk -v mode=sol -v lab=N -f tools/labmarkers.awk FILE
#       prints the file as it is on branch labN (stubs) or solN (solutions)
#   awk -v mode=split -v lab=N -f tools/labmarkers.awk FILE
#       prints each line, without its indentation, after "S " if it is
#       solution text of lab N or later and "O " otherwise (check-leaks)
#
# A marker is a line of its own: optional indentation, a comment opener of
# the file's language ("/* ", "# ", "// " or "<!-- "), a body, and the
# matching closer (" */", " -->") where the opener needs one. The bodies:
#
#   LAB n SOLUTION BEGIN[: stub]   the solution of an exercise of lab n,
#   LAB n SOLUTION END             up to this line
#       labK, K >= n: the region becomes "LAB n: your code here" and the
#                     stub (a line of code: the safe failing return);
#       solK, K >= n: the solution, without the marker lines;
#       K < n:        nothing at all.
#   LAB n BEGIN                    code lab n adds that is not an exercise
#   LAB n END                      (kept from lab n on, absent before)
#   LAB n FILE                     in a file's first 10 lines: the whole
#                                  file belongs to lab n (tools/mklabs)
#
# Regions nest in two ways only: a lab's new code (LAB n BEGIN) may hold
# the new code of a later lab (LAB m BEGIN, m > n: a row that lab m adds
# to a table of lab n's, a case to its switch), and solution regions of
# its own lab or a later one (an exercise in a function lab n adds).
# Nothing nests inside a solution region. Any line that looks like a
# marker body ("LAB", a number, then SOLUTION, BEGIN, END or FILE) must be
# a well-formed one.
#
# In C (.c and .h files) a region must also leave a clean program on
# every branch, so it holds whole statements, declarations, table rows or
# functions: it may not close a brace or parenthesis it did not open, nor
# leave one open; it may not start with "else" or be followed by one (an
# else-if chain cut in two); and the code just before it and its own last
# line must each end where a region can: ";", "{", "}", ",", ":", a
# comment or a preprocessor line (not inside an expression, such as a
# string concatenated across it).

function problem(msg) {
    printf "%s:%d: %s\n", FILENAME, FNR, msg
    problems++
}

# Splits the current line into m_kind ("SOLUTION BEGIN", "SOLUTION END",
# "BEGIN", "END", "FILE", or "" when malformed), m_lab, m_stub, m_indent,
# m_open and m_close.
function parse(    rest, body) {
    m_kind = ""; m_lab = 0; m_stub = ""; m_open = ""; m_close = ""
    match($0, /^[ \t]*/)
    m_indent = substr($0, 1, RLENGTH)
    rest = substr($0, RLENGTH + 1)
    if (rest ~ /^\/\* .* \*\/$/) {
        m_open = "/*"; m_close = " */"; body = substr(rest, 4, length(rest) - 6)
    } else if (rest ~ /^<!-- .* -->$/) {
        m_open = "<!--"; m_close = " -->"; body = substr(rest, 6, length(rest) - 9)
    } else if (rest ~ /^# /) {
        m_open = "#"; body = substr(rest, 3)
    } else if (rest ~ /^\/\/ /) {
        m_open = "//"; body = substr(rest, 4)
    } else {
        return
    }
    split(body, words, " ")
    if (body ~ /^LAB [1-9][0-9]* SOLUTION BEGIN(: .+)?$/) {
        m_kind = "SOLUTION BEGIN"
        if (body ~ /: /)
            m_stub = substr(body, index(body, ": ") + 2)
    } else if (body ~ /^LAB [1-9][0-9]* SOLUTION END$/) {
        m_kind = "SOLUTION END"
    } else if (body ~ /^LAB [1-9][0-9]* (BEGIN|END|FILE)$/) {
        m_kind = words[3]
    } else {
        return
    }
    m_lab = words[2] + 0
}

function is_marker_like() {
    return $0 ~ /LAB [0-9]+ (SOLUTION|BEGIN|END|FILE)/
}

BEGIN {
    top = 0; nbegin = 0; problems = 0
    if (mode != "check" && mode != "lab" && mode != "sol" && mode != "split") {
        print "labmarkers.awk: mode must be check, lab, sol or split" > "/dev/stderr"
        exit 2
    }
}

# --- Checking the shape of C regions -------------------------------------

# The current line of C without comments, string and character literals,
# and surrounding blanks ("" for a blank or comment-only line).
function c_code(    line, out, i, tok) {
    line = $0
    out = ""
    while (line != "") {
        if (in_comment) {
            i = index(line, "*/")
            if (!i)
                return trim(out)
            line = substr(line, i + 2)
            in_comment = 0
            continue
        }
        if (match(line, /\/\*|\/\/|"|'/) == 0) {
            out = out line
            break
        }
        out = out substr(line, 1, RSTART - 1)
        tok = substr(line, RSTART, RLENGTH)
        line = substr(line, RSTART + RLENGTH)
        if (tok == "//")
            break
        if (tok == "/*") {
            in_comment = 1
            out = out " "
            continue
        }
        # A literal: skip to its closing quote, past escaped characters.
        while (line != "" && substr(line, 1, 1) != tok)
            line = substr(line, 1, 1) == "\\" ? substr(line, 3) : substr(line, 2)
        line = substr(line, 2)
        out = out tok tok
    }
    return trim(out)
}

function trim(s) {
    sub(/^[ \t]+/, "", s)
    sub(/[ \t]+$/, "", s)
    return s
}

# Can a region start or end after this line of code?
function ends_cleanly(code) {
    return code == "" || code ~ /^#/ || code ~ /[;{},:]$/
}

# One line of C code: its braces and parentheses count for every open
# region, and it is the last code line seen.
function check_c_line(code,    k, delta, opens, closes) {
    if (code == "")
        return
    if (after_end && code ~ /^else([^A-Za-z0-9_]|$)/)
        problem("an else right after a region: the region cuts an if-else chain")
    after_end = 0
    if (top > 0 && first[top] && code ~ /^(\} *)?else([^A-Za-z0-9_]|$)/)
        problem("the region starts with else: it cuts an if-else chain")
    opens = gsub(/[{(]/, "&", code)
    closes = gsub(/[})]/, "&", code)
    delta = opens - closes
    for (k = 1; k <= top; k++) {
        first[k] = 0
        depth[k] += delta
        if (depth[k] < 0 && !reported[k]) {
            problem("the region that starts at line " line_of[k] \
                    " closes a brace or parenthesis it did not open")
            reported[k] = 1
        }
    }
    last_code = code
}

# --- Checking -------------------------------------------------------------

mode == "check" {
    is_c = FILENAME ~ /\.[ch]$/
    if (!is_marker_like()) {
        if (is_c)
            check_c_line(c_code())
        next
    }
    parse()
    if (m_kind == "") {
        problem("malformed lab marker: " $0)
        next
    }
    if (m_lab > maxlab)
        problem(sprintf("LAB %d: there is no lab %d (labs 1 to %d have graders)", m_lab, m_lab, maxlab))
    if (m_kind == "FILE") {
        if (FNR > 10)
            problem("LAB " m_lab " FILE must be in the file's first 10 lines")
        if (seen_file++)
            problem("a second LAB n FILE marker")
        if (top > 0)
            problem("LAB " m_lab " FILE inside a region")
    } else if (m_kind ~ /BEGIN$/) {
        if (top > 0) {
            ok = kind_of[top] == "BEGIN" &&
                 (m_kind == "BEGIN" ? m_lab > lab_of[top] : m_lab >= lab_of[top])
            if (!ok)
                problem(sprintf("LAB %d %s nested inside the LAB %d %s at line %d",
                                m_lab, m_kind, lab_of[top], kind_of[top], line_of[top]))
        }
        if (is_c && !ends_cleanly(last_code))
            problem("the region starts inside an expression: the line before it ends \"" last_code "\"")
        top++
        kind_of[top] = m_kind; lab_of[top] = m_lab; line_of[top] = FNR
        depth[top] = 0; reported[top] = 0; first[top] = 1
    } else {
        want = m_kind; sub(/END$/, "BEGIN", want)
        if (top == 0) {
            problem("LAB " m_lab " " m_kind " with no region open")
            next
        }
        if (kind_of[top] != want || lab_of[top] != m_lab)
            problem(sprintf("LAB %d %s closes the LAB %d %s at line %d",
                            m_lab, m_kind, lab_of[top], kind_of[top], line_of[top]))
        if (is_c && depth[top] > 0)
            problem("the region that starts at line " line_of[top] " leaves a brace or parenthesis open")
        if (is_c && !first[top] && !ends_cleanly(last_code))
            problem("the region ends inside an expression: its last line ends \"" last_code "\"")
        after_end = 1
        top--
    }
    next
}

mode == "split" {
    if (is_marker_like()) {
        parse()
        if (m_kind == "SOLUTION BEGIN") {
            in_solution = (m_lab >= lab)
            if (m_stub != "")
                print "O " m_stub # the stub is in every lab branch
        }
        else if (m_kind == "SOLUTION END")
            in_solution = 0
        next
    }
    line = $0
    sub(/^[ \t]+/, "", line)
    print (in_solution ? "S " : "O ") line
    next
}

# --- Generating a branch -------------------------------------------------
# The checker has run first, so markers are sound. A line is dropped
# inside a later lab's new code (at any depth), and inside a solution
# region that is a later lab's or that the lab branch replaces by a stub.

function dropped_by_begins(    k) {
    for (k = 1; k <= nbegin; k++)
        if (begin_lab[k] > lab)
            return 1
    return 0
}

{
    if (!is_marker_like()) {
        if (!dropping)
            print
        next
    }
    parse()
    if (m_kind == "FILE") {
        next
    } else if (m_kind == "SOLUTION BEGIN") {
        outer_drop = dropped_by_begins()
        dropping = outer_drop || mode == "lab" || m_lab > lab
        if (!outer_drop && mode == "lab" && m_lab <= lab) {
            print m_indent m_open " LAB " m_lab ": your code here" m_close
            if (m_stub != "")
                print m_indent m_stub
        }
    } else if (m_kind == "SOLUTION END") {
        dropping = dropped_by_begins()
    } else if (m_kind == "BEGIN") {
        begin_lab[++nbegin] = m_lab
        dropping = dropped_by_begins()
    } else {
        nbegin--
        dropping = dropped_by_begins()
    }
}

END {
    if (mode == "check" && top > 0) {
        printf "%s:%d: LAB %d %s is never closed\n", FILENAME, line_of[top], lab_of[top], kind_of[top]
        problems++
    }
    if (problems)
        exit 1
}
