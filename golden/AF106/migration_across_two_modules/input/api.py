import requests

API = "https://api.example.org/weather?q="


def fetch_json(url):
    return requests.get(url, timeout=20).json()


def get_weather(city):
    return fetch_json(API + city)
