"""The wording of annex 4 (承训单位考核验收表) of the Jiangsu excellent-technician plan: the
form's column heads and item labels, which the exported score sheet must reproduce
exactly. Checked against the policy text itself when ../shared/policies/ is at hand."""

from __future__ import annotations

from pathlib import Path

POLICY = Path(__file__).resolve().parents[3] / "shared" / "policies" / \
    "jiangsu-excellent-technician-plan.txt"
HEADS = ["评价项目", "序号", "评价内涵与标准", "分值", "评分"]
ITEMS = [
 "是否认真执行培训计划，是否逐人配备专职指导教师；",
 "教学准备是否充分，每门授课的教案撰写、课件制作是否认真完备；",
 "教学模式是否新颖实用，教学方法是否恰当合理；",
 "培训过程是否紧扣技能，突出实操实训，坚持以学员为中心；",
 "抽查授课教师能否正确讲解和示范，认真组织课程教学过程，并有效指导学员提高能力；",
 "教师团队结构、协作情况，能否满足学员培训需求；",
 "教学环境是否满足教学场所需要，实训工位与设备设施是否符合培训要求，安全环保是否达标；",
 "是否及时向学员提供培训学员手册、培训大纲、学习要点或教材（包括电子文档），讲义或教材结构是否合理；",
 "指导教师是否尽职，推送课程资源和报告指导是否及时有效；",
 "交流分享组织是否有序，能否满足学员需求；",
 "承训单位结业时对学员的考核评定是否公平公正；",
 "问询 2-3 名学员，随机挑选一项课程了解其学习主要收获；",
 "问询 2-3 名学员，随机挑选一项课程了解所学对其今后工作实践的启发和帮助情况；",
 "问询 2-3 名学员，了解其个人在培训后对技能成长、“传帮带”作用发挥等方面的所思所想；",
 "问询 2-3 名学员，了解其对培训的总体评价，以及以后对此类培训的意见建议；",
 "承训单位重视程度，行政、教学和后勤部门共同配合协调培训工作情况；",
 "防疫消毒、安全管理等制度是否健全，落实是否认真；",
 "食宿、教室、实训场地等是否方便、安全、卫生；",
 "是否做到主动服务、热情周到，分工是否明确，能否及时了解学员需求和解决问题；",
 "组织学员开展动手实践、互动交流、参观见学效果。",
]


def policy_lines() -> list[str] | None:
    """The lines of the annex in the policy text, or None when it is not here."""
    if not POLICY.exists():
        return None
    text = POLICY.read_text(encoding="utf-8")
    return text[text.index("附件 4"):].splitlines()
