"""SQLAlchemy 2 models, one module per area. storage/ is the only package that talks SQL."""

from storage.models.base import Base, UTCDateTime
from storage.models.handoff import FaqEntry, HandoffMessage, HandoffTicket
from storage.models.outbox import OutboxRow
from storage.models.reminders import BroadcastOptout, Reminder
from storage.models.surveys import (
    ScoreSheet,
    SurveyAnswered,
    SurveyCampaign,
    SurveyInvite,
    SurveyOfficer,
    SurveyResponse,
    SurveyStart,
)
from storage.models.updates import DeadUpdate
from storage.models.users import DialogStateRow, User
from storage.models.web import WebFile, WebInboxItem, WebVisitor

__all__ = ["Base", "BroadcastOptout", "DeadUpdate", "DialogStateRow", "FaqEntry",
           "HandoffMessage", "HandoffTicket", "OutboxRow", "Reminder", "ScoreSheet",
           "SurveyAnswered", "SurveyCampaign", "SurveyInvite", "SurveyOfficer", "SurveyResponse",
           "SurveyStart",
           "UTCDateTime", "User", "WebFile", "WebInboxItem", "WebVisitor"]
