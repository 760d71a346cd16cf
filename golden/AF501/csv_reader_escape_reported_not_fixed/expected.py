import csv


async def rows(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))
