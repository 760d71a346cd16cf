import codecs
import io


async def load(path):
    with io.open_code(path) as f:
        code = f.read()
    with codecs.open(path, "r", "latin-1") as g:
        text = g.read()
    return code, text
