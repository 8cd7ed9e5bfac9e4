# instructor.mk - the instructor material's make targets; the top-level
# Makefile includes it where it exists (not on the students' branches).
#
#   make check-graders    every wrong solution in instructor/mutants must
#                         lose points (instructor/check-graders)

check-graders: | deps-test
	instructor/check-graders
.PHONY: check-graders
