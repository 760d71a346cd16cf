import asyncio


def make_worker(jobs, *, limit=3, **options):
    async def work():
        nonlocal done, attempts, handle, json, results, hint, shape, rest, extra
        nonlocal limit, options, Retry, report
        done = True
        attempts += 1
        await asyncio.sleep(0)
        return handle, json, results, hint, shape, rest, extra, Retry, report

    done = False                       # bound after the nested def
    for attempts in range(1):          # a for target
        pass
    with open(jobs) as handle:         # a with target
        pass
    import json                        # an import
    hint: str                          # an annotation without a value
    if any((results := job) for job in jobs):   # a walrus in a comprehension
        pass
    match jobs:
        case [shape, *rest]:           # match captures
            pass
        case {"extra": extra}:
            pass

    class Retry:                       # a class name (its body binds nothing outside)
        count = 0

        def again(self):
            nonlocal done              # through the class body
            done = False
            return self.count

    def report():                      # a def name
        def line():
            nonlocal attempts          # a chain of nonlocals
            attempts += 1
        nonlocal attempts
        line()

    return work
