"""Demo data: translations of the seed initiatives (run by ``seed_demo`` after the initiatives; idempotent).

The five named initiatives are written in English; each has a Korean and a Japanese version of its title
and summary, a few of their milestones have translated titles, and the programme has a glossary of agreed
terms. The Japanese version of the pre-entry screening is out of date: its English summary changed after
it was translated.
"""

from __future__ import annotations

import datetime

from proposals.models import GlossaryTerm, Initiative, InitiativeTranslation, Milestone, MilestoneTranslation
from proposals.seed_data.seeder import Seeder

# slug -> language -> (title, summary)
INITIATIVES: dict[str, dict[str, tuple[str, str]]] = {
    "economic-security-council": {
        "ko": (
            "한일 경제안보협의회",
            "양국 정부가 정해진 일정에 따라 정례적으로 만나 공급망 위험과 산업 협력을 함께 관리하는 상설 "
            "협의체. 실무 그룹을 운영하고 공동 공급망 안정화 기금을 검토하며, 뜻을 같이하는 나라에도 문을 연다.",
        ),
        "ja": (
            "日韓経済安全保障協議会",
            "両政府が定められた日程で定期的に会合し、サプライチェーンのリスクと産業協力を共に管理する常設の"
            "協議体。作業部会を設け、共同のサプライチェーン安定化基金を検討し、同志国にも門戸を開く。",
        ),
    },
    "currency-swap-expansion": {
        "ko": (
            "통화스와프 확대",
            "한일 통화스와프 한도를 100억 달러에서 300억 달러 이상으로 늘리고 인출 요건을 완화해, 위기 시 "
            "양측이 서로의 통화를 뒷받침할 수 있게 한다.",
        ),
        "ja": (
            "通貨スワップの拡大",
            "日韓の通貨スワップ枠を100億ドルから300億ドル超へ拡大し、引き出し条件を緩和して、危機の際に"
            "双方が互いの通貨を支えられるようにする。",
        ),
    },
    "student-exchange-erasmus": {
        "ko": (
            "에라스무스형 학생 교류",
            "EU의 에라스무스 프로그램(1987년 시작)을 본뜬 양방향 학생 교류 제도. 학생이 협력 대학에서 한 "
            "학기나 1년을 공부하고 그 학점을 본교에서 인정받는다.",
        ),
        "ja": (
            "エラスムス型学生交流",
            "EUのエラスムス計画（1987年開始）にならった双方向の学生交流制度。学生が提携大学で1学期または"
            "1年間学び、その単位が在籍大学で認定される。",
        ),
    },
    "pre-entry-immigration-screening": {
        "ko": (
            "사전 입국심사",
            "여행자가 출발 전에 상대국의 입국심사를 마쳐 양국 간 이동이 '1시간 생활권' 안의 이동처럼 느껴지게 "
            "한다. 국회의원들은 이를 우선순위가 높은 실행 과제로 꼽았다.",
        ),
        "ja": (
            "事前入国審査",
            "旅行者が出発前に相手国の入国審査を済ませ、両国間の移動を「1時間生活圏」の中の移動のように"
            "感じられるようにする。",
        ),
    },
    "quantum-technology-mou": {
        "ko": (
            "국가 연구기관 간 양자기술 양해각서",
            "양국 국가 연구기관 간 양자기술 양해각서를 체결하고, 공동 연구와 연구자 교류, 한국 양자 팹 구축에 "
            "대한 일본의 참여로 이어간다.",
        ),
        "ja": (
            "国立研究機関間の量子技術に関する覚書",
            "両国の国立研究機関の間で量子技術に関する覚書を結び、共同研究、研究者交流、韓国の量子ファブ"
            "構築への日本の参加につなげる。",
        ),
    },
}

#: The English summary gained its last sentence after the Japanese version was written.
OUTDATED = {("pre-entry-immigration-screening", "ja"): 12}  # days ago

# (initiative slug, English milestone title) -> language -> title
MILESTONES: dict[tuple[str, str], dict[str, str]] = {
    ("economic-security-council", "Hold the inaugural council session"): {
        "ko": "협의회 첫 회의 개최",
        "ja": "協議会の初会合の開催",
    },
    ("currency-swap-expansion", "Agree a step-up schedule with both central banks"): {
        "ko": "양국 중앙은행과 단계적 증액 일정 합의",
        "ja": "両中央銀行との段階的増額日程の合意",
    },
    ("currency-swap-expansion", "Sign the enlarged swap agreement"): {
        "ko": "확대된 통화스와프 협정 서명",
        "ja": "拡大通貨スワップ協定の署名",
    },
    ("student-exchange-erasmus", "Select the pilot group of universities"): {
        "ko": "시범 대학 선정",
        "ja": "試行大学の選定",
    },
    ("pre-entry-immigration-screening", "Run a six-month pilot on one air route"): {
        "ko": "한 항공 노선에서 6개월 시범 운영",
        "ja": "1路線での6か月間の試行",
    },
    ("quantum-technology-mou", "Sign the institute-level MOU"): {
        "ko": "연구기관 간 양해각서 서명",
        "ja": "研究機関間の覚書の署名",
    },
}

# English, Korean, Japanese, note
GLOSSARY: list[tuple[str, str, str, str]] = [
    ("currency swap", "통화스와프", "通貨スワップ", "A central banks' arrangement; not a market swap."),
    ("economic security", "경제안보", "経済安全保障", ""),
    ("memorandum of understanding", "양해각서", "覚書", "Abbreviated MOU in English."),
    ("MOU", "양해각서", "覚書", ""),
    ("supply chain", "공급망", "サプライチェーン", ""),
    ("semiconductor", "반도체", "半導体", ""),
    ("quantum technology", "양자기술", "量子技術", ""),
    ("pre-entry screening", "사전 입국심사", "事前入国審査", "Immigration checks before departure."),
    ("working holiday", "워킹홀리데이", "ワーキング・ホリデー", ""),
    ("student exchange", "학생 교류", "学生交流", ""),
    ("central bank", "중앙은행", "中央銀行", "Bank of Korea / Bank of Japan."),
    ("working group", "실무 그룹", "作業部会", ""),
    ("stabilization fund", "안정화 기금", "安定化基金", ""),
    ("research institute", "연구기관", "研究機関", ""),
    ("credit recognition", "학점 인정", "単位認定", ""),
    ("drawing conditions", "인출 요건", "引き出し条件", "Of the swap line."),
    ("like-minded countries", "뜻을 같이하는 나라", "同志国", ""),
]


def seed(seeder: Seeder) -> None:
    """Titles and summaries in Korean and Japanese for the five named initiatives, a few milestone titles, the
    glossary; one translation out of date. Rows that exist are left as they are."""
    initiatives = {i.slug: i for i in Initiative.objects.filter(slug__in=list(INITIATIVES))}
    translators = {"ko": seeder.users.get("coord.kim"), "ja": seeder.users.get("coord.sato")}
    for slug, versions in INITIATIVES.items():
        initiative = initiatives.get(slug)
        if initiative is None:
            continue
        for language, (title, summary) in versions.items():
            days_ago = OUTDATED.get((slug, language))
            seeder._get_or_create(
                InitiativeTranslation,
                initiative=initiative,
                language=language,
                defaults={
                    "translated_from": initiative.original_language,
                    "title": title,
                    "summary": summary,
                    "updated_by": translators[language],
                    "outdated_since": None if days_ago is None else seeder.now - datetime.timedelta(days=days_ago),
                },
            )
    milestones = {
        (m.initiative.slug, m.title): m
        for m in Milestone.objects.filter(initiative__slug__in=list(INITIATIVES)).select_related("initiative")
    }
    for key, titles in MILESTONES.items():
        milestone = milestones.get(key)
        if milestone is None:
            continue
        for language, milestone_title in titles.items():
            seeder._get_or_create(
                MilestoneTranslation,
                milestone=milestone,
                language=language,
                defaults={
                    "translated_from": milestone.initiative.original_language,
                    "title": milestone_title,
                    "updated_by": translators[language],
                },
            )
    for en, ko, ja, note in GLOSSARY:
        if not GlossaryTerm.objects.filter(en__iexact=en).exists():
            seeder._get_or_create(
                GlossaryTerm, en=en, defaults={"ko": ko, "ja": ja, "note": note, "updated_by": translators["ko"]}
            )
