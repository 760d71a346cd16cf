import aiofiles


async def maybe(path, flag):
  if flag:
    f = aiofiles.open(path, "w")
    await f.write("x")
  return flag
