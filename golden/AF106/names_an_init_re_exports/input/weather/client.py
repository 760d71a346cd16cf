import urllib.request


def forecast(city):
    with urllib.request.urlopen("https://example.org/" + city) as r:
        return r.read()
