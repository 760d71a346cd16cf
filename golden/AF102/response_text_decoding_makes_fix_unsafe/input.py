import requests


async def page(url):
    r = requests.get(url)
    return r.text


async def page_chained(url):
    return requests.get(url).text


async def charset(url):
    r = requests.post(url, json={"q": 1})
    print(r.status_code, r.encoding)


async def pages(urls):
    out = []
    with requests.Session() as s:
        for url in urls:
            r = s.get(url)
            out.append(r.text)
    return out


async def streamed_encoding(url, out):
    r = requests.get(url, stream=True)
    print(r.encoding)
    for chunk in r.iter_content(1024):
        out.write(chunk)
    r.close()
