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
 *
 * All or nothing, in git's own order. --write --commit takes index.lock
 * (O_EXCL, as git does) and the locks of HEAD and its branch before it
 * reads a file, and holds them to the end; the blobs, the tree and the
 * commit are made before the first write. Then: the files, the new index
 * into index.lock, the ref, and index.lock renamed over the index. A step
 * that fails undoes the ones before it (the ref moved back, the files put
 * back from the bytes read, index.lock removed); where the ref cannot be
 * moved back, the command that stages the committed files is printed.
 */
#include "asyncfix/git.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/repository.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/crash.h"
#include "asyncfix/diff.h"
#include "asyncfix/discover.h"
#include "asyncfix/output.h"
#include "asyncfix/index.h"
#include "asyncfix/pool.h"
#include "asyncfix/project.h"
#include "asyncfix/rule.h"
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
    const size_t *only;        /* process these files again (NULL: every one) */
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

static void process_job(struct af_worker *w, size_t k, void *ctx)
{
    struct job *job = ctx;
    size_t i = job->only ? job->only[k] : k;
    struct repo_file *f = &job->files->items[i];
    if (job->only)
        af_result_dispose(&f->result);
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
    struct per_rule { const char *code, *name; unsigned count; } *per = NULL;
    size_t nper = 0, per_cap = 0;
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
            if (j == nper) {
                AF_ARRAY_GROW(per, nper, per_cap);
                per[nper].code = r->applied[k].code;
                per[nper].name = r->applied[k].name;
                per[nper].count = 0;
                nper++;
            }
            per[j].count += r->applied[k].count;
        }
    }
    /* one line per rule, by code */
    for (size_t a = 1; a < nper; a++)
        for (size_t b = a; b > 0 && strcmp(per[b - 1].code, per[b].code) > 0; b--) {
            struct per_rule t = per[b];
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
    free(per);
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
            af_error_report(r->path, "%s", r->error);
            errors++;
        } else if (r->internal_error) {
            af_error_report(r->path, "internal error: %s", r->internal_error);
            errors++;
        }
        *remaining += (unsigned)r->nreports;
    }
    if (*remaining && !opts->quiet)
        af_output_findings(stderr, all, files->n, opts);
    free(all);
    return errors;
}

/* true when `rel` was named on the command line, or is a folder on the way to such a path */
static bool named_or_on_the_way(const char *rel, const struct af_strlist *prefixes)
{
    size_t rl = strlen(rel);
    for (size_t i = 0; i < prefixes->n; i++) {
        const char *pre = prefixes->items[i];
        if (!strcmp(pre, rel) || (strncmp(pre, rel, rl) == 0 && pre[rl] == '/'))
            return true;
    }
    return false;
}

/* under a path named on the command line (all of them when none was) */
static bool under_named(const char *rel, const struct af_strlist *prefixes)
{
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

/* the normal run's exclusion (af_discover_excluded), on the base commit's tree */
static bool entry_excluded(const char *rel, const char *name, bool is_dir, const struct af_strlist *prefixes,
                           const struct af_options *opts)
{
    /* paths named on the command line and the folders leading to them are taken, unless force-exclude */
    if (!opts->force_exclude && named_or_on_the_way(rel, prefixes))
        return false;
    return af_discover_excluded(opts, rel, name, is_dir);
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
        if (entry_excluded(rel.ptr, name, true, ctx->prefixes, ctx->opts))
            ret = 1;   /* skip this subtree */
    } else if (mode == GIT_FILEMODE_COMMIT) {
        if (!ctx->said_submodule)
            fprintf(stderr, "asyncfix: skipping submodules (first: %s)\n", rel.ptr);
        ctx->said_submodule = true;
    } else if ((mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE)) {
        size_t n = strlen(name);
        bool py = (n > 3 && !strcmp(name + n - 3, ".py")) || (n > 4 && !strcmp(name + n - 4, ".pyi"));
        if (py && under_named(rel.ptr, ctx->prefixes) &&
            !entry_excluded(rel.ptr, name, false, ctx->prefixes, ctx->opts)) {
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
    af_libgit2_ready();
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
    int errors;                    /* files that could not be read or fixed */
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
/*
 * The project's decisions (AF106 migrations) all or nothing, as a plain run
 * settles them: while one is vetoed (af_engine_veto), the files holding a
 * part of it are fixed again without it.
 */
static int settle_decisions(struct job *job, const struct af_options *opts, uint32_t **vetoed, size_t *nvetoed,
                            struct af_options *again)
{
    struct repo_files *files = job->files;
    struct af_result *view = af_malloc((files->n ? files->n : 1) * sizeof(*view));
    size_t *only = af_malloc((files->n ? files->n : 1) * sizeof(*only));
    int error = 0;
    for (int round = 0; round < 8 && af_project_migrations(job->project); round++) {
        for (size_t i = 0; i < files->n; i++)
            view[i] = files->items[i].result;   /* read, not owned */
        if (!af_engine_veto(vetoed, nvetoed, view, files->n, job->opts, job->project))
            break;
        *again = *job->opts;
        again->vetoed = *vetoed;
        again->nvetoed = *nvetoed;
        size_t n = 0;
        for (size_t i = 0; i < files->n; i++)
            if (af_engine_touches(&files->items[i].result, *vetoed, *nvetoed, job->project))
                only[n++] = i;
        struct job redo = { files, job->repo, again, job->project, only };
        if ((error = af_pool_run(n, opts->jobs, process_job, &redo)) < 0)
            break;
    }
    free(view);
    free(only);
    return error;
}

static int fix_files(struct fix_commit *fc, git_repository *blobs, const struct af_options *run,
                     const struct af_options *opts, const struct af_project *project)
{
    struct job job = { &fc->files, blobs, run, project, NULL };
    uint32_t *vetoed = NULL;
    size_t nvetoed = 0;
    struct af_options again;
    /* libgit2 object reads are thread-safe on one repository handle */
    int error = af_pool_run(fc->files.n, opts->jobs, process_job, &job);
    if (error == 0)
        error = settle_decisions(&job, opts, &vetoed, &nvetoed, &again);
    free(vetoed);
    if (error < 0)
        return AF_ERROR;
    af_crash_disarm();   /* every file processed: nothing more to start again for */
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

/* the blob of a fixed file: its bytes as fixed, or, from the work tree, through git's clean filters */
static int fixed_blob(git_oid *out, git_repository *repo, const struct repo_file *f, bool worktree)
{
    git_filter_list *filters = NULL;
    git_buf clean = { 0 };
    const char *data = f->result.fixed;
    size_t len = f->result.fixed_len;
    int error = 0;
    /* the filters `git add` applies (core.autocrlf, ident, filter drivers), so the blob is what it would store */
    if (worktree && git_filter_list_load(&filters, repo, NULL, f->rel, GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT) < 0) {
        error = libgit2_fail(f->rel);
        goto done;
    }
    if (filters) {
        if (git_filter_list_apply_to_buffer(&clean, filters, data, len) < 0) {
            error = libgit2_fail(f->rel);
            goto done;
        }
        data = clean.ptr;
        len = clean.size;
    }
    if (git_blob_create_from_buffer(out, repo, data, len) < 0)
        error = libgit2_fail("cannot write a blob");
done:
    git_buf_dispose(&clean);
    git_filter_list_free(filters);
    return error;
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

/*
 * One tree update per fixed file, all at once: the commit replaces exactly
 * these paths. `worktree_index`: the files are work-tree files (their mode
 * from HEAD, the index or the disk); NULL: they came from the base tree.
 */
static int blob_updates(struct fix_commit *fc, git_index *worktree_index)
{
    for (size_t i = 0; i < fc->files.n; i++) {
        struct repo_file *f = &fc->files.items[i];
        git_tree_update *u = &fc->updates[fc->nup];
        if (!f->result.fixed)
            continue;
        if (worktree_index)
            f->mode = mode_for(fc->base_tree, worktree_index, f->rel, f->path);
        if (fixed_blob(&u->id, fc->repo, f, worktree_index != NULL) < 0)
            return AF_ERROR;
        u->action = GIT_TREE_UPDATE_UPSERT;
        u->filemode = f->mode;
        u->path = f->rel;
        fc->nup++;
    }
    return 0;
}

/* the fixed tree and the commit object; no ref moves */
static int make_commit(struct fix_commit *fc, const struct af_options *opts)
{
    git_oid tree_id;
    if (git_tree_create_updated(&tree_id, fc->repo, fc->base_tree, fc->nup, fc->updates) < 0 ||
        git_tree_lookup(&fc->new_tree, fc->repo, &tree_id) < 0)
        return libgit2_fail("cannot build the fixed tree");
    fc->message = commit_message(&fc->files, opts, &fc->nfixes, &fc->nfiles);
    const git_commit *parents[1] = { fc->parent };
    if (git_commit_create(&fc->id, fc->repo, NULL, fc->sig, fc->sig, NULL, fc->message, fc->new_tree,
                          fc->parent ? 1 : 0, parents) < 0)
        return libgit2_fail("cannot create the commit");
    return 0;
}

/* "commit: SUBJECT", as git writes it in the reflog */
static char *reflog_message(const struct fix_commit *fc)
{
    size_t n = strcspn(fc->message, "\n");
    return af_asprintf("commit%s: %.*s", fc->parent ? "" : " (initial)", (int)n, fc->message);
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

/* ---- locks, as git takes them: a NAME.lock file made with O_EXCL ---- */

static int locked(const char *what, const char *lock_path)
{
    af_error_set("cannot lock %s: '%s' exists; another git process seems to be running in this repository "
                 "(if none is, one crashed: remove the file)", what, lock_path);
    return AF_ERROR;
}

/* the file git locks `refname` with: HEAD's in the work tree's git folder, refs/'s in the shared one */
static char *ref_lock_path(git_repository *repo, const char *refname)
{
    const char *dir = strncmp(refname, "refs/", 5) ? git_repository_path(repo) : git_repository_commondir(repo);
    return af_asprintf("%s%s.lock", dir, refname);
}

/* takes the lock of `refname` into `tx`; held until the transaction is committed or freed */
static int lock_ref(git_transaction *tx, git_repository *repo, const char *refname)
{
    int error = git_transaction_lock_ref(tx, refname);
    if (error >= 0) {
        char *path = ref_lock_path(repo, refname);
        af_crash_hold(path);   /* a crash while the files are processed removes it before the restart */
        free(path);
        return 0;
    }
    char *what = af_asprintf("ref '%s'", refname);
    if (error == GIT_ELOCKED) {
        char *path = ref_lock_path(repo, refname);
        locked(what, path);
        free(path);
    } else {
        char *how = af_asprintf("cannot lock %s", what);
        libgit2_fail(how);
        free(how);
    }
    free(what);
    return AF_ERROR;
}

/* points `refname` (locked in `tx`) at `id` and commits the transaction, which releases the lock */
static int move_ref(git_transaction *tx, const char *refname, const git_oid *id, const git_signature *sig,
                    const char *reflog)
{
    if (git_transaction_set_target(tx, refname, id, sig, reflog) < 0 || git_transaction_commit(tx) < 0) {
        char *what = af_asprintf("cannot move %s", refname);
        libgit2_fail(what);
        free(what);
        return AF_ERROR;
    }
    return 0;
}

/* ---- where a branch is checked out ---- */

/* whether the one-line file `name` in `gitdir` names `refname` (`short_name`: without refs/heads/) */
static bool state_file_names(const char *gitdir, const char *name, const char *refname, bool short_name)
{
    char *path = af_asprintf("%s%s", gitdir, name), *text = NULL;
    size_t size;
    int error = af_source_read(&text, &size, path, 64 * 1024, NULL);
    free(path);
    if (error < 0)
        return false;
    size_t len = strcspn(text, "\n");
    const char *want = short_name ? refname + strlen("refs/heads/") : refname;
    bool names = len == strlen(want) && !strncmp(text, want, len);
    free(text);
    return names;
}

/* a work tree uses a branch that its HEAD names, or that it is rebasing or bisecting (as git sees it) */
static bool worktree_uses(git_repository *wt, const char *refname)
{
    git_reference *head = NULL;
    bool uses = false;
    if (git_repository_is_bare(wt))
        return false;
    if (git_reference_lookup(&head, wt, "HEAD") == 0 && git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
        uses = !strcmp(git_reference_symbolic_target(head), refname);
    git_reference_free(head);
    const char *gitdir = git_repository_path(wt);
    return uses || state_file_names(gitdir, "rebase-merge/head-name", refname, false) ||
           state_file_names(gitdir, "rebase-apply/head-name", refname, false) ||
           state_file_names(gitdir, "BISECT_START", refname, true);
}

/* the folder of the work tree (the main one or a linked one) that uses `refname`, or NULL; owned */
static char *checked_out_at(git_repository *repo, const char *refname)
{
    git_repository *primary = NULL, *wt = NULL;
    git_strarray names = { 0 };
    char *where = NULL;
    if (git_repository_open(&primary, git_repository_commondir(repo)) == 0 && worktree_uses(primary, refname))
        where = af_strdup(git_repository_workdir(primary));
    if (!where && git_worktree_list(&names, repo) == 0) {
        for (size_t i = 0; i < names.count && !where; i++) {
            git_worktree *w = NULL;
            if (git_worktree_lookup(&w, repo, names.strings[i]) == 0 &&
                git_repository_open_from_worktree(&wt, w) == 0) {
                if (worktree_uses(wt, refname))
                    where = af_strdup(git_repository_workdir(wt));
                git_repository_free(wt);
                wt = NULL;
            }
            git_worktree_free(w);
        }
    }
    git_strarray_dispose(&names);
    git_repository_free(primary);
    return where;
}

/* ---- --branch NAME ---- */

/* refs/heads/NAME, locked from the first check to the end */
struct branch_ref {
    struct af_buf name;
    git_transaction *tx;
    git_reference *existing;
    struct af_strlist made_dirs;   /* folders the lock made under refs/heads, deepest first */
    bool moved;
};

static void branch_ref_dispose(struct branch_ref *br)
{
    git_transaction_free(br->tx);   /* releases the lock when the branch was not moved */
    if (!br->moved)
        for (size_t i = 0; i < br->made_dirs.n; i++)
            rmdir(br->made_dirs.items[i]);
    af_strlist_dispose(&br->made_dirs);
    git_reference_free(br->existing);
    af_buf_dispose(&br->name);
}

/* the folders on the way to `lock_path` that do not exist yet, down to the `keep` first bytes */
static void missing_dirs(struct af_strlist *out, const char *lock_path, size_t keep)
{
    char *dir = af_strdup(lock_path);
    char *slash;
    struct stat st;
    while ((slash = strrchr(dir, '/')) && (size_t)(slash - dir) > keep) {
        *slash = '\0';
        if (lstat(dir, &st) == 0)
            break;
        af_strlist_add(out, dir);
    }
    free(dir);
}

/* git keeps refs as files: refs/heads/a/b cannot be made while refs/heads/a exists, nor the other way */
static int ref_path_free(git_repository *repo, const char *refname)
{
    struct af_buf other = AF_BUF_INIT;
    git_reference_iterator *it = NULL;
    git_reference *ref = NULL;
    const char *below = NULL;
    int error = 0;
    for (const char *s = strchr(refname + strlen("refs/heads/"), '/'); s && !error; s = strchr(s + 1, '/')) {
        af_buf_clear(&other);
        af_buf_put(&other, refname, (size_t)(s - refname));
        if (git_reference_lookup(&ref, repo, other.ptr) == 0) {
            af_error_set("cannot create '%s': '%s' exists (git keeps refs as files)", refname, other.ptr);
            error = AF_EINVALID;
        }
        git_reference_free(ref);
        ref = NULL;
    }
    af_buf_clear(&other);
    af_buf_printf(&other, "%s/*", refname);
    if (!error && git_reference_iterator_glob_new(&it, repo, other.ptr) == 0 &&
        git_reference_next_name(&below, it) == 0) {
        af_error_set("cannot create '%s': '%s' exists (git keeps refs as files)", refname, below);
        error = AF_EINVALID;
    }
    git_reference_iterator_free(it);
    af_buf_dispose(&other);
    return error;
}

/*
 * Locks refs/heads/NAME, then checks what git would: a new name that clashes
 * with no ref, an existing branch only with --force-branch, and never the
 * branch a work tree has checked out.
 */
static int branch_lock(struct branch_ref *br, git_repository *repo, const struct af_options *opts)
{
    int error;
    af_buf_printf(&br->name, "refs/heads/%s", opts->branch);
    char *lock_path = ref_lock_path(repo, br->name.ptr);
    missing_dirs(&br->made_dirs, lock_path, strlen(git_repository_commondir(repo)) + strlen("refs/heads"));
    free(lock_path);
    /* the folders the lock will make, removed (deepest first, after the lock) by a restart */
    for (size_t i = br->made_dirs.n; i-- > 0;)
        af_crash_hold(br->made_dirs.items[i]);
    /* an existing branch clashes with nothing: the check holds for it too */
    if ((error = ref_path_free(repo, br->name.ptr)) < 0)
        return error;
    if (git_transaction_new(&br->tx, repo) < 0)
        return libgit2_fail("cannot lock the branch");
    if ((error = lock_ref(br->tx, repo, br->name.ptr)) < 0)
        return error;
    if (git_reference_lookup(&br->existing, repo, br->name.ptr) == 0 && !opts->force_branch) {
        af_error_set("branch '%s' exists (--force-branch moves it when its tip is an ancestor of the fix)",
                     opts->branch);
        return AF_EINVALID;
    }
    char *where = checked_out_at(repo, br->name.ptr);
    if (where) {
        size_t n = strlen(where);
        if (n > 1 && where[n - 1] == '/')
            where[n - 1] = '\0';
        af_error_set("branch '%s' is checked out in %s: moving it would leave that work tree's index and files "
                     "behind (git refuses too); use --write --commit there, or another branch name",
                     opts->branch, where);
        free(where);
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

/* an existing branch moves only when its tip is the base or an ancestor of it, or with --force */
static int branch_movable(const struct branch_ref *br, const struct fix_commit *fc, const struct af_options *opts)
{
    if (!br->existing || opts->force)
        return 0;
    const git_oid *old = git_reference_target(br->existing);
    const git_oid *base = git_commit_id(fc->parent);
    if (old && (git_oid_equal(old, base) || git_graph_descendant_of(fc->repo, base, old) == 1))
        return 0;
    af_error_set("branch '%s' has commits that the fix is not based on; --force moves it anyway", opts->branch);
    return AF_EINVALID;
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

/* pass 1 over the base commit's files, read from their blobs */
struct tree_reader {
    git_repository *repo;
    git_tree *tree;
};

static int read_from_tree(void *ctx, const char *path, char **data, size_t *len)
{
    struct tree_reader *r = ctx;
    git_tree_entry *e = NULL;
    git_blob *blob = NULL;
    if (git_tree_entry_bypath(&e, r->tree, path) < 0 || git_blob_lookup(&blob, r->repo, git_tree_entry_id(e)) < 0) {
        git_tree_entry_free(e);
        return AF_ENOTFOUND;
    }
    *len = (size_t)git_blob_rawsize(blob);
    *data = af_malloc(*len + 1);
    memcpy(*data, git_blob_rawcontent(blob), *len);
    (*data)[*len] = '\0';
    git_blob_free(blob);
    git_tree_entry_free(e);
    return 0;
}

static void base_project(struct af_project **out, struct fix_commit *fc, const struct af_options *opts)
{
    if (!af_options_any_rule(opts, AF_RULE_NEEDS_PROJECT))
        return;
    char **paths = af_malloc((fc->files.n ? fc->files.n : 1) * sizeof(*paths));
    for (size_t i = 0; i < fc->files.n; i++)
        paths[i] = fc->files.items[i].rel;
    struct tree_reader reader = { fc->repo, fc->base_tree };
    struct af_index_input in = { paths, fc->files.n, NULL, 0, read_from_tree, &reader };
    af_index_build(out, &in, opts);
    free(paths);
}

static int run_branch(git_repository *repo, const struct af_options *opts)
{
    struct fix_commit fc = { .repo = repo };
    struct branch_ref br = { .name = AF_BUF_INIT };
    struct af_options run = *opts;
    struct af_project *project = NULL;
    int exit_code = 2;
    run.mode = AF_MODE_WRITE;
    if (check_branch_name(opts->branch) < 0 || branch_lock(&br, repo, opts) < 0 || base_commit(&fc, opts) < 0 ||
        branch_movable(&br, &fc, opts) < 0 || base_files(&fc, opts) < 0)
        goto fail;
    base_project(&project, &fc, opts);
    if (fix_files(&fc, repo, &run, opts, project) < 0)
        goto fail;
    if (!has_fixes(&fc)) {
        printf("asyncfix: nothing to fix; branch '%s' not %s\n", opts->branch, br.existing ? "moved" : "created");
        exit_code = exit_code_of(&fc);
        goto done;
    }
    if (signature(&fc.sig, repo, opts) < 0 || blob_updates(&fc, NULL) < 0 || make_commit(&fc, opts) < 0)
        goto fail;
    char *reflog = reflog_message(&fc);
    int moved = move_ref(br.tx, br.name.ptr, &fc.id, fc.sig, reflog);
    free(reflog);
    if (moved < 0)
        goto fail;
    br.moved = true;
    exit_code = committed(&fc, af_asprintf("branch '%s'", opts->branch));
    goto done;
fail:
    fprintf(stderr, "asyncfix: %s\n", af_error_last());
done:
    branch_ref_dispose(&br);
    fix_commit_dispose(&fc);
    af_project_free(project);
    return exit_code;
}

/* ---- --write --commit ---- */

struct af_git_test af_git__test;

/*
 * The index, locked as git locks it: index.lock, made with O_EXCL, holds a
 * copy of the index (its times kept, so that the racy-clean checks see the
 * index as it was); libgit2 reads and edits that copy and writes it back to
 * index.lock, and renaming index.lock over the index commits it. The index
 * itself is never written in place.
 */
struct index_lock {
    char *index_path, *lock_path;
    git_index *index;              /* reads and writes lock_path; the repository's index while locked */
    bool held;                     /* lock_path is ours */
};

/* copies the index into the lock file `fd` (closed): 1, or 0 when there is no index yet */
static int copy_index(int fd, const char *index_path)
{
    FILE *out = fdopen(fd, "wb");
    FILE *in = fopen(index_path, "rb");
    struct stat st;
    char chunk[65536];
    size_t n;
    int error = out && in && fstat(fileno(in), &st) == 0 ? 1 : -1;
    if (!in && errno == ENOENT && out)
        error = 0;
    while (error > 0 && (n = fread(chunk, 1, sizeof(chunk), in)) > 0)
        if (fwrite(chunk, 1, n, out) != n)
            error = -1;
    if (error > 0 && (ferror(in) || fflush(out) != 0 ||
                      futimens(fileno(out), (struct timespec[2]){ st.st_atim, st.st_mtim }) < 0))
        error = -1;
    if (error < 0)
        af_error_set("cannot copy the index into index.lock: %s", strerror(errno));
    if (in)
        fclose(in);
    if (out ? fclose(out) != 0 : close(fd) < 0)
        error = -1;
    return error < 0 ? AF_ERROR : error;
}

static int index_lock_take(struct index_lock *out, git_repository *repo)
{
    struct stat st;
    out->index_path = af_asprintf("%sindex", git_repository_path(repo));
    out->lock_path = af_asprintf("%s.lock", out->index_path);
    if (lstat(out->lock_path, &st) == 0)
        return locked("the index", out->lock_path);
    /* opened while index.lock does not exist, the index object starts empty */
    if (git_index_open(&out->index, out->lock_path) < 0)
        return libgit2_fail("cannot read the index");
    int fd = open(out->lock_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            return locked("the index", out->lock_path);
        af_error_set("cannot lock the index: %s: %s", out->lock_path, strerror(errno));
        return AF_ERROR;
    }
    out->held = true;
    af_crash_hold(out->lock_path);
    int copied = copy_index(fd, out->index_path);
    if (copied < 0)
        return copied;
    /* without an index yet, the lock gets an empty one: from now on it is a valid index */
    if ((copied ? git_index_read(out->index, 1) : git_index_write(out->index)) < 0)
        return libgit2_fail("cannot read the index");
    if (git_repository_set_index(repo, out->index) < 0)
        return libgit2_fail("cannot use the locked index");
    return 0;
}

/* index.lock becomes the index */
static int index_lock_commit(struct index_lock *il)
{
    if (rename(il->lock_path, il->index_path) < 0) {
        af_error_set("cannot write the index: %s", strerror(errno));
        return AF_ERROR;
    }
    il->held = false;
    return 0;
}

/* removes index.lock, when ours: the index stays as it was */
static void index_lock_release(struct index_lock *il)
{
    if (il->held && unlink(il->lock_path) < 0 && errno != ENOENT)
        fprintf(stderr, "asyncfix: cannot remove %s: %s; remove it by hand\n", il->lock_path, strerror(errno));
    il->held = false;
}

static void index_lock_dispose(struct index_lock *il)
{
    index_lock_release(il);
    git_index_free(il->index);
    free(il->index_path);
    free(il->lock_path);
}

/* the index lock, then HEAD's and its branch's: held from before the files are read to the end */
struct commit_locks {
    struct index_lock index;
    git_transaction *tx;
    char *moved;                   /* the ref the commit moves: HEAD's branch, or HEAD when detached */
};

static int commit_locks_take(struct commit_locks *out, git_repository *repo)
{
    git_reference *head = NULL;
    int error;
    if ((error = index_lock_take(&out->index, repo)) < 0)
        return error;
    if (git_transaction_new(&out->tx, repo) < 0)
        return libgit2_fail("cannot lock HEAD");
    if ((error = lock_ref(out->tx, repo, "HEAD")) < 0)
        return error;
    if (git_reference_lookup(&head, repo, "HEAD") < 0)
        return libgit2_fail("cannot read HEAD");
    if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
        out->moved = af_strdup(git_reference_symbolic_target(head));
        error = lock_ref(out->tx, repo, out->moved);
    } else {
        out->moved = af_strdup("HEAD");
    }
    git_reference_free(head);
    if (!error && git_index_has_conflicts(out->index.index)) {
        af_error_set("the index has unmerged paths; resolve them first (git refuses to commit too)");
        error = AF_EINVALID;
    }
    return error;
}

static void commit_locks_dispose(struct commit_locks *locks)
{
    git_transaction_free(locks->tx);   /* releases the ref locks not committed */
    index_lock_dispose(&locks->index);
    free(locks->moved);
}

/* a merge, rebase, cherry-pick, revert, am or bisect in progress: git's next commit means something else */
static int refuse_state(git_repository *repo)
{
    static const char *const names[] = {
        [GIT_REPOSITORY_STATE_MERGE] = "merge", [GIT_REPOSITORY_STATE_REVERT] = "revert",
        [GIT_REPOSITORY_STATE_REVERT_SEQUENCE] = "revert", [GIT_REPOSITORY_STATE_CHERRYPICK] = "cherry-pick",
        [GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE] = "cherry-pick", [GIT_REPOSITORY_STATE_BISECT] = "bisect",
        [GIT_REPOSITORY_STATE_REBASE] = "rebase", [GIT_REPOSITORY_STATE_REBASE_INTERACTIVE] = "rebase",
        [GIT_REPOSITORY_STATE_REBASE_MERGE] = "rebase", [GIT_REPOSITORY_STATE_APPLY_MAILBOX] = "git am",
        [GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE] = "git am or rebase",
    };
    int state = git_repository_state(repo);
    if (state == GIT_REPOSITORY_STATE_NONE)
        return 0;
    const char *name = state > 0 && (size_t)state < sizeof(names) / sizeof(*names) && names[state] ? names[state]
                                                                                                 : "git operation";
    af_error_set("a %s is in progress; finish or abort it before --commit", name);
    return AF_EINVALID;
}

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

/* HEAD's commit and tree (none on an unborn branch), read under the locks */
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

static int test_step(enum af_git_step step)
{
    if (af_git__test.hook && af_git__test.hook(step) < 0) {
        af_error_set("step %d failed (test hook)", (int)step);
        return AF_ERROR;
    }
    return 0;
}

/* writes every fixed file; stops at the first that cannot be written */
static int write_files(struct fix_commit *fc, bool *written)
{
    for (size_t i = 0; i < fc->files.n; i++) {
        struct repo_file *f = &fc->files.items[i];
        if (!f->result.fixed)
            continue;
        if (af_writer_replace(&f->result.original, f->result.fixed, f->result.fixed_len) < 0) {
            char *why = af_strdup(af_error_last());
            struct af_buf name = AF_BUF_INIT;
            af_buf_put_name(&name, f->path);
            af_error_set("%s: %s", af_buf_cstr(&name), why);
            af_buf_dispose(&name);
            free(why);
            return AF_ERROR;
        }
        written[i] = true;
    }
    return 0;
}

/* puts the bytes read back into every written file; how many could not be */
static int restore_files(struct fix_commit *fc, bool *written)
{
    int failed = 0;
    for (size_t i = 0; i < fc->files.n; i++) {
        struct repo_file *f = &fc->files.items[i];
        if (!written[i])
            continue;
        /* the file holds the fixed bytes now: those are what must still be there */
        struct af_source now = f->result.original;
        now.data = f->result.fixed;
        now.len = f->result.fixed_len;
        now.enc = NULL;
        size_t olen;
        const char *obytes = af_source_bytes(&f->result.original, &olen);
        if (af_writer_replace(&now, obytes, olen) < 0) {
            af_error_report(f->path, "not put back (%s); it holds the fixed version", af_error_last());
            failed++;
        } else {
            written[i] = false;
        }
    }
    return failed;
}

/* stages exactly the committed files in the locked index, checks their blobs, writes index.lock */
static int stage_files(const struct fix_commit *fc, struct index_lock *il)
{
    for (size_t k = 0; k < fc->nup; k++) {
        const char *path = fc->updates[k].path;
        if (git_index_add_bypath(il->index, path) < 0)
            return libgit2_fail("cannot update the index");
        const git_index_entry *e = git_index_get_bypath(il->index, path, 0);
        if (!e || !git_oid_equal(&e->id, &fc->updates[k].id)) {
            af_error_set("%s changed on disk while asyncfix committed it", path);
            return AF_ECHANGED;
        }
    }
    if (git_index_write(il->index) < 0)
        return libgit2_fail("cannot write the index");
    return 0;
}

/* puts `refname` back at `old` (removes it when NULL) if it still points at `fix` */
static int undo_ref(git_repository *repo, const char *refname, const git_oid *old, const git_oid *fix,
                    const git_signature *sig)
{
    git_transaction *tx = NULL;
    git_oid now;
    int error = AF_ERROR;
    if (git_transaction_new(&tx, repo) < 0) {
        libgit2_fail("cannot lock HEAD");
        goto done;
    }
    if (lock_ref(tx, repo, refname) < 0)
        goto done;
    if (git_reference_name_to_id(&now, repo, refname) < 0 || !git_oid_equal(&now, fix)) {
        af_error_set("%s moved meanwhile", refname);
        goto done;
    }
    if ((old ? git_transaction_set_target(tx, refname, old, sig, "asyncfix: undo the fix commit")
             : git_transaction_remove(tx, refname)) < 0 ||
        git_transaction_commit(tx) < 0) {
        libgit2_fail("cannot move the ref back");
        goto done;
    }
    error = 0;
done:
    git_transaction_free(tx);
    return error;
}

/* `text` as one shell word: in single quotes, a quote inside as '\'' */
static void put_shell_word(struct af_buf *out, const char *text)
{
    af_buf_putc(out, '\'');
    for (const char *p = text; *p; p++)
        if (*p == '\'')
            af_buf_puts(out, "'\\''");
        else
            af_buf_putc(out, *p);
    af_buf_putc(out, '\'');
}

/* the fix stays committed and written; the index is behind: the command that stages the files */
static void print_recovery(const struct fix_commit *fc, const struct index_lock *il)
{
    char *workdir = workdir_of(fc->repo);
    char hex[GIT_OID_HEXSZ + 1];
    struct af_buf cmd = AF_BUF_INIT;
    struct stat st;
    git_oid_tostr(hex, sizeof(hex), &fc->id);
    if (lstat(il->lock_path, &st) == 0) {
        af_buf_puts(&cmd, "rm -f ");
        put_shell_word(&cmd, il->lock_path);
        af_buf_puts(&cmd, " && ");
    }
    af_buf_puts(&cmd, "git -C ");
    put_shell_word(&cmd, workdir ? workdir : ".");
    af_buf_puts(&cmd, " reset -q --");
    for (size_t k = 0; k < fc->nup; k++) {
        af_buf_putc(&cmd, ' ');
        put_shell_word(&cmd, fc->updates[k].path);
    }
    fprintf(stderr, "asyncfix: the fix is committed (%.7s) and written, but the index could not be updated; "
            "to stage the committed files, run: %s\n", hex, cmd.ptr);
    af_buf_dispose(&cmd);
    free(workdir);
}

/* after a step failed: the ref back, the files back, index.lock removed; or the command that recovers */
static void roll_back(struct fix_commit *fc, struct commit_locks *locks, bool *written, bool ref_moved)
{
    fprintf(stderr, "asyncfix: %s\n", af_error_last());
    const git_oid *old = fc->parent ? git_commit_id(fc->parent) : NULL;
    if (ref_moved && undo_ref(fc->repo, locks->moved, old, &fc->id, fc->sig) < 0) {
        fprintf(stderr, "asyncfix: cannot undo the commit: %s\n", af_error_last());
        index_lock_release(&locks->index);
        print_recovery(fc, &locks->index);
        af_error_set("the index is behind the commit (see above)");
        return;
    }
    int kept = restore_files(fc, written);
    index_lock_release(&locks->index);
    if (kept)
        af_error_set("nothing was committed; %d file%s could not be put back (see above)", kept, kept == 1 ? "" : "s");
    else
        af_error_set("nothing was committed; the files were put back as they were");
}

/*
 * The writes, in git's order: the files, the new index into index.lock,
 * the ref, then index.lock over the index. A failure undoes what was done.
 */
static int apply_commit(struct fix_commit *fc, struct commit_locks *locks)
{
    bool *written = af_calloc(fc->files.n ? fc->files.n : 1, sizeof(*written));
    char *reflog = reflog_message(fc);
    bool ref_moved = false;
    int error;
    if ((error = write_files(fc, written)) < 0 || (error = test_step(AF_GIT_STEP_STAGE)) < 0 ||
        (error = stage_files(fc, &locks->index)) < 0 || (error = test_step(AF_GIT_STEP_MOVE_REF)) < 0 ||
        (error = move_ref(locks->tx, locks->moved, &fc->id, fc->sig, reflog)) < 0)
        goto done;
    ref_moved = true;
    if ((error = test_step(AF_GIT_STEP_COMMIT_INDEX)) < 0 || (error = index_lock_commit(&locks->index)) < 0)
        goto done;
done:
    if (error < 0)
        roll_back(fc, locks, written, ref_moved);
    free(reflog);
    free(written);
    return error;
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
    struct commit_locks locks = { .tx = NULL };
    char *workdir = workdir_of(repo);
    int exit_code = 2;
    if (!workdir) {
        af_error_set("a bare repository has no work tree to --commit in; use --branch NAME");
        goto fail;
    }
    if (refuse_state(repo) < 0 || commit_locks_take(&locks, repo) < 0 ||
        work_tree_files(&fc.files, workdir, paths) < 0 || head_commit(&fc) < 0 ||
        fix_files(&fc, NULL, opts, opts, project) < 0 || refuse_dirty(&fc, opts) < 0)
        goto fail;
    if (!has_fixes(&fc)) {
        printf("asyncfix: nothing to fix; no commit made\n");
        exit_code = exit_code_of(&fc);
        goto done;
    }
    if (signature(&fc.sig, repo, opts) < 0 || blob_updates(&fc, locks.index.index) < 0 ||
        make_commit(&fc, opts) < 0 || apply_commit(&fc, &locks) < 0)
        goto fail;
    exit_code = committed(&fc, head_name(repo));
    goto done;
fail:
    fprintf(stderr, "asyncfix: %s\n", af_error_last());
done:
    commit_locks_dispose(&locks);
    free(workdir);
    fix_commit_dispose(&fc);
    return exit_code;
}

int af_git_run(const struct af_options *opts, const struct af_strlist *paths,
               const struct af_project *project)
{
    af_libgit2_ready();
    git_repository *repo = NULL;
    if (open_repository(&repo) < 0) {
        fprintf(stderr, "asyncfix: %s\n", af_error_last());
        return 2;
    }
    int code = opts->branch ? run_branch(repo, opts) : run_commit(repo, opts, paths, project);
    git_repository_free(repo);
    return code;
}
