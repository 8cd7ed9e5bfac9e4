/* LAB 4 FILE */
/*
 * sh.c - the shell (lab 4): domain 0's console, a line at a time. Each
 * line is a program's name (user/programs.c), run to its end, or one of
 * the commands the shell does itself:
 *   ping N     four round trips over the control channel to domU N
 *              (started with ctrl=echo), with the time of each;
 *   rings      (lab 5) the rings domain 0's back ends serve, one line each;
 *   grants     (lab 5) the grants in our table, and the others' we map;
 *   help       the programs there are;
 *   poweroff   ends the run.
 * read() sleeps in the kernel until a whole line has been typed: console
 * input arrives as VIRQ_CONSOLE events (console.c).
 */
#include <lib/string.h>
#include <syscall.h>
#include <user/ulib.h>

static void ping_command(const char *arg)
{
    int dom = 0;
    while (*arg == ' ')
        arg++;
    for (; *arg >= '0' && *arg <= '9'; arg++)
        dom = dom * 10 + (*arg - '0');
    if (*arg || dom <= 0) {
        printf("sh: ping: which domU?\n");
        return;
    }
    for (int i = 0; i < 4; i++) {
        int ns = ping(dom);
        if (ns == -ETIMEDOUT) {
            printf("ping: d%d: no answer\n", dom);
        } else if (ns < 0) {
            printf("ping: d%d: no such domU, or it has ended (%d)\n", dom, ns);
            return;
        } else {
            printf("ping: d%d answered in %d.%03d us\n", dom, ns / 1000, ns % 1000);
        }
    }
}

static void run(const char *name)
{
    int pid = spawn(name);
    if (pid < 0) {
        printf("sh: %s: no such program (help lists them)\n", name);
        return;
    }
    int status = wait(pid);
    if (status == EXIT_KILLED)
        printf("sh: %s was killed\n", name);
    else if (status != 0)
        printf("sh: %s exited with %d\n", name, status);
}

int sh_main(void)
{
    char line[80];
    printf("sh: type a program's name, ping N, help or poweroff\n");
    for (;;) {
        write("$ ", 2);
        int n = read(line, sizeof line - 1);
        if (n < 0) {
            printf("sh: no console input here (%d)\n", n);
            return 1;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
            n--;
        line[n] = '\0';
        char *cmd = line;
        while (*cmd == ' ')
            cmd++;
        if (!*cmd)
            continue;
        /* LAB 5 BEGIN */
        if (strcmp(cmd, "rings") == 0 || strcmp(cmd, "grants") == 0) {
            devices(cmd[0] == 'g');
            continue;
        }
        /* LAB 5 END */
        if (strcmp(cmd, "poweroff") == 0) {
            poweroff();
        } else if (strcmp(cmd, "help") == 0) {
            for (const struct user_program *u = user_programs; u->name; u++)
                printf("%s%s", u->name, u[1].name ? " " : "\n");
        } else if (strncmp(cmd, "ping", 4) == 0 && (cmd[4] == ' ' || cmd[4] == '\0')) {
            ping_command(cmd + 4);
        } else {
            run(cmd);
        }
    }
}
