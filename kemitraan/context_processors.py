from notifications.models import Notification


def navigation(request):
    """Values the shared navbar needs on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.unread_count(user)}
