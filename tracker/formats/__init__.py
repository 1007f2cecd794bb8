"""Date and time formats where Django's own read wrong to a native reader (``FORMAT_MODULE_PATH``).

Only the names set here change; everything else comes from Django's locale formats.
"""
