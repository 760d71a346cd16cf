import asyncio


async def delays(xs):
    done = []
    for x in xs:
        done.append(await asyncio.sleep(x))
    return done
