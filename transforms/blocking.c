/*
 * blocking.c - the table of blocking callees and the family's settings
 * (blocking.h). The rules that report these calls in an `async def` read
 * their own rows from here.
 */
#include "asyncfix/blocking.h"
#include "asyncfix/file.h"
#include "asyncfix/lang.h"
#include "asyncfix/semantic.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

static const struct af_blocking rows[] = {
    /* AF101 */
    { "time.sleep", "AF101", AF_BLOCKS },
    /* AF102: the module-level request functions (a session's or client's methods need a type) */
    { "requests.get", "AF102", AF_BLOCKS },
    { "requests.post", "AF102", AF_BLOCKS },
    { "requests.put", "AF102", AF_BLOCKS },
    { "requests.patch", "AF102", AF_BLOCKS },
    { "requests.delete", "AF102", AF_BLOCKS },
    { "requests.head", "AF102", AF_BLOCKS },
    { "requests.options", "AF102", AF_BLOCKS },
    { "requests.request", "AF102", AF_BLOCKS },
    { "requests.api.get", "AF102", AF_BLOCKS },
    { "requests.api.post", "AF102", AF_BLOCKS },
    { "requests.api.put", "AF102", AF_BLOCKS },
    { "requests.api.patch", "AF102", AF_BLOCKS },
    { "requests.api.delete", "AF102", AF_BLOCKS },
    { "requests.api.head", "AF102", AF_BLOCKS },
    { "requests.api.options", "AF102", AF_BLOCKS },
    { "requests.api.request", "AF102", AF_BLOCKS },
    { "httpx.get", "AF102", AF_BLOCKS },
    { "httpx.post", "AF102", AF_BLOCKS },
    { "httpx.put", "AF102", AF_BLOCKS },
    { "httpx.patch", "AF102", AF_BLOCKS },
    { "httpx.delete", "AF102", AF_BLOCKS },
    { "httpx.head", "AF102", AF_BLOCKS },
    { "httpx.options", "AF102", AF_BLOCKS },
    { "httpx.request", "AF102", AF_BLOCKS },
    { "httpx.stream", "AF102", AF_BLOCKS },
    { "urllib.request.urlopen", "AF102", AF_BLOCKS },
    { "urllib3.request", "AF102", AF_BLOCKS },
    /* AF103 */
    { "subprocess.run", "AF103", AF_BLOCKS },
    { "subprocess.call", "AF103", AF_BLOCKS },
    { "subprocess.check_call", "AF103", AF_BLOCKS },
    { "subprocess.check_output", "AF103", AF_BLOCKS },
    { "subprocess.getoutput", "AF103", AF_BLOCKS },
    { "subprocess.getstatusoutput", "AF103", AF_BLOCKS },
    { "subprocess.Popen", "AF103", AF_BLOCKS_PROCESS },
    { "os.system", "AF103", AF_BLOCKS },
    { "os.popen", "AF103", AF_BLOCKS_PROCESS_SHELL },
    { "os.posix_spawn", "AF103", AF_BLOCKS },
    { "os.posix_spawnp", "AF103", AF_BLOCKS },
    { "os.spawnl", "AF103", AF_BLOCKS_SPAWN },
    { "os.spawnle", "AF103", AF_BLOCKS_SPAWN },
    { "os.spawnlp", "AF103", AF_BLOCKS_SPAWN },
    { "os.spawnlpe", "AF103", AF_BLOCKS_SPAWN },
    { "os.spawnv", "AF103", AF_BLOCKS_SPAWN },
    { "os.spawnve", "AF103", AF_BLOCKS_SPAWN },
    { "os.spawnvp", "AF103", AF_BLOCKS_SPAWN },
    { "os.spawnvpe", "AF103", AF_BLOCKS_SPAWN },
    { "os.wait", "AF103", AF_BLOCKS },
    { "os.wait3", "AF103", AF_BLOCKS_WAIT },
    { "os.wait4", "AF103", AF_BLOCKS_WAIT },
    { "os.waitid", "AF103", AF_BLOCKS_WAIT },
    { "os.waitpid", "AF103", AF_BLOCKS_WAIT },
    /* AF104 */
    { "builtins.input", "AF104", AF_BLOCKS },
    /* AF105 (and the user's extend-blocking-calls) */
    { "socket.create_connection", "AF105", AF_BLOCKS },
    { "socket.getaddrinfo", "AF105", AF_BLOCKS },
    { "socket.gethostbyname", "AF105", AF_BLOCKS },
    { "socket.gethostbyaddr", "AF105", AF_BLOCKS },
    { "select.select", "AF105", AF_BLOCKS },
    { "urllib.request.urlretrieve", "AF105", AF_BLOCKS },
    /* AF501 (`with open(...)`) and AF502 (`open(...).read()`) */
    { "builtins.open", "AF501", AF_BLOCKS_OPEN },
    { "io.open", "AF501", AF_BLOCKS_OPEN },
    { "os.fdopen", "AF501", AF_BLOCKS_OPEN_FD },
    { "io.open_code", "AF501", AF_BLOCKS_OPEN_OTHER },
    { "codecs.open", "AF501", AF_BLOCKS_OPEN_OTHER },
    /* AF503 */
    { "os.path.exists", "AF503", AF_BLOCKS },
    { "os.path.isfile", "AF503", AF_BLOCKS },
    { "os.path.isdir", "AF503", AF_BLOCKS },
    { "os.path.islink", "AF503", AF_BLOCKS },
    { "os.path.getsize", "AF503", AF_BLOCKS },
    { "os.path.getmtime", "AF503", AF_BLOCKS },
    { "os.path.getatime", "AF503", AF_BLOCKS },
    { "os.path.getctime", "AF503", AF_BLOCKS },
    { "os.path.lexists", "AF503", AF_BLOCKS },
    { "os.path.samefile", "AF503", AF_BLOCKS },
    { "os.path.realpath", "AF503", AF_BLOCKS },
    { "os.path.ismount", "AF503", AF_BLOCKS },
    { "os.path.sameopenfile", "AF503", AF_BLOCKS },
    { "glob.glob", "AF503", AF_BLOCKS },
    { "os.walk", "AF503", AF_BLOCKS_LAZY },
    { "os.fwalk", "AF503", AF_BLOCKS_LAZY },
    { "glob.iglob", "AF503", AF_BLOCKS_LAZY },
    { "os.listdir", "AF503", AF_BLOCKS },
    { "os.scandir", "AF503", AF_BLOCKS },
    { "os.remove", "AF503", AF_BLOCKS },
    { "os.unlink", "AF503", AF_BLOCKS },
    { "os.rename", "AF503", AF_BLOCKS },
    { "os.replace", "AF503", AF_BLOCKS },
    { "os.makedirs", "AF503", AF_BLOCKS },
    { "os.mkdir", "AF503", AF_BLOCKS },
    { "os.rmdir", "AF503", AF_BLOCKS },
    { "os.removedirs", "AF503", AF_BLOCKS },
    { "os.stat", "AF503", AF_BLOCKS },
    { "os.lstat", "AF503", AF_BLOCKS },
    { "os.chmod", "AF503", AF_BLOCKS },
    { "os.utime", "AF503", AF_BLOCKS },
    { "os.truncate", "AF503", AF_BLOCKS },
    { "os.link", "AF503", AF_BLOCKS },
    { "os.symlink", "AF503", AF_BLOCKS },
    { "os.readlink", "AF503", AF_BLOCKS },
    { "os.access", "AF503", AF_BLOCKS },
    { "os.chown", "AF503", AF_BLOCKS },
    { "os.lchown", "AF503", AF_BLOCKS },
    { "os.lchmod", "AF503", AF_BLOCKS },
    { "os.statvfs", "AF503", AF_BLOCKS },
    { "os.fsync", "AF503", AF_BLOCKS },
    { "os.fdatasync", "AF503", AF_BLOCKS },
    { "os.mkfifo", "AF503", AF_BLOCKS },
    { "os.mknod", "AF503", AF_BLOCKS },
    { "os.path.isjunction", "AF503", AF_BLOCKS },
    { "os.path.isdevdrive", "AF503", AF_BLOCKS },
    { "shutil.", "AF503", AF_BLOCKS },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* the rows by the hash of their qualified name, built once */
static struct af_hashtab by_qual;
static pthread_once_t by_qual_once = PTHREAD_ONCE_INIT;

static void build_by_qual(void)
{
    for (uint32_t i = 0; i < NROWS; i++)
        af_hashtab_put(&by_qual, af_hash_bytes(rows[i].qual, strlen(rows[i].qual)), i);
}

static const struct af_blocking *row_of(const char *qual, size_t len)
{
    struct af_hashtab_iter it = af_hashtab_find(&by_qual, af_hash_bytes(qual, len));
    for (uint32_t v; (v = af_hashtab_next(&by_qual, &it)) != AF_HASHTAB_NONE;)
        if (af_streq(qual, len, rows[v].qual))
            return &rows[v];
    return NULL;
}

/* `posixpath.exists` -> the row of `os.path.exists`, or NULL */
static const struct af_blocking *os_path_row(const char *qual, size_t len)
{
    static const char *const modules[] = { "genericpath.", "posixpath.", "ntpath.", NULL };
    char name[128];
    for (const char *const *m = modules; *m; m++) {
        size_t ml = strlen(*m);
        if (len > ml && len - ml + 8 < sizeof(name) && memcmp(qual, *m, ml) == 0 &&
            !memchr(qual + ml, '.', len - ml)) {
            memcpy(name, "os.path.", 8);
            memcpy(name + 8, qual + ml, len - ml);
            return row_of(name, 8 + len - ml);
        }
    }
    return NULL;
}

const struct af_blocking *af_blocking_find(const char *qual, size_t len)
{
    pthread_once(&by_qual_once, build_by_qual);
    const struct af_blocking *row = row_of(qual, len);
    if (row)
        return row;
    if ((row = os_path_row(qual, len)))
        return row;
    /* "shutil.copy": the row "shutil." covers the names directly in the module */
    const char *dot = memchr(qual, '.', len);
    if (!dot || memchr(dot + 1, '.', len - (size_t)(dot + 1 - qual)) || dot + 1 == qual + len)
        return NULL;
    return row_of(qual, (size_t)(dot + 1 - qual));
}

bool af_blocking_call_waits(enum af_blocking_kind kind, unsigned args)
{
    switch (kind) {
    case AF_BLOCKS:
    case AF_BLOCKS_OPEN:
    case AF_BLOCKS_OPEN_FD:
    case AF_BLOCKS_OPEN_OTHER:
    case AF_BLOCKS_LAZY:
        return true;
    case AF_BLOCKS_SPAWN:
        return !(args & AF_ARGS_MODE) || (args & AF_ARGS_P_WAIT);
    case AF_BLOCKS_WAIT:
        return !(args & AF_ARGS_WNOHANG);
    case AF_BLOCKS_PROCESS:
    case AF_BLOCKS_PROCESS_SHELL:
        return false;
    }
    return false;
}

/* ---- the family's settings ---- */

struct blocking_settings {
    struct af_strlist extend;       /* qualified names the user declares blocking */
    struct af_strlist assume_not;   /* qualified names AF106 never follows */
    bool migrate;                   /* AF106 offers the migration (Fix B) */
};

static const struct af_option blocking_options[] = {
    { .name = "extend-blocking-calls", .kind = AF_OPT_LIST, .flags = AF_OPT_CONFIG | AF_OPT_CSV | AF_OPT_EXTEND,
      .offset = offsetof(struct blocking_settings, extend), .metavar = "Q",
      .help = "comma-separated qualified names also treated as blocking" },
    { .name = "assume-non-blocking", .kind = AF_OPT_LIST, .flags = AF_OPT_CONFIG | AF_OPT_CSV | AF_OPT_EXTEND,
      .offset = offsetof(struct blocking_settings, assume_not), .metavar = "Q",
      .help = "comma-separated qualified names AF106 never follows" },
    { .name = "migrate-helpers", .kind = AF_OPT_FLAG, .flags = AF_OPT_CONFIG,
      .offset = offsetof(struct blocking_settings, migrate),
      .help = "AF106: make blocking helpers async, callers awaiting (with --unsafe-fixes)" },
    { .name = NULL },
};

const struct af_settings af_blocking_settings = {
    sizeof(struct blocking_settings), NULL, blocking_options,
};

/* true when `qual` is on `list` ("open" stands for "builtins.open") */
static bool listed(const struct af_strlist *list, const char *qual)
{
    for (size_t i = 0; i < list->n; i++) {
        const char *name = list->items[i];
        if (strcmp(name, qual) == 0)
            return true;
        if (!strchr(name, '.') && strncmp(qual, "builtins.", 9) == 0 && strcmp(qual + 9, name) == 0)
            return true;
    }
    return false;
}

bool af_blocking_declared(const struct af_options *opts, const char *qual)
{
    const struct blocking_settings *s = af_options_settings(opts, &af_blocking_settings);
    return s && listed(&s->extend, qual);
}

bool af_blocking_assumed_not(const struct af_options *opts, const char *qual)
{
    const struct blocking_settings *s = af_options_settings(opts, &af_blocking_settings);
    return s && listed(&s->assume_not, qual);
}

bool af_blocking_migrate(const struct af_options *opts)
{
    const struct blocking_settings *s = af_options_settings(opts, &af_blocking_settings);
    return s && s->migrate;
}

/* the row of a call site whose callee resolved to `qual`, kept by the site */
static const struct af_blocking *kept_row(const struct af_file *file, const struct af_site *site,
                                          const struct af_buf *qual)
{
    struct af_site_note *note = af_sem_site_note(file, site);
    if (!note->set) {
        note->ptr = af_blocking_find(qual->ptr, qual->size);
        note->set = true;
    }
    return note->ptr;
}

const struct af_blocking *af_blocking_site_row(const struct af_file *file, const struct af_site *site,
                                               struct af_buf *qual)
{
    return af_sem_site_callee_qualname(qual, file, site) == 0 ? kept_row(file, site, qual) : NULL;
}

const struct af_site *af_blocking_next_call(const struct af_file *file, uint32_t *i, struct af_buf *qual,
                                            const struct af_blocking **row, bool *genexp)
{
    uint32_t n;
    const uint32_t *async = af_sem_async_calls(file, &n);   /* *i counts these */
    while (*i < n) {
        const struct af_site *site = &file->sem.calls.items[async[(*i)++]];
        *genexp = !af_sem_in_async(file, site->scope);   /* else in a generator expression of one */
        if (af_sem_site_callee_qualname(qual, file, site) == 0) {
            *row = kept_row(file, site, qual);
            return site;
        }
    }
    return NULL;
}
