"""A small Language Server Protocol client for the tests and the benchmark.

It speaks bytes: `send_raw` writes exactly what it is given, so that a test can
split a frame, glue frames together or send a wrong Content-Length. A thread
reads the server's output and frames it; `wait` takes the next message that
matches.
"""
import json
import os
import queue
import subprocess
import threading
import time


def frame(obj, extra=0):
    body = json.dumps(obj).encode() if not isinstance(obj, bytes) else obj
    return b"Content-Length: %d\r\n\r\n" % (len(body) + extra) + body


class Server:
    def __init__(self, asyncfix, cwd=None, args=("server",), keep_raw=True):
        self.proc = subprocess.Popen([asyncfix] + list(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd)
        self.messages = queue.Queue()
        self.next_id = 0
        self.raw_out = b""          # every byte the server wrote (keep_raw), for the framing checks
        self.keep_raw = keep_raw
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.proc.stdout
        while True:
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    self.messages.put(None)
                    return
                head += c
            if self.keep_raw:
                self.raw_out += head
            length = None
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            if self.keep_raw:
                self.raw_out += body
            self.messages.put(json.loads(body))

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, obj):
        self.send_raw(frame(obj))

    def notify(self, method, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params if params is not None else {}})

    def request(self, method, params=None, send=True):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params if params is not None else {}}
        if send:
            self.send(msg)
        return self.next_id if send else msg

    def wait(self, pred, timeout=15.0, skipped=None):
        """The next message for which pred(msg) is true (others go to `skipped`); None on timeout or EOF."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            try:
                m = self.messages.get(timeout=left)
            except queue.Empty:
                return None
            if m is None:
                self.messages.put(None)
                return None
            if pred(m):
                return m
            if skipped is not None:
                skipped.append(m)

    def response(self, rid, timeout=15.0):
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def call(self, method, params=None, timeout=15.0):
        return self.response(self.request(method, params), timeout)

    def diagnostics(self, uri, version=None, timeout=15.0):
        def pred(m):
            if m.get("method") != "textDocument/publishDiagnostics" or m["params"]["uri"] != uri:
                return False
            return version is None or m["params"].get("version") == version
        m = self.wait(pred, timeout)
        return None if m is None else m["params"]["diagnostics"]

    def initialize(self, root=None, encodings=None, options=None, document_changes=False):
        caps = {"workspace": {"workspaceEdit": {"documentChanges": document_changes}}}
        if encodings is not None:
            caps["general"] = {"positionEncodings": encodings}
        params = {"processId": os.getpid(), "capabilities": caps,
                  "rootUri": ("file://" + root) if root else None}
        if root:
            params["workspaceFolders"] = [{"uri": "file://" + root, "name": os.path.basename(root)}]
        if options is not None:
            params["initializationOptions"] = options
        r = self.call("initialize", params)
        self.notify("initialized")
        return r

    def open(self, path, text, version=1):
        uri = "file://" + path
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": version,
                                                               "text": text}})
        return uri

    def close(self, timeout=10):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def utf16_units(s):
    return len(s.encode("utf-16-le")) // 2


def offset(text, pos, enc="utf-16"):
    """The str index of an LSP position in `text` (lines end at \\n)."""
    lines = text.split("\n")
    line, ch = pos["line"], pos["character"]
    if line >= len(lines):
        return len(text)
    start = sum(len(l) + 1 for l in lines[:line])
    units = 0
    for i, c in enumerate(lines[line]):
        u = utf16_units(c) if enc == "utf-16" else len(c.encode())
        if units + u > ch:
            return start + i
        units += u
    return start + len(lines[line])


def apply_edits(text, edits, enc="utf-16"):
    spans = [(offset(text, e["range"]["start"], enc), offset(text, e["range"]["end"], enc), i, e["newText"])
             for i, e in enumerate(edits)]
    for s, e, _, new in sorted(spans, reverse=True):
        text = text[:s] + new + text[e:]
    return text


def workspace_edits(edit, uri):
    """The TextEdit[] of `uri` in a WorkspaceEdit (changes or documentChanges)."""
    if "changes" in edit:
        return edit["changes"].get(uri, [])
    out = []
    for dc in edit.get("documentChanges", []):
        if dc["textDocument"]["uri"] == uri:
            out += dc["edits"]
    return out
