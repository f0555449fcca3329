"""Errors reach someone: the site's administrators by e-mail (Django's AdminEmailHandler, for
every 500, to ADMINS), and Sentry when SENTRY_DSN is set, without personal data.

What Sentry receives is scrubbed before it leaves (`scrub`): no user (name, e-mail, address),
no cookies, no request body, no query string, no forwarded addresses, no local variables of
the stack frames; the address of the page, the exception and its stack remain.
"""

PERSONAL_HEADERS = {"cookie", "authorization", "x-forwarded-for", "x-real-ip", "forwarded"}


def scrub(event, hint=None):
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in PERSONAL_HEADERS
            }
    return event


def init_sentry(dsn, environment="production", transport=None):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    options = {"transport": transport} if transport is not None else {}
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        traces_sample_rate=0,
        **options,
    )
