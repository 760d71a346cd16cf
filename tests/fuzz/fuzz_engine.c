/*
 * fuzz_engine.c - the libFuzzer target: one buffer through the engine's entry
 * for bytes (af_engine_process_buffer) as `asyncfix --stdin-filename fuzz.py
 * --write --unsafe-fixes` runs it (all rules, no project), in memory. The prefilter is off, so the parser
 * and the semantic model see every input, as the index does in a real run.
 *
 * Besides "no crash, no leak, no UBSan report" (the sanitizers), it asserts,
 * aborting with a message (a libFuzzer crash, its input saved):
 *   - the engine reports no internal error (a fix that did not parse or fixes
 *     that did not converge: the safety net caught a rule's bug);
 *   - a fixed output parses with tree-sitter (its text: decoded when a coding
 *     line declares an encoding; lone CRs read as line breaks);
 *   - a second pass over the fixed output changes nothing;
 *   - an input that CPython rejects is never fixed, and the fixed output of
 *     an input CPython accepts is accepted too. CPython is embedded and
 *     compiles both as `python3 -m py_compile` does (Py_CompileString:
 *     tokenizer, parser, symbol table and compiler errors alike).
 *
 * ASYNCFIX_FUZZ_REJECTED_DIR names a folder: a fixed input that CPython
 * rejects is saved there (named by its hash) and kept out of the corpus
 * instead of aborting. Only `tests/fuzz/run.py --lenient-cpython` sets it (to
 * survey what slips through on a long run): the suite's session and the
 * replay of tests/fuzz/regressions/ (replay.c) never do, since the engine
 * holds its input to CPython's rules (src/conform.c).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asyncfix/engine.h"
#include "asyncfix/lang.h"
#include "asyncfix/tsalloc.h"

#define FUZZ_PATH "fuzz.py"

static struct af_worker worker;
static struct af_options options;
static TSParser *checker;
static const char *rejected_dir;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text, size_t len)
{
    fprintf(stderr, "fuzz_engine: %s\n", what);
    if (text) {
        fprintf(stderr, "---- the fixed output (%zu bytes, first 4000) ----\n", len);
        fwrite(text, 1, len < 4000 ? len : 4000, stderr);
        fprintf(stderr, "\n---- end ----\n");
    }
    abort();
}

/*
 * The interpreter allocates with malloc (no pymalloc arenas, which
 * LeakSanitizer does not scan) and ignores the environment and site.
 */
static void start_python(void)
{
    PyPreConfig pre;
    PyPreConfig_InitIsolatedConfig(&pre);
    pre.allocator = PYMEM_ALLOCATOR_MALLOC;
    if (PyStatus_Exception(Py_PreInitialize(&pre)))
        fail("cannot pre-initialize python", NULL, 0);
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.site_import = 0;
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status))
        fail("cannot initialize python", NULL, 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    af_tsalloc_install();   /* as the program does: each input's parser and trees in the file arena */
    start_python();
    if (af_lang_init() < 0 || af_worker_init(&worker, 0) < 0)
        fail(af_error_last(), NULL, 0);
    checker = ts_parser_new();
    if (!ts_parser_set_language(checker, af_python))
        fail("cannot load the python grammar", NULL, 0);
    af_options_init(&options);
    options.mode = AF_MODE_WRITE;
    options.unsafe_fixes = true;
    options.no_prefilter = true;
    const char *dir = getenv("ASYNCFIX_FUZZ_REJECTED_DIR");
    rejected_dir = dir && *dir ? dir : NULL;
    return 0;
}

/* compile(text, "fuzz.py", "exec") succeeds; `text` is NUL-terminated and holds no NUL */
static bool cpython_accepts(const char *text)
{
    PyObject *code = Py_CompileStringExFlags(text, FUZZ_PATH, Py_file_input, NULL, -1);
    if (!code) {
        PyErr_Clear();
        return false;
    }
    Py_DECREF(code);
    return true;
}

/* tree-sitter parses the text, its lone CRs read as line breaks (as CPython and the engine read them) */
static bool tree_sitter_parses(const char *text, size_t len)
{
    char *copy = af_malloc(len + 1);
    memcpy(copy, text, len);
    for (size_t i = 0; i < len; i++)
        if (copy[i] == '\r' && (i + 1 == len || copy[i + 1] != '\n'))
            copy[i] = '\n';
    TSTree *tree = ts_parser_parse_string(checker, NULL, copy, (uint32_t)len);
    bool ok = tree && !ts_node_has_error(ts_tree_root_node(tree));
    if (tree)
        ts_tree_delete(tree);
    free(copy);
    return ok;
}

/* runs the engine on a copy of `text`; false when the bytes are not a valid source */
static bool process(struct af_result *out, const char *text, size_t len)
{
    char *copy = af_malloc(len + 1);
    memcpy(copy, text, len);
    af_engine_process_buffer(out, &worker, FUZZ_PATH, copy, len, &options, NULL);
    if (out->status == AF_EINVALID) {
        af_result_dispose(out);
        return false;
    }
    if (out->status != 0)
        fail(out->error ? out->error : "the engine failed", NULL, 0);
    if (out->internal_error)
        fail(out->internal_error, out->fixed, out->fixed_len);
    return true;
}

/* the fixed output read again: its text parses, and a second pass changes nothing */
static void check_second_pass(const char *fixed, size_t len)
{
    struct af_result again;
    if (!process(&again, fixed, len))
        fail("the fixed output is not a valid source (NUL or invalid UTF-8)", fixed, len);
    /* the text, decoded when the file declares an encoding */
    if (!tree_sitter_parses(again.original.data, again.original.len))
        fail("the fixed output does not parse (tree-sitter)", fixed, len);
    if (again.fixed)
        fail("a second pass over the fixed output changed it (not idempotent)", fixed, len);
    af_result_dispose(&again);
}

/* saves `data` as rejected_dir/<hash>-<length>.py */
static void save_rejected(const char *data, size_t len)
{
    char *path = af_asprintf("%s/%08x-%zu.py", rejected_dir, af_hash_bytes(data, len), len);
    FILE *f = fopen(path, "wbx");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
    free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct af_result r;
    if (size > UINT32_MAX / 2 || !process(&r, (const char *)data, size))
        return -1; /* NUL or invalid UTF-8: the engine never sees it; keep it out of the corpus */
    int keep = 0;
    if (r.fixed) {
        check_second_pass(r.fixed, r.fixed_len);
        /* CPython reads the bytes as a file's: their coding line decides how */
        size_t olen;
        const char *obytes = af_source_bytes(&r.original, &olen);
        if (!cpython_accepts(obytes)) {
            if (!rejected_dir)
                fail("CPython rejects this input, and it was fixed", r.fixed, r.fixed_len);
            save_rejected(obytes, olen);
            keep = -1;
        } else if (!cpython_accepts(r.fixed)) {
            fail("CPython accepts this input and rejects its fixed output", r.fixed, r.fixed_len);
        }
    }
    af_result_dispose(&r);
    return keep;
}
