#!/usr/bin/env python3
"""The layers: a module only uses the modules below it (or beside it, in its own layer).

usage: layers.py NM LIBRARY [CONTRIBUTING.md]

Reads the symbols of every object of LIBRARY (the core library) with `nm`,
finds which module defines each global symbol, and fails for every reference
from a module to a symbol of a module in a higher layer, and for a module the
map below does not place. With CONTRIBUTING.md, its copy of the map (the code
block after the line `<!-- layers -->`) must be this one.
"""
import os
import re
import subprocess
import sys

# top first; a module is a source file's name without .c (transforms/*.c: the rules layer)
LAYERS = """\
main server            | main cli server workspace lspdoc codeaction jsonrpc textdoc
output                 | output diff writer git discover config
engine                 | engine
index                  | index summary graph dircache
worker, pool, options  | worker pool options
rules                  | transforms/*
sink                   | sink
model and toolkit      | semantic atomic edit stmt rewrite imports prune project file
lang, source           | lang cursor source conform
common                 | common crash tsalloc
"""


def layer_map():
    """{module: layer number (0 is the bottom)}, with 'transforms/*' standing for the rule files"""
    rows = [l.split("|") for l in LAYERS.splitlines() if l.strip()]
    out = {}
    for depth, (_, modules) in enumerate(reversed(rows)):
        for m in modules.split():
            out[m] = depth
    return out


def module_of(member):
    """'build/libasyncfix_core.a.p/transforms_gather.c.o' -> 'transforms/gather'"""
    name = os.path.basename(member)
    name = re.sub(r"\.c\.o$", "", name)
    if name.startswith("src_"):
        return name[4:]
    if name.startswith("transforms_"):
        return "transforms/" + name[len("transforms_"):]
    return name


def main():
    nm, library = sys.argv[1], sys.argv[2]
    layers = layer_map()
    out = subprocess.run([nm, "-A", "-P", "-g", library], capture_output=True, text=True, check=True).stdout
    defined, used = {}, {}
    for line in out.splitlines():
        m = re.match(r"^[^\[]*\[([^\]]+)\]: (\S+) (\S)", line)
        if not m:
            continue
        module, symbol, kind = module_of(m.group(1)), m.group(2), m.group(3)
        if kind == "U":
            used.setdefault(module, set()).add(symbol)
        elif kind not in "wWvV":
            defined[symbol] = module
    errors = []

    def layer(module):
        if module in layers:
            return layers[module]
        if module.startswith("transforms/"):
            return layers["transforms/*"]
        return None

    for module in sorted(set(defined.values()) | set(used)):
        if layer(module) is None:
            errors.append("%s: not in the layer map (tests/layers.py)" % module)
    for module, symbols in sorted(used.items()):
        for symbol in sorted(symbols):
            owner = defined.get(symbol)
            if owner is None or owner == module or layer(module) is None or layer(owner) is None:
                continue
            if layer(owner) > layer(module):
                errors.append("%s uses %s of %s, a higher layer" % (module, symbol, owner))
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            text = f.read()
        m = re.search(r"<!-- layers -->\s*```\n(.*?)```", text, re.S)
        if not m or m.group(1) != LAYERS:
            errors.append("%s: the layer map after <!-- layers --> is not the one in tests/layers.py" % sys.argv[3])
    for e in errors:
        print(e)
    modules = len(set(defined.values()) | set(used))
    print("%d modules, %d references up a layer or unplaced modules" % (modules, len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
