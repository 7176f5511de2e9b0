"""Reminders: creation (service), rendering, the dispatcher and its worker."""
