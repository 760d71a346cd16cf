#include "asyncfix/discover.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const default_excludes[] = {
    ".venv", "venv", ".tox", "build", "node_modules", "__pycache__", ".git", ".mypy_cache",
    ".ruff_cache", ".nox", ".eggs", NULL,
};

struct discover {
    const struct af_options *opts;
    struct af_strlist *out;
    git_repository *repo;       /* the work tree the current root sits in, or NULL */
    char *workdir;              /* its absolute path with a trailing slash */
    int *errors;
    bool said_nested;
};

static bool is_python(const char *name)
{
    size_t n = strlen(name);
    return (n > 3 && strcmp(name + n - 3, ".py") == 0) || (n > 4 && strcmp(name + n - 4, ".pyi") == 0);
}

static bool excluded(const struct discover *d, const char *path, const char *name)
{
    for (size_t i = 0; i < d->opts->exclude.n; i++) {
        const char *g = d->opts->exclude.items[i];
        const char *rel = path;
        while (rel[0] == '.' && rel[1] == '/')
            rel += 2;
        if (fnmatch(g, name, 0) == 0 || fnmatch(g, rel, 0) == 0 || fnmatch(g, path, 0) == 0)
            return true;
        /* a glob naming a folder excludes what is below it */
        size_t gl = strlen(g);
        while (gl && g[gl - 1] == '/')
            gl--;
        if (gl && strncmp(rel, g, gl) == 0 && rel[gl] == '/')
            return true;
    }
    return false;
}

static bool ignored_by_git(const struct discover *d, const char *path, bool is_dir)
{
    if (!d->repo)
        return false;
    char *abs = realpath(path, NULL);
    if (!abs)
        return false;
    size_t wl = strlen(d->workdir);
    bool ignored = false;
    if (strncmp(abs, d->workdir, wl) == 0 && abs[wl]) {
        int flag = 0;
        struct af_buf rel = AF_BUF_INIT;
        af_buf_puts(&rel, abs + wl);
        if (is_dir)
            af_buf_putc(&rel, '/');
        if (git_ignore_path_is_ignored(&flag, d->repo, rel.ptr) == 0)
            ignored = flag != 0;
        af_buf_dispose(&rel);
    }
    free(abs);
    return ignored;
}

/* a submodule or another repository inside the tree: its files are not ours */
static bool nested_repository(struct discover *d, const char *dir)
{
    struct af_buf git = AF_BUF_INIT;
    struct stat st;
    af_buf_printf(&git, "%s/.git", dir);
    bool nested = lstat(git.ptr, &st) == 0;
    af_buf_dispose(&git);
    if (nested && !d->said_nested) {
        fprintf(stderr, "asyncfix: skipping nested repositories and submodules (first: %s)\n", dir);
        d->said_nested = true;
    }
    return nested;
}

static void walk(struct discover *d, const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        af_error_report(dir, "cannot read folder: %s", strerror(errno));
        (*d->errors)++;
        return;
    }
    struct dirent *e;
    struct af_strlist names = { 0 };
    while ((e = readdir(dh)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        af_strlist_add(&names, e->d_name);
    }
    closedir(dh);
    for (size_t i = 0; i < names.n; i++) {
        const char *name = names.items[i];
        struct af_buf path = AF_BUF_INIT;
        if (!strcmp(dir, "."))
            af_buf_puts(&path, name);
        else
            af_buf_printf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
        struct stat st;
        if (lstat(path.ptr, &st) < 0 || S_ISLNK(st.st_mode)) {
            af_buf_dispose(&path);
            continue;   /* symbolic links are not followed */
        }
        bool skip = excluded(d, path.ptr, name);
        if (S_ISDIR(st.st_mode)) {
            for (const char *const *x = default_excludes; *x && !skip; x++)
                skip = !strcmp(name, *x);
            if (!skip && nested_repository(d, path.ptr))
                skip = true;
            if (!skip && !ignored_by_git(d, path.ptr, true))
                walk(d, path.ptr);
        } else if (S_ISREG(st.st_mode) && is_python(name) && !skip && !ignored_by_git(d, path.ptr, false)) {
            af_strlist_add(d->out, path.ptr);
        }
        af_buf_dispose(&path);
    }
    af_strlist_dispose(&names);
}

/* "./a//b.py" -> "a/b.py", so that one file named two ways is found once */
static void normalize(char *path)
{
    char *r = path, *w = path;
    while (r[0] == '.' && r[1] == '/' && r[2]) {
        r += 2;
        while (*r == '/')
            r++;
    }
    for (; *r; r++) {
        if (*r == '/' && w > path && w[-1] == '/')
            continue;
        if (*r == '/' && r[1] == '.' && r[2] == '/' && w > path)
            r++;   /* "a/./b": the "/" after "." is written next */
        else
            *w++ = *r;
    }
    *w = '\0';
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int af_discover(struct af_strlist *out, const struct af_options *opts, int *errors)
{
    struct discover d = { opts, out, NULL, NULL, errors, false };
    struct af_strlist defaults = { 0 };
    const struct af_strlist *paths = &opts->paths;
    if (!paths->n) {
        af_strlist_add(&defaults, ".");
        paths = &defaults;
    }
    for (size_t i = 0; i < paths->n; i++) {
        const char *p = paths->items[i];
        struct stat st;
        if (stat(p, &st) < 0) {
            af_error_report(p, "%s", strerror(errno));
            (*errors)++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            af_strlist_add(out, p);   /* explicit files are always taken */
            continue;
        }
        if (git_repository_open_ext(&d.repo, p, 0, NULL) == 0 && !git_repository_is_bare(d.repo)) {
            char *wd = realpath(git_repository_workdir(d.repo), NULL);
            if (wd) {
                d.workdir = af_asprintf("%s/", wd);
                free(wd);
            }
        }
        /* a folder named on the command line that the repository itself ignores
         * (a virtualenv, a vendored tree) is walked without the ignore rules */
        if (d.workdir && ignored_by_git(&d, p, true)) {
            free(d.workdir);
            d.workdir = NULL;
        }
        if (!d.workdir && d.repo) {
            git_repository_free(d.repo);
            d.repo = NULL;
        }
        walk(&d, p);
        git_repository_free(d.repo);
        free(d.workdir);
        d.repo = NULL;
        d.workdir = NULL;
    }
    af_strlist_dispose(&defaults);
    for (size_t i = 0; i < out->n; i++)
        normalize(out->items[i]);
    if (out->n)
        qsort(out->items, out->n, sizeof(*out->items), cmp_path);
    /* drop duplicates (a file named twice, or inside a folder also named) */
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (k && strcmp(out->items[k - 1], out->items[i]) == 0) {
            free(out->items[i]);
            continue;
        }
        out->items[k++] = out->items[i];
    }
    out->n = k;
    return 0;
}
