/* io: reading input files and writing output files (see io.h).
 * Any thread (io_init: main, before threads); every function returns a status and fills err with a
 * message naming the path, the reason always kept whole (a long path is shortened in the middle).
 * Invariants: a save to a regular or new file writes DIR/.bpl-XXXXXX beside the real target, fsyncs,
 * renames, fsyncs DIR; no temporary is left; a new file gets 0666 & ~umask, a replaced one its mode. */
#include "session/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IO_BUF 65536
#define IO_LINK_HOPS 40 /* as the kernel's own limit for a path's symlinks */

void io_clean(char *msg)
{
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
}

/* err = "PATH: REASON", the path shortened in the middle ("...") when both do not fit, so the reason
 * (the part that says what to do) always survives; control characters cleaned. Returns -1. */
static int fail(char *err, int errlen, const char *path, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(char *err, int errlen, const char *path, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (errlen <= 0)
        return -1;
    size_t cap = (size_t)errlen;
    size_t plen = strlen(path), wlen = strlen(why);
    if (wlen + 1 > cap)
        wlen = cap - 1;
    size_t room = cap - 1 - wlen; /* for the path and ": " */
    char *p = err;
    if (room >= plen + 2) {
        memcpy(p, path, plen);
        p += plen;
    } else if (room >= 2 + 3 + 2) {
        size_t keep = room - 2 - 3, head = keep / 2, tail = keep - head;
        memcpy(p, path, head);
        memcpy(p + head, "...", 3);
        memcpy(p + head + 3, path + plen - tail, tail);
        p += keep + 3;
    }
    if (p != err) {
        memcpy(p, ": ", 2);
        p += 2;
    }
    memcpy(p, why, wlen);
    p[wlen] = '\0';
    io_clean(err);
    return -1;
}

/* ---------------------------------------------------------------- umask */

static int umask_known;
static mode_t umask_value;

void io_init(void)
{
    /* umask cannot be read without being set: set it and put it back at once, before any other
     * thread could create a file under the wrong one */
    umask_value = umask(022);
    umask(umask_value);
    umask_known = 1;
}

mode_t io_umask(void)
{
    if (umask_known)
        return umask_value;
    /* without io_init (a test, a library user): the kernel shows it without changing it */
    mode_t m = 022;
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        unsigned v;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "Umask: %o", &v) == 1) {
                m = (mode_t)(v & 0777);
                break;
            }
        fclose(f);
    }
    return m;
}

/* ---------------------------------------------------------------- reading */

static const char *kind_of(mode_t m)
{
    return S_ISDIR(m)    ? "is a directory, not a file"
           : S_ISFIFO(m) ? "is a FIFO, not a regular file (refused: reading it could wait forever)"
           : S_ISCHR(m)  ? "is a character device, not a regular file"
           : S_ISBLK(m)  ? "is a block device, not a regular file"
           : S_ISSOCK(m) ? "is a socket, not a regular file"
                         : "is not a regular file";
}

int io_read_file(const char *path, size_t max, char **text_out, size_t *len_out, char *err, int errlen)
{
    struct stat st;
    /* the type first: opening a FIFO for reading waits for a writer */
    if (stat(path, &st) != 0)
        return fail(err, errlen, path, "cannot open: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return fail(err, errlen, path, "%s", S_ISDIR(st.st_mode) ? "is a directory, not a session file"
                                                                  : kind_of(st.st_mode));
    /* O_NONBLOCK: should it have been swapped for a FIFO since, the open returns at once and
     * fstat below refuses it */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return fail(err, errlen, path, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        close(fd);
        return S_ISREG(st.st_mode) ? fail(err, errlen, path, "cannot read: %s", strerror(e))
                                   : fail(err, errlen, path, "%s", kind_of(st.st_mode));
    }
    if (st.st_size < 0 || (unsigned long long)st.st_size > (unsigned long long)max) {
        close(fd);
        return fail(err, errlen, path, "is too large for a session file (over %zu MiB)", max >> 20);
    }
    /* st_size is a hint only (/proc files say 0, a file may grow): read to the end, at most max */
    size_t cap = (size_t)st.st_size + 1 > 4096 ? (size_t)st.st_size + 1 : 4096;
    char *text = malloc(cap);
    size_t got = 0;
    int e = text ? 0 : ENOMEM;
    while (!e) {
        if (got + 1 == cap) {
            if (got >= max + 1) /* one byte past max read: too large */
                break;
            size_t ncap = cap * 2 > max + 2 ? max + 2 : cap * 2;
            char *t = realloc(text, ncap);
            if (!t) {
                e = ENOMEM;
                break;
            }
            text = t;
            cap = ncap;
        }
        ssize_t r = read(fd, text + got, cap - 1 - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            e = errno;
        else if (r == 0)
            break;
        else
            got += (size_t)r;
    }
    close(fd);
    if (e) {
        free(text);
        return fail(err, errlen, path, "cannot read: %s", strerror(e));
    }
    if (got > max) {
        free(text);
        return fail(err, errlen, path, "is too large for a session file (over %zu MiB)", max >> 20);
    }
    text[got] = '\0';
    *text_out = text;
    *len_out = got;
    return 0;
}

/* ---------------------------------------------------------------- resolving */

/* dir + "/" + base, fresh (NULL when out of memory); dir "/" gives "/base". */
static char *join(const char *dir, size_t dlen, const char *base)
{
    size_t blen = strlen(base);
    int slash = !(dlen > 0 && dir[dlen - 1] == '/');
    char *r = malloc(dlen + (size_t)slash + blen + 1);
    if (!r)
        return NULL;
    memcpy(r, dir, dlen);
    if (slash)
        r[dlen] = '/';
    memcpy(r + dlen + (size_t)slash, base, blen + 1);
    return r;
}

/* The file a write to path lands in: its symlinks followed (also a dangling one, to where it
 * points), its folder made absolute by realpath. Fresh; NULL with errno set. */
static char *resolve(const char *path)
{
    char *cur = strdup(path);
    if (!cur)
        return NULL;
    for (int hops = 0;; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            break; /* not a link (or not there): cur is the target */
        if (hops == IO_LINK_HOPS) {
            free(cur);
            errno = ELOOP;
            return NULL;
        }
        size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 256;
        char *link = NULL;
        ssize_t n;
        for (;;) {
            char *l = realloc(link, cap);
            if (!l) {
                free(link);
                free(cur);
                errno = ENOMEM;
                return NULL;
            }
            link = l;
            n = readlink(cur, link, cap);
            if (n < 0 || (size_t)n < cap)
                break;
            cap *= 2; /* grew since lstat */
        }
        if (n < 0) {
            int e = errno;
            free(link);
            free(cur);
            errno = e;
            return NULL;
        }
        link[n] = '\0';
        char *next;
        const char *slash = strrchr(cur, '/');
        if (link[0] == '/' || !slash)
            next = link; /* absolute, or relative to the folder cur is in, which is "." */
        else {
            next = join(cur, (size_t)(slash - cur) + 1, link);
            free(link);
        }
        free(cur);
        if (!next) {
            errno = ENOMEM;
            return NULL;
        }
        cur = next;
    }
    /* the folder made absolute; the last name kept as it is, since it may not exist yet */
    char *slash = strrchr(cur, '/');
    const char *base = slash ? slash + 1 : cur;
    if (!base[0] || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        free(cur);
        errno = EISDIR;
        return NULL;
    }
    char *dir;
    if (!slash)
        dir = realpath(".", NULL);
    else if (slash == cur)
        dir = realpath("/", NULL);
    else {
        *slash = '\0';
        dir = realpath(cur, NULL);
    }
    if (!dir) {
        int e = errno;
        free(cur);
        errno = e;
        return NULL;
    }
    char *r = join(dir, strlen(dir), base);
    free(dir);
    free(cur);
    if (!r)
        errno = ENOMEM;
    return r;
}

int io_same_file(const char *a, const char *b)
{
    int da = strcmp(a, "-") == 0, db = strcmp(b, "-") == 0;
    if (da || db)
        return da && db;
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea && eb)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb)
        return 0;
    char *ra = resolve(a), *rb = resolve(b);
    int same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

/* ---------------------------------------------------------------- writing */

struct io_out {
    int fd;
    int is_stdout;  /* fd 1, not closed */
    char *shown;    /* the path as given, for messages */
    char *target;   /* the real target; NULL when written straight to (stdout, a device, a FIFO) */
    char *tmp;      /* the temporary file beside target */
    int err;        /* errno of the first failed write; 0 none */
    long long written;
    size_t used;
    char buf[IO_BUF];
};

static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        if (w == 0)
            return EIO;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static io_out *out_new(const char *path, int *e)
{
    io_out *o = calloc(1, sizeof *o);
    if (o)
        o->shown = strdup(path);
    if (!o || !o->shown) {
        free(o);
        *e = ENOMEM;
        return NULL;
    }
    o->fd = -1;
    return o;
}

static void out_free(io_out *o)
{
    free(o->shown);
    free(o->target);
    free(o->tmp);
    free(o);
}

/* Straight to what is at path: a device or FIFO is written, never replaced (a copy of /dev/null
 * stays a device, /dev/full reports ENOSPC). O_NONBLOCK so a FIFO without a reader fails at once. */
static io_out *open_direct(const char *path, mode_t mode, char *err, int errlen)
{
    int e = 0;
    io_out *o = out_new(path, &e);
    if (!o) {
        fail(err, errlen, path, "cannot write: %s", strerror(e));
        return NULL;
    }
    o->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    struct stat st;
    if (o->fd < 0) {
        e = errno;
        if (e == ENXIO && S_ISFIFO(mode))
            fail(err, errlen, path, "is a FIFO that nobody reads (start the reader first)");
        else
            fail(err, errlen, path, "cannot open for writing: %s", strerror(e));
        out_free(o);
        return NULL;
    }
    if (fstat(o->fd, &st) != 0 || S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) {
        /* swapped since the check: start again rather than write into a regular file in place */
        fail(err, errlen, path, "changed while being opened; not written");
        close(o->fd);
        out_free(o);
        return NULL;
    }
    /* blocking writes from here: a slow reader slows the run down, it does not fail it */
    int fl = fcntl(o->fd, F_GETFL);
    if (fl >= 0)
        fcntl(o->fd, F_SETFL, fl & ~O_NONBLOCK);
    return o;
}

io_out *io_open(const char *path, char *err, int errlen)
{
    int e = 0;
    if (strcmp(path, "-") == 0) {
        io_out *o = out_new("standard output", &e);
        if (!o) {
            fail(err, errlen, "standard output", "cannot write: %s", strerror(e));
            return NULL;
        }
        fflush(stdout); /* whatever stdio holds goes first */
        o->fd = STDOUT_FILENO;
        o->is_stdout = 1;
        return o;
    }
    if (!path[0]) {
        fail(err, errlen, "''", "an empty file name");
        return NULL;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            fail(err, errlen, path, "is a directory; give a file name");
            return NULL;
        }
        return open_direct(path, st.st_mode, err, errlen);
    }
    io_out *o = out_new(path, &e);
    if (!o) {
        fail(err, errlen, path, "cannot write: %s", strerror(e));
        return NULL;
    }
    o->target = resolve(path);
    if (!o->target) {
        e = errno;
        if (e == ENOENT || e == ENOTDIR)
            fail(err, errlen, path, "cannot write: the folder does not exist (%s)", strerror(e));
        else
            fail(err, errlen, path, "cannot write: %s", strerror(e));
        out_free(o);
        return NULL;
    }
    const char *slash = strrchr(o->target, '/'); /* target is absolute */
    o->tmp = join(o->target, (size_t)(slash - o->target) + 1, ".bpl-XXXXXX");
    if (!o->tmp) {
        fail(err, errlen, path, "cannot write: %s", strerror(ENOMEM));
        out_free(o);
        return NULL;
    }
    /* a short temporary name, so any name the folder allows can be saved */
    o->fd = mkstemp(o->tmp);
    if (o->fd >= 0)
        fcntl(o->fd, F_SETFD, FD_CLOEXEC);
    if (o->fd < 0) {
        fail(err, errlen, path, "cannot create a temporary file beside it: %s", strerror(errno));
        out_free(o);
        return NULL;
    }
    /* mkstemp makes 0600: a new file gets what open(O_CREAT, 0666) would; a replaced one keeps its
     * mode and, where permitted (root, or a group the user is in), its owner; fchown first, since
     * it clears set-id bits */
    mode_t mode;
    if (stat(o->target, &st) == 0 && S_ISREG(st.st_mode)) {
        if (fchown(o->fd, st.st_uid, st.st_gid) != 0 && fchown(o->fd, (uid_t)-1, st.st_gid) != 0) {
            /* not permitted: the file becomes the writer's, as any editor's save would */
        }
        mode = st.st_mode & 07777;
    } else {
        mode = 0666 & ~io_umask();
    }
    if (fchmod(o->fd, mode) != 0) {
        fail(err, errlen, path, "cannot set the mode of the temporary file: %s", strerror(errno));
        io_abort(o);
        return NULL;
    }
    return o;
}

static int flush_buf(io_out *o)
{
    if (o->used > 0 && !o->err)
        o->err = write_all(o->fd, o->buf, o->used);
    o->used = 0;
    return o->err ? -1 : 0;
}

int io_write(io_out *o, const void *data, size_t len)
{
    if (o->err)
        return -1;
    o->written += (long long)len;
    if (o->used + len > sizeof o->buf && flush_buf(o) != 0)
        return -1;
    if (len >= sizeof o->buf) {
        o->err = write_all(o->fd, data, len);
        return o->err ? -1 : 0;
    }
    memcpy(o->buf + o->used, data, len);
    o->used += len;
    return 0;
}

int io_printf(io_out *o, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0) {
        o->err = o->err ? o->err : EINVAL;
        return -1;
    }
    if ((size_t)n < sizeof line)
        return io_write(o, line, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big) {
        o->err = o->err ? o->err : ENOMEM;
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = io_write(o, big, (size_t)n);
    free(big);
    return rc;
}

long long io_written(const io_out *o) { return o->written; }

void io_abort(io_out *o)
{
    if (!o)
        return;
    if (!o->is_stdout && o->fd >= 0)
        close(o->fd);
    if (o->tmp && o->fd >= 0)
        unlink(o->tmp);
    out_free(o);
}

int io_commit(io_out *o, char *err, int errlen)
{
    int rc = 0;
    flush_buf(o);
    if (o->err) {
        rc = fail(err, errlen, o->shown, "cannot write: %s", strerror(o->err));
        io_abort(o);
        return rc;
    }
    if (o->is_stdout) {
        out_free(o);
        return 0;
    }
    if (!o->tmp) {
        /* a device or FIFO: nothing to sync or rename, but close can still report a lost write */
        if (close(o->fd) != 0 && errno != EINTR)
            rc = fail(err, errlen, o->shown, "cannot write: %s", strerror(errno));
        out_free(o);
        return rc;
    }
    /* the bytes reach the disk before the name points at them: whatever fails, the old file is
     * either untouched or wholly replaced */
    if (fsync(o->fd) != 0) {
        rc = fail(err, errlen, o->shown, "cannot write: %s", strerror(errno));
        io_abort(o);
        return rc;
    }
    int fd = o->fd;
    o->fd = -1;
    if (close(fd) != 0) {
        rc = fail(err, errlen, o->shown, "cannot write: %s", strerror(errno));
        unlink(o->tmp);
        out_free(o);
        return rc;
    }
    if (rename(o->tmp, o->target) != 0) {
        rc = fail(err, errlen, o->shown, "cannot replace: %s", strerror(errno));
        unlink(o->tmp);
        out_free(o);
        return rc;
    }
    /* Make the rename itself durable. The new file is complete and in place whatever happens
     * here, so a failure to sync the folder is not reported as a failed save. */
    char *slash = strrchr(o->target, '/');
    slash[slash == o->target ? 1 : 0] = '\0';
    int dfd = open(o->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    out_free(o);
    return 0;
}

int io_save(const char *path, const void *data, size_t len, char *err, int errlen)
{
    io_out *o = io_open(path, err, errlen);
    if (!o)
        return -1;
    io_write(o, data, len);
    return io_commit(o, err, errlen);
}
