"""Atomic sections: a counter bot keeps its counts in a JSON file, read,
changed and written back by an async handler that also makes a blocking call.
Without a pause between the read and the write, the event loop makes the
read-modify-write atomic: 200 concurrent messages give 200 counts.

- `--write` reports the handler's fixes as unsafe and leaves the handler as
  it is (a read-only coroutine in the same program is still rewritten): the
  totals are the same before and after;
- the check's JSON gives those fixes a message that names the reason and
  the lock;
- the same handler under an `asyncio.Lock` (and the final read of the file
  under it too) gets its fixes as safe ones, and keeps every count after
  `--write`; without the lock on the final read, the handler's emptying open
  stays unsafe (a reader that takes no lock could see the file empty);
- with `--write --unsafe-fixes` the fixes are applied, and the rewritten bot
  loses updates (other tasks run between the read and the write), which is
  why they are not safe.
"""
import json
import os
import subprocess
import sys
import tempfile

from support import cleanup, compare, fail, require_changed, rewrite, run_program, tmpdir

PROGRAM = '''\
import asyncio
import json
import sys
import time

PATH = sys.argv[1]
CONFIG = sys.argv[2]


def setup():
    with open(PATH, "w") as f:
        json.dump({}, f)
    with open(CONFIG, "w") as f:
        json.dump({"users": ["ann", "bob", "cyd", "dan"]}, f)


async def read_config():
    with open(CONFIG) as f:
        return json.load(f)


async def on_message(user):
    with open(PATH) as f:
        data = json.load(f)
    data[user] = data.get(user, 0) + 1
    time.sleep(0.0001)
    with open(PATH, "w") as f:
        json.dump(data, f)


async def main():
    users = (await read_config())["users"]
    await asyncio.gather(*(on_message(users[i % len(users)]) for i in range(200)))
    with open(PATH) as f:
        counts = json.load(f)
    print(sorted(counts.items()), sum(counts.values()))


setup()
asyncio.run(main())
'''

HANDLER = PROGRAM[PROGRAM.index('async def on_message'):PROGRAM.index('async def main')]

# the remedy the message names: the same handler under an asyncio.Lock, and the final read of the
# file too (a reader without the lock could read it while a handler has emptied it); its fixes are safe
FINAL_READ = '    with open(PATH) as f:\n        counts = json.load(f)\n'
LOCKED = PROGRAM.replace('PATH = sys.argv[1]\n', 'PATH = sys.argv[1]\nLOCK = asyncio.Lock()\n').replace(
    HANDLER, 'async def on_message(user):\n    async with LOCK:\n' + ''.join(
        '    ' + line + '\n' if line else '\n' for line in HANDLER[HANDLER.index('\n') + 1:].split('\n')[:-1])
).replace(FINAL_READ, '    async with LOCK:\n' + ''.join('    ' + line + '\n' for line in FINAL_READ.splitlines()))


def run_bot(source, env=None):
    d = tmpdir()
    try:
        out, err, _ = run_program(source, env=env,
                                  args=(os.path.join(d, 'points.json'), os.path.join(d, 'config.json')))
    finally:
        cleanup(d)
    return out if env is None else (out, err)


def total_of(out):
    return int(out.split()[-1])


def check_messages(asyncfix):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'bot.py')
        with open(path, 'w') as f:
            f.write(PROGRAM)
        p = subprocess.run([asyncfix, '--format', 'json', '--unsafe-fixes', path], capture_output=True, text=True)
    findings = json.loads(p.stdout)
    first = PROGRAM[:PROGRAM.index(HANDLER)].count('\n') + 1
    last = first + HANDLER.count('\n')
    handler = [f for f in findings if f['fix'] and first <= f['line'] <= last]
    if len(handler) != 3:
        fail('expected the two opens and the sleep of the handler to be reported with a fix: %r' % findings)
    for f in handler:
        fix = f['fix']
        if fix['applicability'] != 'unsafe':
            fail('a fix inside the read-modify-write must be unsafe: %r' % f)
        if 'asyncio.Lock' not in fix['message'] or 'of `PATH`' not in fix['message']:
            fail('the fix message should name the state and the lock: %r' % fix['message'])
    return handler[0]['fix']['message']


def main():
    asyncfix = sys.argv[1]
    fixed, _ = rewrite(asyncfix, PROGRAM)
    require_changed(PROGRAM, fixed)
    if HANDLER not in fixed:
        fail('the read-modify-write handler must be left alone by --write:\n' + fixed)
    if 'async with aiofiles.open(CONFIG) as f:' not in fixed:
        fail('the read-only config coroutine should still be rewritten:\n' + fixed)
    before, after = run_bot(PROGRAM), run_bot(fixed)
    if total_of(before) != 200:
        fail('the original bot should count every message: ' + before)
    compare(before, after, 'counts after --write')
    message = check_messages(asyncfix)

    locked, _ = rewrite(asyncfix, LOCKED)
    if 'await asyncio.sleep(0.0001)' not in locked or 'async with aiofiles.open(PATH, "w") as f:' not in locked:
        fail('under a lock the handler\'s fixes are safe and applied by --write:\n' + locked)
    compare(before, run_bot(locked), 'counts of the locked handler after --write')
    half = LOCKED.replace('    async with LOCK:\n' + ''.join('    ' + line + '\n' for line in FINAL_READ.splitlines()),
                          FINAL_READ)
    if half == LOCKED:
        fail('the final read was not found in the locked program')
    half_fixed, _ = rewrite(asyncfix, half)
    if 'with open(PATH, "w") as f:' not in half_fixed:
        fail('with a reader that takes no lock, the emptying open must stay as it is:\n' + half_fixed)

    unsafe, _ = rewrite(asyncfix, PROGRAM, ['--unsafe-fixes'])
    if HANDLER in unsafe or 'await asyncio.sleep(0.0001)' not in unsafe:
        fail('--unsafe-fixes should rewrite the handler:\n' + unsafe)
    # the unsafe rewrite loses updates, or a task reads the file while another thread has
    # truncated it for its write (json.JSONDecodeError): either shows why the fix is unsafe
    lost, err = run_bot(unsafe, env={'ALLOW_FAILURE': '1'})
    if lost.strip():
        if total_of(lost) >= 200:
            fail('the unsafe rewrite was expected to lose updates (that is why it is unsafe): ' + lost)
        outcome = '%d of 200' % total_of(lost)
    elif 'JSONDecodeError' in err:
        outcome = 'a torn read (JSONDecodeError)'
    else:
        fail('the unsafe rewrite failed in an unexpected way:\n' + err)
    print('ok: %s with --write; %s with --unsafe-fixes, whose message says: %s'
          % (before.split()[-1], outcome, message))


if __name__ == '__main__':
    main()
