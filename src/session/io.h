/* io: the one place that reads input files and writes output files (sessions, CSVs, PNGs, frames).
 * Any thread; no SDL, no task: bytes in, bytes out, with a message naming the path on failure.
 * Invariants: a load reads only a regular file and never blocks on a FIFO or device; a save never
 * truncates a regular file: it writes a short-named temporary file beside the real target (symlinks
 * resolved), syncs it and renames it over, or leaves the target untouched and no temporary behind;
 * a target that exists and is not a regular file (device, FIFO) is written straight to; "-" is stdout. */
#ifndef SESSION_IO_H
#define SESSION_IO_H

#include <stddef.h>
#include <sys/types.h>

/* Records the process's umask for new files. main calls it once, before any thread starts (umask
 * can only be read by setting it); without it the umask is read from /proc/self/status. */
void io_init(void);
/* The umask new files are created under. */
mode_t io_umask(void);

/* Reads the whole regular file at path (at most max bytes) into a fresh NUL-terminated buffer.
 * Anything else (directory, FIFO, device, socket) is refused before it is read. Reads until the end
 * of the file, whatever size it claims (/proc files claim 0).
 * 0 ok (*text to be freed by the caller, *len its length); -1 with err naming the path. */
int io_read_file(const char *path, size_t max, char **text, size_t *len, char *err, int errlen);

/* Replaces the file at path with len bytes of data (io_open, io_write, io_commit).
 * 0 ok; -1 with err naming the path. */
int io_save(const char *path, const void *data, size_t len, char *err, int errlen);

/* An output being written: opened, written in pieces (a CSV as the steps run, a PNG as it is
 * encoded), then committed (the target replaced) or aborted (the target as it was). */
typedef struct io_out io_out;

/* path "-" is standard output. NULL with err naming the path (the folder does not exist, a
 * directory, a FIFO without a reader, out of memory). */
io_out *io_open(const char *path, char *err, int errlen);
/* Appends len bytes. 0 ok; -1 once a write has failed (the error is kept and reported by io_commit). */
int io_write(io_out *o, const void *data, size_t len);
int io_printf(io_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes appended so far. */
long long io_written(const io_out *o);
/* Finishes the output and frees o: a temporary file is synced and renamed over the target.
 * 0 ok; -1 with err naming the path (the target untouched, no temporary file left). */
int io_commit(io_out *o, char *err, int errlen);
/* Gives the output up and frees o: a temporary file is removed, the target stays as it was.
 * NULL is allowed. */
void io_abort(io_out *o);

/* 1 when a and b name the same file: the same device and inode when both exist, else the same
 * resolved path (symlinks followed); "-" only equals "-". */
int io_same_file(const char *a, const char *b);

/* Makes a message one readable line: every control character (newline, ESC, CR, DEL) becomes '?',
 * so a file name or value cannot break the line or drive the terminal. */
void io_clean(char *msg);

#endif
