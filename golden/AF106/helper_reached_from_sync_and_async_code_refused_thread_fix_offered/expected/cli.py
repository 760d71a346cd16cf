from api import backoff


def main():
    backoff(1)
