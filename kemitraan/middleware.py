import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.utils import translation


class AbsoluteSessionTimeoutMiddleware:
    """End a logged-in session 12 hours after the login, however active it has been.

    The 30-minute idle limit is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST (which
    saves only sessions that hold data). The clock starts at login (`start_session_clock`,
    on the user_logged_in signal); this middleware never writes to an anonymous session,
    so a request without a cookie (/healthz, the login page's first GET) creates no session.
    """

    KEY = "_session_started"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            started = session.get(self.KEY)
            if started is None:
                # A session logged in before the clock was kept at login: start it now.
                session[self.KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
        return self.get_response(request)


def start_session_clock(sender, request, user, **kwargs):
    """user_logged_in receiver: the 12-hour limit counts from the login."""
    if request is not None and hasattr(request, "session"):
        request.session[AbsoluteSessionTimeoutMiddleware.KEY] = int(time.time())


class UserLanguageMiddleware:
    """Use a logged-in user's saved language when the browser has no cookie yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and not cookie and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
