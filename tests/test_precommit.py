#!/usr/bin/python3
"""The hooks of .pre-commit-hooks.yaml, run by Debian's pre-commit on real commits.

Run as `/usr/bin/python3 tests/test_precommit.py ASYNCFIX`. A temporary git
repository holds a copy of .pre-commit-hooks.yaml (committed, so that
pre-commit can clone it at a revision as it clones any hook repository); a
second repository uses it from its .pre-commit-config.yaml, with `asyncfix`
on PATH (the hooks are `language: system`), and `pre-commit install` puts
the git hook in place. Then real `git commit`s:
  - asyncfix: a staged file with an anti-pattern is refused, a clean one passes;
  - asyncfix-fix: the staged file is rewritten as `asyncfix --write` writes it
    and the commit is refused; staged again, the commit passes.
"""
import os
import shutil
import subprocess
import sys
import tempfile

if len(sys.argv) != 2:
    sys.exit("usage: test_precommit.py ASYNCFIX")

ASYNCFIX = os.path.abspath(sys.argv[1])
SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SLEEPY = "import time\n\n\nasync def main():\n    time.sleep(1)\n"
CLEAN = "import asyncio\n\n\nasync def main():\n    await asyncio.sleep(1)\n"

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


class Env:
    def __init__(self):
        self.tmp = os.path.realpath(tempfile.mkdtemp(prefix="asyncfix-precommit-"))
        bindir = os.path.join(self.tmp, "bin")
        os.mkdir(bindir)
        os.symlink(ASYNCFIX, os.path.join(bindir, "asyncfix"))
        self.env = dict(os.environ, PATH=bindir + ":" + os.environ.get("PATH", "/usr/bin:/bin"),
                        PRE_COMMIT_HOME=os.path.join(self.tmp, "cache"), HOME=self.tmp,
                        GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1", PRE_COMMIT_COLOR="never")

    def run(self, args, cwd):
        return subprocess.run(args, cwd=cwd, env=self.env, capture_output=True, timeout=300)

    def git_repo(self, name):
        d = os.path.join(self.tmp, name)
        os.mkdir(d)
        for args in (["git", "init", "-q", "-b", "main"], ["git", "config", "user.name", "Test"],
                     ["git", "config", "user.email", "test@example.com"], ["git", "config", "commit.gpgsign", "false"]):
            self.run(args, d)
        return d


def show(p):
    return "exit %d\n%s%s" % (p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"))


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def main():
    if not shutil.which("pre-commit"):
        sys.exit("test_precommit.py: pre-commit is needed (tools/bootstrap installs it: apt-get install pre-commit)")
    e = Env()
    hooks = e.git_repo("hooks")
    shutil.copy(os.path.join(SOURCE_ROOT, ".pre-commit-hooks.yaml"), hooks)
    e.run(["git", "add", "."], hooks)
    e.run(["git", "commit", "-q", "-m", "hooks"], hooks)
    rev = e.run(["git", "rev-parse", "HEAD"], hooks).stdout.decode().strip()

    repo = e.git_repo("project")

    def config(hook):
        write(os.path.join(repo, ".pre-commit-config.yaml"),
              "repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n" % (hooks, rev, hook))

    config("asyncfix")
    p = e.run(["pre-commit", "install"], repo)
    check("pre-commit install", p.returncode == 0, show(p))
    e.run(["git", "add", ".pre-commit-config.yaml"], repo)
    p = e.run(["git", "commit", "-q", "-m", "config"], repo)
    check("a commit without Python files passes (the hooks are skipped)", p.returncode == 0, show(p))

    write(os.path.join(repo, "app.py"), SLEEPY)
    e.run(["git", "add", "app.py"], repo)
    p = e.run(["git", "commit", "-q", "-m", "sleepy"], repo)
    out = p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")
    check("asyncfix: a commit with `time.sleep` in an async def is refused", p.returncode != 0 and "AF101" in out,
          show(p))
    log = e.run(["git", "log", "--oneline"], repo).stdout.decode()
    check("... and no commit was made", len(log.strip().splitlines()) == 1, log)
    with open(os.path.join(repo, "app.py")) as f:
        check("... and the check hook changed nothing", f.read() == SLEEPY)

    write(os.path.join(repo, "app.py"), CLEAN)
    e.run(["git", "add", "app.py"], repo)
    p = e.run(["git", "commit", "-q", "-m", "clean"], repo)
    check("asyncfix: a clean file is committed", p.returncode == 0, show(p))

    config("asyncfix-fix")
    write(os.path.join(repo, "app.py"), SLEEPY)
    e.run(["git", "add", ".pre-commit-config.yaml", "app.py"], repo)
    p = e.run(["git", "commit", "-q", "-m", "sleepy again"], repo)
    want = subprocess.run([ASYNCFIX, "--write", "--stdin-filename", "app.py"], input=SLEEPY.encode(),
                          capture_output=True).stdout.decode()
    with open(os.path.join(repo, "app.py")) as f:
        got = f.read()
    out = p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace")
    check("asyncfix-fix: the staged file is rewritten as `asyncfix --write` writes it", got == want and
          "await asyncio.sleep(1)" in got, (got, want))
    check("asyncfix-fix: and the commit is refused (files were modified by this hook)",
          p.returncode != 0 and "modified" in out, show(p))
    e.run(["git", "add", "app.py"], repo)
    p = e.run(["git", "commit", "-q", "-m", "fixed"], repo)
    check("asyncfix-fix: staged again, the commit passes", p.returncode == 0, show(p))
    shown = e.run(["git", "show", "HEAD:app.py"], repo).stdout.decode()
    check("... and holds the fixed file", shown == want, shown)
    shutil.rmtree(e.tmp)
    print("%d checks, %d failed" % (checks, len(failures)))
    for f in failures:
        print("failed: " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
