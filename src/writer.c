#include "asyncfix/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* true when the file at `path` still holds exactly the bytes read */
static bool unchanged_on_disk(const struct af_source *orig)
{
    struct af_source now;
    if (af_source_load(&now, orig->path) < 0 && !now.data) {
        af_source_dispose(&now);
        return false;
    }
    bool same = now.len == orig->len && memcmp(now.data, orig->data, orig->len) == 0;
    af_source_dispose(&now);
    return same;
}

int af_writer_replace(const struct af_source *orig, const char *data, size_t len)
{
    /* write the file a symlink points to, and keep the link */
    char *path = realpath(orig->path, NULL);
    if (!path) {
        if (errno == ENOENT) {
            af_error_set("removed on disk while asyncfix worked; not written");
            return AF_ECHANGED;
        }
        af_error_set("cannot write: %s", strerror(errno));
        return AF_ERROR;
    }
    /* access() grants root everything: the mode bits say read-only for all */
    struct stat st;
    int werr = access(path, W_OK) < 0 ? errno : 0;
    if (!werr && stat(path, &st) == 0 && !(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
        werr = EACCES;
    if (werr) {
        af_error_set("cannot write: %s", werr == EACCES || werr == EROFS ? "the file is read-only" : strerror(werr));
        free(path);
        return AF_ERROR;
    }
    char *copy = af_strdup(path);
    char *dir = dirname(copy);
    struct af_buf tmp = AF_BUF_INIT;
    af_buf_printf(&tmp, "%s/.asyncfix-XXXXXX", dir);
    int fd = mkstemp(tmp.ptr);
    int error = 0;
    if (fd < 0) {
        af_error_set("cannot write: cannot create a temporary file in %s: %s", dir, strerror(errno));
        error = AF_ERROR;
        goto done;
    }
    if (fchmod(fd, orig->st.st_mode & 07777) < 0 ||
        (fchown(fd, orig->st.st_uid, orig->st.st_gid) < 0 && errno != EPERM) ||
        write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        af_error_set("cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp.ptr);
        error = AF_ERROR;
        goto done;
    }
    close(fd);
    /* the last look before replacing: never overwrite bytes we did not read */
    if (!unchanged_on_disk(orig)) {
        af_error_set("changed on disk while asyncfix worked; not written");
        unlink(tmp.ptr);
        error = AF_ECHANGED;
        goto done;
    }
    if (rename(tmp.ptr, path) < 0) {
        af_error_set("cannot write: %s", strerror(errno));
        unlink(tmp.ptr);
        error = AF_ERROR;
        goto done;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
done:
    af_buf_dispose(&tmp);
    free(copy);
    free(path);
    return error;
}
