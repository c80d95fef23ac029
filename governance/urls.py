from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("programs/<id:pk>/agreement/", views.agreement, name="agreement"),
    path("programs/<id:pk>/agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path("programs/<id:pk>/agreement/sign/", views.agreement_sign, name="agreement_sign"),
    path("programs/<id:pk>/agreement/document/", views.agreement_document, name="agreement_document"),
    path("programs/<id:pk>/phase/", views.change_phase, name="change_phase"),
    path("programs/<id:pk>/reopen/", views.program_reopen, name="program_reopen"),
    path("programs/<id:pk>/recommendations/", views.recommendation_list, name="recommendations"),
    path("programs/<id:pk>/recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path("recommendations/<id:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<id:pk>/respond/", views.recommendation_respond, name="recommendation_respond"),
    path("recommendations/<id:pk>/apply/", views.recommendation_apply, name="recommendation_apply"),
    path("recommendations/<id:pk>/withdraw/", views.recommendation_withdraw, name="recommendation_withdraw"),
    path("programs/<id:pk>/sustainability/", views.sustainability, name="sustainability"),
    path("programs/<id:pk>/sustainability/edit/", views.sustainability_edit, name="sustainability_edit"),
    path("programs/<id:pk>/commitments/", views.commitments, name="commitments"),
    path("programs/<id:pk>/commitments/new/", views.commitment_create, name="commitment_create"),
    path("commitments/<id:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("commitments/<id:pk>/delete/", views.commitment_delete, name="commitment_delete"),
    path("programs/<id:pk>/recognitions/", views.recognitions, name="recognitions"),
    path("programs/<id:pk>/recognitions/new/", views.recognition_create, name="recognition_create"),
    path("programs/<id:pk>/recognitions/propose/", views.recognition_propose, name="recognition_propose"),
    path("recognitions/<id:pk>/decide/", views.recognition_decide, name="recognition_decide"),
    path("recognitions/<id:pk>/file/", views.recognition_file, name="recognition_file"),
    path("programs/<id:pk>/strengthening/", views.strengthening, name="strengthening"),
    path("programs/<id:pk>/strengthening/new/", views.strengthening_create, name="strengthening_create"),
    path("strengthening/<id:pk>/document/", views.strengthening_document, name="strengthening_document"),
]
