"""AF102: programs that call requests inside async functions print the same
after the rewrite to httpx.AsyncClient (JSON, a form and a raw body, a 302
redirect with its history, HEAD, `ok` on a 404, an exception handler, a
session in a `with` block and an assigned one, a streamed body), and
four concurrent fetches of the slow endpoint overlap after the rewrite
(about one delay instead of four)."""
import sys

from support import compare, fail, loopback_server, require_changed, rewrite, run_program

PROGRAM = '''\
import asyncio
import sys
import time

import requests

BASE = sys.argv[1]


async def get_json():
    r = requests.get(BASE + "/json", params={"a": "1"})
    print("json", r.status_code, r.json())


async def post_bodies():
    r = requests.post(BASE + "/echo", data="raw text")
    print("raw", r.json()["body"], r.json()["method"])
    r = requests.post(BASE + "/echo", data={"k": "v", "n": "2"})
    print("form", r.json()["body"], r.json()["content_type"])
    r = requests.put(BASE + "/echo", json={"x": [1, 2]})
    print("json body", r.json()["body"], r.json()["content_type"])


async def follow():
    r = requests.get(BASE + "/redirect")
    print("redirect", r.status_code, r.url, len(r.history), r.history[0].status_code)
    r = requests.get(BASE + "/redirect", allow_redirects=False)
    print("not followed", r.status_code, r.headers["location"], len(r.history))


async def head():
    r = requests.head(BASE + "/redirect")
    print("head", r.status_code, r.headers["location"], r.text == "")


async def not_found():
    r = requests.get(BASE + "/status/404")
    print("404 ok", r.ok, r.reason)
    if not r.ok:
        print("404 is not ok")
    r = requests.get(BASE + "/status/302")
    print("302 ok", r.ok)


async def handler():
    try:
        r = requests.get(BASE + "/status/500")
        r.raise_for_status()
    except requests.exceptions.HTTPError as e:
        print("raised", e.response.status_code)


async def sessions():
    with requests.Session() as s:
        s.headers.update({"X-Test": "1"})
        r = s.get(BASE + "/redirect")
        print("session", r.status_code, len(r.history), r.json()["path"])
    other = requests.Session()
    page = other.post(BASE + "/echo", json={"a": 1})
    print("assigned session", page.json()["body"], page.ok)
    other.close()


async def streamed():
    r = requests.get(BASE + "/redirect", stream=True)
    r.raise_for_status()
    chunks = []
    for chunk in r.iter_content(chunk_size=7):
        chunks.append(chunk)
    print("streamed", r.status_code, len(chunks), b"".join(chunks).decode())
    r.close()


async def slow(name):
    r = requests.get(BASE + "/slow")
    print(name, r.json())


async def main():
    await get_json()
    await post_bodies()
    await follow()
    await head()
    await not_found()
    await handler()
    await sessions()
    await streamed()
    t0 = time.monotonic()
    await asyncio.gather(slow("first"), slow("second"), slow("third"), slow("fourth"))
    print("elapsed %.2f" % (time.monotonic() - t0))


asyncio.run(main())
'''

SLOW = ('first ', 'second ', 'third ', 'fourth ')
ENV = {'NO_PROXY': '127.0.0.1', 'no_proxy': '127.0.0.1'}


def split(out):
    lines = out.splitlines()
    elapsed = [float(l.split()[1]) for l in lines if l.startswith('elapsed ')]
    if len(elapsed) != 1:
        fail('no elapsed line in:\n' + out)
    return [l for l in lines if not l.startswith('elapsed ')], elapsed[0]


def main():
    asyncfix = sys.argv[1]
    fixed, _ = rewrite(asyncfix, PROGRAM)
    require_changed(PROGRAM, fixed)
    for needed in ('import httpx', 'async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:',
                   'await client.get(BASE + "/json"', 'content="raw text"', 'follow_redirects=False',
                   'not r.is_error', 'if r.is_error:', 'await s.get(BASE', 'as other:', 'async for chunk in r.aiter_bytes(chunk_size=7):', 'except httpx.HTTPStatusError as e:',
                   'async with httpx.AsyncClient(timeout=None) as client:'):
        if needed not in fixed:
            fail('expected %r in the rewrite:\n%s' % (needed, fixed))
    if 'requests.get(' in fixed or 'requests.post(' in fixed or 'requests.head(' in fixed:
        fail('a requests call is left:\n' + fixed)
    again, _ = rewrite(asyncfix, fixed)
    compare(fixed, again, 'a second run')
    with loopback_server() as base:
        before, _, _ = run_program(PROGRAM, env=ENV, args=(base,))
        after, err, _ = run_program(fixed, env=ENV, args=(base,))
    b_lines, b_elapsed = split(before)
    a_lines, a_elapsed = split(after)
    # the slow fetches may finish in either order once they overlap
    ordered = [l for l in b_lines if not l.startswith(SLOW)]
    compare('\n'.join(ordered), '\n'.join(l for l in a_lines if not l.startswith(SLOW)),
            'what the program prints')
    compare(sorted(b_lines), sorted(a_lines), 'the lines printed')
    for expected in ('redirect 200 %s/json?from=redirect 1 302' % base, 'head 302 /json?from=redirect True',
                     '404 ok False Not Found', '404 is not ok', '302 ok True', 'raised 500',
                     'session 200 1 /json?from=redirect', 'assigned session {"a": 1} True',
                     'streamed 200 '):
        if not any(l.startswith(expected) for l in a_lines):
            fail('expected a line %r:\n%s' % (expected, after))
    # the slow endpoint sleeps 0.3 s per request: 4 x 0.3 s one after the
    # other before the rewrite, overlapping (about 0.3 s plus overhead) after
    if b_elapsed < 1.15:
        fail('the original should fetch one after the other (took %.2f s)' % b_elapsed)
    if a_elapsed > 0.8:
        fail('the rewrite should fetch concurrently (took %.2f s)' % a_elapsed)
    print('ok: same output; four slow fetches took %.2f s before, %.2f s after' % (b_elapsed, a_elapsed))


if __name__ == '__main__':
    main()
