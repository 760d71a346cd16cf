import requests


async def forward(u):
    # the outer call keeps requests (`another=` has no httpx equivalent), so the
    # inner one is not rewritten either: a reason is a code, not its text
    x = requests.post(requests.get(u).text, another=1)
    return x
