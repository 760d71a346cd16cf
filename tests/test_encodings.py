#!/usr/bin/env python3
"""Declared encodings (PEP 263) from the command line, and src/source.c's codec
table against python3 and glibc's iconv:

- a latin-1 program is rewritten in latin-1, every byte outside the edits as
  read; python3 runs it before and after and prints the same; `--diff` shows
  the file's own bytes; positions count characters; `--stdin-filename` with
  `--write` prints latin-1 bytes;
- what CPython refuses is refused: a BOM with another coding than UTF-8, an
  unknown name, bytes the encoding does not decode; a file that is not UTF-8
  and declares nothing is the error it was; an encoding iconv decodes
  otherwise than CPython (shift_jis) or a stateful one (utf-7) is refused
  with its name;
- every name of the table is one CPython resolves to the same codec, and
  iconv decodes every byte (and, for the two-byte codecs, every two-byte
  sequence) of each codec as CPython does, ASCII as ASCII.

usage: test_encodings.py ASYNCFIX
"""
import ctypes
import ctypes.util
import codecs
import json
import os
import re
import subprocess
import sys
import tempfile

SOURCE_C = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'source.c')

PROGRAM = '''# -*- coding: latin-1 -*-
"""Un caf\u00e9 cr\u00e8me, \u00e0 emporter."""
import asyncio
import time


async def pr\u00e9parer(client):
    message = "\u00ab %s \u00bb, d\u00e9j\u00e0 servi" % client; time.sleep(0.01)
    return message


print(asyncio.run(pr\u00e9parer("Z\u00f6e")))
'''


def fail(msg):
    print('FAIL: ' + msg)
    sys.exit(1)


def run(asyncfix, *args, stdin=None, cwd=None):
    return subprocess.run([asyncfix, '--no-color', *args], capture_output=True, input=stdin, cwd=cwd)


def python(path):
    p = subprocess.run([sys.executable, path], capture_output=True, env=dict(os.environ, PYTHONIOENCODING='utf-8'))
    if p.returncode != 0:
        fail('%s does not run: %s' % (path, p.stderr.decode('utf-8', 'replace')))
    return p.stdout


def latin1_program(asyncfix, tmp):
    original = PROGRAM.encode('latin-1')
    path = os.path.join(tmp, 'prog.py')
    with open(path, 'wb') as f:
        f.write(original)
    before = python(path)
    # positions count characters: `time` is the 46th on its line (the 49th byte)
    p = run(asyncfix, '--format', 'json', path)
    found = json.loads(p.stdout)
    if [(f['code'], f['line'], f['column']) for f in found] != [("AF101", 8, 46)]:
        fail('expected AF101 at 8:46, got %r' % [(f['code'], f['line'], f['column']) for f in found])
    # --diff: the file's own bytes
    p = run(asyncfix, '--diff', path)
    if p.returncode != 1 or b'\xab %s \xbb, d\xe9j\xe0' not in p.stdout or b'\xc3' in p.stdout:
        fail('--diff should show the latin-1 bytes:\n%r' % p.stdout)
    p = run(asyncfix, '--write', path)
    if p.returncode != 0:
        fail('--write: exit %d: %s' % (p.returncode, p.stderr))
    with open(path, 'rb') as f:
        fixed = f.read()
    # and `import time`, which the fix left unused, is removed
    want = original.replace(b'; time.sleep(0.01)', b'; await asyncio.sleep(0.01)').replace(b'import time\n', b'')
    if fixed != want:
        fail('the rewrite is not the original with the edit, byte for byte:\n%r\n%r' % (fixed, want))
    after = python(path)
    if before != after or '\u00ab Z\u00f6e \u00bb'.encode('utf-8') not in after:
        fail('python3 prints %r before and %r after' % (before, after))
    # standard input: the fixed bytes in the file's encoding
    p = run(asyncfix, '--write', '--stdin-filename', 'prog.py', stdin=original)
    if p.stdout != want:
        fail('--stdin-filename --write printed %r' % p.stdout)


def refused(asyncfix, tmp):
    cases = [
        (b'\xef\xbb\xbf# coding: latin-1\nx = 1\n', b'BOM'),
        (b'\xef\xbb\xbf# coding: utf8\nx = 1\n', b'BOM'),
        (b'# coding: bogus\nx = 1\n', b'`bogus`'),
        (b'# coding: shift_jis\nx = "\x82\xa0"\n', b'`shift_jis`, which asyncfix does not read (iconv and CPython'),
        (b'# coding: utf-7\nx = 1\n', b'`utf-7`, which asyncfix does not read (a stateful encoding)'),
        (b'# coding: cp1255\nx = 1\n', b'`cp1255`, which asyncfix does not read (iconv joins a letter'),
        (b'# coding: cp1252\nx = "\x81"\n', b'invalid cp1252 at byte offset 22'),
        (b'x = "\xe9"\n', b'invalid UTF-8 at byte offset 5'),
        # the third line is not looked at, as CPython does not
        (b'#\n#\n# coding: latin-1\nx = "\xe9"\n', b'invalid UTF-8'),
    ]
    for i, (data, needle) in enumerate(cases):
        path = os.path.join(tmp, 'bad%d.py' % i)
        with open(path, 'wb') as f:
            f.write(data)
        p = run(asyncfix, path)
        if p.returncode != 2 or needle not in p.stderr:
            fail('%r: expected exit 2 and %r, got %d %r' % (data, needle, p.returncode, p.stderr))
        # and CPython refuses it too, or (shift_jis, utf-7) reads what asyncfix will not rewrite
        try:
            compile(data, path, 'exec')
            if not needle.startswith((b'`shift_jis`', b'`utf-7`', b'`cp1255`')):
                fail('%r: CPython compiles it' % data)
        except SyntaxError:
            pass


def table():
    """(name, iconv, aliases) rows of the codec table in src/source.c"""
    with open(SOURCE_C) as f:
        text = f.read()
    body = text[text.index('} codecs[] = {'):]
    body = body[:body.index('};')]
    body = re.sub(r'"\s*\n\s*"', '', body)   # C string concatenation
    rows = re.findall(r'\{ "([^"]+)", (NULL|"[^"]+"), "([^"]*)" \}', body)
    if len(rows) < 40:
        fail('could not read the codec table (%d rows)' % len(rows))
    return [(n, None if i == 'NULL' else i.strip('"'), a.split()) for n, i, a in rows]


class Iconv:
    def __init__(self):
        libc = ctypes.CDLL(ctypes.util.find_library('c'), use_errno=True)
        libc.iconv_open.restype = ctypes.c_void_p
        libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        libc.iconv.restype = ctypes.c_size_t
        libc.iconv.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t),
                               ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t)]
        libc.iconv_close.argtypes = [ctypes.c_void_p]
        self.libc = libc

    def decoder(self, name):
        cd = self.libc.iconv_open(b'UTF-8', name.encode())
        if cd in (None, 2 ** 64 - 1, 2 ** 32 - 1):
            fail('iconv does not know %s' % name)
        libc = self.libc

        def decode(data):
            libc.iconv(cd, None, None, None, None)
            inbuf = ctypes.create_string_buffer(data, len(data))
            inp, inl = ctypes.c_char_p(ctypes.addressof(inbuf)), ctypes.c_size_t(len(data))
            outbuf = ctypes.create_string_buffer(len(data) * 8 + 16)
            outp, outl = ctypes.c_char_p(ctypes.addressof(outbuf)), ctypes.c_size_t(len(outbuf))
            failed = ctypes.c_size_t(-1).value
            if libc.iconv(cd, ctypes.byref(inp), ctypes.byref(inl), ctypes.byref(outp), ctypes.byref(outl)) == \
                    failed or libc.iconv(cd, None, None, ctypes.byref(outp), ctypes.byref(outl)) == failed:
                return None
            return outbuf.raw[:len(outbuf) - outl.value].decode('utf-8')
        return decode


def codec_table(asyncfix, tmp):
    rows = table()
    iconv = Iconv()
    checked = 0
    for name, ic, aliases in rows:
        canonical = codecs.lookup(name).name
        for alias in aliases:
            if codecs.lookup(alias).name != canonical:
                fail('%s: CPython resolves %s to %s' % (name, alias, codecs.lookup(alias).name))
        if ic is None:
            if canonical not in ('utf-8', 'utf-8-sig'):
                fail('%s read as UTF-8' % name)
            continue
        decode = iconv.decoder(ic)
        seqs = [bytes([b]) for b in range(256)]
        if name in ('cp949', 'gb2312'):
            seqs += [bytes([a, b]) for a in range(0x80, 256) for b in range(256)]
        for s in seqs:
            try:
                want = s.decode(name)
            except UnicodeDecodeError:
                want = None
            if decode(s) != want:
                fail('%s (%s): %r decodes to %r in iconv, %r in CPython' % (name, ic, s, decode(s), want))
            if len(s) == 1 and s[0] < 0x80 and want != chr(s[0]):
                fail('%s: ASCII byte %r is %r' % (name, s, want))
        if name not in ('cp949', 'gb2312'):
            # every pair of the bytes it defines, in one text: iconv must not join two into one (cp1258 would)
            defined = bytes(b for b in range(256) if decode(bytes([b])) is not None)
            pairs = b''.join(bytes([a, b]) for a in defined for b in defined)
            if decode(pairs) != pairs.decode(name):
                fail('%s (%s): iconv decodes some pair of bytes otherwise than CPython' % (name, ic))
        checked += 1
    # and asyncfix reads a file under each name of the table (one run over all of them)
    folder = os.path.join(tmp, 'names')
    os.mkdir(folder)
    spellings = [n for name, _, aliases in rows for n in [name] + aliases]
    for i, n in enumerate(spellings):
        with open(os.path.join(folder, 'm%03d.py' % i), 'wb') as f:
            f.write(('# -*- coding: %s -*-\nx = 1\n' % n.replace('_', '-').upper()).encode('ascii'))
    p = run(asyncfix, folder)
    if p.returncode != 0 or p.stderr.strip():
        fail('asyncfix refused a name of its table: %s' % p.stderr.decode())
    return checked, len(spellings)


def main():
    asyncfix = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        latin1_program(asyncfix, tmp)
        refused(asyncfix, tmp)
        codecs_checked, names = codec_table(asyncfix, tmp)
    print('ok: latin-1 rewritten byte-exact and run; refusals as CPython; %d codecs decode as CPython, '
          '%d names read' % (codecs_checked, names))


if __name__ == '__main__':
    main()
