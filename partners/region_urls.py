from django.urls import path

from partners import region_views

app_name = "regions"

urlpatterns = [path("search", region_views.search, name="search")]
