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
# Regions do not nest, with one exception: a lab's new code (LAB n BEGIN)
# may hold solution regions of that lab or a later one, for an exercise
# in a function the lab adds. Any line that looks like a marker body
# ("LAB", a number, then SOLUTION, BEGIN, END or FILE) must be a
# well-formed one.

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
    open_kind = ""; outer_lab = 0; problems = 0
    if (mode != "check" && mode != "lab" && mode != "sol" && mode != "split") {
        print "labmarkers.awk: mode must be check, lab, sol or split" > "/dev/stderr"
        exit 2
    }
}

mode == "check" {
    if (!is_marker_like())
        next
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
        if (open_kind != "")
            problem("LAB " m_lab " FILE inside a region")
    } else if (m_kind ~ /BEGIN$/) {
        if (open_kind == "BEGIN" && m_kind == "SOLUTION BEGIN" && m_lab >= open_lab) {
            # A solution inside the new code of its lab: remember the outer.
            outer_kind = open_kind; outer_lab = open_lab; outer_line = open_line
        } else if (open_kind != "") {
            problem(sprintf("LAB %d %s nested inside the LAB %d %s at line %d",
                            m_lab, m_kind, open_lab, open_kind, open_line))
        }
        open_kind = m_kind; open_lab = m_lab; open_line = FNR
    } else {
        want = open_kind; sub(/BEGIN$/, "END", want)
        if (open_kind == "")
            problem("LAB " m_lab " " m_kind " with no region open")
        else if (m_kind != want || m_lab != open_lab)
            problem(sprintf("LAB %d %s closes the LAB %d %s at line %d",
                            m_lab, m_kind, open_lab, open_kind, open_line))
        open_kind = ""
        if (outer_lab && m_kind == "SOLUTION END") {
            open_kind = outer_kind; open_lab = outer_lab; open_line = outer_line
        }
        if (m_kind == "END")
            outer_lab = 0
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

# Generating a branch: the checker has run first, so markers are sound.
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
        dropping = outer_drop || mode == "lab" || m_lab > lab
        if (!outer_drop && mode == "lab" && m_lab <= lab) {
            print m_indent m_open " LAB " m_lab ": your code here" m_close
            if (m_stub != "")
                print m_indent m_stub
        }
    } else if (m_kind == "SOLUTION END") {
        dropping = outer_drop
    } else if (m_kind == "BEGIN") {
        outer_drop = dropping = (m_lab > lab)
    } else {
        outer_drop = dropping = 0
    }
}

END {
    if (mode == "check" && open_kind != "") {
        printf "%s:%d: LAB %d %s is never closed\n", FILENAME, open_line, open_lab, open_kind
        problems++
    }
    if (problems)
        exit 1
}
