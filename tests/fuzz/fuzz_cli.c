/* fuzz_cli: libFuzzer target for the command line (cli_parse, then cli_session).
 * Single-threaded; libFuzzer calls LLVMFuzzerTestOneInput once per input.
 * The input is argv[1..] as NUL-separated strings. Properties: no crash or sanitizer report;
 * a rejected command line says why in one line; an accepted one yields a session in range. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char buf[1 << 16];
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    char err[512];

    if (size >= sizeof buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    argv[argc++] = (char *)"backprop-lab";
    /* Each NUL ends an argument; a trailing NUL does not start an empty one. */
    for (size_t i = 0; i < size && argc <= MAX_ARGS; i++) {
        argv[argc++] = buf + i;
        i += strlen(buf + i);
    }
    argv[argc] = NULL;

    cli_options o;
    memset(&o, 0, sizeof o);
    err[0] = '\0';
    if (cli_parse(argc, argv, &o, err, sizeof err) != 0) {
        /* one line, unless it quotes an argument that holds a newline itself */
        if (err[0] == '\0' || !memchr(err, '\0', sizeof err) || (strchr(err, '\n') && !memchr(data, '\n', size)))
            abort();
        return 0;
    }
    /* --load reads a file: the session parser has its own target. */
    if (o.load || o.help || o.version)
        return 0;
    session s;
    err[0] = '\0';
    if (cli_session(&o, &s, err, sizeof err) != 0) {
        if (err[0] == '\0')
            abort();
        return 0;
    }
    if (s.hidden < 1 || s.hidden > NN_MAX_HIDDEN || s.task.n < 2 || s.task.n > DATA_MAX_TOKENS ||
        !(s.lr > 0) || !isfinite(s.lr) || (unsigned)s.act >= NN_ACT_COUNT || (unsigned)s.opt >= NN_OPT_COUNT)
        abort(); /* an accepted command line produced a session out of range */
    return 0;
}
