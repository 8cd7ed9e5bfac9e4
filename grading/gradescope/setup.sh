#!/bin/bash
# setup.sh - Gradescope runs this once, as root, while it builds the
# autograder's image (grading/make-gradescope puts it in the zip): it
# installs the Debian/Ubuntu packages that building and grading hvlab need.
set -eu

"$(dirname "$0")/reference/tools/install-deps" test
