"""AF102: programs that call requests inside async functions print the same
after the rewrite to httpx.AsyncClient (JSON, forms of str, number and list
values, a raw body, string headers, a 302 redirect with its history, HEAD,
`ok` on a 404, an exception handler, `raise_for_status()` on 3xx answers
(not raised) and a 404, a session in a `with` block and an
assigned one, a streamed body, a text/plain body without a charset decoded
from `.content`), and four concurrent fetches of the slow endpoint overlap
after the rewrite (about one delay instead of four). A program reading that
body's `.text` is left alone without --unsafe-fixes: with them it prints
something else (requests decodes it as ISO-8859-1, httpx as UTF-8)."""
import sys

from support import compare, fail, loopback_server, require_changed, rewrite, run_program, slow_requests_at_once

PROGRAM = '''\
import asyncio
import sys

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
    r = requests.post(BASE + "/echo", data={"n": 2, "x": 0.5, "l": ["a", "b"]})
    print("form values", r.json()["body"])
    r = requests.put(BASE + "/echo", json={"x": [1, 2]})
    print("json body", r.json()["body"], r.json()["content_type"])


async def with_headers():
    r = requests.get(BASE + "/echo", headers={"X-Token": "Bearer abc", "X-Empty": "", b"X-Raw": b"1"})
    print("headers", r.json()["x_headers"])


async def follow():
    r = requests.get(BASE + "/redirect")
    print("redirect", r.status_code, r.url, len(r.history), r.history[0].status_code)
    r = requests.get(BASE + "/redirect", allow_redirects=False)
    print("not followed", r.status_code, r.headers["location"], len(r.history))


async def head():
    r = requests.head(BASE + "/redirect")
    print("head", r.status_code, r.headers["location"], r.content == b"")


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


async def statuses():
    # requests' raise_for_status() raises on 4xx/5xx only; httpx's on anything but a 2xx
    for path, follow in (("/redirect", False), ("/status/302", True), ("/status/304", True),
                         ("/status/404", True), ("/json", True)):
        try:
            r = requests.get(BASE + path, allow_redirects=follow)
            r.raise_for_status()
            print("status", path, r.status_code)
        except requests.exceptions.HTTPError as e:
            print("status raised", path, e.response.status_code)
    r = requests.head(BASE + "/redirect")
    r.raise_for_status()
    print("head status", r.status_code)


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


async def text_body():
    r = requests.get(BASE + "/text")
    print("text body", ascii(r.content.decode("utf-8")), r.headers["content-type"])


async def slow(name):
    r = requests.get(BASE + "/slow")
    print(name, r.json())


async def main():
    await get_json()
    await post_bodies()
    await with_headers()
    await follow()
    await head()
    await not_found()
    await handler()
    await statuses()
    await sessions()
    await streamed()
    await text_body()
    await asyncio.gather(slow("first"), slow("second"), slow("third"), slow("fourth"))


asyncio.run(main())
'''

TEXT_PROGRAM = '''\
import asyncio
import sys

import requests

BASE = sys.argv[1]


async def page():
    r = requests.get(BASE + "/text")
    print("text", ascii(r.text), r.encoding)


asyncio.run(page())
'''

SLOW = ('first ', 'second ', 'third ', 'fourth ')
ENV = {'NO_PROXY': '127.0.0.1', 'no_proxy': '127.0.0.1'}


def main():
    asyncfix = sys.argv[1]
    fixed, _ = rewrite(asyncfix, PROGRAM)
    require_changed(PROGRAM, fixed)
    for needed in ('import httpx', 'async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:',
                   'await client.get(BASE + "/json"', 'content="raw text"', 'follow_redirects=False',
                   'not r.is_error', 'if r.is_error:', 'await s.get(BASE', 'as other:', 'async for chunk in r.aiter_bytes(chunk_size=7):', 'except httpx.HTTPStatusError as e:',
                   'async with httpx.AsyncClient(timeout=None) as client:', 'if r.is_error: r.raise_for_status()'):
        if needed not in fixed:
            fail('expected %r in the rewrite:\n%s' % (needed, fixed))
    if 'requests.get(' in fixed or 'requests.post(' in fixed or 'requests.head(' in fixed:
        fail('a requests call is left:\n' + fixed)
    again, _ = rewrite(asyncfix, fixed)
    compare(fixed, again, 'a second run')
    with loopback_server() as base:
        before, _, _ = run_program(PROGRAM, env=ENV, args=(base,))
        at_once_before = slow_requests_at_once()
        after, err, _ = run_program(fixed, env=ENV, args=(base,))
        at_once_after = slow_requests_at_once()
    b_lines, a_lines = before.splitlines(), after.splitlines()
    # the slow fetches may finish in either order once they overlap
    ordered = [l for l in b_lines if not l.startswith(SLOW)]
    compare('\n'.join(ordered), '\n'.join(l for l in a_lines if not l.startswith(SLOW)),
            'what the program prints')
    compare(sorted(b_lines), sorted(a_lines), 'the lines printed')
    for expected in ('redirect 200 %s/json?from=redirect 1 302' % base, 'head 302 /json?from=redirect True',
                     '404 ok False Not Found', '404 is not ok', '302 ok True', 'raised 500',
                     'session 200 1 /json?from=redirect', 'assigned session {"a": 1} True',
                     'status /redirect 302', 'status /status/302 302', 'status /status/304 304',
                     'status raised /status/404 404', 'status /json 200', 'head status 302', 'streamed 200 ',
                     "text body 'caf\\xe9' text/plain"):
        if not any(l.startswith(expected) for l in a_lines):
            fail('expected a line %r:\n%s' % (expected, after))
    # the loopback server counts the slow requests in flight together: one at
    # a time before the rewrite (requests blocks the loop), together after
    if at_once_before != 1:
        fail('the original should fetch one after the other (%d at once)' % at_once_before)
    if at_once_after < 2:
        fail('the rewrite should fetch concurrently (%d at once)' % at_once_after)
    text_unchanged(asyncfix)
    print('ok: same output; slow fetches in flight at once: %d before, %d after' % (at_once_before, at_once_after))


def text_unchanged(asyncfix):
    """`.text` of a text/plain body without a charset: no safe fix, and the unsafe one prints something else."""
    kept, _ = rewrite(asyncfix, TEXT_PROGRAM)
    compare(TEXT_PROGRAM, kept, 'the `.text` program after --write')
    fixed, _ = rewrite(asyncfix, TEXT_PROGRAM, args=('--unsafe-fixes',))
    require_changed(TEXT_PROGRAM, fixed)
    with loopback_server() as base:
        before, _, _ = run_program(TEXT_PROGRAM, env=ENV, args=(base,))
        after, _, _ = run_program(fixed, env=ENV, args=(base,))
    compare(before, "text 'caf\\xc3\\xa9' ISO-8859-1\n", 'what requests prints')
    compare(after, "text 'caf\\xe9' utf-8\n", 'what httpx prints')


if __name__ == '__main__':
    main()
