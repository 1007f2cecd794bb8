from django.utils.functional import SimpleLazyObject


def navigation(request):
    """The review-queue count shown in the navigation, computed only when a template asks for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .selectors import review_queue_count

        return review_queue_count(user=user)

    return {"review_queue_count": SimpleLazyObject(count)}
