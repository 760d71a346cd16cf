import codecs
import io


async def load(path):
    code = io.open_code(path).read()
    text = codecs.open(path, encoding="latin-1").read()
    lines = [codecs.open(p).read() for p in (path, path)]
    return code, text, lines
