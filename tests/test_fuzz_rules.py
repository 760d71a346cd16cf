#!/usr/bin/env python3
"""Cross-rule robustness test: every rule's patterns and near misses mixed in
the same async functions and blocks of random (fixed seed) but valid Python
modules. For each module, asyncfix --write --unsafe-fixes (and for a share
also without --unsafe-fixes) on a copy must:
  - exit 0 or 1, with no 'internal error' on stderr;
  - leave a file that compiles;
  - leave no `x = aiosqlite.connect(p)` unentered and unreported;
  - be idempotent: a second --diff run with the same flags prints nothing;
  - keep the comments (their text), the docstring and the marker function
    `def untouched(): ...` byte for byte, and every line outside the edits
    of the first pass's fixes (indentation aside: wraps re-indent; an await
    statement may join a gather a later pass makes).
A failing module is shrunk (lines removed while the input still compiles and
the same check fails) and printed with what failed.

usage: test_fuzz_rules.py ASYNCFIX [COUNT] [SEED]
"""
import ast
import json
import os
import random
import re
import subprocess
import sys
import tempfile

SEED = 20261125
COUNT = 300


class Gen:
    """Builds one module as a list of (depth, text) lines; `text` may itself
    hold no newline. Indentation and line endings are chosen at render time."""

    def __init__(self, rnd):
        self.r = rnd
        self.n = 0
        self.comments = []
        self.triple = self.r.random() < 0.5

    def uid(self):
        self.n += 1
        return self.n

    def comment(self):
        c = '# note %d: keep me' % self.uid()
        self.comments.append(c)
        return c

    # --- names chosen by the imports -------------------------------------
    def choose_imports(self):
        r = self.r
        self.time_form = r.choice(['import time', 'import time as tm', 'from time import sleep', None])
        self.req_form = r.choice(['import requests', 'import requests as rq', None])
        self.aio_form = r.choice(['import asyncio', 'import asyncio as aio', None])
        self.other = [m for m in ['import subprocess', 'import os', 'import json',
                                  'from pathlib import Path', 'import aiosqlite']
                      if r.random() < 0.8]
        lines = [f for f in (self.time_form, self.req_form, self.aio_form) if f] + self.other
        r.shuffle(lines)
        return lines

    def sleep_call(self, arg='0.1'):
        f = self.time_form
        if f == 'import time':
            return 'time.sleep(%s)' % arg
        if f == 'import time as tm':
            return 'tm.sleep(%s)' % arg
        if f == 'from time import sleep':
            return 'sleep(%s)' % arg
        return None

    def req(self):
        if self.req_form == 'import requests':
            return 'requests'
        if self.req_form == 'import requests as rq':
            return 'rq'
        return None

    def has(self, imp):
        return imp in self.other

    # --- statements ----------------------------------------------------
    def simple(self, d):
        """One or a few statements at depth d, inside an async def."""
        r = self.r
        k = self.uid()
        out = []
        choices = []
        s = self.sleep_call()
        if s:
            choices.append(lambda: [(d, s)])
            choices.append(lambda: [(d, s + '  ' + self.comment())])
        q = self.req()
        if q:
            choices.append(lambda: [(d, 'r%d = %s.get(url)' % (k, q)),
                                    (d, 'if r%d.ok:' % k), (d + 1, 'print(r%d.json())' % k)])
            choices.append(lambda: [(d, 'resp%d = %s.post(' % (k, q)), (d + 1, 'url,'),
                                    (d + 1, 'json={"k": %d},' % k), (d, ')'),
                                    (d, 'print(resp%d.status_code, not resp%d.ok)' % (k, k))])
            choices.append(lambda: [(d, '%s.get(url, timeout=3)' % q)])
            if self.has('import json'):
                choices.append(lambda: [(d, 'r%d = %s.get(url)' % (k, q)),
                                        (d, 'with open(p) as f%d:' % k),
                                        (d + 1, 'f%d.write(r%d.text)' % (k, k))])
            if s:
                choices.append(lambda: [(d, 'r%d = %s.get(url)' % (k, q)),
                                        (d, s),
                                        (d, 'print(r%d.text)' % k)])
        if self.has('import subprocess'):
            choices.append(lambda: [(d, 'subprocess.run(["true"], check=True)')])
            choices.append(lambda: [(d, 'out%d = subprocess.run(' % k), (d + 1, '["echo", "x"],'),
                                    (d + 1, 'capture_output=True,'), (d, ')')])
        if self.has('import os'):
            choices.append(lambda: [(d, 'os.system("true")')])
            choices.append(lambda: [(d, 'if os.path.exists(p):'), (d + 1, 'print(p)')])
        choices.append(lambda: [(d, 'name%d = input("name? ")' % k)])
        choices.append(lambda: [(d, 'helper(%d)' % k)])
        choices.append(lambda: [(d, 'c%d = helper(%d)' % (k, k))])
        choices.append(lambda: [(d, 'a%d = await helper(1)' % k), (d, 'b%d = await helper(2)' % k)])
        choices.append(lambda: [(d, 'await helper(3)'), (d, 'await helper(4)')])
        choices.append(lambda: [(d, 'for i%d in range(3):' % k), (d + 1, 'await helper(i%d)' % k)])
        if self.has('import aiosqlite'):
            choices.append(lambda: [(d, 'db%d = aiosqlite.connect(p)' % k),
                                    (d, 'cur%d = await db%d.execute("select 1")' % (k, k)),
                                    (d, 'print(await cur%d.fetchall())' % k)])
            if s:
                choices.append(lambda: [(d, 'db%d = aiosqlite.connect(p)' % k),
                                        (d, s),
                                        (d, 'await db%d.execute("select 1")' % k)])
        if self.has('import json'):
            choices.append(lambda: [(d, 'with open(p) as fh%d:' % k),
                                    (d + 1, 'data%d = json.load(fh%d)' % (k, k))])
        choices.append(lambda: [(d, 'text%d = open(p).read()' % k)])
        choices.append(lambda: [(d, 'with open(p, "w") as w%d:' % k), (d + 1, 'w%d.write("x")' % k)])
        if self.has('from pathlib import Path'):
            choices.append(lambda: [(d, 'pt%d = Path(p).read_text()' % k)])
        choices.append(lambda: [(d, 'res%d = []' % k), (d, 'for u%d in items:' % k),
                                (d + 1, 'res%d.append(await helper(u%d))' % (k, k))])
        if self.aio_form:
            aio = 'asyncio' if self.aio_form == 'import asyncio' else 'aio'
            choices.append(lambda: [(d, '%s.create_task(helper(%d))' % (aio, k))])
            choices.append(lambda: [(d, 'v%d = %s.run(helper(%d))' % (k, aio, k))])
            choices.append(lambda: [(d, 'lk%d = %s.Lock()' % (k, aio)), (d, 'with lk%d:' % k)] +
                           self.simple(d + 1))
        if self.has('import aiosqlite'):
            choices.append(lambda: [(d, 'with aiosqlite.connect(p) as cx%d:' % k),
                                    (d + 1, 'await cx%d.execute("select 1")' % k)] + self.simple(d + 1))
            choices.append(lambda: [(d, 'conn%d = await aiosqlite.connect(p)' % k),
                                    (d, 'await conn%d.execute("select 1")' % k)])
        if self.has('import aiosqlite'):
            # two connections whose lifetimes overlap
            choices.append(lambda: [(d, 'da%d = aiosqlite.connect(p)' % k),
                                    (d, 'db%d = aiosqlite.connect(p)' % k),
                                    (d, 'await da%d.execute("select 1")' % k)] + self.simple(d) +
                           [(d, 'await db%d.execute("select 2")' % k)])
        # odd layouts: one-line compounds, semicolons, continuations, comments in calls
        if s:
            choices.append(lambda: [(d, 'if flag: %s' % s)])
            choices.append(lambda: [(d, '%s; x%d = 1' % (s, k))])
            choices.append(lambda: [(d, 'x%d = 1; %s' % (k, s))])
            choices.append(lambda: [(d, 'for j%d in items: %s' % (k, s))])
        if q:
            choices.append(lambda: [(d, 'r%d = %s.get(  %s' % (k, q, self.comment())),
                                    (d + 1, 'url,  %s' % self.comment()), (d, ')'),
                                    (d, 'print(r%d.ok)' % k)])
            choices.append(lambda: [(d, 'r%d = \\' % k), (d + 1, '%s.get(url)' % q),
                                    (d, 'print(r%d.text)' % k)])
            choices.append(lambda: [(d, 'if flag: r%d = %s.get(url); print(r%d.ok)' % (k, q, k))])
        if self.has('import aiosqlite'):
            choices.append(lambda: [(d, 'db%d = aiosqlite.connect(p)  %s' % (k, self.comment())),
                                    (d, 'if flag:'), (d + 1, 'await db%d.execute("select 1")' % k)] +
                           self.simple(d) + [(d, 'await db%d.close()' % k)])
            choices.append(lambda: [(d, 'db%d = aiosqlite.connect(p)' % k),
                                    (d, 'for it in items:')] + self.simple(d + 1) +
                           [(d + 1, 'await db%d.execute("select ?", (it,))' % k)])
        choices.append(lambda: [(d, 'with open(p) as g%d, open(p) as h%d:' % (k, k)),
                                (d + 1, 'print(g%d.read(), h%d.read())' % (k, k))])
        choices.append(lambda: [(d, 'with open(p) as g%d:' % k)] + self.simple(d + 1) +
                       [(d + 1, 'print(g%d.read())' % k)])
        if q:
            choices.append(lambda: [(d, 'return %s.get(url).json()' % q)])
            choices.append(lambda: [(d, 'print(%s.get(url).ok)' % q)])
            choices.append(lambda: [(d, 'with %s.Session() as ss%d:' % (q, k)),
                                    (d + 1, 'rs%d = ss%d.get(url)' % (k, k))] + self.simple(d + 1) +
                           [(d + 1, 'print(rs%d.ok)' % k)])
            choices.append(lambda: [(d, 'se%d = %s.Session()' % (k, q)),
                                    (d, 'rs%d = se%d.post(url, data=b"x")' % (k, k))] + self.simple(d) +
                           [(d, 'print(rs%d.text)' % k)])
            choices.append(lambda: [(d, 'r%d = %s.get(url)  # noqa: AF102' % (k, q))])
            choices.append(lambda: [(d, 'r%d = %s.get(url, stream=True)' % (k, q)),
                                    (d, 'for ch%d in r%d.iter_content(1024):' % (k, k))] +
                           self.simple(d + 1) + [(d + 1, 'print(ch%d)' % k)])
        if s:
            choices.append(lambda: [(d, 'print(f"{%s}")' % s)])
            choices.append(lambda: [(d, '%s  # noqa' % s)])
            choices.append(lambda: [(d, 'async def nested%d():' % k)] + self.simple(d + 1))
            choices.append(lambda: [(d, 'if (n%d := 3) > 2:' % k), (d + 1, s)])
            choices.append(lambda: [(d, 'match flag:'), (d + 1, 'case 1:')] + self.simple(d + 2) +
                           [(d + 1, 'case _:'), (d + 2, 'pass')])
            choices.append(lambda: [(d, 'async for z%d in agen():' % k)] + self.simple(d + 1))
            choices.append(lambda: [(d, 'global G%d' % k), (d, 'G%d = 1' % k), (d, s)])
        choices.append(lambda: [(d, 'vals%d = [await helper(i) for i in items]' % k)])
        # near misses
        if s:
            choices.append(lambda: [(d, 'def inner%d():' % k), (d + 1, s), (d + 1, 'return 1')])
            choices.append(lambda: [(d, 'fn%d = lambda: %s' % (k, s))])
        choices.append(lambda: [(d, 'x%d = [i for i in range(3)]' % k)])
        choices.append(lambda: [(d, 'print("time.sleep(1) requests.get(url)")')])
        if self.triple:
            choices.append(lambda: [(d, 'doc%d = """first' % k), (-1, '    time.sleep(1)'),
                                    (-1, 'open(p).read()"""')])
        out = r.choice(choices)()
        if r.random() < 0.15:
            out.insert(0, (d, self.comment()))
        if r.random() < 0.05:   # a comment at column 0 inside the body
            out.insert(0, (-1, self.comment()))
        if r.random() < 0.1:
            out.append((None, ''))
        return out

    def block(self, d, depth):
        r = self.r
        n = r.randint(1, 4)
        out = []
        for _ in range(n):
            if depth < 3 and r.random() < 0.35:
                out += self.compound(d, depth + 1)
            else:
                out += self.simple(d)
        return out

    def compound(self, d, depth):
        r = self.r
        k = self.uid()
        kind = r.choice(['if', 'for', 'while', 'try', 'with', 'async_with', 'requests_block'])
        if kind == 'if':
            out = [(d, 'if flag:')] + self.block(d + 1, depth)
            if r.random() < 0.5:
                out += [(d, 'else:')] + self.block(d + 1, depth)
            return out
        if kind == 'for':
            return [(d, 'for it%d in items:' % k)] + self.block(d + 1, depth)
        if kind == 'while':
            return [(d, 'while flag:')] + self.block(d + 1, depth) + [(d + 1, 'break')]
        if kind == 'try':
            out = [(d, 'try:')] + self.block(d + 1, depth)
            out += [(d, 'except Exception as e%d:' % k), (d + 1, 'print(e%d)' % k)]
            if r.random() < 0.3:
                out += [(d, 'finally:'), (d + 1, 'pass')]
            return out
        if kind == 'with':
            return [(d, 'with lock:')] + self.block(d + 1, depth)
        if kind == 'async_with':
            return [(d, 'async with alock:')] + self.block(d + 1, depth)
        q = self.req()
        if q is None:
            return [(d, 'if not flag:')] + self.block(d + 1, depth)
        # a requests call whose response is used by following statements
        return [(d, 'rr%d = %s.get(url)' % (k, q))] + self.block(d, depth) + \
            [(d, 'print(rr%d.status_code)' % k)]

    def module(self):
        r = self.r
        lines = []
        self.docstring = None
        if r.random() < 0.6:
            self.docstring = '"""Module %d.\n\nSome words.\n"""' % r.randint(0, 999)
            for l in self.docstring.split('\n'):
                lines.append((-1, l))
        if r.random() < 0.4:
            lines.append((0, 'from __future__ import annotations'))
        lines += [(0, l) for l in self.choose_imports()]
        lines += [(None, ''), (None, '')]
        lines += [(0, 'async def helper(x):'), (1, 'return x')]
        lines += [(0, 'async def agen():'), (1, 'yield 1')]
        if r.random() < 0.3:
            lines += [(0, 'class K:'), (1, '@staticmethod'), (1, 'async def meth(url, p, flag, items, lock, alock):')]
            lines += self.block(2, 0)
        lines += [(None, ''), (None, '')]
        lines += [(0, 'def untouched():'), (1, self.comment()), (1, 'value = 1'),
                  (1, 'return value')]
        self.untouched_at = len(lines) - 4
        for fn in range(r.randint(1, 3)):
            lines += [(None, ''), (None, '')]
            if r.random() < 0.3:
                lines.append((0, self.comment()))
            lines.append((0, 'async def work%d(url, p, flag, items, lock, alock):' % fn))
            body = self.block(1, 0)
            lines += body
            if r.random() < 0.5:
                lines.append((1, 'return None'))
        return lines


def render(lines, unit, eol, bom):
    out = []
    for d, t in lines:
        if d is None or t == '':
            out.append('')
        elif d == -1:
            out.append(t)
        else:
            out.append(unit * d + t)
    text = eol.join(out) + eol
    data = text.encode()
    if bom:
        data = b'\xef\xbb\xbf' + data
    return data


def make(rnd):
    g = Gen(rnd)
    lines = g.module()
    unit = rnd.choice(['    ', '    ', '  ', '\t'])
    eol = '\r\n' if rnd.random() < 0.2 else '\n'
    bom = rnd.random() < 0.1
    data = render(lines, unit, eol, bom)
    u = g.untouched_at
    untouched = render(lines[u:u + 4], unit, eol, False)
    keep = [c.encode() for c in g.comments]
    if g.docstring:
        keep_bytes = [render([(-1, l) for l in g.docstring.split('\n')], unit, eol, False)]
    else:
        keep_bytes = []
    keep_bytes.append(untouched)
    return data, keep, keep_bytes


def compiles(data):
    try:
        compile(data, 'm.py', 'exec', dont_inherit=True)
        return None
    except (SyntaxError, ValueError) as e:
        return str(e)


def run(asyncfix, args, path):
    return subprocess.run([asyncfix] + args + [path], capture_output=True, timeout=60)


PRUNED_MODULES = (b'time', b'requests', b'asyncio')
IMPORT_LINE = re.compile(rb'^(?:import\s+(.+?)|from\s+((?:time|requests|asyncio)(?:\.\w+)*)\s+import\s+\(?(.+?)\)?)'
                         rb'\s*(?:#.*)?$')


def pruned(line, out):
    """An import of time, requests or asyncio (`import requests as rq`,
    `from time import sleep, time`) one of whose names the fixes left unused:
    --write removes that name (it is spelled nowhere else in `out`)."""
    m = IMPORT_LINE.match(line.strip())
    if not m:
        return False
    names = []
    for item in (m.group(1) or m.group(3)).split(b','):
        parts = item.split()
        if parts and (m.group(2) or parts[0].split(b'.')[0] in PRUNED_MODULES):
            names.append(parts[-1])
    return any(not re.search(rb'(?<![\w.])' + re.escape(n) + rb'(?!\w)', out) for n in names)


def lost_lines(asyncfix, data, out, flags, tmp):
    """The lines of the input outside every edit of the first pass's fixes
    (as a check reports them) that the result no longer holds, indentation
    aside (a wrap re-indents the statements it moves), except the imports
    that the fixes left unused."""
    path = os.path.join(tmp, 'orig.py')
    with open(path, 'wb') as f:
        f.write(data)
    p = run(asyncfix, ['--format', 'json'] + flags, path)
    touched = set()
    for finding in json.loads(p.stdout or b'[]'):
        fix = finding['fix']
        if not fix or (fix['applicability'] == 'unsafe' and '--unsafe-fixes' not in flags):
            continue
        for e in fix['edits']:
            touched.update(range(e['line'], e['end_line'] + 1))
    have = {}
    for l in out.lstrip(b'\xef\xbb\xbf').splitlines():
        have[l.strip()] = have.get(l.strip(), 0) + 1
    lost = []
    for n, l in enumerate(data.lstrip(b'\xef\xbb\xbf').splitlines(), 1):
        key = l.strip()
        # an await beside a statement a fix made awaited can join a later pass's gather
        if n in touched or not key or b'await ' in key or pruned(key, out):
            continue
        if have.get(key, 0) > 0:
            have[key] -= 1
        else:
            lost.append((n, l.decode(errors='replace')))
    return lost


def connect_lines(tree):
    """Lines of `v = aiosqlite.connect(...)` statements directly in an async
    def (not in a nested def, lambda or class) with `v` used further down the
    function."""
    out = []
    func = [None]

    def is_connect(node):
        return isinstance(node, ast.Assign) and len(node.targets) == 1 and \
            isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call) and \
            ast.unparse(node.value.func) == 'aiosqlite.connect'

    def walk(stmts, in_async):
        for i, st in enumerate(stmts):
            if in_async and is_connect(st):
                v = st.targets[0].id
                if any(isinstance(n, ast.Name) and n.id == v and n.lineno > st.end_lineno
                       for n in ast.walk(func[0])):
                    out.append(st.lineno)
            if isinstance(st, (ast.FunctionDef, ast.ClassDef)):
                walk(st.body, False)
                continue
            if isinstance(st, ast.AsyncFunctionDef):
                outer, func[0] = func[0], st
                walk(st.body, True)
                func[0] = outer
                continue
            for field in ('body', 'orelse', 'finalbody'):
                walk(getattr(st, field, []) or [], in_async)
            for h in getattr(st, 'handlers', []) or []:
                walk(h.body, in_async)
            for c in getattr(st, 'cases', []) or []:
                walk(c.body, in_async)

    walk(tree.body, False)
    return out


def unreported_connects(asyncfix, out, flags, tmp):
    """The `v = aiosqlite.connect(p)` statements of the result, unentered and
    used, that a check does not report: a fix must not turn a finding into a
    silent one."""
    tree = ast.parse(out)
    imported = any(isinstance(st, ast.Import) and any(a.name == 'aiosqlite' and not a.asname
                                                      for a in st.names) for st in tree.body)
    lines = connect_lines(tree) if imported else []
    if not lines:
        return []
    path = os.path.join(tmp, 'again.py')
    with open(path, 'wb') as f:
        f.write(out)
    p = run(asyncfix, ['--format', 'json'] + flags, path)
    reported = {f['line'] for f in json.loads(p.stdout or b'[]')}
    text = out.lstrip(b'\xef\xbb\xbf').splitlines()
    return [(n, text[n - 1].decode(errors='replace')) for n in lines
            if n not in reported and b'noqa' not in text[n - 1]]


def check(asyncfix, data, keep, keep_bytes, unsafe):
    """The first failure as a short kind string and a detail, or None."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'm.py')
        with open(path, 'wb') as f:
            f.write(data)
        # every rule, the opt-in ones (AF3) too
        flags = ['--write', '--no-color', '--select', 'AF'] + (['--unsafe-fixes'] if unsafe else [])
        p = run(asyncfix, flags, path)
        err = p.stderr.decode(errors='replace')
        if p.returncode not in (0, 1):
            return 'exit', 'exit %d: %s' % (p.returncode, err.strip())
        if 'internal error' in err:
            return 'internal', err.strip()
        with open(path, 'rb') as f:
            out = f.read()
        e = compiles(out)
        if e:
            return 'compile', e + '\n--- result ---\n' + out.decode(errors='replace')
        for c in keep:
            if c not in out:
                return 'comment', '%r lost\n--- result ---\n%s' % (c, out.decode(errors='replace'))
        for b in keep_bytes:
            if b not in out:
                return 'kept', '%r not kept byte for byte\n--- result ---\n%s' % (
                    b, out.decode(errors='replace'))
        lost = lost_lines(asyncfix, data, out, flags[2:], tmp)
        if lost:
            return 'lost', 'lines no fix touches are gone: %r\n--- result ---\n%s' % (
                lost, out.decode(errors='replace'))
        silent = unreported_connects(asyncfix, out, flags[2:], tmp)
        if silent:
            return 'unreported', 'a connection never entered and not reported: %r\n--- result ---\n%s' % (
                silent, out.decode(errors='replace'))
        p = run(asyncfix, ['--diff', '--no-color'] + flags[2:], path)
        if p.returncode == 2 or p.stdout.strip():
            return 'idempotent', 'second run: exit %d\n%s%s' % (
                p.returncode, p.stdout.decode(errors='replace'), p.stderr.decode(errors='replace'))
    return None


def shrink(asyncfix, data, keep, keep_bytes, unsafe, kind):
    """Remove chunks of lines while the input still compiles and fails the same way."""
    bom = data.startswith(b'\xef\xbb\xbf')
    body = data[3:] if bom else data
    lines = body.splitlines(True)
    pre = b'\xef\xbb\xbf' if bom else b''

    def fails(ls):
        d = pre + b''.join(ls)
        if compiles(d):
            return False
        # the kept texts must still be in the input to be checked
        kp = [c for c in keep if c in d]
        kb = [b for b in keep_bytes if b in d]
        res = check(asyncfix, d, kp, kb, unsafe)
        return res is not None and res[0] == kind

    chunk = max(1, len(lines) // 4)
    while chunk >= 1:
        i = 0
        while i < len(lines):
            cand = lines[:i] + lines[i + chunk:]
            if cand and fails(cand):
                lines = cand
            else:
                i += chunk
        chunk //= 2
    return pre + b''.join(lines)


def main():
    asyncfix = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else COUNT
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else SEED
    rnd = random.Random(seed)
    failures = 0
    kinds = {}
    for i in range(count):
        data, keep, keep_bytes = make(rnd)
        e = compiles(data)
        if e:
            print('generator bug, program %d does not compile: %s\n%s' % (i, e, data.decode()))
            return 2
        unsafe = (i % 4) != 3
        res = check(asyncfix, data, keep, keep_bytes, unsafe)
        if res is None:
            continue
        failures += 1
        kind, detail = res
        kinds[kind] = kinds.get(kind, 0) + 1
        if kinds[kind] > 2:   # print the first two of each kind in full
            print('not ok %d - %s (%s)' % (i, kind, 'unsafe' if unsafe else 'safe'))
            continue
        small = shrink(asyncfix, data, keep, keep_bytes, unsafe, kind)
        kp = [c for c in keep if c in small]
        kb = [b for b in keep_bytes if b in small]
        kind2, detail2 = check(asyncfix, small, kp, kb, unsafe) or (kind, detail)
        print('not ok %d - %s (%s fixes)\n--- program (shrunk) ---\n%s--- failure ---\n%s\n' % (
            i, kind, 'unsafe' if unsafe else 'safe', small.decode(errors='replace'), detail2))
    print('%d programs, %d failed %s' % (count, failures, kinds or ''))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
