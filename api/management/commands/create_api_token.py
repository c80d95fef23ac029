from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.actions import do_create_api_token


class Command(BaseCommand):
    help = "Create a personal API token for USER (for scripts). The token is printed once; only its hash is kept."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=90, choices=settings.API_TOKEN_DAYS)

    def handle(self, *args, username, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        try:
            instance, token = do_create_api_token(user, days=days)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(f"Token for {user.username}, expires {instance.expiry:%Y-%m-%d %H:%M %Z}:")
        self.stdout.write(token)
