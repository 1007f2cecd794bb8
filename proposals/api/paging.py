"""Pagination of every API list: page numbers, a total, and a maximum page size."""

from rest_framework.pagination import PageNumberPagination


class Page(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
