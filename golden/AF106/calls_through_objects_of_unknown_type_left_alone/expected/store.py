import sqlite3


class Store:
    def __init__(self, path):
        self.db = sqlite3.connect(path)

    def fetch(self, key):
        return open(key).read()
