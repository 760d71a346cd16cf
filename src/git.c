/*
 * git.c - fix commits through libgit2, never by running `git`.
 *
 *  --write --commit  the fixed files are written, then committed on the
 *                    current branch (or detached HEAD): the commit's tree is
 *                    HEAD's tree with exactly those files replaced, and only
 *                    their index entries are updated, so whatever else the
 *                    user staged stays staged and out of the commit.
 *  --branch NAME     the files are read from the base commit (HEAD or
 *                    --base), fixed in memory, and a commit on top of the
 *                    base is built in the object database; refs/heads/NAME
 *                    points at it. Work tree, index and HEAD are untouched.
 *  --since REV       only files that differ between REV and the work tree
 *                    (or the base commit, with --branch) are looked at.
 */
#include "asyncfix/git.h"

#include <errno.h>
#include <fnmatch.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/diff.h"
#include "asyncfix/output.h"
#include "asyncfix/pool.h"
#include "asyncfix/writer.h"

struct repo_file {
    char *rel;                 /* path inside the repository, '/'-separated */
    char *path;                /* path as shown and, in --commit mode, opened */
    git_oid blob;              /* --branch: the blob at the base commit */
    git_filemode_t mode;
    struct af_result result;
};

struct repo_files {
    struct repo_file *items;
    size_t n, cap;
};

struct job {
    struct repo_files *files;
    git_repository *repo;      /* --branch: blobs are read from it (one reader per worker) */
    const struct af_options *opts;
    const struct af_project *project;
};

static int libgit2_fail(const char *what)
{
    const git_error *e = git_error_last();
    af_error_set("%s: %s", what, e && e->message ? e->message : "libgit2 error");
    return AF_ERROR;
}

static void files_dispose(struct repo_files *files)
{
    for (size_t i = 0; i < files->n; i++) {
        free(files->items[i].rel);
        free(files->items[i].path);
        af_result_dispose(&files->items[i].result);
    }
    free(files->items);
    memset(files, 0, sizeof(*files));
}

static struct repo_file *files_add(struct repo_files *files, const char *rel, const char *path)
{
    AF_ARRAY_GROW(files->items, files->n, files->cap);
    struct repo_file *f = &files->items[files->n++];
    memset(f, 0, sizeof(*f));
    f->rel = af_strdup(rel);
    f->path = af_strdup(path);
    return f;
}

static int open_repository(git_repository **out)
{
    if (git_repository_open_ext(out, ".", 0, NULL) < 0) {
        af_error_set("not inside a git repository");
        return AF_ENOTFOUND;
    }
    return 0;
}

/* the work tree's absolute path with a trailing slash, or NULL for a bare repository */
static char *workdir_of(git_repository *repo)
{
    const char *wd = git_repository_workdir(repo);
    if (!wd)
        return NULL;
    char *real = realpath(wd, NULL);
    if (!real)
        return NULL;
    char *out = af_asprintf("%s/", real);
    free(real);
    return out;
}

/* `path` (relative to the current folder) as a repository path, or NULL when outside */
static char *repo_relative(const char *workdir, const char *path)
{
    char *abs = realpath(path, NULL);
    if (!abs) {
        /* a path that does not exist on disk (--branch): resolve its folder */
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof(cwd)))
            return NULL;
        abs = af_asprintf("%s/%s", cwd, path);
    }
    size_t wl = strlen(workdir);
    char *rel = NULL;
    if (strncmp(abs, workdir, wl) == 0)
        rel = af_strdup(abs + wl);
    else if (strlen(abs) + 1 == wl && strncmp(abs, workdir, wl - 1) == 0)
        rel = af_strdup("");
    free(abs);
    return rel;
}

static void process_job(struct af_worker *w, size_t i, void *ctx)
{
    struct job *job = ctx;
    struct repo_file *f = &job->files->items[i];
    if (!job->repo) {
        af_engine_process_path(&f->result, w, f->path, job->opts, job->project);
        return;
    }
    git_blob *blob = NULL;
    if (git_blob_lookup(&blob, job->repo, &f->blob) < 0) {
        memset(&f->result, 0, sizeof(f->result));
        f->result.path = af_strdup(f->path);
        f->result.status = libgit2_fail("cannot read blob");
        f->result.error = af_strdup(af_error_last());
        return;
    }
    size_t len = (size_t)git_blob_rawsize(blob);
    char *data = af_malloc(len + 1);
    memcpy(data, git_blob_rawcontent(blob), len);
    git_blob_free(blob);
    af_engine_process_buffer(&f->result, w, f->path, data, len, job->opts, job->project);
}

/* ---- what git refuses to write: identities and branch names ---- */

/*
 * A name or an email as git writes it: on the author or committer line,
 * between its own delimiters. git fsck rejects a line break or an angle
 * bracket in either; other control characters are refused too.
 */
static int check_ident_part(const char *what, const char *text)
{
    if (!*text) {
        af_error_set("%s is empty", what);
        return AF_EINVALID;
    }
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            af_error_set("%s holds a control character (0x%02x); git writes it on one line", what, *p);
            return AF_EINVALID;
        }
        if (*p == '<' || *p == '>') {
            af_error_set("%s holds '%c', which git puts around the email", what, *p);
            return AF_EINVALID;
        }
    }
    return 0;
}

/* `Name <email>`: one '<', and '>' as the last character */
static int parse_author(char **name, char **email, const char *author)
{
    const char *lt = strchr(author, '<');
    size_t n = strlen(author);
    while (n && author[n - 1] == ' ')
        n--;
    if (!lt || !n || author[n - 1] != '>' || author + n - 1 < lt) {
        af_error_set("--author wants 'Name <email>'");
        return AF_EINVALID;
    }
    const char *start = author, *end = lt;
    while (start < end && *start == ' ')
        start++;
    while (end > start && end[-1] == ' ')
        end--;
    *name = af_strndup(start, (size_t)(end - start));
    *email = af_strndup(lt + 1, (size_t)(author + n - 1 - (lt + 1)));
    return 0;
}

/* author and committer: --author, else user.name and user.email; checked as git fsck checks them */
static int signature(git_signature **out, git_repository *repo, const struct af_options *opts)
{
    char *name = NULL, *email = NULL;
    int error = 0;
    if (opts->author) {
        if ((error = parse_author(&name, &email, opts->author)) < 0 ||
            (error = check_ident_part("--author's name", name)) < 0 ||
            (error = check_ident_part("--author's email", email)) < 0)
            goto done;
        if (git_signature_now(out, name, email) < 0)
            error = libgit2_fail("bad --author");
        goto done;
    }
    if (git_signature_default(out, repo) < 0) {
        af_error_set("no commit author: set user.name and user.email in git config, or pass --author 'Name <email>'");
        error = AF_ENOTFOUND;
        goto done;
    }
    if ((error = check_ident_part("user.name (git config)", (*out)->name)) < 0 ||
        (error = check_ident_part("user.email (git config)", (*out)->email)) < 0) {
        git_signature_free(*out);
        *out = NULL;
    }
done:
    free(name);
    free(email);
    return error;
}

/* a branch name as `git branch` takes it (git check-ref-format --branch), and not "@" */
static int check_branch_name(const char *name)
{
    int valid = 0;
    if (git_branch_name_is_valid(&valid, name) < 0)
        return libgit2_fail("cannot check the branch name");
    /* libgit2 1.5 lets DEL through; git's rules count it among the control characters */
    if (!valid || strchr(name, 0x7f)) {
        af_error_set("'%s' is not a valid branch name", name);
        return AF_EINVALID;
    }
    /* git takes it, but `@` alone means HEAD to every git command: the branch could not be named */
    if (!strcmp(name, "@")) {
        af_error_set("'@' is not a usable branch name: git reads '@' as HEAD");
        return AF_EINVALID;
    }
    return 0;
}

static char *commit_message(const struct repo_files *files, const struct af_options *opts,
                            unsigned *nfixes, unsigned *nfiles)
{
    struct { const char *code, *name; unsigned count; } per[64];
    size_t nper = 0;
    *nfixes = *nfiles = 0;
    for (size_t i = 0; i < files->n; i++) {
        const struct af_result *r = &files->items[i].result;
        if (!r->fixed)
            continue;
        (*nfiles)++;
        for (size_t k = 0; k < r->napplied; k++) {
            *nfixes += r->applied[k].count;
            size_t j = 0;
            while (j < nper && strcmp(per[j].code, r->applied[k].code) != 0)
                j++;
            if (j == nper && nper < 64) {
                per[nper].code = r->applied[k].code;
                per[nper].name = r->applied[k].name;
                per[nper].count = 0;
                nper++;
            }
            if (j < nper)
                per[j].count += r->applied[k].count;
        }
    }
    /* one line per rule, by code */
    for (size_t a = 1; a < nper; a++)
        for (size_t b = a; b > 0 && strcmp(per[b - 1].code, per[b].code) > 0; b--) {
            __typeof__(per[0]) t = per[b];
            per[b] = per[b - 1];
            per[b - 1] = t;
        }
    struct af_buf msg = AF_BUF_INIT;
    if (opts->message)
        af_buf_puts(&msg, opts->message);
    else
        af_buf_printf(&msg, "asyncfix: fix %u async anti-pattern%s in %u file%s", *nfixes,
                      *nfixes == 1 ? "" : "s", *nfiles, *nfiles == 1 ? "" : "s");
    af_buf_puts(&msg, "\n\n");
    for (size_t j = 0; j < nper; j++)
        af_buf_printf(&msg, "%s %s: %u\n", per[j].code, per[j].name, per[j].count);
    af_buf_printf(&msg, "\nasyncfix %s\n", AF_VERSION);
    return af_buf_detach(&msg);
}

/* reports errors and remaining findings of the run; returns how many files failed */
static int report_results(const struct repo_files *files, const struct af_options *opts, unsigned *remaining)
{
    int errors = 0;
    *remaining = 0;
    struct af_result *all = af_calloc(files->n ? files->n : 1, sizeof(*all));
    for (size_t i = 0; i < files->n; i++) {
        const struct af_result *r = &files->items[i].result;
        all[i] = *r;
        if (r->status < 0) {
            fprintf(stderr, "asyncfix: %s: %s\n", af_diff_path(r->path), r->error);
            errors++;
        } else if (r->internal_error) {
            fprintf(stderr, "asyncfix: %s: internal error: %s\n", af_diff_path(r->path), r->internal_error);
            errors++;
        }
        *remaining += (unsigned)r->nreports;
    }
    if (*remaining && !opts->quiet)
        af_output_findings(stderr, all, files->n, opts);
    free(all);
    return errors;
}

static const char *const default_excludes[] = {
    ".venv", "venv", ".tox", "build", "node_modules", "__pycache__", ".git", NULL,
};

static bool path_selected(const char *rel, const struct af_strlist *prefixes, const struct af_options *opts)
{
    /* default excludes and --exclude, on any component */
    const char *p = rel;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        for (const char *const *x = default_excludes; *x; x++)
            if (slash && af_streq(p, n, *x))
                return false;
        if (!slash)
            break;
        p = slash + 1;
    }
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    for (size_t i = 0; i < opts->exclude.n; i++)
        if (fnmatch(opts->exclude.items[i], rel, 0) == 0 || fnmatch(opts->exclude.items[i], base, 0) == 0)
            return false;
    if (!prefixes->n)
        return true;
    for (size_t i = 0; i < prefixes->n; i++) {
        const char *pre = prefixes->items[i];
        size_t pl = strlen(pre);
        if (!pl || (strncmp(rel, pre, pl) == 0 && (rel[pl] == '\0' || rel[pl] == '/')))
            return true;
    }
    return false;
}

struct walk_ctx {
    struct repo_files *files;
    const struct af_strlist *prefixes;
    const struct af_options *opts;
    bool said_submodule;
};

static int collect_blob(const char *root, const git_tree_entry *entry, void *payload)
{
    struct walk_ctx *ctx = payload;
    git_filemode_t mode = git_tree_entry_filemode(entry);
    const char *name = git_tree_entry_name(entry);
    struct af_buf rel = AF_BUF_INIT;
    af_buf_printf(&rel, "%s%s", root, name);
    int ret = 0;
    if (mode == GIT_FILEMODE_TREE) {
        for (const char *const *x = default_excludes; *x; x++)
            if (!strcmp(name, *x))
                ret = 1;   /* skip this subtree */
    } else if (mode == GIT_FILEMODE_COMMIT) {
        if (!ctx->said_submodule)
            fprintf(stderr, "asyncfix: skipping submodules (first: %s)\n", rel.ptr);
        ctx->said_submodule = true;
    } else if ((mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE)) {
        size_t n = strlen(name);
        bool py = (n > 3 && !strcmp(name + n - 3, ".py")) || (n > 4 && !strcmp(name + n - 4, ".pyi"));
        if (py && path_selected(rel.ptr, ctx->prefixes, ctx->opts)) {
            struct repo_file *f = files_add(ctx->files, rel.ptr, rel.ptr);
            git_oid_cpy(&f->blob, git_tree_entry_id(entry));
            f->mode = mode;
        }
    }
    /* symbolic links (GIT_FILEMODE_LINK) are never followed */
    af_buf_dispose(&rel);
    return ret;
}

/* the set of paths that differ between `from` and `to` (NULL: the work tree with index) */
static int changed_paths(struct af_strlist *out, git_repository *repo, git_tree *from, git_tree *to)
{
    git_diff *diff = NULL;
    git_diff_options o;
    git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
    o.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
    int error = to ? git_diff_tree_to_tree(&diff, repo, from, to, &o)
                   : git_diff_tree_to_workdir_with_index(&diff, repo, from, &o);
    if (error < 0)
        return libgit2_fail("cannot compare with --since");
    size_t n = git_diff_num_deltas(diff);
    for (size_t i = 0; i < n; i++) {
        const git_diff_delta *d = git_diff_get_delta(diff, i);
        if (d->new_file.path && !af_strlist_contains(out, d->new_file.path))
            af_strlist_add(out, d->new_file.path);
    }
    git_diff_free(diff);
    return 0;
}

static int tree_of(git_tree **out, git_repository *repo, const char *rev)
{
    git_object *obj = NULL;
    if (git_revparse_single(&obj, repo, rev) < 0) {
        af_error_set("unknown revision '%s'", rev);
        return AF_ENOTFOUND;
    }
    int error = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
    git_object_free(obj);
    if (error < 0) {
        af_error_set("'%s' does not name a commit or tree", rev);
        return AF_EINVALID;
    }
    return 0;
}

int af_git_filter_since(struct af_strlist *paths, const struct af_options *opts)
{
    if (opts->branch)
        return 0;   /* --branch applies --since to the base commit itself */
    git_repository *repo = NULL;
    git_tree *since = NULL;
    struct af_strlist changed = { 0 };
    char *workdir = NULL;
    int error;
    if ((error = open_repository(&repo)) < 0)
        goto done;
    if (!(workdir = workdir_of(repo))) {
        af_error_set("--since needs a work tree (use it with --branch in a bare repository)");
        error = AF_EINVALID;
        goto done;
    }
    if ((error = tree_of(&since, repo, opts->since)) < 0 ||
        (error = changed_paths(&changed, repo, since, NULL)) < 0)
        goto done;
    size_t k = 0;
    for (size_t i = 0; i < paths->n; i++) {
        char *rel = repo_relative(workdir, paths->items[i]);
        bool keep = rel && af_strlist_contains(&changed, rel);
        free(rel);
        if (keep)
            paths->items[k++] = paths->items[i];
        else
            free(paths->items[i]);
    }
    paths->n = k;
done:
    af_strlist_dispose(&changed);
    git_tree_free(since);
    free(workdir);
    git_repository_free(repo);
    return error;
}

/* ---- what both modes share: fix the files, build the tree, make the commit ---- */

/* a fix commit in the making */
struct fix_commit {
    git_repository *repo;
    struct repo_files files;
    git_tree *base_tree;           /* the tree whose entries the fixed files replace (NULL: none) */
    git_commit *parent;            /* NULL: the commit is a root commit */
    git_signature *sig;
    git_tree_update *updates;      /* one per fixed file (paths point into files) */
    size_t nup;
    git_tree *new_tree;
    char *message;
    git_oid id;                    /* the commit made */
    unsigned nfixes, nfiles;
    unsigned remaining;            /* findings left in the files */
    int errors;                    /* files that could not be read, fixed or written */
};

static void fix_commit_dispose(struct fix_commit *fc)
{
    free(fc->updates);
    free(fc->message);
    git_signature_free(fc->sig);
    git_tree_free(fc->new_tree);
    git_tree_free(fc->base_tree);
    git_commit_free(fc->parent);
    files_dispose(&fc->files);
}

/* runs the pipeline on every file (from its blob in `blobs`, else from disk) and reports */
static int fix_files(struct fix_commit *fc, git_repository *blobs, const struct af_options *run,
                     const struct af_options *opts, const struct af_project *project)
{
    struct job job = { &fc->files, blobs, run, project };
    /* libgit2 object reads are thread-safe on one repository handle */
    if (af_pool_run(fc->files.n, opts->jobs, process_job, &job) < 0)
        return AF_ERROR;
    fc->errors = report_results(&fc->files, opts, &fc->remaining);
    fc->updates = af_calloc(fc->files.n ? fc->files.n : 1, sizeof(*fc->updates));
    return 0;
}

static bool has_fixes(const struct fix_commit *fc)
{
    for (size_t i = 0; i < fc->files.n; i++)
        if (fc->files.items[i].result.fixed)
            return true;
    return false;
}

static void add_update(struct fix_commit *fc, const git_oid *blob, git_filemode_t mode, const char *rel)
{
    git_tree_update *u = &fc->updates[fc->nup++];
    git_oid_cpy(&u->id, blob);
    u->action = GIT_TREE_UPDATE_UPSERT;
    u->filemode = mode;
    u->path = rel;
}

/* the fixed tree and the commit, which moves `update_ref` ("HEAD") unless it is NULL */
static int make_commit(struct fix_commit *fc, const char *update_ref, const struct af_options *opts)
{
    git_oid tree_id;
    if (git_tree_create_updated(&tree_id, fc->repo, fc->base_tree, fc->nup, fc->updates) < 0 ||
        git_tree_lookup(&fc->new_tree, fc->repo, &tree_id) < 0)
        return libgit2_fail("cannot build the fixed tree");
    fc->message = commit_message(&fc->files, opts, &fc->nfixes, &fc->nfiles);
    const git_commit *parents[1] = { fc->parent };
    if (git_commit_create(&fc->id, fc->repo, update_ref, fc->sig, fc->sig, NULL, fc->message, fc->new_tree,
                          fc->parent ? 1 : 0, parents) < 0)
        return libgit2_fail("cannot create the commit");
    return 0;
}

static int exit_code_of(const struct fix_commit *fc)
{
    return fc->errors ? 2 : fc->remaining ? 1 : 0;
}

/* prints "asyncfix: committed 1a2b3c4 on WHERE: N fixes in M files" (frees `where`); the exit code */
static int committed(const struct fix_commit *fc, char *where)
{
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof(hex), &fc->id);
    printf("asyncfix: committed %.7s on %s: %u fix%s in %u file%s\n", hex, where, fc->nfixes,
           fc->nfixes == 1 ? "" : "es", fc->nfiles, fc->nfiles == 1 ? "" : "s");
    free(where);
    return exit_code_of(fc);
}

/* ---- --branch NAME ---- */

/* refs/heads/NAME: a valid name, and one that may be moved if it exists */
struct branch_ref {
    struct af_buf name;
    git_reference *existing;
};

static int branch_ref(struct branch_ref *out, git_repository *repo, const struct af_options *opts)
{
    af_buf_printf(&out->name, "refs/heads/%s", opts->branch);
    if (check_branch_name(opts->branch) < 0)
        return AF_EINVALID;
    if (git_reference_lookup(&out->existing, repo, out->name.ptr) == 0 && !opts->force_branch) {
        af_error_set("branch '%s' exists (--force-branch moves it when its tip is an ancestor of the fix)",
                     opts->branch);
        return AF_EINVALID;
    }
    return 0;
}

/* the base commit (HEAD or --base) and its tree */
static int base_commit(struct fix_commit *fc, const struct af_options *opts)
{
    git_object *obj = NULL;
    const char *rev = opts->base ? opts->base : "HEAD";
    int error = AF_ENOTFOUND;
    if (git_revparse_single(&obj, fc->repo, rev) < 0) {
        if (!opts->base && git_repository_head_unborn(fc->repo) == 1)
            af_error_set("the current branch has no commits yet: nothing to start --branch from");
        else
            af_error_set("unknown revision '%s'", rev);
    } else if (git_object_peel((git_object **)&fc->parent, obj, GIT_OBJECT_COMMIT) < 0) {
        af_error_set("'%s' does not name a commit", rev);
    } else if (git_commit_tree(&fc->base_tree, fc->parent) < 0) {
        error = libgit2_fail("cannot read the base tree");
    } else {
        error = 0;
    }
    git_object_free(obj);
    return error;
}

/* the paths on the command line, as repository path prefixes ("" for the whole tree) */
static int path_prefixes(struct af_strlist *out, git_repository *repo, const struct af_options *opts)
{
    char *workdir = workdir_of(repo);
    int error = 0;
    for (size_t i = 0; i < opts->paths.n && !error; i++) {
        char *rel = workdir ? repo_relative(workdir, opts->paths.items[i]) : af_strdup(opts->paths.items[i]);
        if (!rel) {
            af_error_set("%s: outside the repository", opts->paths.items[i]);
            error = AF_EINVALID;
            break;
        }
        size_t rl = strlen(rel);
        while (rl && rel[rl - 1] == '/')
            rel[--rl] = '\0';
        if (!strcmp(rel, "."))
            rel[0] = '\0';
        af_strlist_add(out, rel);
        free(rel);
    }
    free(workdir);
    return error;
}

/* the Python files of the base tree under the paths given (and changed since --since) */
static int base_files(struct fix_commit *fc, const struct af_options *opts)
{
    struct af_strlist prefixes = { 0 }, changed = { 0 };
    git_tree *since_tree = NULL;
    int error;
    if ((error = path_prefixes(&prefixes, fc->repo, opts)) < 0)
        goto done;
    struct walk_ctx wc = { &fc->files, &prefixes, opts, false };
    if (git_tree_walk(fc->base_tree, GIT_TREEWALK_PRE, collect_blob, &wc) < 0) {
        error = libgit2_fail("cannot read the base tree");
        goto done;
    }
    if (!opts->since)
        goto done;
    if ((error = tree_of(&since_tree, fc->repo, opts->since)) < 0 ||
        (error = changed_paths(&changed, fc->repo, since_tree, fc->base_tree)) < 0)
        goto done;
    size_t k = 0;
    for (size_t i = 0; i < fc->files.n; i++) {
        if (af_strlist_contains(&changed, fc->files.items[i].rel)) {
            fc->files.items[k++] = fc->files.items[i];
        } else {
            free(fc->files.items[i].rel);
            free(fc->files.items[i].path);
        }
    }
    fc->files.n = k;
done:
    git_tree_free(since_tree);
    af_strlist_dispose(&prefixes);
    af_strlist_dispose(&changed);
    return error;
}

/* a blob for each fixed file, from its fixed bytes */
static int blob_updates(struct fix_commit *fc)
{
    for (size_t i = 0; i < fc->files.n; i++) {
        struct repo_file *f = &fc->files.items[i];
        git_oid blob;
        if (!f->result.fixed)
            continue;
        if (git_blob_create_from_buffer(&blob, fc->repo, f->result.fixed, f->result.fixed_len) < 0)
            return libgit2_fail("cannot write a blob");
        add_update(fc, &blob, f->mode, f->rel);
    }
    return 0;
}

/* points the branch at the commit; an existing one only when it is an ancestor, or with --force */
static int move_branch(const struct branch_ref *br, const struct fix_commit *fc, const struct af_options *opts)
{
    git_reference *ref = NULL;
    if (br->existing) {
        const git_oid *old = git_reference_target(br->existing);
        bool ancestor = old && (git_oid_equal(old, &fc->id) ||
                                git_graph_descendant_of(fc->repo, &fc->id, old) == 1);
        if (!ancestor && !opts->force) {
            af_error_set("branch '%s' has commits that the fix is not based on; --force moves it anyway",
                         opts->branch);
            return AF_EINVALID;
        }
    }
    if (git_reference_create(&ref, fc->repo, br->name.ptr, &fc->id, br->existing != NULL,
                             "asyncfix: fix commit") < 0)
        return libgit2_fail("cannot create the branch");
    git_reference_free(ref);
    return 0;
}

static int run_branch(git_repository *repo, const struct af_options *opts, const struct af_project *project)
{
    struct fix_commit fc = { .repo = repo };
    struct branch_ref br = { AF_BUF_INIT, NULL };
    struct af_options run = *opts;
    int exit_code = 2;
    run.mode = AF_MODE_WRITE;
    if (branch_ref(&br, repo, opts) < 0 || base_commit(&fc, opts) < 0 || base_files(&fc, opts) < 0 ||
        fix_files(&fc, repo, &run, opts, project) < 0)
        goto fail;
    if (!has_fixes(&fc)) {
        printf("asyncfix: nothing to fix; branch '%s' not %s\n", opts->branch, br.existing ? "moved" : "created");
        exit_code = exit_code_of(&fc);
        goto done;
    }
    /* the author is checked before the first object is written */
    if (signature(&fc.sig, repo, opts) < 0 || blob_updates(&fc) < 0 || make_commit(&fc, NULL, opts) < 0 ||
        move_branch(&br, &fc, opts) < 0)
        goto fail;
    exit_code = committed(&fc, af_asprintf("branch '%s'", opts->branch));
    goto done;
fail:
    fprintf(stderr, "asyncfix: %s\n", af_error_last());
done:
    af_buf_dispose(&br.name);
    git_reference_free(br.existing);
    fix_commit_dispose(&fc);
    return exit_code;
}

/* ---- --write --commit ---- */

/* the files given, as repository paths */
static int work_tree_files(struct repo_files *files, const char *workdir, const struct af_strlist *paths)
{
    for (size_t i = 0; i < paths->n; i++) {
        char *rel = repo_relative(workdir, paths->items[i]);
        if (!rel || !*rel) {
            af_error_set("%s: outside the repository", paths->items[i]);
            free(rel);
            return AF_EINVALID;
        }
        files_add(files, rel, paths->items[i]);
        free(rel);
    }
    return 0;
}

/* HEAD's commit and tree (none on an unborn branch) */
static int head_commit(struct fix_commit *fc)
{
    git_reference *head = NULL;
    int error = git_repository_head(&head, fc->repo);
    if (error < 0 && error != GIT_EUNBORNBRANCH && error != GIT_ENOTFOUND)
        return libgit2_fail("cannot read HEAD");
    error = 0;
    if (head && (git_reference_peel((git_object **)&fc->parent, head, GIT_OBJECT_COMMIT) < 0 ||
                 git_commit_tree(&fc->base_tree, fc->parent) < 0))
        error = libgit2_fail("cannot read HEAD's commit");
    git_reference_free(head);
    return error;
}

/* refuses, before anything is written, a file to fix that has uncommitted changes */
static int refuse_dirty(const struct fix_commit *fc, const struct af_options *opts)
{
    for (size_t i = 0; i < fc->files.n; i++) {
        const struct repo_file *f = &fc->files.items[i];
        unsigned int flags = 0;
        if (!f->result.fixed)
            continue;
        if (git_status_file(&flags, fc->repo, f->rel) < 0)
            return libgit2_fail(f->rel);
        if (flags & GIT_STATUS_IGNORED) {
            af_error_set("%s is ignored by git; not committing it", f->path);
            return AF_EINVALID;
        }
        if (flags != GIT_STATUS_CURRENT && !opts->allow_dirty) {
            af_error_set("%s has uncommitted changes; commit or stash them, or pass --allow-dirty (nothing was written)",
                         f->path);
            return AF_EINVALID;
        }
    }
    return 0;
}

/* the mode to commit `rel` with: HEAD's, else the index's, else from the file on disk */
static git_filemode_t mode_for(git_tree *head_tree, git_index *idx, const char *rel, const char *path)
{
    git_tree_entry *e = NULL;
    if (head_tree && git_tree_entry_bypath(&e, head_tree, rel) == 0) {
        git_filemode_t m = git_tree_entry_filemode(e);
        git_tree_entry_free(e);
        if (m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE)
            return m;
    }
    const git_index_entry *ie = git_index_get_bypath(idx, rel, 0);
    if (ie && (ie->mode == GIT_FILEMODE_BLOB || ie->mode == GIT_FILEMODE_BLOB_EXECUTABLE))
        return (git_filemode_t)ie->mode;
    struct stat st;
    if (stat(path, &st) == 0 && (st.st_mode & 0111))
        return GIT_FILEMODE_BLOB_EXECUTABLE;
    return GIT_FILEMODE_BLOB;
}

/* writes each fixed file and makes its blob from the work tree; a file not written is left out */
static int write_updates(struct fix_commit *fc, git_index *idx)
{
    for (size_t i = 0; i < fc->files.n; i++) {
        struct repo_file *f = &fc->files.items[i];
        git_oid blob;
        if (!f->result.fixed)
            continue;
        if (af_writer_replace(&f->result.original, f->result.fixed, f->result.fixed_len) < 0) {
            fprintf(stderr, "asyncfix: %s: %s\n", af_diff_path(f->path), af_error_last());
            fc->errors++;
            free(f->result.fixed);
            f->result.fixed = NULL;
            continue;
        }
        if (git_blob_create_from_workdir(&blob, fc->repo, f->rel) < 0)
            return libgit2_fail("cannot write a blob");
        add_update(fc, &blob, mode_for(fc->base_tree, idx, f->rel, f->path), f->rel);
    }
    return 0;
}

/* stages exactly the committed files; every other index entry stays as it was */
static int stage_committed(const struct fix_commit *fc, git_index *idx)
{
    for (size_t k = 0; k < fc->nup; k++)
        if (git_index_add_bypath(idx, fc->updates[k].path) < 0)
            return libgit2_fail("cannot update the index");
    if (git_index_write(idx) < 0)
        return libgit2_fail("cannot write the index");
    return 0;
}

/* "branch 'NAME'" or "detached HEAD": where HEAD is now */
static char *head_name(git_repository *repo)
{
    const char *branch = NULL;
    git_reference *now = NULL;
    if (git_repository_head(&now, repo) == 0 && git_reference_is_branch(now))
        git_branch_name(&branch, now);
    char *name = branch ? af_asprintf("branch '%s'", branch) : af_strdup("detached HEAD");
    git_reference_free(now);
    return name;
}

static int run_commit(git_repository *repo, const struct af_options *opts,
                      const struct af_strlist *paths, const struct af_project *project)
{
    struct fix_commit fc = { .repo = repo };
    git_index *idx = NULL;
    char *workdir = workdir_of(repo);
    int exit_code = 2;
    if (!workdir) {
        af_error_set("a bare repository has no work tree to --commit in; use --branch NAME");
        goto fail;
    }
    if (work_tree_files(&fc.files, workdir, paths) < 0 || head_commit(&fc) < 0)
        goto fail;
    if (git_repository_index(&idx, repo) < 0) {
        libgit2_fail("cannot read the index");
        goto fail;
    }
    if (signature(&fc.sig, repo, opts) < 0 || fix_files(&fc, NULL, opts, opts, project) < 0 ||
        refuse_dirty(&fc, opts) < 0 || write_updates(&fc, idx) < 0)
        goto fail;
    if (!fc.nup) {
        printf("asyncfix: nothing to fix; no commit made\n");
        exit_code = exit_code_of(&fc);
        goto done;
    }
    if (make_commit(&fc, "HEAD", opts) < 0 || stage_committed(&fc, idx) < 0)
        goto fail;
    exit_code = committed(&fc, head_name(repo));
    goto done;
fail:
    fprintf(stderr, "asyncfix: %s\n", af_error_last());
done:
    free(workdir);
    git_index_free(idx);
    fix_commit_dispose(&fc);
    return exit_code;
}

int af_git_run(const struct af_options *opts, const struct af_strlist *paths,
               const struct af_project *project)
{
    git_repository *repo = NULL;
    if (open_repository(&repo) < 0) {
        fprintf(stderr, "asyncfix: %s\n", af_error_last());
        return 2;
    }
    int code = opts->branch ? run_branch(repo, opts, project) : run_commit(repo, opts, paths, project);
    git_repository_free(repo);
    return code;
}
