import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils import translation


class AbsoluteSessionTimeoutMiddleware:
    """End a session 12 hours after it began, however active it has been.

    The 30-minute idle limit is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST.
    """

    KEY = "_session_started"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        now = int(time.time())
        started = session.get(self.KEY)
        if started is None:
            session[self.KEY] = now
        elif now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
            logout(request)
            request.session[self.KEY] = now
        return self.get_response(request)


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
