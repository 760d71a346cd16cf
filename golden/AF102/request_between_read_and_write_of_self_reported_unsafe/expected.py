import requests


class Cache:
    async def refresh(self, url):
        if url not in self.pages:
            r = requests.get(url)
            self.pages[url] = r.text
        return self.pages[url]
