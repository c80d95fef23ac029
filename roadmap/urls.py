from django.urls import path

from roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("program/<int:pk>/", views.tree, name="tree"),
    path("program/<int:pk>/timeline/", views.timeline, name="timeline"),
    path("program/<int:pk>/changes/", views.change_log, name="change_log"),
    path("program/<int:pk>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("outcome/<int:pk>/", views.outcome_detail, name="outcome_detail"),
    path("outcome/<int:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcome/<int:pk>/delete/", views.outcome_delete, name="outcome_delete"),
    path("outcome/<int:pk>/outputs/new/", views.output_create, name="output_create"),
    path("output/<int:pk>/", views.output_detail, name="output_detail"),
    path("output/<int:pk>/edit/", views.output_edit, name="output_edit"),
    path("output/<int:pk>/delete/", views.output_delete, name="output_delete"),
    path("output/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("output/<int:pk>/milestones/bulk/", views.milestone_bulk, name="milestone_bulk"),
    path("milestone/<int:pk>/", views.milestone_detail, name="milestone_detail"),
    path("milestone/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestone/<int:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("milestone/<int:pk>/comment/", views.comment_create, name="comment_create"),
    path("milestone/<int:pk>/report/", views.update_create, name="update_create"),
    path("update/<int:pk>/edit/", views.update_edit, name="update_edit"),
    path("update/<int:pk>/submit/", views.update_submit, name="update_submit"),
    path("update/<int:pk>/review/", views.update_review, name="update_review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("my/", views.my_milestones, name="my_milestones"),
    path("review/", views.review_queue, name="review_queue"),
    path("definitions/", views.definitions, name="definitions"),
]
