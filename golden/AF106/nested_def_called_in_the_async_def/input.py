import requests

API_URL = "https://api.example.org/generate"


async def on_command(message, prompt):
    def query(payload):
        return requests.post(API_URL, json=payload, timeout=60).content

    def never_called():
        return requests.get(API_URL).content

    image = query({"inputs": prompt})
    await message.reply(file=image)
