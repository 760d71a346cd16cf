from .b import fetch


async def main():
    result = fetch()
    print("done")
