#!/usr/bin/env bats
# LAB 5 FILE
# lab5.bats - the lab 5 grader (make grade): grant tables and I/O rings.
# The hypervisor maps a grant only for the domain it was granted to, as
# it was granted, and holds the frame while it is mapped (map_grant_ref);
# a ring's producer publishes its requests and notifies only when the
# consumer asked (ring_push_check_notify); domain 0's block back end
# reads each request once and keeps every domU to its own extent of the
# disk (blkback_request); its network back end forwards each frame to
# the domU it is addressed to, and to nobody else (netback_forward).
# Each test's name ends with its points.

load ../tests/helpers

teardown() {
    keep_failed_log
}

# --- Exercise 1: map_grant_ref (hv/grant.c) --------------------------


# --- Exercise 2: ring_push_check_notify (include/public/io/ring.h) ---


# --- Exercise 3: blkback_request (guestos/blkback.c) -----------------


# --- Exercise 4: netback_forward (guestos/netback.c) -----------------


# --- Everything together ----------------------------------------------
