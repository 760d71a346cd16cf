def nightly(store):
    store.flush()
