import requests
from requests.exceptions import ConnectionError as CE


async def fetch(url):
    try:
        r = requests.get(url)
        r.raise_for_status()
    except requests.exceptions.Timeout:
        return "slow"
    except (CE, requests.TooManyRedirects):
        return "gone"
    except requests.HTTPError as e:
        return str(e)
    except requests.RequestException:
        return "other"
    return r.text
