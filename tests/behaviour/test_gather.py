"""AF301: three independent awaits of coroutines that each sleep 0.2 s run one
after another as written and together after `--unsafe-fixes` gathers them.
The results print the same, in the same order; the start/finish events
interleave only after the rewrite (read from the event order, not from times)."""
import sys

from support import compare, fail, require_changed, rewrite, run_program

PROGRAM = '''\
import asyncio


async def fetch_job(name, value):
    print("event", name, "start")
    await asyncio.sleep(0.2)
    print("event", name, "finish")
    return value


async def main():
    first = await fetch_job("a", 1)
    second = await fetch_job("b", [2, 3])
    third = await fetch_job("c", {"k": "v"})
    print("result", first)
    print("result", second)
    print("result", third)


asyncio.run(main())
'''


def events(output):
    return [line.split()[1:] for line in output.splitlines() if line.startswith('event ')]


def results(output):
    return [line for line in output.splitlines() if line.startswith('result ')]


def main():
    asyncfix = sys.argv[1]
    # AF301 is opt-in: selected
    unchanged, _ = rewrite(asyncfix, PROGRAM, args=['--select', 'AF3'])
    compare(PROGRAM, unchanged, 'source without --unsafe-fixes')
    fixed, _ = rewrite(asyncfix, PROGRAM, args=['--select', 'AF3', '--unsafe-fixes'])
    require_changed(PROGRAM, fixed)
    want = ('first, second, third = await asyncio.gather('
            'fetch_job("a", 1), fetch_job("b", [2, 3]), fetch_job("c", {"k": "v"}))')
    if want not in fixed:
        fail('expected the gather rewrite:\n' + fixed)
    before, _, _ = run_program(PROGRAM)
    after, _, _ = run_program(fixed)
    seq = [['a', 'start'], ['a', 'finish'], ['b', 'start'], ['b', 'finish'], ['c', 'start'], ['c', 'finish']]
    if events(before) != seq:
        fail('the original should run the jobs one after another:\n' + before)
    ev = events(after)
    if sorted(map(tuple, ev)) != sorted(map(tuple, seq)):
        fail('the rewrite should start and finish every job once:\n' + after)
    starts = [i for i, e in enumerate(ev) if e[1] == 'start']
    finishes = [i for i, e in enumerate(ev) if e[1] == 'finish']
    if max(starts) > min(finishes):
        fail('after the rewrite all three jobs should start before any finishes:\n' + after)
    compare(results(before), results(after), 'results')
    if len(results(before)) != 3:
        fail('expected three result lines:\n' + before)
    print('ok: same results, events interleave after the rewrite')


if __name__ == '__main__':
    main()
