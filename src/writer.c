#include "asyncfix/writer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct af_writer_test af_writer__test = { NULL, 60, false, false };

/* the folder swept last (files come sorted: one folder's files follow each other) */
static dev_t swept_dev;
static ino_t swept_ino;

void af_writer__forget_swept(void)
{
    swept_dev = 0;
    swept_ino = 0;
}

#define TEMP_PREFIX ".asyncfix-"
#define TEMP_SUFFIX_LEN 6

static void hook(enum af_writer_point point, const char *dir, const char *temp_name)
{
    if (af_writer__test.hook)
        af_writer__test.hook(point, dir, temp_name);
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* true when the file behind `fd` holds exactly data[0, len) */
static bool holds(int fd, const char *data, size_t len)
{
    char buf[65536];
    size_t at = 0;
    for (;;) {
        ssize_t n = pread(fd, buf, sizeof(buf), (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0)
            return at == len;
        if (at + (size_t)n > len || memcmp(buf, data + at, (size_t)n) != 0)
            return false;
        at += (size_t)n;
    }
}

/* true when the file behind `fd` holds exactly the bytes `orig` was read from */
static bool holds_original(int fd, const struct af_source *orig)
{
    size_t len;
    const char *bytes = af_source_bytes(orig, &len);
    return holds(fd, bytes, len);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* the folder the file was read from, or AF_ECHANGED when its path now leads elsewhere */
static int open_folder(int *out, const struct af_source_origin *origin)
{
    if (!origin->dir) {
        af_error_set("cannot write: not read from a file");
        return AF_ERROR;
    }
    int fd = open(origin->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 && errno == EACCES)
        fd = open(origin->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        af_error_set("cannot write: %s: %s", origin->dir, strerror(e));
        return e == ENOENT || e == ENOTDIR ? AF_ECHANGED : AF_ERROR;
    }
    if (st.st_dev != origin->dir_dev || st.st_ino != origin->dir_ino) {
        close(fd);
        af_error_set("its folder was moved or replaced while asyncfix worked; not written");
        return AF_ECHANGED;
    }
    *out = fd;
    return 0;
}

static bool is_temp_name(const char *name)
{
    size_t pl = strlen(TEMP_PREFIX);
    if (strncmp(name, TEMP_PREFIX, pl) != 0 || strlen(name) != pl + TEMP_SUFFIX_LEN)
        return false;
    for (const char *p = name + pl; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return false;
    return true;
}

/*
 * Removes the temp files a killed run left in the folder: our name, a
 * regular file with one link, ours (or we are root), unchanged for
 * af_writer__test.stale_seconds (a running writer names its temp file for
 * microseconds, and changes it while it writes when it cannot keep it unnamed).
 * Once per folder and run.
 */
static void sweep_stale(int dirfd, const char *dir)
{
    struct stat dst;
    if (fstat(dirfd, &dst) < 0 || (dst.st_dev == swept_dev && dst.st_ino == swept_ino))
        return;
    swept_dev = dst.st_dev;
    swept_ino = dst.st_ino;
    int lfd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dh = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!dh) {
        if (lfd >= 0)
            close(lfd);
        return;
    }
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        struct stat st;
        if (!is_temp_name(e->d_name) || fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
        if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || (st.st_uid != geteuid() && geteuid() != 0) ||
            now - st.st_ctime < af_writer__test.stale_seconds)
            continue;
        if (unlinkat(dirfd, e->d_name, 0) == 0)
            fprintf(stderr, "asyncfix: removed %s/%s, a temporary file an interrupted run left\n", dir,
                    e->d_name);
    }
    closedir(dh);
}

static void temp_name(char name[sizeof(TEMP_PREFIX) + TEMP_SUFFIX_LEN])
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static unsigned counter;
    unsigned char rnd[TEMP_SUFFIX_LEN];
    if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd))
        for (size_t i = 0; i < sizeof(rnd); i++)
            rnd[i] = (unsigned char)((unsigned)getpid() * 31u + (unsigned)time(NULL) + ++counter * 7u + i);
    memcpy(name, TEMP_PREFIX, strlen(TEMP_PREFIX));
    for (size_t i = 0; i < TEMP_SUFFIX_LEN; i++)
        name[strlen(TEMP_PREFIX) + i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
    name[strlen(TEMP_PREFIX) + TEMP_SUFFIX_LEN] = '\0';
}

/* an unnamed file in the folder, or (where O_TMPFILE is not supported) a named one: *named says */
static int create_temp(int *out, bool *named, int dirfd, char *name)
{
    *named = false;
    int fd = af_writer__test.no_tmpfile ? (errno = EOPNOTSUPP, -1)
                                        : openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL || errno == ENOENT)) {
        for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
            temp_name(name);
            fd = openat(dirfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd < 0 && errno != EEXIST)
                break;
        }
        *named = fd >= 0;
    }
    if (fd < 0)
        return -errno;
    *out = fd;
    return 0;
}

/* gives the unnamed temp file `fd` a fresh name in the folder */
static int name_temp(int fd, int dirfd, char *name)
{
    char proc[64];
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    for (int attempt = 0; attempt < 100; attempt++) {
        temp_name(name);
        if (linkat(AT_FDCWD, proc, dirfd, name, AT_SYMLINK_FOLLOW) == 0)
            return 0;
        if (errno == EEXIST)
            continue;
        /* no /proc: the descriptor itself (needs CAP_DAC_READ_SEARCH) */
        if (linkat(fd, "", dirfd, name, AT_EMPTY_PATH) == 0)
            return 0;
        if (errno != EEXIST)
            return -errno;
    }
    return -EEXIST;
}

/*
 * Owner first (fchown clears setuid/setgid), then the mode. When the owner
 * cannot be kept (not root, another user's file), setuid/setgid bits would
 * now belong to someone else: refused.
 */
static int keep_owner_and_mode(int fd, const struct stat *orig)
{
    struct stat now;
    if (fchown(fd, orig->st_uid, orig->st_gid) < 0) {
        if (errno != EPERM || fstat(fd, &now) < 0) {
            af_error_set("cannot write: %s", strerror(errno));
            return AF_ERROR;
        }
        bool kept = now.st_uid == orig->st_uid && now.st_gid == orig->st_gid;
        if (!kept && (orig->st_mode & (S_ISUID | S_ISGID))) {
            af_error_set("cannot write: its owner cannot be kept, and it is setuid or setgid");
            return AF_ERROR;
        }
    }
    if (fchmod(fd, orig->st_mode & 07777) < 0) {
        af_error_set("cannot write: %s", strerror(errno));
        return AF_ERROR;
    }
    return 0;
}

/*
 * The file at `name`, compared with what was read: its descriptor (kept to
 * check the exchange), or AF_ECHANGED.
 */
static int open_unchanged(int *out, struct stat *st, int dirfd, const char *name, const struct af_source *orig)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            af_error_set("removed on disk while asyncfix worked; not written");
        else if (e == ELOOP)
            af_error_set("replaced by a symbolic link while asyncfix worked; not written");
        else
            af_error_set("cannot write: %s", strerror(e));
        return e == ENOENT || e == ELOOP ? AF_ECHANGED : AF_ERROR;
    }
    if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) || !holds_original(fd, orig)) {
        close(fd);
        af_error_set("changed on disk while asyncfix worked; not written");
        return AF_ECHANGED;
    }
    *out = fd;
    return 0;
}

/* refuses a file that is read-only: access() for users, the mode bits for root */
static int check_writable(int dirfd, const char *name, const struct stat *st)
{
    int werr = faccessat(dirfd, name, W_OK, 0) < 0 ? errno : 0;
    if (!werr && !(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
        werr = EACCES;
    if (!werr)
        return 0;
    af_error_set("cannot write: %s", werr == EACCES || werr == EROFS ? "the file is read-only" : strerror(werr));
    return AF_ERROR;
}

/* what the temp name holds after replace(): bytes to remove, a version to keep, or nothing */
enum temp_state { TEMP_REMOVE, TEMP_KEEP, TEMP_GONE };

/*
 * Puts the temp file in place of `name`. With RENAME_EXCHANGE the file
 * exchanged out must be the one compared (`cur`, same inode, same bytes);
 * otherwise it is swapped back. Without it (the file system refuses), a
 * plain rename after the last comparison.
 */
static int replace(enum temp_state *temp, int dirfd, const char *tmp, const char *name, int cur,
                   const struct stat *cur_st, const struct af_source *orig)
{
    *temp = TEMP_REMOVE;
    int rc = af_writer__test.no_exchange ? (errno = EINVAL, -1)
                                         : renameat2(dirfd, tmp, dirfd, name, RENAME_EXCHANGE);
    if (rc < 0) {
        if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
            af_error_set("cannot write: %s", strerror(errno));
            return AF_ERROR;
        }
        if (renameat(dirfd, tmp, dirfd, name) < 0) {
            af_error_set("cannot write: %s", strerror(errno));
            return AF_ERROR;
        }
        *temp = TEMP_GONE;
        return 0;
    }
    struct stat out_st;
    bool same = fstatat(dirfd, tmp, &out_st, AT_SYMLINK_NOFOLLOW) == 0 && same_file(&out_st, cur_st) &&
                holds_original(cur, orig);
    if (same)
        return 0;
    if (renameat2(dirfd, tmp, dirfd, name, RENAME_EXCHANGE) < 0) {
        af_error_set("changed on disk while asyncfix wrote it, and the change could not be put back: "
                     "it is in %s/%s (%s)", orig->origin.dir, tmp, strerror(errno));
        *temp = TEMP_KEEP;
        return AF_ERROR;
    }
    af_error_set("changed on disk while asyncfix worked; not written");
    return AF_ECHANGED;
}

int af_writer_check(const struct af_source *orig)
{
    const struct af_source_origin *origin = &orig->origin;
    int dirfd = -1, cur = -1, error;
    struct stat cur_st;
    if ((error = open_folder(&dirfd, origin)) < 0)
        return error;
    if ((error = open_unchanged(&cur, &cur_st, dirfd, origin->name, orig)) == 0)
        error = check_writable(dirfd, origin->name, &cur_st);
    if (cur >= 0)
        close(cur);
    close(dirfd);
    return error;
}

int af_writer_replace(const struct af_source *orig, const char *data, size_t len)
{
    const struct af_source_origin *origin = &orig->origin;
    char tmp[sizeof(TEMP_PREFIX) + TEMP_SUFFIX_LEN] = "";
    int dirfd = -1, fd = -1, cur = -1, error;
    bool named = false;
    enum temp_state temp = TEMP_REMOVE;
    struct stat cur_st;
    if ((error = open_folder(&dirfd, origin)) < 0)
        return error;
    sweep_stale(dirfd, origin->dir);
    if ((error = open_unchanged(&cur, &cur_st, dirfd, origin->name, orig)) < 0 ||
        (error = check_writable(dirfd, origin->name, &cur_st)) < 0)
        goto done;
    close(cur);
    cur = -1;
    if ((error = create_temp(&fd, &named, dirfd, tmp)) < 0) {
        af_error_set("cannot write: cannot create a temporary file in %s: %s", origin->dir, strerror(-error));
        error = AF_ERROR;
        goto done;
    }
    /* the bytes before owner and mode: a write by a user clears setuid/setgid */
    if (write_all(fd, data, len) < 0) {
        af_error_set("cannot write: %s", strerror(errno));
        error = AF_ERROR;
        goto done;
    }
    if ((error = keep_owner_and_mode(fd, &orig->st)) < 0)
        goto done;
    if (fsync(fd) < 0) {
        af_error_set("cannot write: %s", strerror(errno));
        error = AF_ERROR;
        goto done;
    }
    hook(AF_WRITER_TEMP_WRITTEN, origin->dir, named ? tmp : NULL);
    if (!named) {
        if ((error = name_temp(fd, dirfd, tmp)) < 0) {
            af_error_set("cannot write: cannot name the temporary file in %s: %s", origin->dir, strerror(-error));
            error = AF_ERROR;
            goto done;
        }
        named = true;
    }
    hook(AF_WRITER_TEMP_NAMED, origin->dir, tmp);
    /* the last look before replacing: never overwrite bytes we did not read */
    if ((error = open_unchanged(&cur, &cur_st, dirfd, origin->name, orig)) < 0)
        goto done;
    hook(AF_WRITER_BEFORE_EXCHANGE, origin->dir, tmp);
    if ((error = replace(&temp, dirfd, tmp, origin->name, cur, &cur_st, orig)) < 0)
        goto done;
done:
    /* the temp name holds our unused bytes or, after the exchange, the old file */
    if (named && temp == TEMP_REMOVE)
        unlinkat(dirfd, tmp, 0);
    if (error == 0)
        fsync(dirfd);
    if (fd >= 0)
        close(fd);
    if (cur >= 0)
        close(cur);
    if (dirfd >= 0)
        close(dirfd);
    return error;
}
