from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("programs/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("programs/<int:pk>/agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path("programs/<int:pk>/phase/", views.change_phase, name="change_phase"),
    path("programs/<int:pk>/recommendations/", views.recommendation_list, name="recommendations"),
    path("programs/<int:pk>/recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/respond/", views.recommendation_respond, name="recommendation_respond"),
    path("recommendations/<int:pk>/apply/", views.recommendation_apply, name="recommendation_apply"),
    path("recommendations/<int:pk>/withdraw/", views.recommendation_withdraw, name="recommendation_withdraw"),
    path("programs/<int:pk>/sustainability/", views.sustainability, name="sustainability"),
    path("programs/<int:pk>/sustainability/edit/", views.sustainability_edit, name="sustainability_edit"),
    path("programs/<int:pk>/recognitions/", views.recognitions, name="recognitions"),
    path("programs/<int:pk>/recognitions/new/", views.recognition_create, name="recognition_create"),
]
