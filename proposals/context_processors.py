from django.utils.functional import SimpleLazyObject


def navigation(request):
    """For the navigation: whether the user reviews, the review-queue count (only when a template asks), operations."""
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

    from .operations import may_see_status

    # The menu offers the review queue to those who have one (coordinators, admins) only, and the
    # operations status page to staff and site admins only (no query: flags on the user).
    return {
        "review_queue_count": SimpleLazyObject(count),
        "is_reviewer": SimpleLazyObject(reviews),
        "sees_operations": may_see_status(user),
    }
