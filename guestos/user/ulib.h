/* LAB 2 FILE */
/*
 * ulib.h - the user library (lab 2): what ring-3 programs link with.
 */
#ifndef GUESTOS_ULIB_H
#define GUESTOS_ULIB_H

#include <stdint.h>
#include <lib/rdtsc.h>

int write(const char *buffer, int length);
void exit(int status) __attribute__((noreturn));
int getpid(void);
int yield(void);
int spawn(const char *name);
int wait(int pid);
int syscall_count(void);
/* LAB 3 BEGIN */
void *sbrk(int increment);
int fork(void);
/* LAB 3 END */
/* LAB 4 BEGIN */
struct timespec;
int read(char *buffer, int size);
int sleep(int ms);
int time(int clock, struct timespec *ts);
int ping(int dom);
int poweroff(void);
/* LAB 4 END */
/* LAB 5 BEGIN */
int disk_read(uint32_t sector, void *buffer, int count);
int disk_write(uint32_t sector, const void *buffer, int count);
int disk_size(void);
int netping(int dom, int seq);
int whoami(void);
int devices(int what);
/* LAB 5 END */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int strcmp(const char *a, const char *b);

#endif
