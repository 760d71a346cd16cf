"""AF102: a requests call with a literal `proxies=` mapping goes through the
same proxy after the rewrite to an httpx client with mounted proxy
transports. The proxy is the loopback server itself: it answers a proxied
request with the absolute URL it was asked for, so nothing leaves the
machine; the program prints the URL the proxy saw. A mapping given by name
is left alone."""
import sys

from support import compare, fail, loopback_server, require_changed, rewrite, run_program

PROGRAM = '''\
import asyncio
import sys

import requests

PROXY = sys.argv[1]


async def via_scheme():
    r = requests.get("http://proxied.invalid/json?a=1", proxies={"http": PROXY})
    print("scheme", r.status_code, r.json()["path"])


async def via_host():
    r = requests.get("http://only.invalid/x", proxies={"http://only.invalid": PROXY, "https": "http://127.0.0.1:9"})
    print("host", r.status_code, r.json()["path"])


async def run():
    await via_scheme()
    await via_host()


asyncio.run(run())
'''


def main():
    asyncfix = sys.argv[1]
    # a name is not a literal mapping: left alone
    unchanged, _ = rewrite(asyncfix, PROGRAM)
    compare(PROGRAM, unchanged, 'the rewrite of proxies given by name')
    with loopback_server() as base:
        # the proxy URL written as a literal: the server's own
        original = PROGRAM.replace('PROXY = sys.argv[1]\n', '').replace('PROXY', repr(base))
        rewritten, _ = rewrite(asyncfix, original)
        require_changed(original, rewritten)
        if rewritten.count('mounts={') != 2 or 'requests.get' in rewritten:
            fail('proxies= not moved to mounts:\n' + rewritten)
        before, _, _ = run_program(original)
        after, _, _ = run_program(rewritten)
    if 'http://proxied.invalid/json?a=1' not in before or 'http://only.invalid/x' not in before:
        fail('the original did not go through the proxy:\n' + before)
    compare(before, after)
    print('ok')


if __name__ == '__main__':
    main()
