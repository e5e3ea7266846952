/* text: making untrusted text (file names, values read from a file or a flag) safe to show in a
 * one-line message. Pure functions; any thread.
 * Invariants: the output is always NUL-terminated, holds no control character, and an escape is
 * never cut in half when the output is too short. */
#ifndef SESSION_TEXT_H
#define SESSION_TEXT_H

#include <stddef.h>

/* Copies src into dst (dstlen > 0 bytes) with every control character (below 0x20, and 0x7f) written
 * as an escape: \t, \n, \r, else \xNN (ESC is \x1b). Other bytes, UTF-8 included, pass unchanged.
 * Returns the length the whole escaped text needs (excluding the NUL), like snprintf. */
size_t text_escape(char *dst, size_t dstlen, const char *src);

#endif
