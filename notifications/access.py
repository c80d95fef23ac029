"""Who may see what here: a person sees and marks only their own notifications.
(A program's reminder settings page is the program's, in partners: partners.views.program_reminders.)"""

from django.shortcuts import get_object_or_404

from notifications.models import Notification


def access_notification(user, pk):
    """One of the user's own notifications; anyone else's is a 404."""
    return get_object_or_404(Notification.objects.filter(user=user), pk=pk)
