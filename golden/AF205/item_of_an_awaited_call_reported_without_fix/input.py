async def download_file(link, name):
    return name, ""


async def fast_download(url, filename):
    return await download_file(url, filename)[0], None


async def title_of(url):
    return await download_file(url, "page").title


async def body_of(url):
    return await download_file(url, "page").json()


async def first_of(url):
    name = download_file(url, "page")[0]
    return name
