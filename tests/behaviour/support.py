"""Shared pieces of the behaviour tests: each test runs a Python program as
written and as rewritten by asyncfix, with Debian's python3 and its packages
(httpx, aiofiles, aiosqlite, requests), against loopback servers and temp
files only, and compares what the two print.

A test script is tests/behaviour/test_<name>.py, called as
    /usr/bin/python3 test_<name>.py ASYNCFIX
and exits 0 when the behaviour matches, 1 (with a message) when not.
"""
import contextlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

PYTHON = '/usr/bin/python3' if os.path.exists('/usr/bin/python3') else sys.executable


def fail(msg):
    print('FAIL: ' + msg)
    sys.exit(1)


def rewrite(asyncfix, source, args=(), name='prog.py'):
    """Returns (rewritten source, asyncfix's stderr) for `source`, via --write on a temp copy."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, 'w') as f:
            f.write(source)
        p = subprocess.run([asyncfix, '--write', '--no-color', *args, path], capture_output=True, text=True)
        if p.returncode == 2:
            fail('asyncfix failed: ' + p.stderr)
        with open(path) as f:
            return f.read(), p.stderr


def run_program(source, env=None, cwd=None, timeout=60, args=()):
    """Runs `source` with Debian's python3; returns (stdout, stderr, seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'prog.py')
        with open(path, 'w') as f:
            f.write(source)
        e = dict(os.environ)
        e.pop('PYTHONPATH', None)
        e['PYTHONWARNINGS'] = 'default'
        e.update(env or {})
        t0 = time.monotonic()
        p = subprocess.run([PYTHON, path, *args], capture_output=True, text=True, env=e,
                           cwd=cwd or tmp, timeout=timeout)
        dt = time.monotonic() - t0
        if p.returncode != 0 and 'ALLOW_FAILURE' not in (env or {}):
            fail('program exited %d:\n%s\n--- source ---\n%s' % (p.returncode, p.stderr, source))
        return p.stdout, p.stderr, dt


class _Overlap:
    """How many requests of the slow endpoint were served at once, at most.

    A slow request waits (at most WAIT seconds) until another one is in flight,
    so requests sent together are seen together however loaded the machine is,
    and requests sent one after another are seen one at a time: the test reads
    an order of events, not a duration."""

    WAIT = 1.0

    def __init__(self):
        self.cond = threading.Condition()
        self.inflight = 0
        self.most = 0

    def serve(self):
        with self.cond:
            self.inflight += 1
            self.most = max(self.most, self.inflight)
            self.cond.notify_all()
            self.cond.wait_for(lambda: self.inflight >= 2, timeout=self.WAIT)
        time.sleep(0.05)
        with self.cond:
            self.inflight -= 1


_overlap = _Overlap()


def slow_requests_at_once():
    """The most requests of /slow served at once since the last call (then starts over)."""
    global _overlap
    most, _overlap = _overlap.most, _Overlap()
    return most


class _Handler(http.server.BaseHTTPRequestHandler):
    """A small loopback server: JSON, a redirect, a slow endpoint, HEAD, UTF-8 text without a charset."""

    def log_message(self, *args):
        pass

    def _send(self, code, body=b'', ctype='application/json', headers=None):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def _route(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        path = self.path
        if path.startswith('/redirect'):
            return self._send(302, b'', headers={'Location': '/json?from=redirect'})
        if path.startswith('/slow'):
            _overlap.serve()
            return self._send(200, json.dumps({'slow': True}).encode())
        if path.startswith('/status/'):
            code = int(path.split('/')[2])
            return self._send(code, json.dumps({'status': code}).encode())
        if path.startswith('/text'):
            return self._send(200, 'café'.encode(), ctype='text/plain')
        if path.startswith('/echo'):
            return self._send(200, json.dumps({
                'method': self.command, 'path': path, 'body': body.decode('latin-1'),
                'content_type': self.headers.get('Content-Type'),
                'x_headers': sorted((k.lower(), v) for k, v in self.headers.items() if k.lower().startswith('x-'))}
            ).encode())
        return self._send(200, json.dumps({'method': self.command, 'path': path, 'hello': 'world'}).encode())

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _route


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


@contextlib.contextmanager
def loopback_server():
    """Starts the HTTP server on 127.0.0.1 (random port); yields its base URL; stops it."""
    server = _Server(('127.0.0.1', 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield 'http://127.0.0.1:%d' % server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def compare(before, after, what='output'):
    if before != after:
        fail('%s differs\n--- before ---\n%s\n--- after ---\n%s' % (what, before, after))


def require_changed(original, rewritten):
    if original == rewritten:
        fail('asyncfix changed nothing:\n' + original)


def tmpdir():
    return tempfile.mkdtemp(prefix='asyncfix-behaviour-')


def cleanup(path):
    shutil.rmtree(path, ignore_errors=True)
