/* text: control characters in messages shown as escapes (see text.h).
 * Pure functions; any thread.
 * Invariants: dst is NUL-terminated; an escape is written whole or not at all. */
#include "session/text.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

size_t text_escape(char *dst, size_t dstlen, const char *src)
{
    assert(dstlen > 0);
    size_t need = 0, used = 0;
    int full = 0; /* once an escape did not fit, nothing after it is written either */
    for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
        char esc[5];
        size_t n;
        if (*p == '\t' || *p == '\n' || *p == '\r') {
            esc[0] = '\\';
            esc[1] = *p == '\t' ? 't' : *p == '\n' ? 'n' : 'r';
            n = 2;
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02x", *p);
            n = 4;
        } else {
            esc[0] = (char)*p;
            n = 1;
        }
        need += n;
        if (!full && used + n < dstlen) {
            memcpy(dst + used, esc, n);
            used += n;
        } else {
            full = 1;
        }
    }
    dst[used] = '\0';
    return need;
}
