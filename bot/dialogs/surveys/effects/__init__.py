"""The storage side of the survey feature (annexes 2, 3 and 4 of the excellent-technician
plan): who may do what (access), what a survey link points to (loader), and the effect
handlers that create campaigns, store anonymous responses, show results, charts and
exports, queue reminders and appoint officers, over storage/surveys.py."""
