import requests

API = "https://api.example.org/weather"


def fetch_json(url, **params):
    return requests.get(url, params=params, timeout=20).json()


def get_weather(city):
    return fetch_json(API, q=city)
