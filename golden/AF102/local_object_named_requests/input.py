class Queue:
    def get(self, key):
        return key


async def main():
    requests = Queue()
    return requests.get("job")
