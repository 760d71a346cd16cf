async def handle(store, key):
    return store.fetch(key)


async def handle_typed(store, key):
    s = store
    return s.fetch(key)
