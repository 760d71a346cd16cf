"""AF102: an async function that binds a sync httpx.Client by assignment and
uses it only through request methods prints the same after the rewrite to
`async with httpx.AsyncClient(...) as c:` (the constructor's arguments, here
a base URL, a header and redirect following, keep their meaning), and four
concurrent fetches of the slow endpoint are in flight together after the
rewrite and one at a time before (the loopback server counts them)."""
import sys

from support import compare, fail, loopback_server, require_changed, rewrite, run_program, slow_requests_at_once

PROGRAM = '''\
import asyncio
import sys

import httpx

BASE = sys.argv[1]


async def fetch(i):
    c = httpx.Client(base_url=BASE, headers={"X-N": str(i)}, follow_redirects=True)
    r = c.get("/redirect")
    body = c.post("/echo", content=b"raw").json()
    slow = c.get("/slow").json()
    c.close()
    return r.status_code, str(r.url), len(r.history), body["body"], slow


async def main():
    results = await asyncio.gather(*(fetch(i) for i in range(4)))
    print(results)


asyncio.run(main())
'''


def main():
    asyncfix = sys.argv[1]
    rewritten, _ = rewrite(asyncfix, PROGRAM)
    require_changed(PROGRAM, rewritten)
    if 'async with httpx.AsyncClient(base_url=BASE, headers={"X-N": str(i)}, follow_redirects=True) as c:' \
            not in rewritten or 'c.close()' in rewritten:
        fail('the assigned client was not rewritten:\n' + rewritten)
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
