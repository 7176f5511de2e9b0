"""Surveys of the excellent-technician plan: the trainee survey (annex 2), the employer
survey (annex 3) and the acceptance score sheet (annex 4); officers' campaigns, results
and exports; appointing officers and assessors by single-use links.

Pure flows and views here (flow, forms, menu, officer, trainee, employer, score); the
storage side (who may do what, anonymous responses, results, charts, exports) in
effects/.
"""

from __future__ import annotations

from bot.dialogs.engine.registry import Feature, Loader, Route
from bot.dialogs.surveys import employer, flow, menu, officer, score, trainee
from bot.dialogs.surveys.effects import campaigns, loader, people, responses, scores

FLOW_IDS = (trainee.FLOW_ID, employer.FLOW_ID, score.FLOW_ID, officer.NEW_TRAINEE,
            officer.NEW_EMPLOYER, officer.APPOINT, officer.JOIN)

FEATURE = Feature(
    name="surveys",
    flows=(trainee.TRAINEE_SURVEY, employer.EMPLOYER_SURVEY, score.SCORE_SHEET,
           officer.TRAINEE_CAMPAIGN, officer.EMPLOYER_CAMPAIGN, officer.APPOINT_FLOW,
           officer.JOIN_FLOW),
    routes=(Route(menu.PREFIX, menu.press),),
    links=(menu.open_link,),
    effects={
        flow.SurveyStarted: responses.started,
        flow.SurveySubmit: responses.submit,
        flow.SurveyCreate: campaigns.create,
        flow.SurveyList: campaigns.list_campaigns,
        flow.SurveyView: campaigns.view,
        flow.SurveyInvite: people.invite,
        flow.SurveyClaim: people.claim,
        flow.ScoreSave: scores.save,
        flow.ScoreList: scores.list_sheets,
        flow.ScoreExport: scores.export_sheet,
    },
    # Officer rights and survey links: for the survey flows and buttons, deep links, the
    # broadcast dialog (it offers one's own campaigns) and every main menu (officers see
    # the survey entries there).
    loaders=(Loader(loader.survey_extras, flows=FLOW_IDS + ("broadcast",),
                    prefixes=(menu.PREFIX, "bc:"), commands=("start", "broadcast"),
                    menu=True),),
)
