# Japanese separates the time from the date: 2026年11月30日 8:00 (Django: "2026年11月30日8:00").
DATETIME_FORMAT = "Y年n月j日 G:i"
SHORT_DATETIME_FORMAT = "Y/m/d G:i"
