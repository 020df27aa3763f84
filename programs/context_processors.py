from programs.identity import current_identity


def identity(request):
    """The instance's identity for every page (titles, header, footer): cached, no query when
    the cache has it."""
    return {"identity": current_identity()}
