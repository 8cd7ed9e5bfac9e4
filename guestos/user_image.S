/* LAB 3 FILE */
/*
 * user_image.S - the user world's own image (user/user.ld), built into
 * the kernel as read-only data (lab 3). Page-aligned, so that the frames
 * of its text, mapped read-only, can be shared by every process (vm.c).
 */
    .section .rodata
    .balign 4096
    .globl user_image, user_image_end
user_image:
    .incbin USER_IMAGE
user_image_end:
