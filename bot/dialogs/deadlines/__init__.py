"""Policy deadlines ("📅 政策时间节点"): the dates the documents give, with their articles,
and a reminder ahead of one (official working days where a rule counts them)."""

from __future__ import annotations

from bot.dialogs.deadlines import effects, flow
from bot.dialogs.engine.registry import Feature, Loader, Route

FEATURE = Feature(
    name="deadlines",
    flows=(flow.CALENDAR,),
    routes=(Route(flow.PREFIX, flow.press),),
    effects={flow.ScheduleDeadline: effects.schedule_from_flow},
    loaders=(Loader(effects.load_leads, flows=(flow.FLOW_ID,), prefixes=(flow.PREFIX,)),),
)
