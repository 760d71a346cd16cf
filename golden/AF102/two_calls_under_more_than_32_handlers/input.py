import requests


async def sync_both(base):
    try:
        a = requests.get(base + "/a")
        b = requests.get(base + "/b")
        return a.ok and b.ok
    except requests.ConnectionError:
        return 0
    except requests.Timeout:
        return 1
    except requests.TooManyRedirects:
        return 2
    except requests.HTTPError:
        return 3
    except requests.ConnectionError:
        return 4
    except requests.Timeout:
        return 5
    except requests.TooManyRedirects:
        return 6
    except requests.HTTPError:
        return 7
    except requests.ConnectionError:
        return 8
    except requests.Timeout:
        return 9
    except requests.TooManyRedirects:
        return 10
    except requests.HTTPError:
        return 11
    except requests.ConnectionError:
        return 12
    except requests.Timeout:
        return 13
    except requests.TooManyRedirects:
        return 14
    except requests.HTTPError:
        return 15
    except requests.ConnectionError:
        return 16
    except requests.Timeout:
        return 17
    except requests.TooManyRedirects:
        return 18
    except requests.HTTPError:
        return 19
    except requests.ConnectionError:
        return 20
    except requests.Timeout:
        return 21
    except requests.TooManyRedirects:
        return 22
    except requests.HTTPError:
        return 23
    except requests.ConnectionError:
        return 24
    except requests.Timeout:
        return 25
    except requests.TooManyRedirects:
        return 26
    except requests.HTTPError:
        return 27
    except requests.ConnectionError:
        return 28
    except requests.Timeout:
        return 29
    except requests.TooManyRedirects:
        return 30
    except requests.HTTPError:
        return 31
    except requests.ConnectionError:
        return 32
    except requests.Timeout:
        return 33
