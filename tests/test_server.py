#!/usr/bin/python3
"""`asyncfix server`, driven byte for byte (tests/lsp_client.py).

Run as `/usr/bin/python3 tests/test_server.py ASYNCFIX`. Prints one line per
check ("ok" or "FAIL"), exits 1 when any check failed. What is checked: the
lifecycle and its error codes, framing (split, glued, wrong Content-Length,
junk), diagnostics of unsaved text through full and incremental changes, UTF-16
and UTF-8 positions around characters outside the BMP, code actions (quick fix,
fix all equal to `asyncfix --write`, noqa), cancellation, documents that are
not UTF-8, settings, pyproject.toml read again, and the project index rebuilt
when a saved file changes what it records.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Server, apply_edits, frame, utf16_units, workspace_edits  # noqa: E402

if len(sys.argv) != 2:
    sys.exit("usage: test_server.py ASYNCFIX")

ASYNCFIX = os.path.abspath(sys.argv[1])

SLEEPY = "import time\n\n\nasync def main():\n    time.sleep(1)\n"
CLEAN = "import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n"
# AF301: independent awaits, an unsafe fix
SEQUENTIAL = ("import asyncio\n\n\nasync def get_a():\n    return 1\n\n\nasync def get_b():\n    return 2\n\n\n"
              "async def main():\n    a = await get_a()\n    b = await get_b()\n    return a + b\n")

failures = []
checks = 0


def check(name, cond, detail=""):
    global checks
    checks += 1
    if cond:
        print("ok   " + name)
    else:
        failures.append(name)
        print("FAIL " + name)
        if detail:
            for line in str(detail).rstrip("\n").split("\n")[:40]:
                print("     | " + line)
    return cond


def cli_write(text, path):
    """What `asyncfix --write` makes of `text` as the file `path` (through --stdin-filename)."""
    p = subprocess.run([ASYNCFIX, "--write", "--stdin-filename", path], input=text.encode(), capture_output=True,
                       cwd=os.path.dirname(path), timeout=60)
    return p.stdout.decode()


def codes(diags):
    return sorted(d.get("code") or "" for d in diags or [])


def settle(s, uri):
    """The diagnostics last published for `uri` (None when none) once the server has handled everything
    sent so far: a hover on the document is answered after the document is checked again."""
    seen = []
    rid = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    s.wait(lambda m: m.get("id") == rid and "method" not in m, skipped=seen)
    pub = [m["params"]["diagnostics"] for m in seen
           if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri]
    return pub[-1] if pub else None


class Workspace:
    def __init__(self, files=None, **init):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="asyncfix-lsp-"))
        for rel, text in (files or {}).items():
            self.write(rel, text)
        self.server = Server(ASYNCFIX, cwd=self.root)
        self.init = self.server.initialize(self.root, **init)

    def path(self, rel):
        return os.path.join(self.root, rel)

    def write(self, rel, text):
        """as editors save: a temporary file renamed over the old one (never seen half written)"""
        os.makedirs(os.path.dirname(self.path(rel)), exist_ok=True)
        with open(self.path(rel) + ".tmp", "w") as f:
            f.write(text)
        os.rename(self.path(rel) + ".tmp", self.path(rel))

    def finish(self):
        s = self.server
        r = s.call("shutdown")
        s.notify("exit")
        code = s.close()
        shutil.rmtree(self.root)
        return r, code


def code_actions(s, uri, line, character=0, only=None, diagnostics=None):
    ctx = {"diagnostics": diagnostics or []}
    if only:
        ctx["only"] = only
    r = s.call("textDocument/codeAction", {"textDocument": {"uri": uri},
                                            "range": {"start": {"line": line, "character": character},
                                                      "end": {"line": line, "character": character}},
                                            "context": ctx})
    return (r or {}).get("result") or []


def test_lifecycle():
    s = Server(ASYNCFIX)
    r = s.call("textDocument/hover", {"textDocument": {"uri": "file:///x.py"}, "position": {"line": 0, "character": 0}})
    check("a request before initialize: ServerNotInitialized (-32002)",
          r and r.get("error", {}).get("code") == -32002, r)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///tmp/x.py", "languageId": "python",
                                                        "version": 1, "text": SLEEPY}})
    r = s.initialize()
    caps = (r or {}).get("result", {}).get("capabilities", {})
    check("initialize: positionEncoding utf-16 when the client offers nothing", caps.get("positionEncoding") == "utf-16", r)
    check("initialize: incremental sync, quick fixes and source.fixAll.asyncfix",
          caps.get("textDocumentSync", {}).get("change") == 2 and
          "source.fixAll.asyncfix" in caps.get("codeActionProvider", {}).get("codeActionKinds", []), caps)
    r = s.call("codeAction" and "textDocument/codeAction",
               {"textDocument": {"uri": "file:///tmp/x.py"},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {}})
    check("a notification before initialize was dropped (the document is not open)",
          r and r.get("error", {}).get("code") == -32602, r)
    r = s.call("initialize", {"capabilities": {}})
    check("a second initialize: InvalidRequest (-32600)", r and r.get("error", {}).get("code") == -32600, r)
    r = s.call("shutdown")
    check("shutdown answers null", r and "result" in r and r["result"] is None, r)
    r = s.call("textDocument/hover", {})
    check("a request after shutdown: InvalidRequest", r and r.get("error", {}).get("code") == -32600, r)
    s.notify("exit")
    check("exit after shutdown: exit status 0", s.close() == 0)

    s = Server(ASYNCFIX)
    s.initialize()
    s.notify("exit")
    check("exit without shutdown: exit status 1", s.close() == 1)

    s = Server(ASYNCFIX)
    s.initialize()
    s.proc.stdin.close()
    try:
        code = s.proc.wait(10)
    except subprocess.TimeoutExpired:
        code = None
        s.proc.kill()
    check("the client closes the pipe: the server exits (status 1, no shutdown)", code == 1, code)

    session = b"".join(frame(m) for m in (
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}))
    p = subprocess.run([ASYNCFIX, "server"], input=session, capture_output=True, timeout=30)
    check("a whole session written at once, then the input closed: every message handled, status 0",
          p.returncode == 0 and p.stdout.count(b"Content-Length") == 2, p)

    s = Server(ASYNCFIX, args=("server", "--stdio"))
    r = s.initialize()
    check("`asyncfix server --stdio` is accepted (what generic clients pass)", r and "result" in r, r)
    s.close()


def test_framing():
    s = Server(ASYNCFIX)
    init = frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    for i in range(len(init)):
        s.send_raw(init[i:i + 1])
        if i % 7 == 0:
            time.sleep(0.002)
    r = s.response(1)
    check("a frame split across many reads is read whole", r and "result" in r, r)
    glued = b"".join(frame({"jsonrpc": "2.0", "id": 10 + k, "method": "shutdown" if k == 2 else "nothing/here"})
                     for k in range(3))
    s.send_raw(glued)
    got = [s.response(10 + k) for k in range(3)]
    check("three frames in one write: three answers in order",
          all(got) and got[0]["error"]["code"] == -32601 and got[2].get("result", 1) is None, got)
    s.close()

    s = Server(ASYNCFIX)
    s.initialize()
    bad = [
        ("malformed JSON", frame(b'{"jsonrpc": "2.0", "id": 5, oops}')),
        ("a Content-Length too small", frame({"jsonrpc": "2.0", "id": 6, "method": "x"}, extra=-4)),
        ("bytes that are no frame", b"hello\r\n\r\n"),
        ("a header without Content-Length", b"Content-Type: x\r\n\r\n"),
    ]
    for what, data in bad:
        s.send_raw(data)
        r = s.wait(lambda m: m.get("error", {}).get("code") == -32700, 10)
        check("%s: ParseError (-32700) with id null" % what, r and r.get("id", 1) is None, r)
        rid = s.request("nothing/here")
        r = s.response(rid)
        check("%s: the next request is still answered" % what, r and r.get("error", {}).get("code") == -32601, r)
    # too large, then a request: both answered; too large with nothing after it: answered too
    s.send_raw(frame({"jsonrpc": "2.0", "id": 20, "method": "nothing/a"}, extra=9) +
               frame({"jsonrpc": "2.0", "id": 21, "method": "nothing/b"}))
    r20, r21 = s.response(20), s.response(21)
    check("a Content-Length too large: that request and the next are answered", r20 and r21, (r20, r21))
    s.send_raw(frame({"jsonrpc": "2.0", "id": 22, "method": "nothing/c"}, extra=50))
    r = s.response(22, 10)
    check("a Content-Length too large with nothing after it: answered, not waited for", r is not None, r)
    s.send({"jsonrpc": "2.0", "id": 23})
    r = s.response(23)
    check("a request without a method: InvalidRequest", r and r.get("error", {}).get("code") == -32600, r)
    s.send({"id": 24, "method": "shutdown"})
    r = s.response(24)
    check("a request without \"jsonrpc\": \"2.0\": InvalidRequest", r and r.get("error", {}).get("code") == -32600, r)
    s.send_raw(frame(b"[1, 2]"))
    r = s.wait(lambda m: m.get("error", {}).get("code") == -32600)
    check("a batch (JSON array): InvalidRequest", r is not None, r)
    s.notify("some/unknownNotification", {})
    s.notify("$/setTrace", {"value": "off"})
    r = s.call("textDocument/codeAction", {"textDocument": {"uri": "file:///not/open.py"}})
    check("unknown notifications are ignored; a request on a document never opened: InvalidParams (-32602)",
          r and r.get("error", {}).get("code") == -32602, r)
    r = s.call("shutdown")
    s.notify("exit")
    check("after all that the server shuts down cleanly", r and s.close() == 0)
    ok = all(m.get("jsonrpc") == "2.0" for m in [json.loads(b) for b in split_frames(s.raw_out)])
    check("every message the server wrote is a JSON-RPC 2.0 frame", ok)


def test_garbage():
    """seeded random input: frames of random bytes, random JSON, methods with params of the wrong shape"""
    import random
    rnd = random.Random(1616)
    w = Workspace()
    s = w.server
    uri = s.open(w.path("g.py"), SLEEPY)
    s.diagnostics(uri, 1)
    methods = ["textDocument/didOpen", "textDocument/didChange", "textDocument/didClose", "textDocument/didSave",
               "textDocument/codeAction", "textDocument/hover", "workspace/didChangeConfiguration",
               "workspace/didChangeWatchedFiles", "workspace/didChangeWorkspaceFolders", "initialized", "$/cancelRequest"]

    def value(depth=0):
        def obj():
            keys = ["textDocument", "uri", "range", "start", "end", "line", "character", "text", "contentChanges",
                    "position", "context", "only", "settings", "changes", "event", "version", "diagnostics"]
            return {rnd.choice(keys): value(depth + 1) for _ in range(rnd.randrange(4))}

        def change():
            def pos():
                return {"line": rnd.randrange(-2, 9), "character": rnd.randrange(-2, 40)}
            return {"textDocument": {"uri": uri, "version": rnd.randrange(100)},
                    "contentChanges": [{"range": {"start": pos(), "end": pos()},
                                        "text": rnd.choice(["", "x", "\n", "\U0001F600", "time.sleep(1)\n"])}],
                    "range": {"start": pos(), "end": pos()}, "position": pos(), "context": {}}
        makers = [lambda: None, lambda: True, lambda: rnd.randrange(-2**40, 2**40), lambda: rnd.random(),
                  lambda: "x" * rnd.randrange(4), lambda: uri, change,
                  lambda: [value(depth + 1) for _ in range(rnd.randrange(3))], obj]
        return rnd.choice(makers if depth < 3 else makers[:7])()
    data = b""
    for i in range(400):
        r = rnd.random()
        if r < 0.15:
            data += bytes(rnd.randrange(256) for _ in range(rnd.randrange(40)))
        elif r < 0.25:
            data += frame(bytes(rnd.randrange(256) for _ in range(rnd.randrange(40))))
        else:
            msg = {"jsonrpc": "2.0", "method": rnd.choice(methods), "params": value()}
            if rnd.random() < 0.5:
                msg["id"] = 1000 + i
            data += frame(msg, extra=rnd.choice([0] * 8 + [-3, 5]))
    for k in range(0, len(data), 997):
        s.send_raw(data[k:k + 997])
    s.send_raw(b"\r\n\r\n")
    r = None
    for _ in range(3):   # the junk may swallow a request's frame; one of three gets through
        r = s.call("shutdown", timeout=30)
        if r:
            break
    s.notify("exit")
    check("400 random frames (junk, bad JSON, wrong Content-Length, params of every wrong shape): "
          "the server is still there and shuts down cleanly", r is not None and s.close() == 0, r)
    shutil.rmtree(w.root)


def split_frames(raw):
    out = []
    while raw:
        head, _, rest = raw.partition(b"\r\n\r\n")
        n = int(head.split(b":")[1])
        out.append(rest[:n])
        raw = rest[n:]
    return out


def test_diagnostics_and_changes():
    w = Workspace()
    s = w.server
    path = w.path("app.py")
    uri = s.open(path, SLEEPY)
    d = s.diagnostics(uri, 1)
    check("didOpen: AF101 published for the unsaved text (no file on disk)", codes(d) == ["AF101"], d)
    if d:
        x = d[0]
        check("diagnostic: range of `time.sleep(1)`, severity warning, source asyncfix",
              x["range"] == {"start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 17}} and
              x["severity"] == 2 and x["source"] == "asyncfix" and "time.sleep" in x["message"], x)
    # incremental: replace `time.sleep(1)` by `await asyncio.sleep(1)` and add the import
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 14}},
         "text": "await asyncio.sleep"},
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 11}},
         "text": "import asyncio"}]})
    d = s.diagnostics(uri, 2)
    check("incremental changes (two in one notification) fix it: no diagnostics", d == [], d)
    # incremental insertion of a new blocking call on a new line
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
        {"range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}},
         "text": "    import time\n    time.sleep(2)\n"}]})
    d = s.diagnostics(uri, 3)
    check("an incremental insertion: AF101 on the new line 6", [x["range"]["start"]["line"] for x in d or []] == [6], d)
    # full sync
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4},
                                        "contentChanges": [{"text": CLEAN}]})
    check("a full-text change: no diagnostics", s.diagnostics(uri, 4) == [])
    # a burst of edits: diagnostics for the last version (intermediate ones may be skipped)
    for v in range(5, 25):
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                            "contentChanges": [{"text": SLEEPY if v % 2 else CLEAN}]})
    d = s.diagnostics(uri, 24)
    check("a burst of 20 changes: the last version (24) is published, clean", d == [], d)
    s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    d = s.diagnostics(uri)
    check("didClose clears the diagnostics", d == [], d)
    # hover
    uri2 = s.open(w.path("b.py"), SLEEPY)
    s.diagnostics(uri2, 1)
    r = s.call("textDocument/hover", {"textDocument": {"uri": uri2}, "position": {"line": 4, "character": 8}})
    v = ((r or {}).get("result") or {}).get("contents", {}).get("value", "")
    check("hover on a finding: the --explain text", "AF101" in v and "What it does" in v, r)
    r, code = w.finish()
    check("diagnostics: clean shutdown", code == 0)


def test_positions():
    line = '    s = "\U0001F600\U0001F600"; time.sleep(1)\n'
    text = "import time\n\n\nasync def main():\n" + line
    col16 = utf16_units(line[:line.index("time.sleep")])
    col8 = len(line[:line.index("time.sleep")].encode())
    for enc, offered, col in (("utf-16", None, col16), ("utf-16", ["utf-16"], col16), ("utf-8", ["utf-16", "utf-8"], col8)):
        w = Workspace(encodings=offered)
        s = w.server
        got = w.init["result"]["capabilities"]["positionEncoding"]
        check("offered %s: %s negotiated" % (offered, enc), got == enc, got)
        uri = s.open(w.path("e.py"), text)
        d = s.diagnostics(uri, 1)
        start = d[0]["range"]["start"] if d else None
        check("%s: the finding after two U+1F600 starts at character %d" % (enc, col),
              start == {"line": 4, "character": col}, d)
        # an incremental edit addressed in the same units: `(1)` -> `(2)`
        at = col + len("time.sleep(")
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 4, "character": at}, "end": {"line": 4, "character": at + 1}}, "text": "2"}]})
        s.diagnostics(uri, 2)
        acts = code_actions(s, uri, 4, col, only=["source.fixAll"])
        edits = workspace_edits(acts[0]["edit"], uri) if acts else []
        fixed = apply_edits(text.replace("sleep(1)", "sleep(2)"), edits, enc)
        want = cli_write(text.replace("sleep(1)", "sleep(2)"), w.path("e.py"))
        check("%s: the edit landed on the right character; fix all edits in %s units equal --write" % (enc, enc),
              fixed == want and "asyncio.sleep(2)" in fixed, (fixed, want))
        w.finish()


def test_code_actions():
    w = Workspace()
    s = w.server
    text = ("import time\n\n\nasync def main():\n    time.sleep(1)\n    x = 1  # keep: AF201\n"
            "    time.sleep(2)  # noqa: AF201\n    time.sleep(3)  # a comment\n"
            "    y = 2 + \\\n        time.sleep(4)\n"
            "    s = f'''{time.sleep(5)}\n    '''\n")
    uri = s.open(w.path("c.py"), text)
    d = s.diagnostics(uri, 1)
    check("code actions: five AF101 findings", codes(d) == ["AF101"] * 5, d)
    acts = code_actions(s, uri, 4, 4)
    titles = [a["title"] for a in acts]
    check("on line 5: a quick fix, a noqa action and fix all",
          any("AF101" in t and "noqa" not in t and "Disable" not in t for t in titles) and
          "asyncfix (AF101): Disable for this line" in titles and "asyncfix: Fix all auto-fixable problems" in titles,
          titles)
    qf = [a for a in acts if a["kind"] == "quickfix" and "Disable" not in a["title"]]
    if qf:
        after = apply_edits(text, workspace_edits(qf[0]["edit"], uri))
        check("the quick fix: `await asyncio.sleep(1)` and `import asyncio`, the other lines as they were",
              "    await asyncio.sleep(1)\n" in after and "import asyncio\n" in after and
              after.count("time.sleep(") == 4 and qf[0].get("isPreferred") is True, after)
        check("the quick fix names its diagnostic", qf[0].get("diagnostics", [{}])[0].get("code") == "AF101", qf[0])
    fa = [a for a in acts if a["kind"] == "source.fixAll.asyncfix"]
    if fa:
        after = apply_edits(text, workspace_edits(fa[0]["edit"], uri))
        check("fix all equals `asyncfix --write` on the same bytes", after == cli_write(text, w.path("c.py")), after)

    def noqa(line):
        for a in code_actions(s, uri, line, 6):
            if "Disable" in a["title"]:
                return apply_edits(text, workspace_edits(a["edit"], uri)).split("\n")[line]
        return None
    check("noqa on a plain line: `  # noqa: AF101` appended", noqa(4) == "    time.sleep(1)  # noqa: AF101", noqa(4))
    check("noqa merged into an existing `# noqa: AF201`", noqa(6) == "    time.sleep(2)  # noqa: AF201, AF101",
          noqa(6))
    check("noqa after another comment", noqa(7) == "    time.sleep(3)  # a comment  # noqa: AF101", noqa(7))
    check("no noqa action on a line that continues with a backslash or inside a string that runs on",
          noqa(8) is None and noqa(10) is None, (noqa(8), noqa(10)))
    # the noqa edit really silences the finding
    acts = [a for a in code_actions(s, uri, 4, 6) if "Disable" in a["title"]]
    if acts:
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                            "contentChanges": workspace_edits(acts[0]["edit"], uri) and
                                            [{"range": e["range"], "text": e["newText"]}
                                             for e in workspace_edits(acts[0]["edit"], uri)]})
        d = s.diagnostics(uri, 2)
        check("after the noqa edit: four findings left", codes(d) == ["AF101"] * 4, d)
    # CRLF: the noqa goes before the \r, fix all keeps the line endings
    crlf = "import time\r\n\r\n\r\nasync def main():\r\n    time.sleep(1)  # a comment\r\n    time.sleep(2)\r\n"
    curi = s.open(w.path("crlf.py"), crlf)
    s.diagnostics(curi, 1)
    acts = [a for a in code_actions(s, curi, 4, 6) if "Disable" in a["title"]]
    got = apply_edits(crlf, workspace_edits(acts[0]["edit"], curi)) if acts else ""
    check("CRLF: noqa after a comment lands before the \\r",
          "    time.sleep(1)  # a comment  # noqa: AF101\r\n" in got, repr(got))
    acts = [a for a in code_actions(s, curi, 5, 6) if "Disable" in a["title"]]
    got = apply_edits(crlf, workspace_edits(acts[0]["edit"], curi)) if acts else ""
    check("CRLF: noqa on a plain line lands before the \\r", "    time.sleep(2)  # noqa: AF101\r\n" in got, repr(got))
    acts = code_actions(s, curi, 0, 0, only=["source.fixAll"])
    got = apply_edits(crlf, workspace_edits(acts[0]["edit"], curi)) if acts else ""
    check("CRLF: fix all equals --write", got == cli_write(crlf, w.path("crlf.py")), repr(got))
    # only: a request for source.fixAll gives fix all alone
    acts = code_actions(s, uri, 0, 0, only=["source.fixAll"])
    check("only [source.fixAll]: source.fixAll.asyncfix alone", [a["kind"] for a in acts] == ["source.fixAll.asyncfix"],
          acts)
    acts = code_actions(s, uri, 0, 0, only=["refactor"])
    check("only [refactor]: nothing", acts == [], acts)
    # a diagnostic of the request's context is served even when the range misses it (cursor at column 0)
    line_diag = [{"range": {"start": {"line": 7, "character": 4}, "end": {"line": 7, "character": 17}},
                  "code": "AF101", "message": "m"}]
    acts = code_actions(s, uri, 0, 0, diagnostics=line_diag)
    check("a context diagnostic outside the range still gets its actions", any("AF101" in a["title"] for a in acts),
          acts)
    w.finish()

    # documentChanges carry the version; unsafe fixes only with unsafeFixes (AF3 is opt-in: selected here)
    w = Workspace(document_changes=True, options={"select": ["AF1", "AF3"]})
    s = w.server
    uri = s.open(w.path("u.py"), SEQUENTIAL, version=7)
    d = s.diagnostics(uri, 7)
    acts = code_actions(s, uri, 12, 8)
    check("documentChanges: the edit names the document and its version",
          acts and acts[0]["edit"]["documentChanges"][0]["textDocument"] == {"uri": uri, "version": 7}, acts)
    check("an unsafe fix is not offered by default (AF301)", codes(d) == ["AF301"] and
          not any("(unsafe)" in a["title"] for a in acts), (d, acts))
    s.notify("workspace/didChangeConfiguration", {"settings": {"asyncfix": {"unsafeFixes": True,
                                                                          "select": ["AF1", "AF3"]}}})
    s.diagnostics(uri)
    acts = code_actions(s, uri, 12, 8)
    unsafe = [a for a in acts if "(unsafe)" in a["title"]]
    check("unsafeFixes: the unsafe quick fix is offered, marked and not preferred",
          unsafe and not unsafe[0].get("isPreferred"), acts)
    w.finish()


def test_cancel():
    w = Workspace()
    s = w.server
    uri = s.open(w.path("c.py"), SLEEPY)
    s.diagnostics(uri, 1)
    req = s.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {
        "start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 4}}, "context": {}}, send=False)
    cancel = {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": req["id"]}}
    s.send_raw(frame(req) + frame(cancel))
    r = s.response(req["id"])
    check("a request cancelled in the same write: RequestCancelled (-32800)",
          r and r.get("error", {}).get("code") == -32800, r)
    r = s.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {
        "start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 4}}, "context": {}})
    check("the next request is answered", r and len(r.get("result", [])) >= 2, r)
    s.notify("$/cancelRequest", {"id": 999})
    check("cancelling an unknown id is harmless", s.call("shutdown") is not None)
    s.notify("exit")
    s.close()
    shutil.rmtree(w.root)


def test_bad_documents():
    w = Workspace()
    s = w.server
    body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "file://" + w.path("latin1.py"), "languageId": "python", "version": 1, "text": "XX"}}}).encode()
    body = body.replace(b"XX", b"s = '\xe9t\xe9'\\nimport time\\nasync def f():\\n    time.sleep(1)\\n")
    s.send_raw(frame(body))
    d = s.diagnostics("file://" + w.path("latin1.py"), 1)
    check("a document that is not UTF-8: one error diagnostic that says so",
          d and len(d) == 1 and d[0]["severity"] == 1 and "UTF-8" in d[0]["message"], d)
    uri = s.open(w.path("nul.py"), "import time\x00\nasync def f():\n    time.sleep(1)\n")
    d = s.diagnostics(uri, 1)
    check("a document holding NUL: one error diagnostic", d and len(d) == 1 and "NUL" in d[0]["message"], d)
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                        "contentChanges": [{"text": SLEEPY}]})
    d = s.diagnostics(uri, 2)
    check("... and checked again once the text is clean", codes(d) == ["AF101"], d)
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
        {"range": {"start": {"line": "x"}}, "text": "oops"}]})
    r = s.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 5}})
    check("a malformed change is ignored (logged), the server goes on", r and "result" in r, r)
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [
        {"range": {"start": {"line": 999, "character": 0}, "end": {"line": 999, "character": 5}}, "text": "\n"}]})
    d = s.diagnostics(uri, 4)
    check("a change past the end appends (positions are clamped)", codes(d) == ["AF101"], d)
    s.open(w.path("notes.txt"), "time.sleep(1)")
    r, code = w.finish()
    check("bad documents: clean shutdown", code == 0, code)


def test_settings_and_config():
    w = Workspace(options={"select": ["AF2"]})
    s = w.server
    uri = s.open(w.path("s.py"), SLEEPY)
    check("initializationOptions select AF2: AF101 not reported", s.diagnostics(uri, 1) == [])
    s.notify("workspace/didChangeConfiguration", {"settings": {}})
    s.notify("workspace/didChangeConfiguration", {"settings": {"asyncfix": {"select": ["AF1"], "ignore": []}}})
    d = settle(s, uri)
    check("didChangeConfiguration (an empty one ignored) selects AF1: AF101 reported", codes(d) == ["AF101"], d)
    s.notify("workspace/didChangeConfiguration", {"settings": {"asyncfix": {"select": "AF1"}}})
    m = s.wait(lambda m: m.get("method") == "window/showMessage")
    check("a setting of the wrong type: a warning shown", m and "select" in m["params"]["message"], m)
    s.notify("workspace/didChangeConfiguration", {"settings": {"asyncfix": {"noSuchSetting": 1}}})
    m = s.wait(lambda m: m.get("method") == "window/showMessage")
    check("an unknown setting: a warning that names it", m and "noSuchSetting" in m["params"]["message"], m)
    # every [tool.asyncfix] key is a setting, camelCase or kebab-case, through the same option rows
    user = s.open(w.path("user.py"), "import mylib\n\n\nasync def f():\n    mylib.fetch_sync()\n")
    check("without extendBlockingCalls: mylib.fetch_sync() is not a finding", s.diagnostics(user, 1) == [])
    for key in ("extendBlockingCalls", "extend-blocking-calls"):
        s.notify("workspace/didChangeConfiguration", {"settings": {"asyncfix": {key: ["mylib.fetch_sync"]}}})
        d = settle(s, user)
        check("setting %s: mylib.fetch_sync() reported (AF105)" % key, codes(d) == ["AF105"], d)
    s.notify("textDocument/didClose", {"textDocument": {"uri": user}})
    s.notify("workspace/didChangeConfiguration", {"settings": {"asyncfix": {"select": ["AF2"]}}})
    d = settle(s, uri)
    check("select AF2 again: AF101 not reported", d == [], d)
    s.notify("workspace/didChangeConfiguration", {"settings": {"asyncfix": {}}})
    d = settle(s, uri)
    check("settings reset: AF101 reported, no codeDescription", codes(d) == ["AF101"] and
          "codeDescription" not in d[0], d)
    s.notify("workspace/didChangeConfiguration", {"settings": {"asyncfix": {
        "ruleDocsUrl": "https://docs.example.org/asyncfix/{code}.html"}}})
    d = settle(s, uri)
    check("ruleDocsUrl: codeDescription.href links the rule", d and d[0].get("codeDescription") ==
          {"href": "https://docs.example.org/asyncfix/AF101.html"}, d)
    s.notify("workspace/didChangeConfiguration", {"settings": {"asyncfix": {}}})
    settle(s, uri)
    # pyproject.toml written on disk: seen without any notification (looked at while idle)
    w.write("pyproject.toml", "[tool.asyncfix]\nignore = [\"AF101\"]\n")
    d = s.diagnostics(uri, timeout=10)
    check("pyproject.toml created with ignore AF101: republished without it, no notification needed", d == [], d)
    w.write("pyproject.toml", "[tool.asyncfix]\nignore = [\"AF2\"]\n")
    s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": "file://" + w.path("pyproject.toml"), "type": 2}]})
    d = settle(s, uri)
    check("pyproject.toml changed (didChangeWatchedFiles): AF101 back", codes(d) == ["AF101"], d)
    w.write("pyproject.toml", "[tool.asyncfix]\ntarget-version = \"py1\"\n")
    d = s.diagnostics(uri, timeout=10)
    while d is not None and not any("configuration" in x["message"] for x in d):
        d = s.diagnostics(uri, timeout=10)   # a republish for another reason may come first
    check("a bad value in pyproject.toml: a warning diagnostic, the defaults apply",
          d and any("configuration" in x["message"] for x in d) and "AF101" in codes(d), d)
    w.finish()


def test_index():
    files = {
        "pkg/__init__.py": "",
        "pkg/db.py": "async def fetch(key):\n    return key\n",
        "pkg/main.py": "from pkg.db import fetch\n\n\nasync def main():\n    fetch(1)\n",
    }
    w = Workspace(files)
    s = w.server
    uri = s.open(w.path("pkg/main.py"), files["pkg/main.py"])
    d = None
    for _ in range(3):   # published at once, then again when the index is built
        d = s.diagnostics(uri, timeout=10)
        if d and "AF201" in codes(d):
            break
    check("the project index (built in the background) makes `fetch(1)` AF201", "AF201" in codes(d), d)
    acts = code_actions(s, uri, 4, 4, only=["source.fixAll"])
    after = apply_edits(files["pkg/main.py"], workspace_edits(acts[0]["edit"], uri)) if acts else None
    check("fix all with the index: `await fetch(1)`", after and "    await fetch(1)\n" in after, after)
    # the definition becomes sync on disk and is saved: the open main.py is republished
    w.write("pkg/db.py", "def fetch(key):\n    return key\n")
    s.notify("textDocument/didSave", {"textDocument": {"uri": "file://" + w.path("pkg/db.py")}})
    d = s.diagnostics(uri, timeout=15)
    check("db.py saved with a sync fetch: main.py republished without AF201", d == [], d)
    # a save that changes nothing the index records republishes nothing
    w.write("pkg/db.py", "def fetch(key):\n    return key  # same\n")
    s.notify("textDocument/didSave", {"textDocument": {"uri": "file://" + w.path("pkg/db.py")}})
    d = s.diagnostics(uri, timeout=3)
    check("a save that records nothing new: no republish", d is None, d)
    w.finish()


def test_chain_related_information():
    files = {
        "api.py": "import time\n\n\ndef backoff(n):\n    time.sleep(n)\n",
        "bot.py": "from api import backoff\n\n\nasync def poll():\n    backoff(1)\n",
        "pyproject.toml": "[tool.asyncfix]\nmigrate-helpers = true\nunsafe-fixes = true\n",
    }
    w = Workspace(files)
    s = w.server
    uri = s.open(w.path("bot.py"), files["bot.py"])
    d = None
    for _ in range(6):   # published at once, then again when the index is built (slowly on a busy machine)
        d = s.diagnostics(uri, timeout=15)
        if d and "AF106" in codes(d):
            break
    found = [x for x in (d or []) if x.get("code") == "AF106"]
    rel = found[0].get("relatedInformation") if found else None
    ok = rel and len(rel) == 1 and rel[0]["location"]["uri"] == "file://" + w.path("api.py") and \
        rel[0]["location"]["range"]["start"] == {"line": 4, "character": 4} and "which blocks (AF101)" in rel[0]["message"]
    check("AF106's chain as relatedInformation, pointing into api.py", ok, d)
    acts = code_actions(s, uri, 4, 4, only=["source.fixAll"])
    after = apply_edits(files["bot.py"], workspace_edits(acts[0]["edit"], uri)) if acts else None
    check("migrate-helpers in the config: the server offers the thread fix, never a migration",
          after and "await asyncio.to_thread(backoff, 1)" in after, after)
    w.finish()


def main():
    tests = [test_lifecycle, test_framing, test_garbage, test_diagnostics_and_changes, test_positions, test_code_actions,
             test_cancel, test_bad_documents, test_settings_and_config, test_index, test_chain_related_information]
    for t in tests:
        print("# " + t.__name__[5:])
        try:
            t()
        except Exception:   # a crash in a test is a failure, not a stop
            import traceback
            check(t.__name__ + " ran to the end", False, traceback.format_exc())
    print("%d checks, %d failed" % (checks, len(failures)))
    for f in failures:
        print("failed: " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
