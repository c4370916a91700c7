from ninja import NinjaAPI

api = NinjaAPI(title="六好 API", version="1", urls_namespace="api")
