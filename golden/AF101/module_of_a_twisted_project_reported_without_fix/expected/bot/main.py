from twisted.internet import defer, task

from bot.handlers import on_tick


def main(reactor):
    # the reactor drives every coroutine of the project
    return defer.ensureDeferred(on_tick())


if __name__ == "__main__":
    task.react(main)
