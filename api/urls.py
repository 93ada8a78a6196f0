"""/api/v1/ routes (the delivery API)."""

app_name = "api"
urlpatterns: list = []
