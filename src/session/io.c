/* io: reading input files and writing output files whole (see io.h).
 * Any thread; every function returns a status and fills err with a message naming the path.
 * Invariants: a save writes PATH.tmp.XXXXXX beside the target, fsyncs, renames; no temporary is left. */
#include "session/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *path, const char *what, int errnum, char *err, int errlen)
{
    snprintf(err, (size_t)errlen, "%s: %s: %s", path, what, strerror(errnum));
    return -1;
}

static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int io_save(const char *path, const void *data, size_t len, char *err, int errlen)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + sizeof ".tmp.XXXXXX");
    if (!tmp)
        return fail(path, "cannot save", ENOMEM, err, errlen);
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
    int rc = 0;
    /* The new bytes go to a fresh file beside the old one, reach the disk, and only then
     * replace it: whatever fails, the old file is either untouched or wholly replaced. */
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = fail(path, "cannot create a temporary file beside it", errno, err, errlen);
        goto out;
    }
    struct stat old;
    mode_t mode = stat(path, &old) == 0 ? (old.st_mode & 07777) : 0644; /* mkstemp made it 0600 */
    if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        rc = fail(path, "cannot write", errno, err, errlen);
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (close(fd) != 0) {
        rc = fail(path, "cannot write", errno, err, errlen);
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        rc = fail(path, "cannot replace", errno, err, errlen);
        unlink(tmp);
        goto out;
    }
    /* Make the rename itself durable. The new file is complete and in place whatever happens
     * here, so a failure to sync the folder is not reported as a failed save. */
    char *slash = strrchr(tmp, '/');
    if (slash)
        slash[slash == tmp ? 1 : 0] = '\0';
    int dfd = open(slash ? tmp : ".", O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
out:
    free(tmp);
    return rc;
}

int io_read_file(const char *path, size_t max, char **text_out, size_t *len_out, char *err, int errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(path, "cannot open", errno, err, errlen);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail(path, "cannot read", e, err, errlen);
    }
    if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        snprintf(err, (size_t)errlen, "%s: %s", path,
                 S_ISDIR(st.st_mode)    ? "is a directory, not a session file"
                 : !S_ISREG(st.st_mode) ? "is not a regular file"
                                        : "is too large for a session file (over 16 MiB)");
        close(fd);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    char *text = malloc(size + 1);
    if (!text) {
        close(fd);
        return fail(path, "cannot read", ENOMEM, err, errlen);
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, text + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(text);
            close(fd);
            return fail(path, "cannot read", e, err, errlen);
        }
        if (r == 0)
            break; /* shrank while reading: take what is there */
        got += (size_t)r;
    }
    close(fd);
    text[got] = '\0';
    *text_out = text;
    *len_out = got;
    return 0;
}
