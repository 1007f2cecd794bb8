"""The programme taken out and brought in: calendars, feeds, CSV and Excel, the status report, bulk import.

Every way out asks the one read rule (``proposals.access``); the signed-out open-data surface asks its
public face (``access.public``).
"""
