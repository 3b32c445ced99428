"""The classifier, its evaluation command, retraining on triage's decisions and rollback."""

import json

import pytest
from django.core.management import CommandError, call_command

from intake.models import Area, Report
from intake.services import report_submit
from intake.triage import selectors, services
from intake.triage.models import ReportSuggestion, TriageModel
from tests.conftest import TRIAGE_SMALL_CORPUS as SMALL_CORPUS
from tests.support.drafts import report_draft

EVALUATION_LINES = [
    {"id": "a1", "area": "wage_arrears", "text": "工地老板拖欠我们三个月工资不发，老板电话13800001111"},
    {"id": "a2", "area": "telecom_fraud", "text": "骗子打电话说我涉嫌洗钱，让我转账到安全账户"},
    {"id": "a3", "area": "environment", "text": "化工厂晚上偷偷排放污水到河里"},
    {"id": "a4", "area": "out_of_scope", "text": "楼上邻居晚上太吵了"},
    # Labelled environment but plainly about fraud: the one top-1 miss (top-3 holds all three areas).
    {"id": "a5", "area": "environment", "text": "冒充客服骗走我的钱"},
    {
        "id": "a6",
        "area": "wage_arrears",
        "duplicate_of": "a1",
        "text": "再反映一次13800001111那个老板欠薪的事",
    },
]


def _write(tmp_path, lines) -> str:
    path = tmp_path / "labelled.jsonl"
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8"
    )
    return str(path)


def test_evaluation_command_prints_the_figures_of_a_small_labelled_file(triage_model, tmp_path, capsys):
    call_command("triage_evaluate", _write(tmp_path, EVALUATION_LINES), "--json")
    output = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(output[-1])
    assert set(figures) == {
        "top1",
        "top3",
        "out_of_scope_recall",
        "duplicate_recall",
        "duplicate_precision",
        "ms_per_report",
    }
    assert figures["top1"] == pytest.approx(5 / 6, abs=1e-4)
    assert figures["top3"] == 1.0
    assert figures["out_of_scope_recall"] == 1.0
    assert figures["duplicate_recall"] == 1.0  # a6 and a1 share the phone number
    assert figures["duplicate_precision"] == 1.0
    assert figures["ms_per_report"] > 0
    text = "\n".join(output)
    assert "top-1 accuracy 83.3%" in text
    assert "environment" in text and "a5 (environment -> telecom_fraud)" in text


def test_evaluation_command_refuses_a_bad_file_with_the_line(triage_model, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "area": "wage_arrears", "text": "欠薪"}\n{"id": "y"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        call_command("triage_evaluate", str(path))
    with pytest.raises(CommandError, match="No such file"):
        call_command("triage_evaluate", str(tmp_path / "missing.jsonl"))


def test_evaluation_command_needs_a_model(db, tmp_path):
    with pytest.raises(CommandError, match="triage_train"):
        call_command("triage_evaluate", _write(tmp_path, EVALUATION_LINES))


def test_a_report_gets_its_suggestion_when_it_arrives(triage_model, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = report_submit(
            report_draft(
                source=Report.Source.WEB, description="老板拖欠工资半年了，一直不发给我们", area=None
            )
        )
    suggestion = ReportSuggestion.objects.get(report=submission.report)
    assert suggestion.top_area.code == "wage_arrears"
    assert suggestion.model == triage_model
    assert [s["area"] for s in suggestion.suggestions][0] == "wage_arrears"
    assert len(suggestion.suggestions) == 3


def test_retraining_on_officer_decisions_changes_the_prediction(
    triage_model, django_capture_on_commit_callbacks
):
    text = "演唱会黄牛加价倒卖门票"
    before = selectors.text_predict(text)
    assert before.top != "performance_tickets"  # the small corpus has no such area
    tickets = Area.objects.get(code="performance_tickets")
    for description in [
        "黄牛在剧院门口倒卖演唱会门票",
        "演唱会门票被黄牛加价三倍卖出",
        "黄牛囤票以后高价倒卖演出票",
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            report = report_submit(
                report_draft(source=Report.Source.WEB, description=description, area=None)
            ).report
        services.suggestion_decide(report=report, area=tickets)

    retrained = services.triage_model_train(corpus=SMALL_CORPUS, heldout=None)

    assert retrained.version == triage_model.version + 1
    assert retrained.training_counts["decisions"] == {"performance_tickets": 3}
    assert selectors.text_predict(text).top == "performance_tickets"


def test_rollback_brings_back_the_earlier_model(triage_model, django_capture_on_commit_callbacks):
    tickets = Area.objects.get(code="performance_tickets")
    with django_capture_on_commit_callbacks(execute=True):
        report = report_submit(
            report_draft(source=Report.Source.WEB, description="黄牛在门口倒卖演唱会门票", area=None)
        ).report
    services.suggestion_decide(report=report, area=tickets)
    services.triage_model_train(corpus=SMALL_CORPUS, heldout=None)
    assert selectors.text_predict("黄牛倒卖演唱会门票").top == "performance_tickets"

    call_command("triage_rollback")

    assert TriageModel.objects.get(is_active=True).version == triage_model.version
    assert selectors.text_predict("黄牛倒卖演唱会门票").top != "performance_tickets"
    with pytest.raises(CommandError):
        call_command("triage_rollback", "99")


def test_train_command_if_missing_trains_only_once(db, capsys):
    call_command("triage_train", "--corpus", str(SMALL_CORPUS), "--if-missing")
    call_command("triage_train", "--corpus", str(SMALL_CORPUS), "--if-missing")
    assert TriageModel.objects.count() == 1
    model = TriageModel.objects.get()
    assert model.training_counts["corpus"]["out_of_scope"] == 5
    assert model.evaluation["lines"] > 100  # evaluated on the held-out file shipped with the corpus


def test_periodic_retraining_runs_only_after_new_decisions(triage_model, django_capture_on_commit_callbacks):
    from intake.triage.tasks import triage_retrain

    assert triage_retrain.delay().get() is None  # nothing decided since the model was trained
    with django_capture_on_commit_callbacks(execute=True):
        report = report_submit(
            report_draft(source=Report.Source.WEB, description="黄牛在门口倒卖演唱会门票", area=None)
        ).report
    services.suggestion_decide(report=report, area=Area.objects.get(code="performance_tickets"))

    version = triage_retrain.delay().get()

    assert version == triage_model.version + 1
    assert TriageModel.objects.get(is_active=True).training_counts["decisions"] == {"performance_tickets": 1}
