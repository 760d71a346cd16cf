"""AF301/AF302 in check mode: which runs are reported, with the count of
awaits, with an unsafe fix or with the reason there is none, and which are
not reported at all (the golden cases only see the bytes a fix writes)."""
import json
import os
import subprocess
import sys
import tempfile

from support import fail

HEAD = 'import asyncio\n\n\n'

# (name, source, expected findings: list of (code, has_fix, words in the message))
CASES = [
    ('three awaits', HEAD + 'async def f(uid):\n    a = await get_a(uid)\n    b = await get_b(uid)\n    c = await get_c(uid)\n',
     [('AF301', True, ['3 independent awaits'])]),
    ('bare awaits', HEAD + 'async def f():\n    await get_a()\n    await get_b()\n',
     [('AF301', True, ['2 independent awaits'])]),
    ('try with specific handler', HEAD + 'async def f(uid):\n    try:\n        a = await get_a(uid)\n'
     '        b = await get_b(uid)\n    except KeyError:\n        pass\n',
     [('AF301', False, ['2 independent awaits', 'no fix', '`try`'])]),
    ('trio module', 'import trio\n\n\nasync def f(uid):\n    a = await get_a(uid)\n    b = await get_b(uid)\n',
     [('AF301', False, ['no fix', 'trio'])]),
    ('comment inside the run', HEAD + 'async def f(uid):\n    a = await get_a(uid)\n    # order!\n    b = await get_b(uid)\n',
     [('AF301', False, ['no fix', 'comment'])]),
    ('dependent', HEAD + 'async def f(uid):\n    a = await get_a(uid)\n    b = await get_b(a.id)\n', []),
    ('same receiver', HEAD + 'async def f(c):\n    await c.execute("a")\n    await c.execute("b")\n', []),
    ('lock', HEAD + 'async def f(lock):\n    async with lock:\n        await get_a()\n        await get_b()\n', []),
    ('sleep', HEAD + 'async def f():\n    await asyncio.sleep(1)\n    await get_b()\n', []),
    ('queue', HEAD + 'async def f(q):\n    x = await q.get()\n    await other.put(1)\n', []),
    ('walrus read later', HEAD + 'async def f(r):\n    a = await get_a(n := r)\n    b = await get_b(n)\n', []),
    ('cursor of the same connection', HEAD + 'async def f(db):\n    cur = await db.execute("q")\n'
     '    row = await cur.fetchone()\n    n = await db.total()\n', []),
    ('send then receive', HEAD + 'async def f(a, b):\n    await a.send(1)\n    r = await b.receive()\n', []),
    ('noqa keeps a statement out', HEAD + 'async def f():\n    await get_a()  # noqa: AF301\n    await get_b()\n', []),
    ('loop', HEAD + 'async def f(xs):\n    out = []\n    for x in xs:\n        out.append(await get_a(x))\n    return out\n',
     [('AF302', True, ['out = await asyncio.gather(*(get_a(x) for x in xs))'])]),
    ('loop, list not fresh', HEAD + 'async def f(xs, out):\n    for x in xs:\n        out.append(await get_a(x))\n',
     [('AF302', False, ['asyncio.gather', 'no fix'])]),
    ('loop, shared receiver', HEAD + 'async def f(c, xs):\n    out = []\n    for x in xs:\n'
     '        out.append(await c.fetch(x))\n', []),
    ('async comprehension', HEAD + 'async def f(xs):\n    return [await get_a(x) async for x in xs]\n', []),
    ('comprehension', HEAD + 'async def f(xs):\n    return [await get_a(x) for x in xs if x]\n',
     [('AF302', False, ['await asyncio.gather(*(get_a(x) for x in xs if x))'])]),
]


def findings(asyncfix, source):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'prog.py')
        with open(path, 'w') as f:
            f.write(source)
        p = subprocess.run([asyncfix, '--format', 'json', '--select', 'AF3', path],
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            fail('asyncfix exited %d: %s' % (p.returncode, p.stderr))
        found = json.loads(p.stdout)
        if (p.returncode == 1) != bool(found):
            fail('exit %d does not match %d findings' % (p.returncode, len(found)))
        return found


def main():
    asyncfix = sys.argv[1]
    for name, source, want in CASES:
        got = findings(asyncfix, source)
        if len(got) != len(want):
            fail('%s: expected %d findings, got %s\n%s' % (name, len(want), json.dumps(got, indent=1), source))
        for g, (code, has_fix, words) in zip(got, want):
            if g['code'] != code:
                fail('%s: expected %s, got %s' % (name, code, g['code']))
            if bool(g['fix']) != has_fix:
                fail('%s: fix expected: %s, got %s' % (name, has_fix, g['fix']))
            if g['fix'] and g['fix']['applicability'] != 'unsafe':
                fail('%s: the fix must be unsafe: %s' % (name, g['fix']))
            for w in words:
                if w not in g['message']:
                    fail('%s: %r not in message %r' % (name, w, g['message']))
    print('ok: %d cases' % len(CASES))


if __name__ == '__main__':
    main()
