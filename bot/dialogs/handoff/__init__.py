"""Asking a person when the bot has no answer: the question goes to the officers of its
region and topic (with consent to keep its text), comes back answered in the chat it was
asked from, and good answers become FAQ entries that free-text search finds.

Pure flows and views here (flow, officer, regions, promise, codec, faq, view, stats); the
storage side in effects.py, delivery.py (through the reminder queue) and export.py.
"""

from __future__ import annotations

from bot.dialogs.engine.registry import Command, Feature, Loader, Route
from bot.dialogs.engine.types import N_
from bot.dialogs.handoff import codec, effects, flow, officer

OFFICER_FLOWS = tuple(f.id for f in officer.FLOWS)

FEATURE = Feature(
    name="handoff",
    flows=(flow.ASK, *officer.FLOWS),
    commands=(Command("questions", N_("Questions from users waiting for an answer "
                                      "(officers)"), flow.questions_command,
                      audience="officers"),),
    routes=(Route(codec.PREFIX, flow.press),),
    effects={
        flow.HandoffCreate: effects.create,
        flow.HandoffView: effects.show,
        officer.HandoffAnswer: effects.answer,
        officer.HandoffAskBack: effects.ask_back,
        officer.HandoffReassign: effects.reassign,
        officer.HandoffReply: effects.reply,
        officer.HandoffPublish: effects.publish,
    },
    loaders=(
        # Officer rights and the ticket a button names: for the hf: buttons, /questions,
        # the officers' dialogs and every main menu (officers get the queue entry there).
        Loader(effects.access_extras, flows=OFFICER_FLOWS, prefixes=(codec.PREFIX,),
               commands=("questions",), menu=True),
        # Published FAQ entries: for free text outside a dialog (the ask feature's answer)
        # and inside the offer to ask an officer (typing there is a new question).
        Loader(effects.faq_extras, flows=(flow.FLOW_ID,), text=True),
        Loader(effects.mydata_extras, commands=("mydata",)),
    ),
)
