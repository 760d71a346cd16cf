from __future__ import annotations

import asyncio

global _state
_state: dict                           # a module may annotate its globals after `global`
_count = 0


async def poll(source, *, retries=3):
    global _count                      # at the top, then assigned
    _count += 1
    import json                        # an import before `global` binds nothing CPython minds
    global json
    pending: _state                    # an annotation: a scope of its own under the future import
    global _state

    def reset():
        return _seen                   # a use in a nested def's body
    callback = lambda: _done           # a use in a lambda's body
    names = [_level for _ in source]   # a use inside a comprehension's own scope
    source.update(_seen=1)             # a keyword's name, not a use
    source._done = True                # an attribute's name, not a use
    global _seen, _done, _level
    _seen = _done = _level = None
    await asyncio.sleep(0)
    return reset, callback, names, pending, json


class Registry:
    global _count
    entries = _count
