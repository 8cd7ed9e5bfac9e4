# gdb-stops.gdb - what tests/gdb.bats types into GDB once obj/gdbinit's
# commands have connected it and loaded both symbol files: stop once in
# the hypervisor and once in the guest kernel, show how each got there,
# then let the run end. In `make gdb`, `source tests/gdb-stops.gdb` does
# the same.
break domain_build
break start_kernel
continue
bt
continue
bt
continue
