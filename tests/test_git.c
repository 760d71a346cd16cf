/*
 * test_git.c - fix commits against real repositories made with libgit2 in a
 * temp folder: the commit and branch code runs, then the result is read back
 * through libgit2, and the real git command checks every repository a test
 * made (git fsck --strict) and what git itself accepts (branch names,
 * status, the recovery command asyncfix prints).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <fcntl.h>
#include <ftw.h>
#include <git2.h>
#include <git2/sys/refdb_backend.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "asyncfix/discover.h"
#include "asyncfix/git.h"
#include "asyncfix/lang.h"

#include "folders.h"

static const char BLOCKING[] = "import time\n\n\nasync def f():\n    time.sleep(1)\n";
static const char FIXED[] = "import asyncio\n\n\nasync def f():\n    await asyncio.sleep(1)\n";
static const char CLEAN[] = "def g():\n    return 1\n";

struct repo_fixture {
    char dir[PATH_MAX];
    char cwd[PATH_MAX];
    git_repository *repo;
};

static void write_file(const char *dir, const char *rel, const char *text, mode_t mode)
{
    char path[PATH_MAX * 2];
    test_put(dir, rel, text);
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    chmod(path, mode);
}

static char *read_file(const char *dir, const char *rel)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return strdup(buf);
}

/* commits everything in the work tree on HEAD through the index */
static void commit_all(git_repository *repo, const char *message)
{
    git_index *idx;
    git_oid tree_id, commit_id;
    git_tree *tree;
    git_signature *sig;
    git_strarray all = { (char *[]){ "*" }, 1 };
    assert_int_equal(git_repository_index(&idx, repo), 0);
    assert_int_equal(git_index_add_all(idx, &all, 0, NULL, NULL), 0);
    assert_int_equal(git_index_write(idx), 0);
    assert_int_equal(git_index_write_tree(&tree_id, idx), 0);
    assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
    assert_int_equal(git_signature_now(&sig, "Test", "test@example.invalid"), 0);
    git_object *head = NULL;
    int parents = git_revparse_single(&head, repo, "HEAD") == 0;
    const git_commit *p[1] = { (const git_commit *)head };
    assert_int_equal(git_commit_create(&commit_id, repo, "HEAD", sig, sig, NULL, message, tree, parents, p), 0);
    git_object_free(head);
    git_signature_free(sig);
    git_tree_free(tree);
    git_index_free(idx);
}

static void opts_for(struct af_options *opts)
{
    af_options_init(opts);
    opts->mode = AF_MODE_WRITE;
    opts->jobs = 2;
    opts->quiet = true;
}

static int run(struct af_options *opts)
{
    struct af_strlist files = { 0 };
    int errors = 0;
    if (!opts->branch)
        af_discover(&files, opts, &errors);
    int code = af_git_run(opts, &files, NULL);
    af_strlist_dispose(&files);
    return code;
}

static void head_oid(git_repository *repo, git_oid *out)
{
    assert_int_equal(git_reference_name_to_id(out, repo, "HEAD"), 0);
}

/* the paths whose entries differ between a commit and its first parent */
static size_t changed_in(git_repository *repo, const git_oid *commit_id, char names[][64], size_t max)
{
    git_commit *c, *parent;
    git_tree *t, *pt;
    git_diff *diff;
    assert_int_equal(git_commit_lookup(&c, repo, commit_id), 0);
    assert_int_equal(git_commit_parent(&parent, c, 0), 0);
    assert_int_equal(git_commit_tree(&t, c), 0);
    assert_int_equal(git_commit_tree(&pt, parent), 0);
    assert_int_equal(git_diff_tree_to_tree(&diff, repo, pt, t, NULL), 0);
    size_t n = git_diff_num_deltas(diff);
    for (size_t i = 0; i < n && i < max; i++)
        snprintf(names[i], 64, "%s", git_diff_get_delta(diff, i)->new_file.path);
    git_diff_free(diff);
    git_tree_free(t);
    git_tree_free(pt);
    git_commit_free(c);
    git_commit_free(parent);
    return n;
}

static char *blob_at(git_repository *repo, const git_oid *commit_id, const char *path, git_filemode_t *mode)
{
    git_commit *c;
    git_tree *t;
    git_tree_entry *e;
    git_blob *b;
    assert_int_equal(git_commit_lookup(&c, repo, commit_id), 0);
    assert_int_equal(git_commit_tree(&t, c), 0);
    assert_int_equal(git_tree_entry_bypath(&e, t, path), 0);
    if (mode)
        *mode = git_tree_entry_filemode(e);
    assert_int_equal(git_blob_lookup(&b, repo, git_tree_entry_id(e)), 0);
    char *text = strndup(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
    git_blob_free(b);
    git_tree_entry_free(e);
    git_tree_free(t);
    git_commit_free(c);
    return text;
}

/* ---- what a test looks at: the repository as files, and the real git command ---- */

/* the whole file at `path` (any bytes), or NULL; *len its size */
static char *file_bytes(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        got = fread(data + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
}

/* a growable text the nftw callbacks append to (they take no payload) */
static struct { char *text; size_t len, cap; } walk_out;
static size_t walk_root_len;

static void walk_put(const char *data, size_t n)
{
    if (walk_out.len + n + 1 > walk_out.cap) {
        walk_out.cap = (walk_out.len + n + 1) * 2;
        walk_out.text = realloc(walk_out.text, walk_out.cap);
        assert_non_null(walk_out.text);
    }
    memcpy(walk_out.text + walk_out.len, data, n);
    walk_out.len += n;
    walk_out.text[walk_out.len] = '\0';
}

static char *walk_take(void)
{
    char *text = walk_out.text ? walk_out.text : strdup("");
    memset(&walk_out, 0, sizeof(walk_out));
    return text;
}

/* every work tree file (outside .git): path, mode and bytes */
static int put_work_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)ftw;
    const char *rel = path + walk_root_len;
    if (!strncmp(rel, "/.git", 5) && (rel[5] == '/' || rel[5] == '\0'))
        return 0;
    char line[PATH_MAX + 64];
    int n = snprintf(line, sizeof(line), "%s %o\n", rel, (unsigned)st->st_mode);
    walk_put(line, (size_t)n);
    if (type == FTW_F) {
        size_t len;
        char *data = file_bytes(path, &len);
        assert_non_null(data);
        walk_put(data, len);
        free(data);
    }
    return 0;
}

/* lock files and temp files anywhere in the folder, .git included: one path a line */
static int put_leftover(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    const char *name = path + ftw->base;
    size_t n = strlen(name);
    if ((n > 5 && !strcmp(name + n - 5, ".lock")) || !strncmp(name, ".asyncfix-", 10) ||
        !strncmp(name, "tmp_obj_", 8)) {
        walk_put(path + walk_root_len + 1, strlen(path + walk_root_len + 1));
        walk_put("\n", 1);
    }
    return 0;
}

static char *walk(const char *dir, int (*fn)(const char *, const struct stat *, int, struct FTW *))
{
    walk_root_len = strlen(dir);
    assert_int_equal(nftw(dir, fn, 16, FTW_PHYS), 0);
    return walk_take();
}

static char *leftovers(const char *dir)
{
    return walk(dir, put_leftover);
}

/* HEAD, every ref, the index file's bytes, the work tree and the number of loose objects */
struct snapshot {
    char *head, *refs, *index, *tree;
    size_t index_len, objects;
};

static int count_object(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)path;
    (void)st;
    if (type == FTW_F && ftw->level == 2)
        walk_put("o", 1);
    return 0;
}

static void snapshot_take(struct snapshot *out, git_repository *repo)
{
    const char *gitdir = git_repository_path(repo);
    char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%sHEAD", gitdir);
    out->head = file_bytes(path, NULL);
    snprintf(path, sizeof(path), "%sindex", gitdir);
    out->index = file_bytes(path, &out->index_len);
    git_reference_iterator *it;
    git_reference *ref;
    assert_int_equal(git_reference_iterator_new(&it, repo), 0);
    while (git_reference_next(&ref, it) == 0) {
        char hex[GIT_OID_HEXSZ + 1] = "";
        if (git_reference_target(ref))
            git_oid_tostr(hex, sizeof(hex), git_reference_target(ref));
        walk_put(git_reference_name(ref), strlen(git_reference_name(ref)));
        walk_put(" ", 1);
        walk_put(hex, strlen(hex));
        walk_put("\n", 1);
        git_reference_free(ref);
    }
    git_reference_iterator_free(it);
    out->refs = walk_take();
    snprintf(path, sizeof(path), "%sobjects", gitdir);
    char *marks = walk(path, count_object);
    out->objects = strlen(marks);
    free(marks);
    const char *wd = git_repository_workdir(repo);
    if (wd) {
        snprintf(path, sizeof(path), "%s", wd);
        path[strlen(path) - 1] = '\0';   /* no trailing slash */
        out->tree = walk(path, put_work_file);
    } else {
        out->tree = strdup("");
    }
}

static void snapshot_dispose(struct snapshot *s)
{
    free(s->head);
    free(s->refs);
    free(s->index);
    free(s->tree);
}

/* HEAD, the refs, the index file's bytes and the work tree are as they were */
static void assert_unchanged(const struct snapshot *before, git_repository *repo, bool objects_too)
{
    struct snapshot now;
    snapshot_take(&now, repo);
    assert_string_equal(now.head, before->head);
    assert_string_equal(now.refs, before->refs);
    assert_int_equal(now.index_len, before->index_len);
    assert_memory_equal(now.index, before->index, before->index_len);
    assert_string_equal(now.tree, before->tree);
    if (objects_too)
        assert_int_equal(now.objects, before->objects);
    snapshot_dispose(&now);
}

/* runs the real git command with `argv` in `dir`; its exit status, and its stdout when `out` */
static int git_cmd(const char *dir, char **out, const char *const *argv)
{
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(pipefd[1], 1);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        if (!out)
            dup2(null, 1);
        close(pipefd[0]);
        if (chdir(dir) < 0)
            _exit(127);
        execvp("git", (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    struct { char *text; size_t len, cap; } saved = { walk_out.text, walk_out.len, walk_out.cap };
    memset(&walk_out, 0, sizeof(walk_out));
    char chunk[4096];
    ssize_t n;
    while ((n = read(pipefd[0], chunk, sizeof(chunk))) > 0)
        walk_put(chunk, (size_t)n);
    close(pipefd[0]);
    char *text = walk_take();
    walk_out.text = saved.text;
    walk_out.len = saved.len;
    walk_out.cap = saved.cap;
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (out)
        *out = text;
    else
        free(text);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* `git fsck --strict` finds nothing wrong */
static void assert_fsck(const char *dir)
{
    const char *argv[] = { "git", "fsck", "--strict", "--no-progress", NULL };
    assert_int_equal(git_cmd(dir, NULL, argv), 0);
}

/* `git status --porcelain` says nothing */
static void assert_git_status_clean(const char *dir)
{
    char *out = NULL;
    const char *argv[] = { "git", "status", "--porcelain", NULL };
    assert_int_equal(git_cmd(dir, &out, argv), 0);
    assert_string_equal(out, "");
    free(out);
}

/* runs with stderr captured; the exit code, and what was printed in *err */
static int run_capturing(struct af_options *opts, char **err)
{
    char path[] = "/tmp/asyncfix-stderr-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    int code = run(opts);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    *err = file_bytes(path, NULL);
    unlink(path);
    return code;
}

/* the ref HEAD names (refs/heads/master or whatever the default branch is) */
static char *head_branch(git_repository *repo)
{
    git_reference *head;
    assert_int_equal(git_reference_lookup(&head, repo, "HEAD"), 0);
    char *name = strdup(git_reference_symbolic_target(head));
    git_reference_free(head);
    return name;
}

static void touch(const char *dir, const char *rel)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fclose(f);
}

static void remove_file(const char *dir, const char *rel)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    assert_int_equal(unlink(path), 0);
}

static int setup_repo(void **state)
{
    struct repo_fixture *fx = calloc(1, sizeof(*fx));
    strcpy(fx->dir, "/tmp/asyncfix-git-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    assert_non_null(getcwd(fx->cwd, sizeof(fx->cwd)));
    assert_int_equal(git_repository_init(&fx->repo, fx->dir, 0), 0);
    git_config *cfg;
    assert_int_equal(git_repository_config(&cfg, fx->repo), 0);
    git_config_set_string(cfg, "user.name", "Test");
    git_config_set_string(cfg, "user.email", "test@example.invalid");
    git_config_free(cfg);
    write_file(fx->dir, "pkg/sub/deep.py", BLOCKING, 0644);
    write_file(fx->dir, "pkg/clean.py", CLEAN, 0644);
    write_file(fx->dir, "tool.py", BLOCKING, 0755);
    write_file(fx->dir, "README.txt", "not python\n", 0644);
    commit_all(fx->repo, "initial\n");
    assert_int_equal(chdir(fx->dir), 0);
    *state = fx;
    return 0;
}

static int teardown_repo(void **state)
{
    struct repo_fixture *fx = *state;
    assert_fsck(fx->dir);
    assert_int_equal(chdir(fx->cwd), 0);
    git_repository_free(fx->repo);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
    assert_int_equal(system(cmd), 0);
    free(fx);
    return 0;
}

static void test_git__commit_changes_exactly_the_fixed_files(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_oid before, after;
    opts_for(&opts);
    opts.commit = true;
    head_oid(fx->repo, &before);
    assert_int_equal(run(&opts), 0);
    head_oid(fx->repo, &after);
    assert_false(git_oid_equal(&before, &after));

    char names[8][64];
    size_t n = changed_in(fx->repo, &after, names, 8);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "pkg/sub/deep.py");
    assert_string_equal(names[1], "tool.py");

    git_filemode_t mode;
    char *deep = blob_at(fx->repo, &after, "pkg/sub/deep.py", &mode);
    assert_string_equal(deep, FIXED);
    assert_int_equal(mode, GIT_FILEMODE_BLOB);
    free(deep);
    char *tool = blob_at(fx->repo, &after, "tool.py", &mode);
    assert_string_equal(tool, FIXED);
    assert_int_equal(mode, GIT_FILEMODE_BLOB_EXECUTABLE);
    free(tool);

    /* the work tree has the fix, and the status is clean afterwards */
    char *disk = read_file(fx->dir, "tool.py");
    assert_string_equal(disk, FIXED);
    free(disk);
    unsigned int flags = 1;
    assert_int_equal(git_status_file(&flags, fx->repo, "tool.py"), 0);
    assert_int_equal(flags, GIT_STATUS_CURRENT);
    assert_git_status_clean(fx->dir);
    char *left = leftovers(fx->dir);   /* index.lock renamed, ref locks released, no temp file */
    assert_string_equal(left, "");
    free(left);

    git_commit *c;
    assert_int_equal(git_commit_lookup(&c, fx->repo, &after), 0);
    assert_non_null(strstr(git_commit_message(c), "asyncfix: fix 2 async anti-patterns in 2 files"));
    assert_non_null(strstr(git_commit_message(c), "AF101 blocking-sleep: 2"));
    git_commit_free(c);
    af_options_dispose(&opts);
}

static void test_git__commit_refuses_dirty_file_and_writes_nothing(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_oid before, after;
    char dirty[sizeof(BLOCKING) + 16];
    snprintf(dirty, sizeof(dirty), "%s# local edit\n", BLOCKING);
    write_file(fx->dir, "tool.py", dirty, 0755);
    opts_for(&opts);
    opts.commit = true;
    head_oid(fx->repo, &before);
    assert_int_equal(run(&opts), 2);
    head_oid(fx->repo, &after);
    assert_true(git_oid_equal(&before, &after));
    char *disk = read_file(fx->dir, "tool.py");
    assert_string_equal(disk, dirty);
    free(disk);
    disk = read_file(fx->dir, "pkg/sub/deep.py");
    assert_string_equal(disk, BLOCKING);   /* not even the clean file was written */
    free(disk);

    /* --allow-dirty commits it, local edit included */
    opts.allow_dirty = true;
    assert_int_equal(run(&opts), 0);
    head_oid(fx->repo, &after);
    assert_false(git_oid_equal(&before, &after));
    af_options_dispose(&opts);
}

static void test_git__commit_leaves_other_staged_changes_staged(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_index *idx;
    git_oid after;
    write_file(fx->dir, "README.txt", "staged edit\n", 0644);
    assert_int_equal(git_repository_index(&idx, fx->repo), 0);
    assert_int_equal(git_index_add_bypath(idx, "README.txt"), 0);
    assert_int_equal(git_index_write(idx), 0);
    git_index_free(idx);
    opts_for(&opts);
    opts.commit = true;
    assert_int_equal(run(&opts), 0);
    head_oid(fx->repo, &after);
    char names[8][64];
    assert_int_equal(changed_in(fx->repo, &after, names, 8), 2);   /* README.txt is not in it */
    unsigned int flags = 0;
    assert_int_equal(git_status_file(&flags, fx->repo, "README.txt"), 0);
    assert_int_equal(flags, GIT_STATUS_INDEX_MODIFIED);
    af_options_dispose(&opts);
}

static void test_git__branch_builds_commit_without_touching_worktree(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_oid head_before, head_after, branch;
    struct snapshot before;
    /* a dirty work tree does not matter: files come from the commit */
    write_file(fx->dir, "tool.py", "# scribble\n", 0755);
    snapshot_take(&before, fx->repo);
    head_oid(fx->repo, &head_before);
    opts_for(&opts);
    opts.branch = "asyncfix/fixes";
    assert_int_equal(run(&opts), 0);
    head_oid(fx->repo, &head_after);
    assert_true(git_oid_equal(&head_before, &head_after));
    struct snapshot after;
    snapshot_take(&after, fx->repo);
    assert_string_equal(after.head, before.head);
    assert_int_equal(after.index_len, before.index_len);
    assert_memory_equal(after.index, before.index, before.index_len);
    assert_string_equal(after.tree, before.tree);
    snapshot_dispose(&after);
    snapshot_dispose(&before);
    char *disk = read_file(fx->dir, "tool.py");
    assert_string_equal(disk, "# scribble\n");
    free(disk);
    disk = read_file(fx->dir, "pkg/sub/deep.py");
    assert_string_equal(disk, BLOCKING);
    free(disk);

    assert_int_equal(git_reference_name_to_id(&branch, fx->repo, "refs/heads/asyncfix/fixes"), 0);
    git_commit *c;
    assert_int_equal(git_commit_lookup(&c, fx->repo, &branch), 0);
    assert_true(git_oid_equal(git_commit_parent_id(c, 0), &head_before));
    git_commit_free(c);
    char names[8][64];
    assert_int_equal(changed_in(fx->repo, &branch, names, 8), 2);
    git_filemode_t mode;
    char *tool = blob_at(fx->repo, &branch, "tool.py", &mode);
    assert_string_equal(tool, FIXED);   /* fixed from the committed bytes, not the scribble */
    assert_int_equal(mode, GIT_FILEMODE_BLOB_EXECUTABLE);
    free(tool);
    char *clean = blob_at(fx->repo, &branch, "pkg/clean.py", NULL);
    assert_string_equal(clean, CLEAN);
    free(clean);

    /* the branch exists now: refused without --force-branch, HEAD and ref unchanged */
    git_oid again;
    assert_int_equal(run(&opts), 2);
    assert_int_equal(git_reference_name_to_id(&again, fx->repo, "refs/heads/asyncfix/fixes"), 0);
    assert_true(git_oid_equal(&again, &branch));
    af_options_dispose(&opts);
}

static void test_git__force_branch_moves_only_from_an_ancestor(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_oid head, moved, unrelated_tip;
    head_oid(fx->repo, &head);
    git_reference *ref;
    /* a branch at HEAD: HEAD is an ancestor of the fix commit */
    assert_int_equal(git_reference_create(&ref, fx->repo, "refs/heads/bot", &head, 0, NULL), 0);
    git_reference_free(ref);
    opts_for(&opts);
    opts.branch = "bot";
    assert_int_equal(run(&opts), 2);
    opts.force_branch = true;
    assert_int_equal(run(&opts), 0);
    assert_int_equal(git_reference_name_to_id(&moved, fx->repo, "refs/heads/bot"), 0);
    assert_false(git_oid_equal(&moved, &head));

    /* a branch whose tip is not an ancestor: refused unless --force */
    write_file(fx->dir, "other.py", CLEAN, 0644);
    commit_all(fx->repo, "other\n");
    head_oid(fx->repo, &unrelated_tip);
    assert_int_equal(git_reference_create(&ref, fx->repo, "refs/heads/side", &unrelated_tip, 0, NULL), 0);
    git_reference_free(ref);
    opts.branch = "side";
    opts.base = "HEAD~1";
    assert_int_equal(run(&opts), 2);
    git_oid still;
    assert_int_equal(git_reference_name_to_id(&still, fx->repo, "refs/heads/side"), 0);
    assert_true(git_oid_equal(&still, &unrelated_tip));
    opts.force = true;
    assert_int_equal(run(&opts), 0);
    af_options_dispose(&opts);
}

static void test_git__since_limits_to_changed_files(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_oid branch;
    write_file(fx->dir, "late.py", BLOCKING, 0644);
    commit_all(fx->repo, "late\n");
    opts_for(&opts);
    opts.branch = "since";
    opts.since = "HEAD~1";
    assert_int_equal(run(&opts), 0);
    assert_int_equal(git_reference_name_to_id(&branch, fx->repo, "refs/heads/since"), 0);
    char names[8][64];
    assert_int_equal(changed_in(fx->repo, &branch, names, 8), 1);
    assert_string_equal(names[0], "late.py");
    af_options_dispose(&opts);
}

static void test_git__branch_with_invalid_name_or_unborn_head_is_refused(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    opts_for(&opts);
    opts.branch = "bad..name";
    assert_int_equal(run(&opts), 2);
    af_options_dispose(&opts);

    /* a fresh repository with no commits */
    char dir[] = "/tmp/asyncfix-unborn-XXXXXX";
    assert_non_null(mkdtemp(dir));
    git_repository *repo;
    assert_int_equal(git_repository_init(&repo, dir, 0), 0);
    write_file(dir, "a.py", BLOCKING, 0644);
    assert_int_equal(chdir(dir), 0);
    opts_for(&opts);
    opts.branch = "fixes";
    assert_int_equal(run(&opts), 2);
    git_reference *ref;
    assert_int_not_equal(git_reference_lookup(&ref, repo, "refs/heads/fixes"), 0);
    /* --commit on an unborn branch: the file is untracked, so it counts as
     * uncommitted work; with --allow-dirty the root commit holds just the fix */
    opts.branch = NULL;
    opts.commit = true;
    opts.author = "Bot <bot@example.invalid>";
    assert_int_equal(run(&opts), 2);
    opts.allow_dirty = true;
    assert_int_equal(run(&opts), 0);
    git_oid head;
    head_oid(repo, &head);
    git_filemode_t mode;
    char *text = blob_at(repo, &head, "a.py", &mode);
    assert_string_equal(text, FIXED);
    free(text);
    git_commit *c;
    assert_int_equal(git_commit_lookup(&c, repo, &head), 0);
    assert_int_equal(git_commit_parentcount(c), 0);
    assert_string_equal(git_commit_author(c)->name, "Bot");
    git_commit_free(c);
    assert_git_status_clean(dir);
    assert_fsck(dir);
    git_repository_free(repo);
    assert_int_equal(chdir(fx->dir), 0);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    af_options_dispose(&opts);
}

static void test_git__outside_a_repository_is_refused(void **state)
{
    (void)state;
    char dir[] = "/tmp/asyncfix-norepo-XXXXXX";
    char cwd[PATH_MAX];
    assert_non_null(mkdtemp(dir));
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    write_file(dir, "a.py", BLOCKING, 0644);
    assert_int_equal(chdir(dir), 0);
    struct af_options opts;
    opts_for(&opts);
    opts.commit = true;
    assert_int_equal(run(&opts), 2);
    char *disk = read_file(dir, "a.py");
    assert_string_equal(disk, BLOCKING);
    free(disk);
    assert_int_equal(chdir(cwd), 0);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    af_options_dispose(&opts);
}

static void test_git__detached_head_commit_and_bare_repository(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_oid head;
    head_oid(fx->repo, &head);
    assert_int_equal(git_repository_set_head_detached(fx->repo, &head), 0);
    opts_for(&opts);
    opts.commit = true;
    assert_int_equal(run(&opts), 0);
    assert_int_equal(git_repository_head_detached(fx->repo), 1);
    git_oid after;
    head_oid(fx->repo, &after);
    assert_false(git_oid_equal(&head, &after));
    af_options_dispose(&opts);

    /* a bare clone: --branch works, --commit is refused */
    char bare[PATH_MAX + 8];
    snprintf(bare, sizeof(bare), "%s.git", fx->dir);
    git_repository *b;
    git_clone_options co;
    git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
    co.bare = 1;
    assert_int_equal(git_clone(&b, fx->dir, bare, &co), 0);
    assert_int_equal(chdir(bare), 0);
    opts_for(&opts);
    opts.branch = "fixes";
    opts.base = "HEAD~1";
    opts.author = "Bot <bot@example.invalid>";
    assert_int_equal(run(&opts), 0);
    git_oid br;
    assert_int_equal(git_reference_name_to_id(&br, b, "refs/heads/fixes"), 0);
    /* in a bare repository no work tree has HEAD's branch checked out: --force-branch may move it */
    git_object *base;
    git_reference *trunk;
    git_oid tip_after;
    assert_int_equal(git_revparse_single(&base, b, "HEAD~1"), 0);
    assert_int_equal(git_reference_create(&trunk, b, "refs/heads/trunk", git_object_id(base), 0, NULL), 0);
    git_reference_free(trunk);
    assert_int_equal(git_repository_set_head(b, "refs/heads/trunk"), 0);
    opts.branch = "trunk";
    opts.base = NULL;
    opts.force_branch = true;
    assert_int_equal(run(&opts), 0);
    assert_int_equal(git_reference_name_to_id(&tip_after, b, "HEAD"), 0);
    assert_false(git_oid_equal(git_object_id(base), &tip_after));
    git_object_free(base);
    char *left = leftovers(bare);
    assert_string_equal(left, "");
    free(left);
    assert_fsck(bare);
    git_repository_free(b);
    assert_int_equal(chdir(fx->dir), 0);
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", bare);
    assert_int_equal(system(cmd), 0);
    af_options_dispose(&opts);
}

static void test_git__autocrlf_and_symlinks(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_config *cfg;
    git_oid head, branch;
    /* a CRLF file under core.autocrlf=true is stored with LF and fixed as such */
    assert_int_equal(git_repository_config(&cfg, fx->repo), 0);
    assert_int_equal(git_config_set_bool(cfg, "core.autocrlf", 1), 0);
    git_config_free(cfg);
    write_file(fx->dir, "win.py", "import time\r\n\r\n\r\nasync def f():\r\n    time.sleep(1)\r\n", 0644);
    /* a symbolic link to a Python file: never followed, never fixed */
    char link[PATH_MAX + 16];
    snprintf(link, sizeof(link), "%s/link.py", fx->dir);
    assert_int_equal(symlink("tool.py", link), 0);
    commit_all(fx->repo, "crlf and link\n");
    head_oid(fx->repo, &head);
    git_filemode_t mode;
    char *stored = blob_at(fx->repo, &head, "win.py", NULL);
    assert_null(strchr(stored, '\r'));
    free(stored);
    char *target = blob_at(fx->repo, &head, "link.py", &mode);
    assert_int_equal(mode, GIT_FILEMODE_LINK);
    free(target);

    opts_for(&opts);
    opts.branch = "crlf";
    assert_int_equal(run(&opts), 0);
    assert_int_equal(git_reference_name_to_id(&branch, fx->repo, "refs/heads/crlf"), 0);
    char *fixed = blob_at(fx->repo, &branch, "win.py", NULL);
    assert_string_equal(fixed, FIXED);   /* LF as stored, no CR brought in */
    free(fixed);
    char *still = blob_at(fx->repo, &branch, "link.py", &mode);
    assert_int_equal(mode, GIT_FILEMODE_LINK);
    assert_string_equal(still, "tool.py");
    free(still);
    af_options_dispose(&opts);

    /* --commit: the work-tree copy keeps its CRLF, the commit stores LF */
    opts_for(&opts);
    opts.commit = true;
    assert_int_equal(run(&opts), 0);
    git_oid after;
    head_oid(fx->repo, &after);
    char *committed = blob_at(fx->repo, &after, "win.py", NULL);
    assert_string_equal(committed, FIXED);
    free(committed);
    char *disk = read_file(fx->dir, "win.py");
    assert_non_null(strstr(disk, "await asyncio.sleep(1)\r\n"));
    free(disk);
    char *link_after = blob_at(fx->repo, &after, "link.py", &mode);
    assert_int_equal(mode, GIT_FILEMODE_LINK);
    free(link_after);
    unsigned int flags = 1;
    assert_int_equal(git_status_file(&flags, fx->repo, "win.py"), 0);
    assert_int_equal(flags, GIT_STATUS_CURRENT);
    af_options_dispose(&opts);
}

/* ---- all or nothing: what git refuses is refused before anything is written ---- */

static void test_git__commit_refused_while_the_index_is_locked(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    struct snapshot before;
    touch(fx->dir, ".git/index.lock");   /* another git process, or a crashed one */
    snapshot_take(&before, fx->repo);
    opts_for(&opts);
    opts.commit = true;
    char *err = NULL;
    assert_int_equal(run_capturing(&opts, &err), 2);
    assert_non_null(strstr(err, "cannot lock the index"));
    assert_non_null(strstr(err, ".git/index.lock' exists"));
    free(err);
    /* nothing written, not even an object; the lock is not ours to remove */
    assert_unchanged(&before, fx->repo, true);
    char *left = leftovers(fx->dir);
    assert_string_equal(left, ".git/index.lock\n");
    free(left);
    remove_file(fx->dir, ".git/index.lock");
    snapshot_dispose(&before);
    af_options_dispose(&opts);
}

static void test_git__commit_refused_while_the_branch_or_head_is_locked(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    struct snapshot before;
    char *branch = head_branch(fx->repo);
    char lock[PATH_MAX], want[PATH_MAX + 8];
    snprintf(lock, sizeof(lock), ".git/%s.lock", branch);
    const char *locks[] = { lock, ".git/HEAD.lock" };
    opts_for(&opts);
    opts.commit = true;
    for (size_t i = 0; i < 2; i++) {
        touch(fx->dir, locks[i]);
        snapshot_take(&before, fx->repo);
        char *err = NULL;
        assert_int_equal(run_capturing(&opts, &err), 2);
        assert_non_null(strstr(err, "cannot lock ref"));
        free(err);
        assert_unchanged(&before, fx->repo, true);
        char *left = leftovers(fx->dir);
        snprintf(want, sizeof(want), "%s\n", locks[i]);
        assert_string_equal(left, want);   /* no index.lock left either */
        free(left);
        remove_file(fx->dir, locks[i]);
        snapshot_dispose(&before);
    }
    /* with the locks gone, the same run commits */
    assert_int_equal(run(&opts), 0);
    assert_git_status_clean(fx->dir);
    free(branch);
    af_options_dispose(&opts);
}

static void test_git__commit_refused_while_a_merge_is_in_progress(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    struct snapshot before;
    git_oid head;
    char hex[GIT_OID_HEXSZ + 2];
    head_oid(fx->repo, &head);
    git_oid_tostr(hex, sizeof(hex), &head);
    strcat(hex, "\n");
    write_file(fx->dir, ".git/MERGE_HEAD", hex, 0644);
    snapshot_take(&before, fx->repo);
    opts_for(&opts);
    opts.commit = true;
    char *err = NULL;
    assert_int_equal(run_capturing(&opts, &err), 2);
    assert_non_null(strstr(err, "a merge is in progress"));
    free(err);
    assert_unchanged(&before, fx->repo, true);
    char *left = leftovers(fx->dir);
    assert_string_equal(left, "");
    free(left);
    remove_file(fx->dir, ".git/MERGE_HEAD");
    snapshot_dispose(&before);
    af_options_dispose(&opts);
}

static void test_git__force_branch_refused_on_a_checked_out_branch(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    struct snapshot before;
    char *branch = head_branch(fx->repo);
    snapshot_take(&before, fx->repo);
    opts_for(&opts);
    opts.branch = branch + strlen("refs/heads/");
    opts.force_branch = true;
    opts.force = true;
    char *err = NULL;
    assert_int_equal(run_capturing(&opts, &err), 2);
    assert_non_null(strstr(err, "is checked out in"));
    free(err);
    assert_unchanged(&before, fx->repo, true);
    snapshot_dispose(&before);

    /* a branch checked out in a linked work tree, and one a rebase has taken */
    char wt_dir[PATH_MAX + 8];
    snprintf(wt_dir, sizeof(wt_dir), "%s-wt", fx->dir);
    git_worktree *wt;
    assert_int_equal(git_worktree_add(&wt, fx->repo, "linked", wt_dir, NULL), 0);
    git_worktree_free(wt);
    git_oid head;
    head_oid(fx->repo, &head);
    git_reference *ref;
    assert_int_equal(git_reference_create(&ref, fx->repo, "refs/heads/rebased", &head, 0, NULL), 0);
    git_reference_free(ref);
    write_file(fx->dir, ".git/rebase-merge/head-name", "refs/heads/rebased\n", 0644);
    snapshot_take(&before, fx->repo);
    const char *names[] = { "linked", "rebased" };
    for (size_t i = 0; i < 2; i++) {
        opts.branch = names[i];
        assert_int_equal(run(&opts), 2);
        assert_unchanged(&before, fx->repo, true);
    }
    char *left = leftovers(fx->dir);
    assert_string_equal(left, "");
    free(left);
    snapshot_dispose(&before);
    /* the same names are fine once nothing uses them */
    char cmd[PATH_MAX * 2];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s/.git/rebase-merge' '%s/.git/worktrees'", wt_dir, fx->dir, fx->dir);
    assert_int_equal(system(cmd), 0);
    opts.branch = "rebased";
    assert_int_equal(run(&opts), 0);
    free(branch);
    af_options_dispose(&opts);
}

static void test_git__branch_names_are_checked_as_git_checks_them(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    static const char *const names[] = {
        "HEAD", "-x", "@", "-", "a..b", "a/.b", ".a", "foo.lock", "a.lock/b", "a/b.lock/c", "a b", "a\tb",
        "a\x01", "a\x7f", "a~", "a^", "a:", "a?", "a*", "a[", "a\\b", "/a", "a/", "a//b", "a.", "@{x}", "a@{b",
        "@{-1}", "\xc3\xbc", "refs/heads/x", "a@b", "@@", "@/x", "x/@", "HEAD/x", "x/HEAD", "asyncfix/fixes",
    };
    opts_for(&opts);
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
        const char *argv[] = { "git", "check-ref-format", "--branch", names[i], NULL };
        bool git_takes = git_cmd(fx->dir, NULL, argv) == 0;
        /* git takes "@" as a branch name, but reads "@" as HEAD everywhere else: refused */
        bool expected = git_takes && strcmp(names[i], "@") != 0;
        opts.branch = names[i];
        char *err = NULL;
        int code = run_capturing(&opts, &err);
        if ((code == 0) != expected)
            fail_msg("branch name '%s': git %s it, asyncfix exited %d: %s", names[i],
                     git_takes ? "takes" : "rejects", code, err);
        free(err);
        char ref[256];
        snprintf(ref, sizeof(ref), "refs/heads/%s", names[i]);
        git_oid id;
        int valid = 0;
        assert_int_equal(git_reference_name_is_valid(&valid, ref), 0);
        if (!expected && valid)
            assert_int_not_equal(git_reference_name_to_id(&id, fx->repo, ref), 0);
    }
    /* "HEAD", "-x" and "@" made no ref; nothing is left behind */
    char *left = leftovers(fx->dir);
    assert_string_equal(left, "");
    free(left);
    af_options_dispose(&opts);
}

static void test_git__author_git_cannot_write_is_refused_before_anything_is_written(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    struct snapshot before;
    static const char *const authors[] = {
        "A\nB <a@b>", "A <a\n@b>", "A <a@b> x", "A <a@b", "A a@b>", "<a@b>", "A <>", "A <a<b>", "A> <a@b>",
        "A\r <a@b>",
    };
    snapshot_take(&before, fx->repo);
    opts_for(&opts);
    for (size_t i = 0; i < sizeof(authors) / sizeof(*authors); i++) {
        opts.author = authors[i];
        opts.commit = true;
        opts.branch = NULL;
        if (run(&opts) != 2)
            fail_msg("--commit with author '%s' was not refused", authors[i]);
        opts.commit = false;
        opts.branch = "fixes";
        if (run(&opts) != 2)
            fail_msg("--branch with author '%s' was not refused", authors[i]);
        /* nothing written: no file, no ref, no object */
        assert_unchanged(&before, fx->repo, true);
    }
    snapshot_dispose(&before);

    /* the committer from git config is held to the same rules */
    git_config *cfg;
    assert_int_equal(git_repository_config(&cfg, fx->repo), 0);
    assert_int_equal(git_config_set_string(cfg, "user.name", "Te\nst"), 0);
    opts.author = NULL;
    opts.commit = true;
    opts.branch = NULL;
    snapshot_take(&before, fx->repo);
    char *err = NULL;
    assert_int_equal(run_capturing(&opts, &err), 2);
    assert_non_null(strstr(err, "user.name"));
    free(err);
    assert_unchanged(&before, fx->repo, true);
    snapshot_dispose(&before);
    assert_int_equal(git_config_set_string(cfg, "user.name", "Test"), 0);
    git_config_free(cfg);

    /* a well-formed one commits, and git fsck (in the teardown) accepts the commit */
    opts.author = "  Ann Example   <ann@example.invalid>  ";
    assert_int_equal(run(&opts), 0);
    git_oid head;
    git_commit *c;
    head_oid(fx->repo, &head);
    assert_int_equal(git_commit_lookup(&c, fx->repo, &head), 0);
    assert_string_equal(git_commit_author(c)->name, "Ann Example");
    assert_string_equal(git_commit_author(c)->email, "ann@example.invalid");
    git_commit_free(c);
    af_options_dispose(&opts);
}

static void test_git__branch_refused_while_locked_or_clashing_leaves_nothing(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    struct snapshot before;
    char *branch = head_branch(fx->repo);
    opts_for(&opts);

    /* refs/heads/fixes.lock held by another process */
    touch(fx->dir, ".git/refs/heads/fixes.lock");
    snapshot_take(&before, fx->repo);
    opts.branch = "fixes";
    assert_int_equal(run(&opts), 2);
    assert_unchanged(&before, fx->repo, true);
    char *left = leftovers(fx->dir);
    assert_string_equal(left, ".git/refs/heads/fixes.lock\n");
    free(left);
    remove_file(fx->dir, ".git/refs/heads/fixes.lock");
    snapshot_dispose(&before);

    /* a name below an existing branch, or above one, packed or loose: git keeps refs as files */
    git_oid head;
    git_reference *ref;
    head_oid(fx->repo, &head);
    assert_int_equal(git_reference_create(&ref, fx->repo, "refs/heads/team/bot", &head, 0, NULL), 0);
    git_reference_free(ref);
    git_refdb *refdb;
    assert_int_equal(git_repository_refdb(&refdb, fx->repo), 0);
    assert_int_equal(git_refdb_compress(refdb), 0);
    git_refdb_free(refdb);
    snapshot_take(&before, fx->repo);
    char below[PATH_MAX];
    snprintf(below, sizeof(below), "%s/x", branch + strlen("refs/heads/"));
    const char *clashing[] = { below, "team", "team/bot/x" };
    for (size_t i = 0; i < 3; i++) {
        opts.branch = clashing[i];
        char *err = NULL;
        assert_int_equal(run_capturing(&opts, &err), 2);
        assert_non_null(strstr(err, "git keeps refs as files"));
        free(err);
        assert_unchanged(&before, fx->repo, true);
    }
    snapshot_dispose(&before);

    /* a new nested branch with nothing to fix: neither the ref nor its folders are left */
    write_file(fx->dir, "pkg/sub/deep.py", FIXED, 0644);
    write_file(fx->dir, "tool.py", FIXED, 0755);
    commit_all(fx->repo, "fixed by hand\n");
    opts.branch = "deep/er/branch";
    assert_int_equal(run(&opts), 0);
    char path[PATH_MAX * 2];
    struct stat st;
    snprintf(path, sizeof(path), "%s/.git/refs/heads/deep", fx->dir);
    assert_int_not_equal(lstat(path, &st), 0);
    left = leftovers(fx->dir);
    assert_string_equal(left, "");
    free(left);
    free(branch);
    af_options_dispose(&opts);
}

/* ---- all or nothing: a step that fails after the first write undoes what was done ---- */

static void test_git__write_failure_midway_puts_the_written_files_back(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    struct snapshot before;
    struct stat st_before, st_after;
    char deep[PATH_MAX * 2];
    snprintf(deep, sizeof(deep), "%s/pkg/sub/deep.py", fx->dir);
    /* pkg/sub/deep.py is written first; tool.py, read-only, cannot be */
    char tool[PATH_MAX * 2];
    snprintf(tool, sizeof(tool), "%s/tool.py", fx->dir);
    assert_int_equal(chmod(tool, 0555), 0);
    /* an old mtime: a file written again (and put back) has a new one */
    struct timespec old_times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
    assert_int_equal(utimensat(AT_FDCWD, deep, old_times, 0), 0);
    snapshot_take(&before, fx->repo);
    assert_int_equal(stat(deep, &st_before), 0);
    opts_for(&opts);
    opts.commit = true;
    char *err = NULL;
    assert_int_equal(run_capturing(&opts, &err), 2);
    assert_non_null(strstr(err, "tool.py: cannot write"));
    assert_non_null(strstr(err, "nothing was committed; the files were put back as they were"));
    free(err);
    /* deep.py was written and put back (a new mtime), and holds its bytes as read */
    assert_int_equal(stat(deep, &st_after), 0);
    assert_true(st_after.st_mtim.tv_sec > st_before.st_mtim.tv_sec);
    assert_unchanged(&before, fx->repo, false);
    char *left = leftovers(fx->dir);
    assert_string_equal(left, "");
    free(left);
    assert_int_equal(chmod(tool, 0755), 0);
    snapshot_dispose(&before);
    af_options_dispose(&opts);
}

static void test_git__ref_failure_after_the_writes_puts_everything_back(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    struct snapshot before;
    char *branch = head_branch(fx->repo);
    /* the branch's reflog cannot be appended to: the ref update fails after the files and index.lock are written */
    char log[PATH_MAX * 2], saved[PATH_MAX * 2 + 8], inside[PATH_MAX * 2 + 8];
    snprintf(log, sizeof(log), "%s/.git/logs/%s", fx->dir, branch);
    snprintf(saved, sizeof(saved), "%s.saved", log);
    snprintf(inside, sizeof(inside), "%s/x", log);
    assert_int_equal(rename(log, saved), 0);
    assert_int_equal(mkdir(log, 0755), 0);
    FILE *f = fopen(inside, "w");
    assert_non_null(f);
    fclose(f);
    snapshot_take(&before, fx->repo);
    opts_for(&opts);
    opts.commit = true;
    char *err = NULL;
    assert_int_equal(run_capturing(&opts, &err), 2);
    assert_non_null(strstr(err, "cannot move"));
    assert_non_null(strstr(err, "the files were put back as they were"));
    free(err);
    assert_unchanged(&before, fx->repo, false);
    char *left = leftovers(fx->dir);
    assert_string_equal(left, "");
    free(left);
    assert_int_equal(unlink(inside), 0);
    assert_int_equal(rmdir(log), 0);
    assert_int_equal(rename(saved, log), 0);
    assert_git_status_clean(fx->dir);
    snapshot_dispose(&before);
    free(branch);
    af_options_dispose(&opts);
}

static enum af_git_step failing_step;
static char lock_on_failure[PATH_MAX * 2];

static int fail_at(enum af_git_step step)
{
    if (step != failing_step)
        return 0;
    if (*lock_on_failure) {
        FILE *f = fopen(lock_on_failure, "w");   /* another git process takes the ref meanwhile */
        assert_non_null(f);
        fclose(f);
    }
    return -1;
}

static void test_git__a_failure_at_any_later_step_leaves_head_index_and_files_as_they_were(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    struct snapshot before;
    static const enum af_git_step steps[] = { AF_GIT_STEP_STAGE, AF_GIT_STEP_MOVE_REF, AF_GIT_STEP_COMMIT_INDEX };
    opts_for(&opts);
    opts.commit = true;
    *lock_on_failure = '\0';
    for (size_t i = 0; i < 3; i++) {
        snapshot_take(&before, fx->repo);
        failing_step = steps[i];
        af_git__test.hook = fail_at;
        char *err = NULL;
        int code = run_capturing(&opts, &err);
        af_git__test.hook = NULL;
        assert_int_equal(code, 2);
        assert_non_null(strstr(err, "the files were put back as they were"));
        free(err);
        /* after the ref moved, it was moved back: HEAD, the index's bytes and the files as before */
        assert_unchanged(&before, fx->repo, false);
        char *left = leftovers(fx->dir);
        assert_string_equal(left, "");
        free(left);
        assert_git_status_clean(fx->dir);
        snapshot_dispose(&before);
    }
    /* and then a run without a failure commits */
    assert_int_equal(run(&opts), 0);
    assert_git_status_clean(fx->dir);
    af_options_dispose(&opts);
}

static void test_git__undo_that_cannot_be_done_names_the_command_that_recovers(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_oid before, after;
    char *branch = head_branch(fx->repo);
    write_file(fx->dir, "it's.py", BLOCKING, 0644);   /* a name the printed command must quote */
    commit_all(fx->repo, "quote\n");
    head_oid(fx->repo, &before);
    /* the index cannot be committed, and the ref is locked by then: the commit cannot be undone */
    snprintf(lock_on_failure, sizeof(lock_on_failure), "%s/.git/%s.lock", fx->dir, branch);
    failing_step = AF_GIT_STEP_COMMIT_INDEX;
    af_git__test.hook = fail_at;
    opts_for(&opts);
    opts.commit = true;
    char *err = NULL;
    int code = run_capturing(&opts, &err);
    af_git__test.hook = NULL;
    *lock_on_failure = '\0';
    assert_int_equal(code, 2);
    head_oid(fx->repo, &after);
    assert_false(git_oid_equal(&before, &after));   /* the fix is committed */
    char *run_line = strstr(err, "run: ");
    assert_non_null(run_line);
    run_line += strlen("run: ");
    run_line[strcspn(run_line, "\n")] = '\0';
    assert_non_null(strstr(run_line, "reset -q -- 'it'\\''s.py' 'pkg/sub/deep.py' 'tool.py'"));
    /* the other process is done; the command printed brings the index in line with HEAD */
    char lock[PATH_MAX];
    snprintf(lock, sizeof(lock), ".git/%s.lock", branch);
    remove_file(fx->dir, lock);
    char *left = leftovers(fx->dir);
    assert_string_equal(left, "");
    free(left);
    assert_int_equal(system(run_line), 0);
    free(err);
    assert_git_status_clean(fx->dir);
    char *disk = read_file(fx->dir, "tool.py");
    assert_string_equal(disk, FIXED);
    free(disk);
    git_index *idx;
    assert_int_equal(git_index_open(&idx, ".git/index"), 0);
    char *committed = blob_at(fx->repo, &after, "tool.py", NULL);
    const git_index_entry *e = git_index_get_bypath(idx, "tool.py", 0);
    assert_non_null(e);
    git_blob *b;
    assert_int_equal(git_blob_lookup(&b, fx->repo, &e->id), 0);
    assert_int_equal(git_blob_rawsize(b), strlen(committed));
    assert_memory_equal(git_blob_rawcontent(b), committed, strlen(committed));
    git_blob_free(b);
    free(committed);
    git_index_free(idx);
    free(branch);
    af_options_dispose(&opts);
}

/* the folders of the default excludes, with a blocking file in each */
static const char *const excluded_files[] = {
    ".eggs/mod.py", ".venv/lib/x.py", ".local/lib/python3.10/site-packages/aiohttp/client.py",
    "dist/x.py", "node_modules/x.py", "site-packages/x.py", "build/x.py", "__pycache__/x.py", NULL,
};

static void test_git__branch_and_normal_run_share_the_excludes(void **state)
{
    struct repo_fixture *fx = *state;
    struct af_options opts;
    git_oid branch;
    for (const char *const *f = excluded_files; *f; f++)
        write_file(fx->dir, *f, BLOCKING, 0644);
    write_file(fx->dir, "app.py", BLOCKING, 0644);
    commit_all(fx->repo, "excluded folders committed\n");

    /* a normal run's files */
    struct af_strlist files = { 0 };
    int errors = 0;
    opts_for(&opts);
    assert_int_equal(af_discover(&files, &opts, &errors), 0);
    assert_int_equal(errors, 0);
    assert_int_equal(files.n, 4);
    assert_string_equal(files.items[0], "app.py");
    assert_string_equal(files.items[1], "pkg/clean.py");
    assert_string_equal(files.items[2], "pkg/sub/deep.py");
    assert_string_equal(files.items[3], "tool.py");
    af_strlist_dispose(&files);

    /* --branch fixes exactly the blocking files among them */
    opts.branch = "same-files";
    assert_int_equal(run(&opts), 0);
    assert_int_equal(git_reference_name_to_id(&branch, fx->repo, "refs/heads/same-files"), 0);
    char names[16][64];
    assert_int_equal(changed_in(fx->repo, &branch, names, 16), 3);
    assert_string_equal(names[0], "app.py");
    assert_string_equal(names[1], "pkg/sub/deep.py");
    assert_string_equal(names[2], "tool.py");

    /* a file named on the command line is taken, even in an excluded folder ... */
    af_strlist_add(&opts.paths, ".eggs/mod.py");
    opts.branch = "named";
    assert_int_equal(run(&opts), 0);
    assert_int_equal(git_reference_name_to_id(&branch, fx->repo, "refs/heads/named"), 0);
    assert_int_equal(changed_in(fx->repo, &branch, names, 16), 1);
    assert_string_equal(names[0], ".eggs/mod.py");
    /* ... unless force-exclude */
    opts.branch = "forced";
    opts.force_exclude = true;
    assert_int_equal(run(&opts), 0);
    assert_int_not_equal(git_reference_name_to_id(&branch, fx->repo, "refs/heads/forced"), 0);
    /* extend-exclude applies to the commit's tree too */
    af_strlist_dispose(&opts.paths);
    opts.force_exclude = false;
    af_strlist_add(&opts.extend_exclude, "tool.py");
    af_strlist_add(&opts.extend_exclude, "pkg/sub");
    opts.branch = "extended";
    assert_int_equal(run(&opts), 0);
    assert_int_equal(git_reference_name_to_id(&branch, fx->repo, "refs/heads/extended"), 0);
    assert_int_equal(changed_in(fx->repo, &branch, names, 16), 1);
    assert_string_equal(names[0], "app.py");
    af_options_dispose(&opts);
}

int main(void)
{
    /* run from a git hook (pre-commit, rebase --exec), git's own variables would point every
     * repository these tests make at the caller's */
    static const char *const git_env[] = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
                                          "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"};
    for (size_t i = 0; i < sizeof(git_env) / sizeof(*git_env); i++)
        unsetenv(git_env[i]);
    af_lang_init();
    git_libgit2_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_git__commit_changes_exactly_the_fixed_files, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__commit_refuses_dirty_file_and_writes_nothing, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__commit_leaves_other_staged_changes_staged, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__branch_builds_commit_without_touching_worktree, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__force_branch_moves_only_from_an_ancestor, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__since_limits_to_changed_files, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__branch_and_normal_run_share_the_excludes, setup_repo,
                                        teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__branch_with_invalid_name_or_unborn_head_is_refused, setup_repo, teardown_repo),
        cmocka_unit_test(test_git__outside_a_repository_is_refused),
        cmocka_unit_test_setup_teardown(test_git__autocrlf_and_symlinks, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__detached_head_commit_and_bare_repository, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__commit_refused_while_the_index_is_locked, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__commit_refused_while_the_branch_or_head_is_locked, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__commit_refused_while_a_merge_is_in_progress, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__force_branch_refused_on_a_checked_out_branch, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__branch_names_are_checked_as_git_checks_them, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__author_git_cannot_write_is_refused_before_anything_is_written, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__branch_refused_while_locked_or_clashing_leaves_nothing, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__write_failure_midway_puts_the_written_files_back, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__ref_failure_after_the_writes_puts_everything_back, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__a_failure_at_any_later_step_leaves_head_index_and_files_as_they_were, setup_repo, teardown_repo),
        cmocka_unit_test_setup_teardown(test_git__undo_that_cannot_be_done_names_the_command_that_recovers, setup_repo, teardown_repo),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    git_libgit2_shutdown();
    return failed;
}
