from django.utils.functional import SimpleLazyObject


def navigation(request):
    """The review-queue count shown in the navigation, computed only when a template asks for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .permissions import is_reviewer
        from .selectors import review_queue_count

        # Most readers review nothing: no query for them.
        return review_queue_count(user=user) if is_reviewer(user) else 0

    return {"review_queue_count": SimpleLazyObject(count)}
