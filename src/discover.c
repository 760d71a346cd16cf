#include "asyncfix/discover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/config.h"
#include "asyncfix/diff.h"
#include "asyncfix/file.h"

const char *const af_default_excludes[] = {
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".local",
    ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn",
    ".tox", ".venv", ".vscode", "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist",
    "node_modules", "site-packages", "venv", NULL,
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

static bool glob_matches(const char *g, const char *path, const char *name)
{
    const char *rel = path;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    if (fnmatch(g, name, 0) == 0 || fnmatch(g, rel, 0) == 0 || fnmatch(g, path, 0) == 0)
        return true;
    /* a glob naming a folder excludes what is below it */
    size_t gl = strlen(g);
    while (gl && g[gl - 1] == '/')
        gl--;
    return gl && strncmp(rel, g, gl) == 0 && rel[gl] == '/';
}

bool af_discover_excluded(const struct af_options *opts, const char *path, const char *name, bool is_dir)
{
    if (is_dir)
        for (const char *const *x = af_default_excludes; *x; x++)
            if (!strcmp(name, *x))
                return true;
    const struct af_strlist *lists[] = { &opts->exclude, &opts->extend_exclude };
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->n; i++)
            if (glob_matches(lists[l]->items[i], path, name))
                return true;
    return false;
}

/* `path` as seen from the current folder: an absolute path inside it loses the prefix */
static const char *relative_to_cwd(const char *path)
{
    char cwd[PATH_MAX];
    if (path[0] != '/' || !getcwd(cwd, sizeof(cwd)))
        return path;
    size_t n = strlen(cwd);
    if (strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return NULL;
}

bool af_discover_force_excluded(const struct af_options *opts, const char *path, bool is_dir)
{
    const char *rel = relative_to_cwd(path);
    if (!rel) {
        /* outside the current folder: the folders above are not the project's */
        const char *name = strrchr(path, '/');
        return af_discover_excluded(opts, path, name ? name + 1 : path, is_dir);
    }
    /* each component in turn: "a", "a/b", then the path itself */
    char *copy = af_strdup(rel);
    bool out = false;
    size_t len = strlen(copy);
    while (len > 1 && copy[len - 1] == '/')
        copy[--len] = '\0';
    for (char *p = copy; !out; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        const char *name = strrchr(copy, '/');
        name = name ? name + 1 : copy;
        bool last = saved == '\0';
        if (*name && strcmp(name, ".") && strcmp(name, ".."))
            out = af_discover_excluded(opts, copy, name, last ? is_dir : true);
        *p = saved;
        if (last)
            break;
    }
    free(copy);
    return out;
}

/* fnmatch takes any pattern; a character class left open is the mistake to catch */
static const char *glob_problem(const char *g)
{
    if (!*g)
        return "empty pattern";
    for (const char *p = g; *p; p++) {
        if (*p == '\\') {
            if (!p[1])
                return "a backslash ends the pattern";
            p++;
        } else if (*p == '[') {
            const char *q = p + 1;
            if (*q == '!' || *q == '^')
                q++;
            if (*q == ']')
                q++;
            while (*q && *q != ']')
                q++;
            if (!*q)
                return "unclosed character class";
            p = q;
        }
    }
    return NULL;
}

int af_discover_check_globs(const struct af_options *opts)
{
    const struct af_strlist *lists[] = { &opts->exclude, &opts->extend_exclude };
    const char *names[] = { "exclude", "extend-exclude" };
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->n; i++) {
            const char *why = glob_problem(lists[l]->items[i]);
            if (why) {
                af_error_set("invalid %s pattern '%s': %s", names[l], lists[l]->items[i], why);
                return AF_EINVALID;
            }
        }
    return 0;
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

/*
 * libgit2 reads ignore files with a blocking open() and reads them to the
 * end: one that is a FIFO or a device would hang the run. What `path` is when
 * it exists and is neither a regular file nor a folder, else NULL.
 */
static const char *unreadable_ignore_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        return NULL;
    return S_ISFIFO(st.st_mode) ? "a named pipe" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                                                              : "not a regular file";
}

/* true (with an error line) when the ignore file `name` in `dir` would hang libgit2 */
static bool ignore_file_blocks(struct discover *d, const char *dir, const char *name)
{
    char *path = af_asprintf("%s/%s", dir, name);
    const char *kind = unreadable_ignore_file(path);
    if (kind) {
        fprintf(stderr, "asyncfix: %s: not a regular file (%s); the folder is not walked\n", path, kind);
        (*d->errors)++;
    }
    free(path);
    return kind != NULL;
}

/* the ignore files libgit2 reads for a walk that starts at `root`: the repository's, and those of
 * the folders from the top of the work tree down to `root` */
static bool ignore_files_above_block(struct discover *d, const char *root)
{
    char *info = af_asprintf("%sinfo", git_repository_path(d->repo));
    bool blocked = ignore_file_blocks(d, info, "exclude");
    free(info);
    char *abs = realpath(root, NULL);
    size_t wl = strlen(d->workdir);
    if (abs && strncmp(abs, d->workdir, wl) == 0)
        for (char *slash = abs + wl - 1; slash && !blocked; slash = strchr(slash + 1, '/')) {
            *slash = '\0';
            blocked = ignore_file_blocks(d, *abs ? abs : "/", ".gitignore");
            *slash = '/';
        }
    free(abs);
    return blocked;
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
    unsigned char *types = NULL;   /* each name's d_type: DT_UNKNOWN asks lstat */
    size_t types_cap = 0;
    errno = 0;
    while ((e = readdir(dh)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        AF_ARRAY_GROW(types, names.n, types_cap);
        types[names.n] = e->d_type;
        af_strlist_add(&names, e->d_name);
    }
    int read_error = errno;
    closedir(dh);
    if (d->repo && af_strlist_contains(&names, ".gitignore") && ignore_file_blocks(d, dir, ".gitignore")) {
        af_strlist_dispose(&names);
        free(types);
        return;
    }
    bool said = false;
    if (read_error) {
        fprintf(stderr, "asyncfix: %s: cannot read folder: %s\n", dir, strerror(read_error));
        (*d->errors)++;
        said = true;
    }
    /* a folder listed but not searchable (no execute permission): its entries cannot be looked at;
     * asked once for the folder, as the lstat of its first entry would fail */
    if (names.n && faccessat(AT_FDCWD, dir, X_OK, AT_EACCESS) < 0) {
        if (!said) {
            fprintf(stderr, "asyncfix: %s: cannot read folder: %s\n", dir, strerror(errno));
            (*d->errors)++;
        }
        af_strlist_dispose(&names);
        free(types);
        return;
    }
    for (size_t i = 0; i < names.n; i++) {
        const char *name = names.items[i];
        struct af_buf path = AF_BUF_INIT;
        if (!strcmp(dir, "."))
            af_buf_puts(&path, name);
        else
            af_buf_printf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
        /* the listing's type, else lstat's (a file system that lists no types) */
        mode_t mode = types[i] == DT_DIR ? S_IFDIR : types[i] == DT_REG ? S_IFREG : types[i] == DT_LNK ? S_IFLNK : 0;
        struct stat st;
        if (types[i] == DT_UNKNOWN) {
            if (lstat(path.ptr, &st) < 0) {
                if (errno != ENOENT && !said) {
                    fprintf(stderr, "asyncfix: %s: cannot read folder: %s\n", dir, strerror(errno));
                    (*d->errors)++;
                    said = true;
                }
                af_buf_dispose(&path);
                continue;
            }
            mode = st.st_mode;
        }
        if (S_ISLNK(mode)) {
            af_buf_dispose(&path);
            continue;   /* symbolic links are not followed */
        }
        bool is_dir = S_ISDIR(mode);
        bool skip = af_discover_excluded(d->opts, path.ptr, name, is_dir);
        if (is_dir) {
            if (!skip && nested_repository(d, path.ptr))
                skip = true;
            if (!skip && !ignored_by_git(d, path.ptr, true))
                walk(d, path.ptr);
        } else if (S_ISREG(mode) && is_python(name) && !skip && !ignored_by_git(d, path.ptr, false)) {
            af_strlist_add(d->out, path.ptr);
        }
        af_buf_dispose(&path);
    }
    af_strlist_dispose(&names);
    free(types);
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

/*
 * True when `dir` or a folder above it holds an entry named `.git`: a work
 * tree git_repository_open_ext (no flags) could find starts there (a bare
 * repository, which it finds too, has no ignore rules to honour). Outside
 * one, libgit2 is not started: its start parses the system's CA
 * certificates (about 6 ms, a third of a check of a small folder) for
 * nothing. When in doubt (the path cannot be resolved) the answer is yes.
 */
static bool below_git_entry(const char *dir)
{
    char *abs = realpath(dir, NULL);
    if (!abs)
        return true;
    struct af_buf probe = AF_BUF_INIT;
    bool found = false;
    for (size_t len = strlen(abs); !found;) {
        struct stat st;
        af_buf_clear(&probe);
        af_buf_put(&probe, abs, len);
        af_buf_puts(&probe, len && abs[len - 1] == '/' ? ".git" : "/.git");
        found = lstat(probe.ptr, &st) == 0;
        if (len <= 1)
            break;
        while (len > 1 && abs[len - 1] != '/')
            len--;
        if (len > 1)
            len--;   /* "/a/b" -> "/a", "/a" -> "/" */
    }
    af_buf_dispose(&probe);
    free(abs);
    return found;
}

int af_discover(struct af_strlist *out, const struct af_options *opts, int *errors)
{
    struct discover d = { opts, out, NULL, NULL, errors, false };
    struct af_strlist defaults = { 0 };
    int error = af_discover_check_globs(opts);
    if (error < 0)
        return error;
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
        /* named on the command line: taken even when excluded, unless force-exclude */
        if (opts->force_exclude && af_discover_force_excluded(opts, p, S_ISDIR(st.st_mode)))
            continue;
        if (!S_ISDIR(st.st_mode)) {
            af_strlist_add(out, p);
            continue;
        }
        /* a folder's ignore rules, inside a work tree; a file named is taken without libgit2 */
        if (below_git_entry(p) && (af_libgit2_ready(), git_repository_open_ext(&d.repo, p, 0, NULL) == 0) &&
            !git_repository_is_bare(d.repo)) {
            char *wd = realpath(git_repository_workdir(d.repo), NULL);
            if (wd) {
                d.workdir = af_asprintf("%s/", wd);
                free(wd);
            }
        }
        /* ignore files that would hang libgit2: the folder is an error, not walked */
        if (d.workdir && ignore_files_above_block(&d, p)) {
            git_repository_free(d.repo);
            free(d.workdir);
            d.repo = NULL;
            d.workdir = NULL;
            continue;
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

/* ---- the roots modules are named from ---- */

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* true when the folder holds an __init__.py: a regular package */
static bool is_package_dir(const char *dir)
{
    struct af_buf init = AF_BUF_INIT;
    struct stat st;
    af_buf_printf(&init, "%s/__init__.py", dir);
    bool pkg = stat(init.ptr, &st) == 0 && S_ISREG(st.st_mode);
    af_buf_dispose(&init);
    return pkg;
}

/* the folder holding absolute `path` ("/" for the top) */
static void parent_of(struct af_buf *path)
{
    while (path->size > 1 && path->ptr[path->size - 1] != '/')
        path->size--;
    if (path->size > 1)
        path->size--;
    path->ptr[path->size] = '\0';
}

static void add_root(struct af_strlist *out, const char *dir)
{
    if (is_dir(dir) && !af_strlist_contains(out, dir))
        af_strlist_add(out, dir);
}

/* `dir`/src when it is a folder but not a package: a src layout */
static void add_src(struct af_strlist *out, const char *dir)
{
    char *src = af_asprintf("%s%ssrc", dir, strcmp(dir, "/") ? "/" : "");
    if (is_dir(src) && !is_package_dir(src))
        add_root(out, src);
    free(src);
}

/* the package roots the nearest pyproject.toml at or above `dir` declares, and its src/ */
static void pyproject_roots(struct af_strlist *out, const char *dir)
{
    struct af_buf at = AF_BUF_INIT, file = AF_BUF_INIT, root = AF_BUF_INIT;
    af_buf_puts(&at, dir);
    for (;;) {
        af_buf_clear(&file);
        af_buf_printf(&file, "%s%spyproject.toml", at.ptr, strcmp(at.ptr, "/") ? "/" : "");
        struct stat st;
        if (stat(file.ptr, &st) == 0 && S_ISREG(st.st_mode))
            break;
        if (!strcmp(at.ptr, "/")) {
            af_buf_clear(&file);
            break;
        }
        parent_of(&at);
    }
    struct af_strlist dirs = { 0 };
    if (file.size && af_config_package_dirs(&dirs, file.ptr) == 0) {
        for (size_t i = 0; i < dirs.n; i++) {
            af_buf_clear(&root);
            af_buf_printf(&root, "%s/%s", at.ptr, dirs.items[i]);
            struct af_buf abs = AF_BUF_INIT;
            af_path_absolute(&abs, root.ptr);
            add_root(out, abs.ptr);
            af_buf_dispose(&abs);
        }
        add_src(out, at.ptr);
    }
    af_strlist_dispose(&dirs);
    af_buf_dispose(&at);
    af_buf_dispose(&file);
    af_buf_dispose(&root);
}

void af_discover_roots(struct af_strlist *out, const struct af_strlist *paths)
{
    static const char *const here[] = { "." };
    size_t n = paths->n ? paths->n : 1;
    for (size_t i = 0; i < n; i++) {
        struct af_buf dir = AF_BUF_INIT;
        af_path_absolute(&dir, paths->n ? paths->items[i] : here[0]);
        if (!is_dir(dir.ptr))
            parent_of(&dir);
        /* a package's modules are named from the folder above its outermost package */
        while (strcmp(dir.ptr, "/") && is_package_dir(dir.ptr))
            parent_of(&dir);
        add_root(out, dir.ptr);
        add_src(out, dir.ptr);
        pyproject_roots(out, dir.ptr);
        af_buf_dispose(&dir);
    }
}
