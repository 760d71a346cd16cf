from .db import fetch_user


def sync_entry():
    fetch_user(1)
