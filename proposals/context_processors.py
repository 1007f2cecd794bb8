from django.utils.functional import SimpleLazyObject


def navigation(request):
    """Whether the user reviews, and the review-queue count in the navigation, computed only when a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def reviews() -> bool:
        from .permissions import is_reviewer

        return is_reviewer(user)

    def count():
        from .selectors import review_queue_count

        # Most readers review nothing: no query for them.
        return review_queue_count(user=user) if reviews() else 0

    # The menu offers the review queue to those who have one (coordinators, admins) only.
    return {"review_queue_count": SimpleLazyObject(count), "is_reviewer": SimpleLazyObject(reviews)}
