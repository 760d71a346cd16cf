import aiofiles


async def maybe(path, flag):
  if flag:
    async with aiofiles.open(path, "w") as f:
      await f.write("x")
  return flag
