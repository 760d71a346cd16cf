def input(prompt):
    return "scripted"


async def ask():
    return input("name? ")


async def ask_with(input=print):
    return input("name? ")
