from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with a wrong-password message that reads well in Bahasa Indonesia.

    Django's own Indonesian text inserts the username field's label into a sentence that
    already says "nama pengguna", giving "nama pengguna nama pengguna".
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct username and password. Note that both fields may be case-sensitive."
        ),
    }
