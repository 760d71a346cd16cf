def fetch():
    return "sync"
