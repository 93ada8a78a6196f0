"""/api/v1/ routes (the delivery API)."""

from django.urls import path

app_name = "api"
urlpatterns: list = []
