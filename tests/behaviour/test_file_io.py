"""AF501-AF503: sync file I/O in async functions.

- the seed's read_config (`with open(...) as f: return json.load(f)`) returns the
  same dict before and after the rewrite, with both --file-io strategies and py38;
- a writer and a reader of temp files leave the same bytes on disk and print the
  same before and after (text with encoding and newline, binary, json.dump,
  writelines, seek/tell, line iteration, `open(p).read()`, `io.open`, `os.fdopen`,
  `with p.open()` on a Path, Path and os calls, glob.glob);
- after the rewrite the event loop is no longer blocked: a ticker task runs while
  the file work waits (event order), where before it ran only after it. The
  work writes a file in one coroutine and reads (or copies) it in another: a
  write and a read of one file in one atomic section would make the fixes unsafe;
- an open that empties a file other tasks read (a module-level path) and the
  writes after it are one atomic section, and a read of a file other tasks
  write is one too (in a worker thread it overlaps their writes): `--write`
  leaves both alone, and a reader task sees only whole files; the unsafe
  fixes let it read the file between the open and the writes;
- a check that a file exists and its creation are one atomic section: `--write`
  leaves them alone, and two concurrent claims give [True, False] before and
  after; the unsafe fixes (`--unsafe-fixes`) let both claims find no file.
"""
import os
import sys

from support import cleanup, compare, fail, require_changed, rewrite, run_program, tmpdir

READ_CONFIG = '''\
import asyncio
import json


def setup():
    with open("config.json", "w", encoding="utf-8") as f:
        json.dump({"name": "d\\u00e9mo", "items": [1, 2.5, None, True], "nested": {"a": {"b": []}}}, f)


async def read_config():
    with open("config.json") as f:
        return json.load(f)


setup()
config = asyncio.run(read_config())
print(type(config).__name__, repr(config))
'''

WRITER_READER = '''\
import asyncio
import glob
import io
import json
import os
import shutil
import sys
from pathlib import Path



async def write_all(OUT, lines):
    with open(os.path.join(OUT, "text.txt"), "w", encoding="utf-8", newline="\\r\\n") as f:
        f.write("caf\\u00e9\\n")
        f.writelines(lines)
        print("text at", f.tell(), f.name.endswith("text.txt"), f.mode)
    with open(os.path.join(OUT, "blob.bin"), "wb") as f:
        f.write(bytes(range(256)))
        f.seek(10)
        f.write(b"XYZ")
    with open(os.path.join(OUT, "data.json"), "w") as f:
        json.dump({"k": [1, 2, 3], "s": "x"}, f, indent=2, sort_keys=True)
    open(os.path.join(OUT, "plain.txt"), "w").write("one\\ntwo\\n")
    p = Path(OUT) / "path.txt"
    p.write_text("via path\\n", encoding="utf-8")
    with (Path(OUT) / "opened.txt").open("w", encoding="utf-8") as f:
        f.write("via Path.open\\n")
        f.write("second line\\n")


async def copy_plain(OUT):
    os.makedirs(os.path.join(OUT, "sub"), exist_ok=True)
    shutil.copy(os.path.join(OUT, "plain.txt"), os.path.join(OUT, "sub", "copy.txt"))


async def read_all(OUT):
    with open(os.path.join(OUT, "text.txt"), encoding="utf-8", newline="") as f:
        first = f.readline()
        rest = [line for line in f]
    print("text", repr(first), repr(rest))
    n = 0
    with open(os.path.join(OUT, "text.txt"), encoding="utf-8") as f:
        for line in f:
            n += len(line)
    print("chars", n)
    with open(os.path.join(OUT, "blob.bin"), "rb") as f:
        f.seek(8)
        print("blob", f.read(6).hex(), f.tell(), f.closed)
    with open(os.path.join(OUT, "data.json")) as f:
        print("json", json.load(f))
    print("plain", repr(open(os.path.join(OUT, "plain.txt")).read()))
    print("path", repr(Path(OUT, "path.txt").read_text(encoding="utf-8")))
    opened = Path(OUT) / "opened.txt"
    with opened.open(encoding="utf-8") as f:
        print("Path.open", repr(f.readline()), repr(f.read()))
    print("exists", os.path.exists(os.path.join(OUT, "sub", "copy.txt")),
          os.path.getsize(os.path.join(OUT, "blob.bin")), sorted(os.listdir(OUT)))
    with io.open(os.path.join(OUT, "plain.txt"), encoding="utf-8") as f:
        print("io.open", repr(f.read()))
    fd = os.open(os.path.join(OUT, "blob.bin"), os.O_RDONLY)
    with os.fdopen(fd, "rb") as f:
        print("fdopen", f.read(4).hex())
    names = glob.glob(os.path.join(OUT, "*.txt"))
    print("glob", sorted(os.path.basename(n) for n in names))


async def main():
    await write_all(sys.argv[1], ["a\\n", "b\\n", "\\u00fcber\\n"])
    await copy_plain(sys.argv[1])
    await read_all(sys.argv[1])


asyncio.run(main())
'''

TICKER = '''\
import asyncio
import json
import sys

PATH = sys.argv[1]


async def ticker(events):
    for _ in range(3):
        events.append("tick")
        await asyncio.sleep(0)


async def save(path):
    with open(path, "w") as f:
        json.dump({"n": list(range(1000))}, f)


async def load(path):
    with open(path) as f:
        return json.load(f)


async def work(events):
    events.append("work start")
    await save(PATH)
    data = await load(PATH)
    events.append("work end %d" % len(data["n"]))


async def main():
    events = []
    await asyncio.gather(work(events), ticker(events))
    print(events)


asyncio.run(main())
'''

TICKER_CALL = '''\
import asyncio
import sys

PATH = sys.argv[1]


async def ticker(events):
    for _ in range(3):
        events.append("tick")
        await asyncio.sleep(0)


async def save(path):
    open(path, "w").write("x" * 100000)


async def work(events):
    events.append("work start")
    await save(PATH)
    await done(PATH, events)


async def done(path, events):
    events.append("work end %d" % len(open(path).read()))


async def main():
    events = []
    await asyncio.gather(work(events), ticker(events))
    print(events)


asyncio.run(main())
'''

TORN = '''\
import asyncio
import sys

PATH = sys.argv[1]


async def save(i):
    with open(PATH, "w") as f:
        f.write("<%d|" % i)
        f.write("x" * 100000)
        f.write("|%d>" % i)


async def load():
    with open(PATH) as f:
        return f.read()


async def writer():
    for i in range(20):
        await save(i)
        await asyncio.sleep(0)


async def reader(seen):
    for _ in range(40):
        text = await load()
        seen.add("whole" if text.startswith("<") and text.endswith(">") else "torn")
        await asyncio.sleep(0)


async def main():
    await save(-1)
    seen = set()
    await asyncio.gather(writer(), reader(seen))
    print(sorted(seen))


asyncio.run(main())
'''

CLAIM = '''\
import asyncio
import os
import sys

PATH = sys.argv[1]


async def claim(p):
    if not os.path.exists(p):
        with open(p, "w") as f:
            f.write(str(os.getpid()))
        return True
    return False


async def main():
    print(await asyncio.gather(claim(PATH), claim(PATH)))


asyncio.run(main())
'''


def files_of(root):
    out = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            with open(p, 'rb') as f:
                out[os.path.relpath(p, root)] = f.read()
    return out


def check_read_config(asyncfix, args, marker):
    fixed, err = rewrite(asyncfix, READ_CONFIG, args)
    require_changed(READ_CONFIG, fixed)
    if marker not in fixed:
        fail('expected %r in the rewrite (%s):\n%s' % (marker, ' '.join(args), fixed))
    if 'def setup():\n    with open("config.json", "w"' not in fixed:
        fail('the sync helper must be left alone:\n' + fixed)
    before, _, _ = run_program(READ_CONFIG)
    after, _, _ = run_program(fixed)
    if not before.startswith('dict {'):
        fail('unexpected original output: ' + before)
    compare(before, after, 'read_config result (%s)' % ' '.join(args or ['aiofiles']))
    return err


def check_writer_reader(asyncfix, args):
    fixed, _ = rewrite(asyncfix, WRITER_READER, args)
    require_changed(WRITER_READER, fixed)
    if 'open(' in fixed.replace('aiofiles.open(', '').replace('os.open(', '') and not args:
        fail('every open() should be rewritten:\n' + fixed)
    d1, d2 = tmpdir(), tmpdir()
    try:
        before, _, _ = run_program(WRITER_READER, args=(d1,))
        after, _, _ = run_program(fixed, args=(d2,))
        compare(before, after, 'printed reads (%s)' % ' '.join(args or ['aiofiles']))
        f1, f2 = files_of(d1), files_of(d2)
        if len(f1) != 7:
            fail('the original wrote %d files: %s' % (len(f1), sorted(f1)))
        compare(sorted(f1), sorted(f2), 'files written')
        for name in f1:
            compare(f1[name], f2[name], 'bytes of %s' % name)
    finally:
        cleanup(d1)
        cleanup(d2)


def check_ticker(asyncfix, program, args):
    fixed, _ = rewrite(asyncfix, program, args)
    require_changed(program, fixed)
    d = tmpdir()
    try:
        path = os.path.join(d, 'work.txt')
        before, _, _ = run_program(program, args=(path,))
        after, _, _ = run_program(fixed, args=(path,))
    finally:
        cleanup(d)
    b, a = eval(before), eval(after)
    if len(b) != 5 or b[0] != 'work start' or not b[1].startswith('work end') or b[2:] != ['tick'] * 3:
        fail('the original should finish the file work before the ticker runs: %r' % b)
    if a[0] != 'work start' or a[1] != 'tick':
        fail('after the rewrite (%s) the ticker should run while the file work waits: %r\n%s'
             % (' '.join(args or ['aiofiles']), a, fixed))
    compare(sorted(b), sorted(a), 'events')


def run_claim(program):
    d = tmpdir()
    try:
        out, _, _ = run_program(program, args=(os.path.join(d, 'claimed'),))
    finally:
        cleanup(d)
    return out.strip()


def check_claim(asyncfix):
    fixed, _ = rewrite(asyncfix, CLAIM)
    if fixed != CLAIM:
        fail('the exists check and the create of one file must be left alone by --write:\n' + fixed)
    before = run_claim(CLAIM)
    if before != '[True, False]':
        fail('one of two concurrent claims should win: ' + before)
    unsafe, _ = rewrite(asyncfix, CLAIM, ['--unsafe-fixes'])
    if 'await asyncio.to_thread(os.path.exists, p)' not in unsafe or 'aiofiles.open(p, "w")' not in unsafe:
        fail('--unsafe-fixes should rewrite the claim:\n' + unsafe)
    # both claims usually win there (that is why the fixes are unsafe); which exists() runs first
    # is the worker threads' order, so one winner (either) is possible too, on a loaded machine
    after = run_claim(unsafe)
    if after not in ('[True, True]', '[True, False]', '[False, True]'):
        fail('the unsafe rewrite should run both claims: ' + after)


def check_torn(asyncfix):
    """an open that empties PATH (a module-level path) then three writes, and a read of it"""
    fixed, _ = rewrite(asyncfix, TORN)
    if fixed != TORN:
        fail('--write should leave the emptying open and the read of its file alone:\n' + fixed)
    before = run_claim(TORN)
    if before != "['whole']":
        fail('the original reader should only see whole files: ' + before)
    unsafe, _ = rewrite(asyncfix, TORN, ['--unsafe-fixes'])
    if 'async with aiofiles.open(PATH, "w") as f:' not in unsafe or 'aiofiles.open(PATH) as f' not in unsafe:
        fail('--unsafe-fixes should rewrite the emptying open and the read:\n' + unsafe)
    # there the reader usually reads the file between its open and its writes (that is why the
    # fix is unsafe); when it does is the worker threads' order
    after = run_claim(unsafe)
    if after not in ("['torn', 'whole']", "['whole']", "['torn']"):
        fail('the unsafe rewrite should still run: ' + after)


def main():
    asyncfix = sys.argv[1]
    err = check_read_config(asyncfix, [], 'async with aiofiles.open("config.json") as f:\n'
                            '        return json.loads(await f.read())')
    if 'added imports: aiofiles' not in err:
        fail('the summary should name the new aiofiles dependency:\n' + err)
    err = check_read_config(asyncfix, ['--file-io', 'to_thread'],
                            'return json.loads(await asyncio.to_thread(pathlib.Path("config.json").read_text))')
    if 'added imports' in err:
        fail('to_thread adds no third-party dependency:\n' + err)
    check_read_config(asyncfix, ['--file-io', 'to_thread', '--target-version', 'py38'],
                      'run_in_executor(None, pathlib.Path("config.json").read_text)')
    check_writer_reader(asyncfix, [])
    check_writer_reader(asyncfix, ['--target-version', 'py38'])
    check_ticker(asyncfix, TICKER, [])
    check_ticker(asyncfix, TICKER, ['--file-io', 'to_thread'])
    check_ticker(asyncfix, TICKER_CALL, [])
    check_claim(asyncfix)
    check_torn(asyncfix)
    print('ok: same results and bytes on disk; the ticker interleaves after the rewrite')


if __name__ == '__main__':
    main()
