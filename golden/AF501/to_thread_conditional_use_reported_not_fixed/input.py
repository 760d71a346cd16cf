async def save(path, text, dry_run):
    with open(path, "w") as f:
        f.write(text) if not dry_run else None
