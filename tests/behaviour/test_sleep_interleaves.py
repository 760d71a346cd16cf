"""AF101: two tasks that each call time.sleep between two prints run task by
task before the rewrite and interleave after it; the output is otherwise the same."""
import sys

from support import compare, fail, require_changed, rewrite, run_program

PROGRAM = '''\
import asyncio
import time


async def worker(name):
    print(name, "start")
    time.sleep(0.2)
    print(name, "end")
    return name


async def main():
    results = await asyncio.gather(worker("a"), worker("b"))
    print("results", results)


asyncio.run(main())
'''


def main():
    asyncfix = sys.argv[1]
    fixed, _ = rewrite(asyncfix, PROGRAM)
    require_changed(PROGRAM, fixed)
    if 'await asyncio.sleep(0.2)' not in fixed:
        fail('expected the await asyncio.sleep rewrite:\n' + fixed)
    before, _, _ = run_program(PROGRAM)
    after, _, _ = run_program(fixed)
    if before.splitlines()[:4] != ['a start', 'a end', 'b start', 'b end']:
        fail('the original should run task by task:\n' + before)
    if after.splitlines()[:4] != ['a start', 'b start', 'a end', 'b end']:
        fail('the rewrite should interleave:\n' + after)
    compare(sorted(before.splitlines()), sorted(after.splitlines()), 'lines printed')
    print('ok: interleaved after the rewrite')


if __name__ == '__main__':
    main()
