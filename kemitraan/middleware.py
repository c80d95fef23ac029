import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.views.defaults import page_not_found


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


class ProgramTimeZoneMiddleware:
    """Each request starts in the site's zone (Asia/Jakarta, WIB) and ends there.

    A page about one program switches to the program's zone when its access_* function lets the
    user in (partners.access.enter_program), so its times read "09.00 WITA" and its "today" is the
    program's. Django keeps the active zone per thread: without the reset here, the next request
    served by the same thread would inherit it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


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


class OwnErrorPagesMiddleware:
    """With DEBUG on (`make run`), show the app's own 404 page instead of Django's yellow one.

    Django always uses our 403 page (handler403), but with DEBUG it answers a 404 with its
    technical page, which is not what the demo should show. With `OWN_ERROR_PAGES` (on by default
    in development) a 404, whether from a view (`Http404`) or from a URL that matches no route, is
    rendered with templates/404.html. Server errors (500) keep Django's debug page, with its
    traceback, which is what a developer needs. With DEBUG off this middleware does nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def active():
        return settings.DEBUG and getattr(settings, "OWN_ERROR_PAGES", True)

    def __call__(self, request):
        if self.active():
            try:
                resolve(request.path_info)
            except Resolver404 as exc:
                return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and self.active():
            return page_not_found(request, exception)
        return None
