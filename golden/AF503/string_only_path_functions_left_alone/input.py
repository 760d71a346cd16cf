import glob
import os
import posixpath


async def names(base, name):
    full = os.path.join(base, name)
    clean = os.path.normpath(full)
    rel = os.path.relpath(clean, base)
    top = os.path.abspath(base)
    stem, ext = os.path.splitext(posixpath.basename(full))
    pattern = glob.escape(name)
    return full, clean, rel, top, stem, ext, pattern, posixpath.dirname(full)
