"""Surveys and score sheets of the Jiangsu excellent-technician plan (annexes 2, 3, 4).

The storage side of the survey dialogs (bot/dialogs/survey_*.py): an extras loader that
says who is an officer and what a survey link points to (loader.py), effect handlers
that create campaigns, store anonymous responses, show results, charts and exports,
queue reminders and appoint officers (campaigns.py, responses.py, people.py,
scores.py), over storage/surveys.py. Importing bot.features registers them.
"""
