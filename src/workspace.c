/*
 * workspace.c - settings, folders and their background index builds.
 *
 * A build owns what it reads: the options for discovery are made on the
 * server's thread and moved into the build, which discovers the folder's
 * files (excludes and .gitignore as on the command line), builds the index
 * and hands it over under the lock. The server swaps it in from
 * af_workspace_collect, so a check never sees an index change under it.
 */
#include "asyncfix/workspace.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asyncfix/config.h"
#include "asyncfix/discover.h"
#include "asyncfix/index.h"
#include "asyncfix/pool.h"

struct folder {
    struct af_workspace *ws;
    char *path;
    struct af_project *index;         /* the server's thread only */
    bool built;                     /* a first build was taken */
    bool removed;
    bool running;                   /* a build thread exists (joined by collect) */
    bool again;                     /* rebuild once the running build is taken */
    pthread_t thread;
    /* shared with the build thread, under ws->lock */
    bool finished;
    struct af_project *result;
    struct af_options opts;         /* the build's, disposed by it */
};

struct af_workspace {
    int wake_fd;
    af_workspace_changed_fn changed;
    void *ctx;
    struct af_lsp_settings settings;
    struct folder **folders;
    size_t nfolders, cap;
    pthread_mutex_t lock;
    pthread_cond_t done;
    unsigned builds;
};

static void settings_dispose(struct af_lsp_settings *s)
{
    json_decref(s->options);
    free(s->configuration);
    free(s->rule_docs_url);
    memset(s, 0, sizeof(*s));
}

static void settings_reset(struct af_lsp_settings *s)
{
    settings_dispose(s);
    s->options = json_object();
    s->fix_all = true;
    s->fix_violation = true;
    s->disable_rule_comment = true;
    s->show_syntax_errors = true;
}

struct af_workspace *af_workspace_new(int wake_fd, af_workspace_changed_fn changed, void *ctx)
{
    struct af_workspace *ws = af_calloc(1, sizeof(*ws));
    ws->wake_fd = wake_fd;
    ws->changed = changed;
    ws->ctx = ctx;
    settings_reset(&ws->settings);
    pthread_mutex_init(&ws->lock, NULL);
    pthread_cond_init(&ws->done, NULL);
    return ws;
}

static void folder_free(struct folder *f)
{
    if (f->running)
        pthread_join(f->thread, NULL);
    af_project_free(f->result);
    af_project_free(f->index);
    free(f->path);
    free(f);
}

void af_workspace_free(struct af_workspace *ws)
{
    if (!ws)
        return;
    for (size_t i = 0; i < ws->nfolders; i++)
        folder_free(ws->folders[i]);
    free(ws->folders);
    settings_dispose(&ws->settings);
    pthread_mutex_destroy(&ws->lock);
    pthread_cond_destroy(&ws->done);
    free(ws);
}

/* ---- settings ---- */

static void boolean(bool *out, json_t *v, const char *key, struct af_buf *warnings)
{
    if (!v)
        return;
    if (json_is_boolean(v))
        *out = json_is_true(v);
    else
        af_buf_printf(warnings, "asyncfix settings: `%s` must be true or false\n", key);
}

/* settings.a.b.c, NULL when a step is missing */
static json_t *path_get(json_t *obj, const char *a, const char *b, const char *c)
{
    json_t *v = json_object_get(obj, a);
    if (v && b)
        v = json_object_get(v, b);
    if (v && c)
        v = json_object_get(v, c);
    return v;
}

/* "unsafeFixes" -> "unsafe-fixes" (a name already in kebab case stays) */
static void row_name(struct af_buf *out, const char *key)
{
    for (const char *p = key; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            af_buf_putc(out, '-');
            af_buf_putc(out, (char)(*p - 'A' + 'a'));
        } else {
            af_buf_putc(out, *p);
        }
    }
}

/* a client value as the config's reader hands it to the option rows */
static int apply_option(struct af_options *opts, const char *name, json_t *v)
{
    struct af_config_value value = { .type = AF_CONFIG_OTHER };
    struct af_strlist list = { 0 };
    if (json_is_string(v)) {
        value.type = AF_CONFIG_STRING;
        value.string = json_string_value(v);
    } else if (json_is_boolean(v)) {
        value.type = AF_CONFIG_BOOL;
        value.boolean = json_is_true(v);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        value.type = AF_CONFIG_STRINGS;
        value.strings = &list;
        json_array_foreach(v, i, item) {
            if (!json_is_string(item)) {
                value.type = AF_CONFIG_OTHER;
                break;
            }
            af_strlist_add(&list, json_string_value(item));
        }
    }
    int error = af_options_set_config(opts, name, &value);
    af_strlist_dispose(&list);
    return error;
}

static bool server_key(const char *key)
{
    static const char *const keys[] = { "configuration", "fixAll", "codeAction", "showSyntaxErrors", "ruleDocsUrl",
                                        NULL };
    for (const char *const *k = keys; *k; k++)
        if (!strcmp(key, *k))
            return true;
    return false;
}

/* the option rows' keys of `o`, each tried on a scratch run so that a bad one is told now */
static void configure_options(struct af_lsp_settings *s, json_t *o, struct af_buf *warnings)
{
    const char *key;
    json_t *v;
    struct af_options scratch;
    af_options_init(&scratch);
    json_object_foreach(o, key, v) {
        if (server_key(key))
            continue;
        struct af_buf name = AF_BUF_INIT;
        row_name(&name, key);
        if (apply_option(&scratch, name.ptr, v) < 0)
            af_buf_printf(warnings, "asyncfix settings: `%s`: %s\n", key, af_error_last());
        else
            json_object_set(s->options, name.ptr, v);
        af_buf_dispose(&name);
    }
    af_options_dispose(&scratch);
}

void af_workspace_configure(struct af_workspace *ws, json_t *settings, struct af_buf *warnings)
{
    struct af_lsp_settings *s = &ws->settings;
    settings_reset(s);
    json_t *o = settings;
    for (int depth = 0; depth < 2 && json_is_object(o); depth++) {
        if (json_is_object(json_object_get(o, "asyncfix")))
            o = json_object_get(o, "asyncfix");
        else if (json_is_object(json_object_get(o, "settings")))
            o = json_object_get(o, "settings");
    }
    if (!json_is_object(o))
        return;
    configure_options(s, o, warnings);
    json_t *v = json_object_get(o, "configuration");
    if (json_is_string(v) && json_string_length(v))
        s->configuration = af_strdup(json_string_value(v));
    else if (v && !json_is_null(v))
        af_buf_printf(warnings, "asyncfix settings: `configuration` must be a path\n");
    v = json_object_get(o, "ruleDocsUrl");
    if (json_is_string(v) && json_string_length(v))
        s->rule_docs_url = af_strdup(json_string_value(v));
    else if (v && !json_is_null(v))
        af_buf_printf(warnings, "asyncfix settings: `ruleDocsUrl` must be a URL\n");
    boolean(&s->fix_all, json_object_get(o, "fixAll"), "fixAll", warnings);
    boolean(&s->show_syntax_errors, json_object_get(o, "showSyntaxErrors"), "showSyntaxErrors", warnings);
    boolean(&s->fix_violation, path_get(o, "codeAction", "fixViolation", "enable"),
            "codeAction.fixViolation.enable", warnings);
    boolean(&s->disable_rule_comment, path_get(o, "codeAction", "disableRuleComment", "enable"),
            "codeAction.disableRuleComment.enable", warnings);
}

const struct af_lsp_settings *af_workspace_settings(const struct af_workspace *ws)
{
    return &ws->settings;
}

/* ---- options ---- */

/* the folder part of `path` into dir[PATH_MAX] */
static void dirname_of(char *dir, const char *path)
{
    snprintf(dir, PATH_MAX, "%s", path);
    if (!strchr(dir, '/'))
        snprintf(dir, PATH_MAX, ".");
    else
        af_path_up(dir);
}

/* settings.configuration, relative to the first folder when it is not absolute */
static void configuration_path(struct af_buf *out, const struct af_workspace *ws)
{
    const char *c = ws->settings.configuration;
    if (c[0] != '/' && ws->nfolders)
        af_buf_printf(out, "%s/%s", ws->folders[0]->path, c);
    else
        af_buf_puts(out, c);
}

static struct folder *find_folder(const struct af_workspace *ws, const char *path);

/*
 * The roots modules are named from (opts->roots), as a run over the
 * document's workspace folder finds them, so that the index built over the
 * folder and the checks of its documents name modules alike.
 */
static void document_roots(struct af_options *out, struct af_workspace *ws, const char *path)
{
    struct af_strlist named = { 0 };
    const struct folder *f = path ? find_folder(ws, path) : NULL;
    char dir[PATH_MAX];
    if (f) {
        af_strlist_add(&named, f->path);
    } else if (path) {
        dirname_of(dir, path);
        af_strlist_add(&named, dir);
    }
    if (named.n)
        af_discover_roots(&out->roots, &named);
    af_strlist_dispose(&named);
}

int af_workspace_options(struct af_options *out, struct af_workspace *ws, const char *path)
{
    const struct af_lsp_settings *s = &ws->settings;
    int error = 0;
    af_options_init(out);
    if (s->configuration) {
        struct af_buf cfg = AF_BUF_INIT;
        configuration_path(&cfg, ws);
        error = af_config_load(out, cfg.ptr);
        af_buf_dispose(&cfg);
    } else if (path) {
        char dir[PATH_MAX];
        dirname_of(dir, path);
        error = af_config_load_near(out, dir, NULL);
    }
    char *why = error < 0 ? af_strdup(af_error_last()) : NULL;
    if (error < 0) {
        /* a half-applied file is worse than none: defaults, then the client's settings */
        af_options_dispose(out);
        af_options_init(out);
    }
    const char *key;
    json_t *v;
    json_object_foreach(s->options, key, v)
        apply_option(out, key, v);   /* checked when the settings came */
    document_roots(out, ws, path);
    /* a migration (AF106 Fix B) spans files, and an editor applies a document's fixes one document at a time */
    struct af_config_value off = { .type = AF_CONFIG_BOOL, .boolean = false };
    af_options_set_config(out, "migrate-helpers", &off);
    if (why)
        af_error_set("%s", why);
    free(why);
    return error;
}

static uint64_t stamp_file(uint64_t h, const char *path)
{
    struct stat st;
    h = af_hash64_add(h, path, strlen(path) + 1);
    if (stat(path, &st) < 0)
        return af_hash64_add(h, "-", 1);
    h = af_hash64_add(h, &st.st_mtim, sizeof(st.st_mtim));
    h = af_hash64_add(h, &st.st_size, sizeof(st.st_size));
    return af_hash64_add(h, &st.st_ino, sizeof(st.st_ino));
}

uint64_t af_workspace_config_stamp(const struct af_workspace *ws, const char *path)
{
    uint64_t h = AF_HASH64_INIT;
    if (ws->settings.configuration) {
        struct af_buf cfg = AF_BUF_INIT;
        configuration_path(&cfg, ws);
        h = stamp_file(h, cfg.ptr);
        af_buf_dispose(&cfg);
        return h;
    }
    if (!path)
        return h;
    char dir[PATH_MAX];
    dirname_of(dir, path);
    struct af_buf candidate = AF_BUF_INIT;
    for (;;) {
        af_buf_clear(&candidate);
        af_buf_printf(&candidate, "%s%spyproject.toml", dir, strcmp(dir, "/") ? "/" : "");
        h = stamp_file(h, candidate.ptr);
        if (!af_path_up(dir))
            break;
    }
    af_buf_dispose(&candidate);
    return h;
}

/* ---- folders and builds ---- */

static void *build_main(void *arg)
{
    struct folder *f = arg;
    struct af_strlist files = { 0 };
    struct af_project *index = NULL;
    int errors = 0, cores = af_pool_cores();
    af_discover(&files, &f->opts, &errors);
    f->opts.jobs = cores > 1 ? cores - 1 : 1;
    struct af_index_input in = { files.items, files.n, NULL, 0, NULL, NULL };
    af_index_build(&index, &in, &f->opts);
    af_strlist_dispose(&files);
    af_options_dispose(&f->opts);
    pthread_mutex_lock(&f->ws->lock);
    f->result = index;
    f->finished = true;
    pthread_cond_broadcast(&f->ws->done);
    pthread_mutex_unlock(&f->ws->lock);
    if (write(f->ws->wake_fd, "i", 1) < 0) {
        /* the server reads the pipe empty on each wake: a full pipe already wakes it */
    }
    return NULL;
}

static void start_build(struct af_workspace *ws, struct folder *f)
{
    /* the folder's own config decides excludes, as `asyncfix FOLDER` would */
    char probe[PATH_MAX];
    snprintf(probe, sizeof(probe), "%s/__init__.py", f->path);
    if (af_workspace_options(&f->opts, ws, probe) < 0) {
        /* the error reaches the client with the first check of a document */
    }
    af_strlist_add(&f->opts.paths, f->path);
    f->opts.quiet = true;
    f->finished = false;
    f->result = NULL;
    if (pthread_create(&f->thread, NULL, build_main, f) != 0) {
        af_options_dispose(&f->opts);
        return;
    }
    f->running = true;
    ws->builds++;
}

static struct folder *find_folder(const struct af_workspace *ws, const char *path)
{
    struct folder *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < ws->nfolders; i++) {
        struct folder *f = ws->folders[i];
        size_t n = strlen(f->path);
        if (f->removed || strncmp(path, f->path, n) != 0 || (path[n] != '/' && path[n] != '\0' && n != 1))
            continue;
        if (n >= best_len) {
            best = f;
            best_len = n;
        }
    }
    return best;
}

void af_workspace_add_folder(struct af_workspace *ws, const char *path)
{
    for (size_t i = 0; i < ws->nfolders; i++)
        if (!ws->folders[i]->removed && !strcmp(ws->folders[i]->path, path))
            return;
    struct folder *f = af_calloc(1, sizeof(*f));
    f->ws = ws;
    f->path = af_strdup(path);
    size_t n = strlen(f->path);
    while (n > 1 && f->path[n - 1] == '/')
        f->path[--n] = '\0';
    AF_ARRAY_GROW(ws->folders, ws->nfolders, ws->cap);
    ws->folders[ws->nfolders++] = f;
    start_build(ws, f);
}

void af_workspace_remove_folder(struct af_workspace *ws, const char *path)
{
    for (size_t i = 0; i < ws->nfolders; i++)
        if (!strcmp(ws->folders[i]->path, path))
            ws->folders[i]->removed = true;
    af_workspace_collect(ws);
}

/* takes a finished build of `f` */
static void take_build(struct af_workspace *ws, struct folder *f)
{
    pthread_join(f->thread, NULL);
    f->running = false;
    struct af_project *now = f->result;
    f->result = NULL;
    if (f->removed) {
        af_project_free(now);
        return;
    }
    f->built = true;
    struct af_project *old = f->index;
    f->index = now;
    if (ws->changed && !af_project_equal(old, now))
        ws->changed(ws->ctx, f->path, old, now);
    af_project_free(old);
    if (f->again) {
        f->again = false;
        start_build(ws, f);
    }
}

void af_workspace_collect(struct af_workspace *ws)
{
    size_t kept = 0;
    for (size_t i = 0; i < ws->nfolders; i++) {
        struct folder *f = ws->folders[i];
        pthread_mutex_lock(&ws->lock);
        bool finished = f->running && f->finished;
        pthread_mutex_unlock(&ws->lock);
        if (finished)
            take_build(ws, f);
        if (f->removed && !f->running)
            folder_free(f);
        else
            ws->folders[kept++] = f;
    }
    ws->nfolders = kept;
}

const struct af_project *af_workspace_index(struct af_workspace *ws, const char *path, bool wait)
{
    struct folder *f = path ? find_folder(ws, path) : NULL;
    if (!f)
        return NULL;
    if (wait && !f->built && f->running) {
        pthread_mutex_lock(&ws->lock);
        while (!f->finished)
            pthread_cond_wait(&ws->done, &ws->lock);
        pthread_mutex_unlock(&ws->lock);
        take_build(ws, f);
    }
    return f->index;
}

void af_workspace_file_changed(struct af_workspace *ws, const char *path)
{
    struct folder *f = find_folder(ws, path);
    if (!f)
        return;
    if (f->running)
        f->again = true;
    else
        start_build(ws, f);
}

unsigned af_workspace_builds(const struct af_workspace *ws)
{
    return ws->builds;
}
