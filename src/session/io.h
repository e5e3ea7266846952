/* io: the one place that reads input files and writes output files whole.
 * Any thread; no SDL, no task: bytes in, bytes out, with a message naming the path on failure.
 * Invariants: a load reads only a regular file; a save never truncates what is there: it writes a
 * temporary file beside the target, syncs it and renames it over, or leaves the target untouched. */
#ifndef SESSION_IO_H
#define SESSION_IO_H

#include <stddef.h>

/* Reads the whole regular file at path (at most max bytes) into a fresh NUL-terminated buffer.
 * 0 ok (*text to be freed by the caller, *len its length); -1 with err naming the path. */
int io_read_file(const char *path, size_t max, char **text, size_t *len, char *err, int errlen);

/* Replaces the file at path with len bytes of data, atomically. 0 ok; -1 with err naming the path. */
int io_save(const char *path, const void *data, size_t len, char *err, int errlen);

#endif
