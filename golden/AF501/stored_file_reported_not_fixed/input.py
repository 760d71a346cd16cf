class Holder:
    pass


async def keep(path, holder):
    with open(path) as f:
        holder.file = f
        return holder.file.read()
