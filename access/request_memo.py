"""What is read once per request and reused while the request lasts: the one way to do it.

The visibility rule's restrictions, the menu's pages, the partners in the footer are each read
once and asked for many times while a page renders. They are kept in one dictionary attached
to the request, under a key that names what they are; nothing outlives the request. Here, on
the ground floor, so that every app can use it.
"""

_ATTRIBUTE = "_request_memo"


def request_memo(request):
    """This request's memory: a dictionary that lives as long as the request."""
    return request.__dict__.setdefault(_ATTRIBUTE, {})


def remembered(request, key, compute):
    """`compute()`'s value, computed on the first call for this key in this request."""
    memo = request_memo(request)
    if key not in memo:
        memo[key] = compute()
    return memo[key]
