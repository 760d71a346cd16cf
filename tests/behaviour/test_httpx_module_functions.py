"""AF102: sync httpx module functions (`httpx.get`, `httpx.post`, `httpx.head`,
`httpx.request`) in async functions become the same requests on an
`async with httpx.AsyncClient(...) as client:` (safe: the same library and
defaults, the module functions' client keywords -- timeout, verify, cookies
-- moved to the constructor), print the same output, and four concurrent
fetches of the slow endpoint are in flight together after the rewrite and one
at a time before (the loopback server counts them)."""
import sys

from support import compare, fail, loopback_server, require_changed, rewrite, run_program, slow_requests_at_once

PROGRAM = '''\
import asyncio
import sys

import httpx

BASE = sys.argv[1]


async def fetch(i):
    r = httpx.get(BASE + "/redirect", params={"i": i}, timeout=5.0)
    moved = httpx.get(BASE + "/redirect", follow_redirects=True)
    body = httpx.post(BASE + "/echo", content=b"raw", headers={"X-N": str(i)}).json()
    head = httpx.head(BASE + "/json").status_code
    deleted = httpx.request("DELETE", BASE + "/echo", cookies={"s": "1"}, verify=False).json()
    slow = httpx.get(BASE + "/slow").json()
    return (r.status_code, r.headers.get("location"), str(moved.url), len(moved.history),
            body["body"], head, deleted["method"], slow)


async def main():
    results = await asyncio.gather(*(fetch(i) for i in range(4)))
    print(results)


asyncio.run(main())
'''


def main():
    asyncfix = sys.argv[1]
    rewritten, _ = rewrite(asyncfix, PROGRAM)
    require_changed(PROGRAM, rewritten)
    for want in ('async with httpx.AsyncClient(timeout=5.0) as client:',
                 'async with httpx.AsyncClient(cookies={"s": "1"}, verify=False) as client:',
                 'await client.get(BASE + "/slow")'):
        if want not in rewritten:
            fail('missing %r in the rewrite:\n%s' % (want, rewritten))
    if 'to_thread' in rewritten:
        fail('a call got the worker thread:\n' + rewritten)
    with loopback_server() as base:
        before, _, _ = run_program(PROGRAM, args=(base,))
        at_once_before = slow_requests_at_once()
        after, _, _ = run_program(rewritten, args=(base,))
        at_once_after = slow_requests_at_once()
    compare(before, after)
    if at_once_before != 1:
        fail('the original served %d slow requests at once' % at_once_before)
    if at_once_after < 2:
        fail('the rewrite did not overlap its slow requests')
    print('ok: same output; slow requests at once: %d before, %d after' % (at_once_before, at_once_after))


if __name__ == '__main__':
    main()
