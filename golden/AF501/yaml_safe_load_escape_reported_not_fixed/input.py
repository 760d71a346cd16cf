import yaml


async def settings(path):
    with open(path) as f:
        return yaml.safe_load(f)
