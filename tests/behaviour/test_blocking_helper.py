"""AF106: a coroutine calls a helper in another module that blocks (time.sleep
two calls away) while a ticker task runs. As written, the ticker stalls for the
whole call; after Fix A (the call in a worker thread) and after Fix B (the
helpers made async and awaited, their sleep rewritten by AF101) it keeps
ticking, and the program prints the same results."""
import os
import shutil
import subprocess
import sys
import tempfile

from support import PYTHON, compare, fail

API = '''\
import time


def measure(n):
    time.sleep(0.1)
    return n * 2


def measure_all(n):
    total = 0
    for i in range(n):
        total += measure(i)
    return total
'''

BOT = '''\
import asyncio

from api import measure_all

events = []


async def ticker(stop):
    while not stop.is_set():
        events.append("tick")
        await asyncio.sleep(0.02)


async def work():
    events.append("work starts")
    total = measure_all(4)
    events.append("work ends")
    return total


async def main():
    stop = asyncio.Event()
    task = asyncio.create_task(ticker(stop))
    await asyncio.sleep(0.05)
    total = await work()
    stop.set()
    await task
    during = events[events.index("work starts") + 1:events.index("work ends")]
    print("total", total)
    print("ticks during the work", "some" if during.count("tick") >= 5 else "none")


asyncio.run(main())
'''


def fixed(asyncfix, args):
    """(api.py, bot.py) as asyncfix --write ARGS leaves them, and its stderr"""
    tmp = tempfile.mkdtemp()
    try:
        for name, text in (('api.py', API), ('bot.py', BOT)):
            with open(os.path.join(tmp, name), 'w') as f:
                f.write(text)
        p = subprocess.run([asyncfix, '--write', '--no-color', *args, '.'], cwd=tmp, capture_output=True,
                           text=True)
        if p.returncode == 2:
            fail('asyncfix failed: ' + p.stderr)
        out = []
        for name in ('api.py', 'bot.py'):
            with open(os.path.join(tmp, name)) as f:
                out.append(f.read())
        return out[0], out[1]
    finally:
        shutil.rmtree(tmp)


def run(api, bot):
    tmp = tempfile.mkdtemp()
    try:
        for name, text in (('api.py', api), ('bot.py', bot)):
            with open(os.path.join(tmp, name), 'w') as f:
                f.write(text)
        env = dict(os.environ)
        env.pop('PYTHONPATH', None)
        p = subprocess.run([PYTHON, 'bot.py'], cwd=tmp, capture_output=True, text=True, env=env, timeout=60)
        if p.returncode != 0:
            fail('program exited %d:\n%s\n--- api.py ---\n%s--- bot.py ---\n%s' % (p.returncode, p.stderr, api, bot))
        return p.stdout
    finally:
        shutil.rmtree(tmp)


def main():
    asyncfix = os.path.abspath(sys.argv[1])
    before = run(API, BOT)
    if 'ticks during the work none' not in before:
        fail('the original should stall the ticker:\n' + before)

    api_a, bot_a = fixed(asyncfix, ['--unsafe-fixes', '--select', 'AF106'])
    if 'await asyncio.to_thread(measure_all, 4)' not in bot_a or api_a != API:
        fail('expected Fix A in bot.py only:\n' + bot_a + api_a)
    after_a = run(api_a, bot_a)

    api_b, bot_b = fixed(asyncfix, ['--unsafe-fixes', '--migrate-helpers', '--select', 'AF1,AF5'])
    if ('async def measure_all' not in api_b or 'await measure(i)' not in api_b or
            'await asyncio.sleep(0.1)' not in api_b or 'await measure_all(4)' not in bot_b):
        fail('expected Fix B across both modules:\n' + api_b + bot_b)
    after_b = run(api_b, bot_b)

    for name, after in (('Fix A', after_a), ('Fix B', after_b)):
        if 'ticks during the work some' not in after:
            fail('after %s the ticker should keep ticking:\n%s' % (name, after))
        compare(before.splitlines()[0], after.splitlines()[0], 'result after ' + name)
    print('ok: the ticker stalls before and ticks after both fixes; same results')


if __name__ == '__main__':
    main()
