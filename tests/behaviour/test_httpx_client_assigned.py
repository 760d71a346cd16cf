"""AF102: an async function that binds a sync httpx.Client by assignment and
uses it only through request methods prints the same after the rewrite to
`async with httpx.AsyncClient(...) as c:` (the constructor's arguments, here
a base URL, a header and redirect following, keep their meaning), and four
concurrent fetches of the slow endpoint overlap after the rewrite."""
import sys

from support import compare, fail, loopback_server, require_changed, rewrite, run_program

PROGRAM = '''\
import asyncio
import sys
import time

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
    t0 = time.monotonic()
    results = await asyncio.gather(*(fetch(i) for i in range(4)))
    print(results)
    print("overlapped", time.monotonic() - t0 < 1.0)


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
        after, _, _ = run_program(rewritten, args=(base,))
    if 'overlapped False' not in before:
        fail('the original overlapped:\n' + before)
    compare(before.replace('overlapped False', ''), after.replace('overlapped True', ''))
    if 'overlapped True' not in after:
        fail('the rewrite did not overlap:\n' + after)
    print('ok')


if __name__ == '__main__':
    main()
