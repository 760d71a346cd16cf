scores = {}


async def ask(player):
    old = scores.get(player, 0)
    answer = input("points? ")
    scores[player] = old + int(answer)
