/* runexe: runs the built program in a directory and captures its output, for end-to-end tests.
 * The test's main thread only (fork, exec, wait).
 * Invariants: the child gets an alarm, so a hung program ends as a signal, never a hung test. */
/* nftw */
#define _XOPEN_SOURCE 700

#include "runexe.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <stdint.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Longer than any case needs even under sanitizers; the program is killed after it. */
#define REL_ALARM_SECONDS 60

int rel_run(const char *cwd, char *const argv[], rel_result *res)
{
    return rel_run_with(cwd, argv, res, NULL);
}

int rel_run_with(const char *cwd, char *const argv[], rel_result *res, const rel_opts *opt)
{
    int po[2], pe[2];
    if (pipe(po) != 0)
        return -1;
    if (pipe(pe) != 0) {
        close(po[0]);
        close(po[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0 || chdir(cwd) != 0)
            _exit(126);
        close(po[0]);
        close(pe[0]);
        unsetenv("DISPLAY");
        unsetenv("WAYLAND_DISPLAY");
        /* as a shell leaves it: a program that does not ignore SIGXFSZ is killed by it */
        signal(SIGXFSZ, SIG_DFL);
        if (opt && opt->fsize > 0) {
            struct rlimit rl = {(rlim_t)opt->fsize, (rlim_t)opt->fsize};
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
                _exit(126);
        }
        if (opt && opt->set_umask)
            umask(opt->umask);
        alarm(opt && opt->alarm_seconds > 0 ? (unsigned)opt->alarm_seconds : REL_ALARM_SECONDS);
        execv(argv[0], argv);
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    size_t no = 0, ne = 0;
    struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char *buf = i ? res->err : res->out;
            size_t *n = i ? &ne : &no;
            char sink[4096];
            size_t room = REL_OUT_MAX - 1 - *n;
            ssize_t got = room ? read(fds[i].fd, buf + *n, room) : read(fds[i].fd, sink, sizeof sink);
            if (got <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            } else if (room) {
                *n += (size_t)got;
            }
        }
    }
    res->out[no] = '\0';
    res->err[ne] = '\0';
    while (waitpid(pid, &res->status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return 0;
}

const char *rel_status_text(int status)
{
    static char buf[64];
    if (WIFEXITED(status))
        snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, sizeof buf, "signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(buf, sizeof buf, "status %#x", status);
    return buf;
}

void rel_tmpdir(char *out, size_t len)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(out, len, "%s/bpl-rel-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(out)) {
        perror(out);
        abort();
    }
}

static int make_removable(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag == FTW_D || flag == FTW_DNR)
        chmod(path, 0700);
    else if (S_ISREG(st->st_mode))
        chmod(path, 0600);
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void rel_rmtree(const char *dir)
{
    nftw(dir, make_removable, 16, FTW_PHYS);
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* FNV-1a of a file's bytes; 0 when it cannot be read. */
static uint64_t file_hash(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    uint64_t h = 1469598103934665603u;
    int c;
    while ((c = getc(f)) != EOF)
        h = (h ^ (uint64_t)c) * 1099511628211u;
    fclose(f);
    return h;
}

static int by_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void rel_dir_state(const char *dir, char *out, size_t len)
{
    char *lines[256];
    int n = 0;
    DIR *d = opendir(dir);
    out[0] = '\0';
    if (!d) {
        snprintf(out, len, "cannot list %s: %s", dir, strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[4096], line[512];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) != 0)
            continue;
        int reg = S_ISREG(st.st_mode);
        snprintf(line, sizeof line, "%s %s %lld %lld.%09ld %016llx\n", e->d_name, reg ? "file" : "other",
                 (long long)st.st_size, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                 reg ? (unsigned long long)file_hash(path) : 0ull);
        lines[n++] = strdup(line);
    }
    closedir(d);
    qsort(lines, (size_t)n, sizeof lines[0], by_line);
    for (int i = 0; i < n; i++) {
        if (lines[i])
            strncat(out, lines[i], len - strlen(out) - 1);
        free(lines[i]);
    }
}

void rel_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

const char *rel_exe_arg(int argc, char **argv)
{
    static char abs_exe[4096];
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH-TO-backprop-lab\n", argv[0]);
        return NULL;
    }
    if (!realpath(argv[1], abs_exe)) {
        perror(argv[1]);
        return NULL;
    }
    return abs_exe;
}
