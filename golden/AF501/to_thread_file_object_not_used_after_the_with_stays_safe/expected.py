import asyncio
import pathlib
async def one(path):
    data = await asyncio.to_thread(pathlib.Path(path).read_text)
    return data


async def two_files_one_name(src, dst):
    data = await asyncio.to_thread(pathlib.Path(src).read_text)
    await asyncio.to_thread(pathlib.Path(dst).write_text, data)


async def either_file(path, other, first):
    if first:
        data = await asyncio.to_thread(pathlib.Path(path).read_text)
    else:
        data = await asyncio.to_thread(pathlib.Path(other).read_text)
    return data


async def name_bound_again(path, obj):
    data = await asyncio.to_thread(pathlib.Path(path).read_text)
    f = data.strip()
    obj.f = f
    return f


async def name_of_the_next_turn(paths):
    for path in paths:
        f = None
        print(f)
        data = await asyncio.to_thread(pathlib.Path(path).read_text)
    return data


async def own_name_in_a_helper(path):
    def show(f):
        return f
    data = await asyncio.to_thread(pathlib.Path(path).read_text)
    return show(data), [f for f in data]
