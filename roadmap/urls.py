from django.urls import path

from roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("program/<id:pk>/", views.tree, name="tree"),
    path("output/<id:pk>/rows/", views.tree_output_rows, name="tree_output_rows"),
    path("program/<id:pk>/timeline/", views.timeline, name="timeline"),
    path("program/<id:pk>/changes/", views.change_log, name="change_log"),
    path("program/<id:pk>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("outcome/<id:pk>/", views.outcome_detail, name="outcome_detail"),
    path("outcome/<id:pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcome/<id:pk>/delete/", views.outcome_delete, name="outcome_delete"),
    path("outcome/<id:pk>/outputs/new/", views.output_create, name="output_create"),
    path("output/<id:pk>/", views.output_detail, name="output_detail"),
    path("output/<id:pk>/edit/", views.output_edit, name="output_edit"),
    path("output/<id:pk>/delete/", views.output_delete, name="output_delete"),
    path("output/<id:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("output/<id:pk>/milestones/bulk/", views.milestone_bulk, name="milestone_bulk"),
    path("milestone/<id:pk>/", views.milestone_detail, name="milestone_detail"),
    path("milestone/<id:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestone/<id:pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("milestone/<id:pk>/comment/", views.comment_create, name="comment_create"),
    path("milestone/<id:pk>/report/", views.update_create, name="update_create"),
    path("milestone/<id:pk>/sync/", views.update_sync, name="update_sync"),
    path("update/<id:pk>/edit/", views.update_edit, name="update_edit"),
    path("update/<id:pk>/submit/", views.update_submit, name="update_submit"),
    path("update/<id:pk>/review/", views.update_review, name="update_review"),
    path("evidence/<id:pk>/", views.evidence_download, name="evidence_download"),
    path("my/", views.my_milestones, name="my_milestones"),
    path("review/", views.review_queue, name="review_queue"),
    path("definitions/", views.definitions, name="definitions"),
]
