from django.urls import path

from examinations import views

app_name = "examinations"

urlpatterns = [
    path("", views.home, name="home"),
]
