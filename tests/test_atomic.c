/*
 * test_atomic.c - src/atomic.c: which new pauses split an atomic section,
 * on which state, and which leave every section whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "asyncfix/atomic.h"
#include "support.h"

/*
 * The hazard of adding a pause at the first occurrence of `at` in `text`
 * (the new code is those bytes); `want_what` is the state it names, or NULL.
 */
static void assert_split(const char *text, const char *at, enum af_atomic_hazard want, const char *want_what)
{
    struct test_file *t = test_file_parse(text);
    const char *p = strstr(text, at);
    if (!p)
        fail_msg("%s not in:\n%s", at, text);
    uint32_t start = (uint32_t)(p - text), end = start + (uint32_t)strlen(at);
    TSNode fn = af_atomic_function_at(&t->file, start, end);
    if (ts_node_is_null(fn))
        fail_msg("no async def around %s in:\n%s", at, text);
    struct af_atomic *m = af_atomic_new(&t->file, fn);
    const char *what = NULL;
    uint32_t len = 0;
    enum af_atomic_hazard got = af_atomic_split(m, NULL, start, end, &what, &len);
    if (got != want)
        fail_msg("a pause at %s: got hazard %d, want %d in:\n%s", at, (int)got, (int)want, text);
    if (want_what && (len != strlen(want_what) || memcmp(what, want_what, len) != 0))
        fail_msg("a pause at %s: got state %.*s, want %s", at, (int)len, what, want_what);
    af_atomic_free(m);
    test_file_free(t);
}

static void test_atomic__file_read_modify_write(void **state)
{
    (void)state;
    const char *text =
        "import json, time\n"
        "async def h(u):\n"
        "    with open(\"points.json\") as f:\n"
        "        data = json.load(f)\n"
        "    data[u] = 1\n"
        "    time.sleep(1)\n"
        "    with open('points.json', 'w') as f:\n"
        "        json.dump(data, f)\n";
    assert_split(text, "time.sleep(1)", AF_ATOMIC_READ_WRITE, "points.json");
    /* the rewritten open itself reads the file that is written after it */
    assert_split(text, "with open(\"points.json\") as f:\n        data = json.load(f)", AF_ATOMIC_READ_WRITE,
                 "points.json");
}

static void test_atomic__path_methods_and_update_mode(void **state)
{
    (void)state;
    assert_split("from pathlib import Path\nasync def h():\n"
                 "    d = Path('s.json').read_text()\n    Path('s.json').write_text(d)\n",
                 "Path('s.json').read_text()", AF_ATOMIC_READ_WRITE, "s.json");
    assert_split("async def h(p):\n    with open(p, 'r+') as f:\n        f.seek(0)\n",
                 "with open(p, 'r+') as f:\n        f.seek(0)", AF_ATOMIC_READ_WRITE, "p");
}

static void test_atomic__module_global_and_self(void **state)
{
    (void)state;
    assert_split("import time\ncounter = 0\nasync def h():\n    global counter\n    n = counter\n"
                 "    time.sleep(1)\n    counter = n + 1\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "counter");
    assert_split("import time\nseen = {}\nasync def h(k):\n    if k not in seen:\n        time.sleep(1)\n"
                 "        seen[k] = 1\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "seen");
    assert_split("import time\nasync def h():\n    global cache\n    if cache is None:\n        time.sleep(1)\n"
                 "        cache = 1\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "cache");
    assert_split("import time\nclass C:\n    async def h(self):\n        self.items.append(1)\n"
                 "        time.sleep(1)\n        return len(self.items)\n", "time.sleep(1)", AF_ATOMIC_WRITE_READ,
                 "self.items");
}

static void test_atomic__iteration(void **state)
{
    (void)state;
    assert_split("import time\nclass C:\n    async def h(self):\n        for x in self.users.items():\n"
                 "            time.sleep(1)\n", "time.sleep(1)", AF_ATOMIC_ITERATION, "self.users");
    assert_split("import time\nclass C:\n    async def h(self):\n        return [time.sleep(x) for x in self.q]\n",
                 "time.sleep(x)", AF_ATOMIC_ITERATION, "self.q");
    assert_split("import time\nclass C:\n    async def h(self):\n        for x in list(self.users):\n"
                 "            time.sleep(1)\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    /* the loop already pauses on every iteration */
    assert_split("import time, asyncio\nclass C:\n    async def h(self):\n        for x in self.users:\n"
                 "            await asyncio.sleep(0)\n            time.sleep(1)\n", "time.sleep(1)", AF_ATOMIC_NONE,
                 NULL);
}

static void test_atomic__pauses_bound_sections(void **state)
{
    (void)state;
    const char *apart = "import time, asyncio\nclass C:\n    async def h(self):\n        n = self.n\n"
                        "        await asyncio.sleep(0)\n        time.sleep(1)\n        self.n = n + 1\n";
    assert_split(apart, "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    const char *branch = "import time, asyncio\nclass C:\n    async def h(self, w):\n        n = self.n\n"
                         "        if w:\n            await asyncio.sleep(0)\n        time.sleep(1)\n"
                         "        self.n = n + 1\n";
    assert_split(branch, "time.sleep(1)", AF_ATOMIC_READ_WRITE, "self.n");
    const char *with = "import time\nclass C:\n    async def h(self, lock):\n        n = self.n\n"
                       "        async with lock:\n            time.sleep(1)\n        self.n = n + 1\n";
    assert_split(with, "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    const char *locked = "import time\nclass C:\n    async def h(self):\n        async with self._lock:\n"
                         "            n = self.n\n            time.sleep(1)\n            self.n = n + 1\n";
    assert_split(locked, "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    const char *other = "import time\nclass C:\n    async def h(self):\n        async with self.session:\n"
                        "            n = self.n\n            time.sleep(1)\n            self.n = n + 1\n";
    assert_split(other, "time.sleep(1)", AF_ATOMIC_READ_WRITE, "self.n");
}

static void test_atomic__augmented_assignment(void **state)
{
    (void)state;
    /* `x += f()`: x is read before f() runs and written after it */
    assert_split("import time\nclass C:\n    async def h(self):\n        self.n += time.sleep(1) or 1\n",
                 "time.sleep(1)", AF_ATOMIC_READ_WRITE, "self.n");
    assert_split("import time\nn = 0\nasync def h():\n    global n\n    n += time.sleep(1) or 1\n",
                 "time.sleep(1)", AF_ATOMIC_READ_WRITE, "n");
    assert_split("import time\nasync def h():\n    n = 0\n    n += time.sleep(1) or 1\n", "time.sleep(1)",
                 AF_ATOMIC_NONE, NULL);
}

static void test_atomic__helpers(void **state)
{
    (void)state;
    /* a sync method, a property, a module def: what their own code reads happens at the call */
    assert_split("import time\nclass Q:\n    def full(self):\n        return len(self.items) > 2\n"
                 "    async def add(self, x):\n        if not self.full():\n            time.sleep(1)\n"
                 "            self.items.append(x)\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "self.items");
    assert_split("import time\nclass Q:\n    @property\n    def empty(self):\n        return not self.items\n"
                 "    async def add(self, x):\n        if not self.empty:\n            time.sleep(1)\n"
                 "            self.items.append(x)\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "self.items");
    assert_split("import time\nSEEN = set()\ndef seen(x):\n    return x in SEEN\nasync def once(x):\n"
                 "    if seen(x):\n        return\n    time.sleep(1)\n    SEEN.add(x)\n", "time.sleep(1)",
                 AF_ATOMIC_READ_WRITE, "SEEN");
    /* an async method pauses on its own; a helper that reads no shared state */
    assert_split("import time\nclass Q:\n    async def full(self):\n        return len(self.items) > 2\n"
                 "    async def add(self, x):\n        f = self.full()\n        time.sleep(1)\n"
                 "        self.items.append(x)\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    assert_split("import time\nSEEN = set()\ndef up(x):\n    return x.upper()\nasync def once(x):\n"
                 "    y = up(x)\n    time.sleep(1)\n    SEEN.add(y)\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
}

static void test_atomic__what_stays_safe(void **state)
{
    (void)state;
    /* read only, append only, a temp file, locals, a nested def, another branch */
    assert_split("import time\nasync def h():\n    a = open('c.json').read()\n    time.sleep(1)\n"
                 "    b = open('c.json').read()\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    assert_split("import time\nasync def h(x):\n    open('l.log', 'a').write(x)\n    time.sleep(1)\n"
                 "    open('l.log', 'a').write(x)\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    assert_split("import time, tempfile\nasync def h(x):\n    p = tempfile.mktemp()\n    open(p, 'w').write(x)\n"
                 "    time.sleep(1)\n    return open(p).read()\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    assert_split("import time\nasync def h():\n    n = 0\n    time.sleep(1)\n    n += 1\n", "time.sleep(1)",
                 AF_ATOMIC_NONE, NULL);
    assert_split("import time\nclass C:\n    async def h(self):\n        n = self.n\n        time.sleep(1)\n"
                 "        def g():\n            self.n = 2\n        return g\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    assert_split("import time\ncache = {}\nasync def h(k, t):\n    if t:\n        cache[k] = t\n    else:\n"
                 "        time.sleep(1)\n        t = cache.get(k)\n    return t\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
}

/*
 * The hazard of a fix rewriting bytes [first `at`, its end) of `text` with
 * edits: each `pairs` entry is a string of `text` (its first occurrence)
 * and the text inserted before it, up to a NULL.
 */
static void assert_fix_split(const char *text, const char *at, enum af_atomic_hazard want, const char *want_what,
                             const char *const *pairs)
{
    struct test_file *t = test_file_parse(text);
    const char *p = strstr(text, at);
    if (!p)
        fail_msg("%s not in:\n%s", at, text);
    uint32_t start = (uint32_t)(p - text), end = start + (uint32_t)strlen(at);
    struct af_fix *fix = af_fix_new(AF_SAFE);
    for (; *pairs; pairs += 2) {
        const char *q = strstr(text, pairs[0]);
        if (!q)
            fail_msg("%s not in:\n%s", pairs[0], text);
        af_fix_insert(fix, (uint32_t)(q - text), pairs[1]);
    }
    struct af_atomic *m = af_atomic_new(&t->file, af_atomic_function_at(&t->file, start, end));
    const char *what = NULL;
    uint32_t len = 0;
    enum af_atomic_hazard got = af_atomic_split(m, fix, start, end, &what, &len);
    if (got != want)
        fail_msg("a fix of %s: got hazard %d, want %d in:\n%s", at, (int)got, (int)want, text);
    if (want_what && (len != strlen(want_what) || memcmp(what, want_what, len) != 0))
        fail_msg("a fix of %s: got state %.*s, want %s", at, (int)len, what, want_what);
    af_atomic_free(m);
    af_fix_free(fix);
    test_file_free(t);
}

static void test_atomic__torn_writes(void **state)
{
    (void)state;
    const char *save = "class S:\n    async def save(self, d):\n        with open(self.path, 'w') as f:\n"
                       "            f.write(d)\n";
    const char *aiofiles[] = { "with open", "async ", "f.write", "await ", NULL };
    const char *one_call[] = { "with open", "await ", NULL };
    const char *at = "with open(self.path, 'w') as f:\n            f.write(d)";
    /* emptied, then written after the awaited open: other tasks read it empty */
    assert_fix_split(save, at, AF_ATOMIC_TORN_WRITE, "self.path", aiofiles);
    /* one call in a worker thread: no pause between the open and the write */
    assert_fix_split(save, at, AF_ATOMIC_NONE, NULL, one_call);
    /* append mode does not empty it; a parameter's path is nobody else's */
    const char *log = "class S:\n    async def save(self, d):\n        with open(self.path, 'a') as f:\n"
                      "            f.write(d)\n";
    assert_fix_split(log, "with open(self.path, 'a') as f:\n            f.write(d)", AF_ATOMIC_NONE, NULL, aiofiles);
    const char *param = "async def save(path, d):\n    with open(path, 'x') as f:\n        f.write(d)\n";
    assert_fix_split(param, "with open(path, 'x') as f:\n        f.write(d)", AF_ATOMIC_NONE, NULL, aiofiles);
    /* a literal (every call names it alike), a path built on a module-level name */
    const char *lit = "async def save(d):\n    with open('a.json', 'w') as f:\n        f.write(d)\n"
                      "def load():\n    return open('a.json').read()\n";
    assert_fix_split(lit, "with open('a.json', 'w') as f:\n        f.write(d)", AF_ATOMIC_TORN_WRITE, "a.json",
                     aiofiles);
    const char *joined = "import os\nDIR = '/srv'\nasync def save(n, d):\n"
                         "    with open(os.path.join(DIR, n), 'w') as f:\n        f.write(d)\n";
    assert_fix_split(joined, "with open(os.path.join(DIR, n), 'w') as f:\n        f.write(d)",
                     AF_ATOMIC_TORN_WRITE, "os.path.join(DIR, n)", aiofiles);
}

static void test_atomic__files_under_a_lock(void **state)
{
    (void)state;
    const char *aiofiles[] = { "with open('a.json', 'w')", "async ", "f.write", "await ", NULL };
    const char *at = "with open('a.json', 'w') as f:\n            f.write(d)";
    /* the writers take turns, but a reader without the lock can read the file emptied */
    assert_fix_split("import asyncio\nL = asyncio.Lock()\nasync def save(d):\n    async with L:\n"
                     "        with open('a.json', 'w') as f:\n            f.write(d)\n"
                     "async def load():\n    return open('a.json').read()\n",
                     at, AF_ATOMIC_TORN_WRITE, "a.json", aiofiles);
    /* every reader and writer takes it */
    assert_fix_split("import asyncio\nL = asyncio.Lock()\nasync def save(d):\n    async with L:\n"
                     "        with open('a.json', 'w') as f:\n            f.write(d)\n"
                     "async def load():\n    async with L:\n        return open('a.json').read()\n",
                     at, AF_ATOMIC_NONE, NULL, aiofiles);
}

static void test_atomic__check_then_use(void **state)
{
    (void)state;
    const char *none[] = { NULL };
    /* exists() in a worker thread, then open(): another def removes the file */
    assert_fix_split("import os\nP = 'a'\nasync def play():\n    if os.path.exists(P):\n        return open(P).read()\n"
                     "async def clean():\n    os.remove(P)\n", "os.path.exists(P)", AF_ATOMIC_CHECK_USE, "P", none);
    /* nothing changes it */
    assert_fix_split("import os\nP = 'a'\nasync def play():\n    if os.path.exists(P):\n        return open(P).read()\n",
                     "os.path.exists(P)", AF_ATOMIC_NONE, NULL, none);
}

static void test_atomic__files_off_the_loop(void **state)
{
    (void)state;
    const char *none[] = { NULL };
    /* read in a worker thread while a def on the loop writes it (an async def, a sync def one calls) */
    const char *text = "X = 'c.json'\nasync def load():\n    return open(X).read()\n"
                       "def save(d):\n    open(X, 'w').write(d)\nasync def h(d):\n    save(d)\n";
    assert_fix_split(text, "open(X).read()", AF_ATOMIC_THREAD_READ, "X", none);
    /* written by a def that only the module's own code calls: on import, before the loop */
    const char *setup = "X = 'c.json'\nasync def load():\n    return open(X).read()\n"
                        "def save(d):\n    open(X, 'w').write(d)\nsave('{}')\n";
    assert_fix_split(setup, "open(X).read()", AF_ATOMIC_NONE, NULL, none);
    /* written in a worker thread while another def reads it; a parameter `p` in two defs is two files */
    assert_fix_split("class S:\n    async def put(self, d):\n        open(self.p, 'a').write(d)\n"
                     "    async def get(self):\n        return open(self.p).read()\n",
                     "open(self.p, 'a').write(d)", AF_ATOMIC_THREAD_WRITE, "self.p", none);
    assert_fix_split("async def put(p, d):\n    open(p, 'a').write(d)\nasync def get(p):\n    return open(p).read()\n",
                     "open(p, 'a').write(d)", AF_ATOMIC_NONE, NULL, none);
    /* a def named like the start of the file (`a` of `async`) is no call of it (and no read before the text) */
    assert_fix_split("async def main():\n    return open('x.txt').read()\ndef a():\n    open('x.txt', 'w').write('')\n",
                     "open('x.txt').read()", AF_ATOMIC_NONE, NULL, none);
    /* the same function's other branch writes it: two tasks can take the two branches */
    assert_fix_split("async def h(p, t):\n    if t:\n        open(p, 'w').write(t)\n    else:\n"
                     "        t = open(p).read()\n    return t\n", "open(p).read()", AF_ATOMIC_THREAD_READ, "p", none);
}

static void test_atomic__thread_locks(void **state)
{
    (void)state;
    /* a sync with on a threading lock: module level, on self, an annotated parameter, made inline, by name */
    assert_split("import threading, time\nlock = threading.Lock()\nasync def h():\n    with lock:\n"
                 "        time.sleep(1)\n", "time.sleep(1)", AF_ATOMIC_THREAD_LOCK, "lock");
    assert_split("import threading, time\nclass C:\n    def __init__(self):\n        self._guard = threading.RLock()\n"
                 "    async def h(self):\n        with self._guard:\n            time.sleep(1)\n", "time.sleep(1)",
                 AF_ATOMIC_THREAD_LOCK, "self._guard");
    assert_split("import threading, time\nasync def h(g: threading.Semaphore):\n    with g:\n        time.sleep(1)\n",
                 "time.sleep(1)", AF_ATOMIC_THREAD_LOCK, "g");
    assert_split("import threading, time\nasync def h():\n    with open('x') as f, threading.Lock():\n"
                 "        time.sleep(1)\n", "time.sleep(1)", AF_ATOMIC_THREAD_LOCK, "threading.Lock()");
    assert_split("import time\nasync def h(db_mutex):\n    with db_mutex:\n        time.sleep(1)\n",
                 "time.sleep(1)", AF_ATOMIC_THREAD_LOCK, "db_mutex");
    /* not in its body, another context manager, an async with */
    assert_split("import threading, time\nlock = threading.Lock()\nasync def h():\n    with lock:\n        pass\n"
                 "    time.sleep(1)\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    assert_split("import time\nasync def h(clock):\n    with clock:\n        time.sleep(1)\n", "time.sleep(1)",
                 AF_ATOMIC_NONE, NULL);
    assert_split("import asyncio, time\nlock = asyncio.Lock()\nasync def h():\n    async with lock:\n"
                 "        time.sleep(1)\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
}

static void test_atomic__parameter_attributes(void **state)
{
    (void)state;
    assert_split("import time\nasync def h(bot, u):\n    v = bot.xp.get(u, 0)\n    time.sleep(1)\n"
                 "    bot.xp[u] = v + 10\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "bot.xp");
    assert_split("import time\nasync def h(ctx):\n    n = ctx.bot.count\n    time.sleep(1)\n"
                 "    ctx.bot.count = n + 1\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "ctx.bot.count");
    /* written then read, another attribute, the parameter itself rebound or used as a container */
    assert_split("import time\nasync def h(req):\n    req.state.n = 1\n    time.sleep(1)\n    return req.state.n\n",
                 "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    assert_split("import time\nasync def h(bot):\n    v = bot.a\n    time.sleep(1)\n    bot.b = v\n",
                 "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    assert_split("import time\nasync def h(bot):\n    v = bot\n    time.sleep(1)\n    bot = v\n",
                 "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    assert_split("import time\nasync def h(seen, k):\n    if k not in seen:\n        time.sleep(1)\n"
                 "        seen[k] = 1\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
}

static void test_atomic__imports_and_classes(void **state)
{
    (void)state;
    assert_split("import time\nfrom state import counter\nasync def h(k):\n    v = counter.get(k, 0)\n"
                 "    time.sleep(1)\n    counter[k] = v + 1\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "counter");
    assert_split("import time\nimport state\nasync def h(k):\n    v = state.counter[k]\n    time.sleep(1)\n"
                 "    state.counter[k] = v + 1\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "state.counter");
    assert_split("import time\nclass Stats:\n    n = 0\nasync def h():\n    Stats.n += 0\n    v = Stats.n\n"
                 "    time.sleep(1)\n    Stats.n = v + 1\n", "time.sleep(1)", AF_ATOMIC_READ_WRITE, "Stats.n");
    assert_split("import time\nimport state\nasync def h():\n    for x in state.items:\n        time.sleep(1)\n",
                 "time.sleep(1)", AF_ATOMIC_ITERATION, "state.items");
    /* a module's functions are no state: os.getcwd() then os.remove(p) */
    assert_split("import os, time\nasync def h(p):\n    d = os.getcwd()\n    time.sleep(1)\n    os.remove(d)\n",
                 "time.sleep(1)", AF_ATOMIC_NONE, NULL);
    /* a class made by the call */
    assert_split("import time\nasync def h():\n    class S:\n        n = 0\n    v = S.n\n    time.sleep(1)\n"
                 "    S.n = v\n", "time.sleep(1)", AF_ATOMIC_NONE, NULL);
}

static void test_atomic__function_at(void **state)
{
    (void)state;
    const char *text = "def s():\n    x = 1\nasync def a():\n    f = lambda: y\n    z = 2\n";
    struct test_file *t = test_file_parse(text);
    uint32_t x = (uint32_t)(strstr(text, "x = 1") - text), y = (uint32_t)(strstr(text, "y\n") - text);
    uint32_t z = (uint32_t)(strstr(text, "z = 2") - text);
    assert_true(ts_node_is_null(af_atomic_function_at(&t->file, x, x + 5)));
    assert_true(ts_node_is_null(af_atomic_function_at(&t->file, y, y + 1)));
    assert_false(ts_node_is_null(af_atomic_function_at(&t->file, z, z + 5)));
    test_file_free(t);
}

static void test_atomic__reason(void **state)
{
    (void)state;
    struct af_buf out = AF_BUF_INIT;
    af_atomic_reason(&out, AF_ATOMIC_READ_WRITE, "points.json", 11);
    assert_string_equal(out.ptr, "the read and the write of `points.json` ran without a pause; other tasks can now "
                                 "run between them: guard them with an asyncio.Lock");
    af_buf_clear(&out);
    af_atomic_reason(&out, AF_ATOMIC_NONE, "x", 1);
    assert_int_equal(out.size, 0);
    af_buf_dispose(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomic__file_read_modify_write),
        cmocka_unit_test(test_atomic__path_methods_and_update_mode),
        cmocka_unit_test(test_atomic__module_global_and_self),
        cmocka_unit_test(test_atomic__iteration),
        cmocka_unit_test(test_atomic__pauses_bound_sections),
        cmocka_unit_test(test_atomic__augmented_assignment),
        cmocka_unit_test(test_atomic__helpers),
        cmocka_unit_test(test_atomic__check_then_use),
        cmocka_unit_test(test_atomic__what_stays_safe),
        cmocka_unit_test(test_atomic__torn_writes),
        cmocka_unit_test(test_atomic__files_off_the_loop),
        cmocka_unit_test(test_atomic__files_under_a_lock),
        cmocka_unit_test(test_atomic__thread_locks),
        cmocka_unit_test(test_atomic__parameter_attributes),
        cmocka_unit_test(test_atomic__imports_and_classes),
        cmocka_unit_test(test_atomic__function_at),
        cmocka_unit_test(test_atomic__reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
