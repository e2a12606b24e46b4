/* A static musl program whose behaviour its arguments choose, for comparing
   tools/cxrun on Calyx and on the Linux VM (tests/cxrun/test_cxrun.sh):
     out TEXT    write TEXT and a newline to stdout
     err TEXT    write TEXT and a newline to stderr
     cat PATH    copy the file at PATH to stdout
     getenv NAME write the value of NAME (or "(unset)") and a newline to stdout
     exit N      exit with status N
     signal N    die from signal N (raised with its default action)
   Commands run in order; without exit or signal the status is 0. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *cmd = argv[i], *arg = argv[i + 1];
        if (strcmp(cmd, "out") == 0) {
            printf("%s\n", arg);
            fflush(stdout);
        } else if (strcmp(cmd, "err") == 0) {
            fprintf(stderr, "%s\n", arg);
        } else if (strcmp(cmd, "cat") == 0) {
            FILE *f = fopen(arg, "r");
            if (!f) {
                perror(arg);
                return 2;
            }
            int c;
            while ((c = getc(f)) != EOF)
                putchar(c);
            fclose(f);
            fflush(stdout);
        } else if (strcmp(cmd, "getenv") == 0) {
            const char *value = getenv(arg);
            printf("%s\n", value ? value : "(unset)");
            fflush(stdout);
        } else if (strcmp(cmd, "exit") == 0) {
            exit(atoi(arg));
        } else if (strcmp(cmd, "signal") == 0) {
            int sig = atoi(arg);
            signal(sig, SIG_DFL);
            raise(sig);
            fprintf(stderr, "status: signal %d did not end the program\n", sig);
            return 2;
        } else {
            fprintf(stderr, "status: unknown command %s\n", cmd);
            return 2;
        }
    }
    return 0;
}
