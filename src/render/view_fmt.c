/* view_fmt: numbers and labels as the panels print them (true minus signs, sub- and superscripts, nice steps).
 * Any thread: pure functions of their arguments.
 * Invariants: every output is NUL-terminated UTF-8 within its len bytes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/view_panel.h"

void view_subscript(int k, char *out, size_t len)
{
    char digits[16];
    snprintf(digits, sizeof digits, "%d", k);
    size_t o = 0;
    for (const char *d = digits; *d && o + 4 < len; d++) {
        out[o++] = (char)0xE2;
        out[o++] = (char)0x82;
        out[o++] = (char)(0x80 + (*d - '0'));
    }
    out[o] = 0;
}

void view_fmt_num(char *out, size_t len, const char *fmt, double x)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, fmt, x);
    const char *p = tmp;
    if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1)) p = tmp + 1;
    size_t o = 0;
    for (; *p && o + 4 < len; p++) {
        if (*p == '-') {
            memcpy(out + o, "\xe2\x88\x92", 3);
            o += 3;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = 0;
}

void view_fmt_pow10(char *out, size_t len, int e)
{
    static const char *const sup[10] = {"\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4",
                                        "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9"};
    char digits[16];
    snprintf(digits, sizeof digits, "%d", e < 0 ? -e : e);
    size_t o = (size_t)snprintf(out, len, "10%s", e < 0 ? "\xe2\x81\xbb" : "");
    for (const char *d = digits; *d && o + 4 < len; d++) o += (size_t)snprintf(out + o, len - o, "%s", sup[*d - '0']);
}

double view_nice_step(double span, double target)
{
    double raw = span / target, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

double view_nice_ceil(double m) { return view_nice_step(m, 1) * ceil(m / view_nice_step(m, 1)); }
