from .registry import register


@register
async def run():
    return None
