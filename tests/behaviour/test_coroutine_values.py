"""AF205: a coroutine used as a value reads the coroutine object instead of the
result: `is None` is never true, an f-string shows `<coroutine object ...>`, and
Python warns "was never awaited". After the rewrite each value is the result and
the warning is gone. `return f()` in an async def (the unsafe fix, with
--unsafe-fixes) hands the awaiting caller the result instead of a coroutine."""
import sys

from support import compare, fail, require_changed, rewrite, run_program

PROGRAM = '''\
import asyncio


async def get_room_info(room):
    await asyncio.sleep(0)
    return None if room == "lobby" else {"users": ["ana", "bo"]}


async def get_name(uid):
    await asyncio.sleep(0)
    return "user%d" % uid


class Repo:
    @staticmethod
    async def count():
        await asyncio.sleep(0)
        return 2


async def describe(room):
    return get_room_info(room)


async def main():
    if get_room_info("lobby") is None:
        print("lobby is empty")
    print(f"hello {get_name(1)}")
    print("total", Repo.count() + 1)
    info = await describe("kitchen")
    print("kitchen has", info["users"] if isinstance(info, dict) else type(info).__name__)


asyncio.run(main())
'''


def main():
    asyncfix = sys.argv[1]
    before, before_err, _ = run_program(PROGRAM, env={'ALLOW_FAILURE': '1'})
    # the original never sees None, shows the object, and fails at the addition
    if 'lobby is empty' in before or '<coroutine object' not in before:
        fail('the original should show the coroutine object:\n%s\n%s' % (before, before_err))
    if 'TypeError' not in before_err or 'was never awaited' not in before_err:
        fail('the original should fail with TypeError and warn:\n' + before_err)

    safe, _ = rewrite(asyncfix, PROGRAM, args=('--select', 'AF205'))
    require_changed(PROGRAM, safe)
    if 'return get_room_info(room)' not in safe:
        fail('`return f()` must wait for --unsafe-fixes:\n' + safe)
    fixed, _ = rewrite(asyncfix, PROGRAM, args=('--select', 'AF205', '--unsafe-fixes'))
    for line in ('    if await get_room_info("lobby") is None:\n', '    print(f"hello {await get_name(1)}")\n',
                 '    print("total", await Repo.count() + 1)\n', '    return await get_room_info(room)\n'):
        if line not in fixed:
            fail('expected %r in:\n%s' % (line, fixed))
    after, after_err, _ = run_program(fixed)
    if 'was never awaited' in after_err:
        fail('the rewrite still warns:\n' + after_err)
    compare(after.splitlines(), ['lobby is empty', 'hello user1', 'total 3', "kitchen has ['ana', 'bo']"],
            'lines printed after the rewrite')
    print('ok: the values are the results after the rewrite and the warnings are gone')


if __name__ == '__main__':
    main()
