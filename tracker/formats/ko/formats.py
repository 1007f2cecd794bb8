# Korean writes the half of the day before the time: 2026년 11월 30일 오전 8:00 (Django: "8:00 오전").
DATETIME_FORMAT = "Y년 n월 j일 A g:i"
TIME_FORMAT = "A g:i"
SHORT_DATETIME_FORMAT = "Y. n. j. A g:i"
SHORT_DATE_FORMAT = "Y. n. j."
