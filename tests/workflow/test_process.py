"""The case process declared in `workflow.process` and the flow built from it agree.

Every gateway case names a decision that the task before the gateway records (a form offers
it, or its service writes it), every decision a task can record routes to a node, every human
node is built from its one spec, and services and forms reach the process through
`workflow.process`, never through `workflow.flows`. No database: the flow is introspected.
"""

import ast
import pathlib

import pytest
from viewflow.workflow import flow
from viewflow.workflow.fields import get_flow_ref, get_task_ref

from workflow import process
from workflow.flows import PERMISSIONS, CaseFlow, Decided
from workflow.views import forms

ROOT = pathlib.Path(__file__).resolve().parents[2]
NODES = {node.name: node for node in CaseFlow.instance.nodes()}
HUMAN = {name: node for name, node in NODES.items() if getattr(node, "task_type", "") == "HUMAN"}


def gateways_on_decisions() -> list[flow.Switch]:
    return [
        node
        for node in NODES.values()
        if isinstance(node, flow.Switch) and any(isinstance(cond, Decided) for _n, cond in node._branches)
    ]


def route(node_name: str, decision: str):
    """The node the flow goes to after `node_name` recorded `decision`: through the gateway
    after it (the first case naming the decision, else its default), or its only next node.
    Cases that test the case's own columns are left to the default's side."""
    after = NODES[node_name]._next
    if not isinstance(after, flow.Switch):
        return after
    default = None
    for target, cond in after._branches:
        if isinstance(cond, Decided) and decision in cond.choices:
            return target
        if cond is None:
            default = target
    return default


def test_every_human_node_is_built_from_its_one_spec():
    assert set(HUMAN) == set(process.HUMAN_NODES)
    for name, node in HUMAN.items():
        spec = process.HUMAN_NODES[name]
        assert node.spec is spec and spec.name == name
        assert node.task_title == spec.title
        assert node._owner_permission is PERMISSIONS[spec.holder]
        if spec.assign_from:
            assert node._owner.keywords == {"nodes": spec.assign_from}
        else:
            assert node._owner is None
        assert set(spec.assign_from) <= set(HUMAN), f"{name} is assigned from a node the flow lacks"


def test_every_holder_has_a_permission():
    assert set(PERMISSIONS) == set(process.Holder)


def test_references_name_the_flow_and_its_nodes():
    assert get_flow_ref(CaseFlow) == process.FLOW_REF
    for name, node in NODES.items():
        assert process.node_ref(name) == get_task_ref(node)
    for name in (process.AWAIT_REPORTER, process.AWAIT_RATING):
        assert isinstance(NODES[name], flow.Handle)


def test_every_deciding_node_and_vocabulary_is_one_of_the_flow():
    assert set(process.DECISIONS) <= set(NODES)
    vocabularies = [choices for choices in vars(process).values() if _is_decision_class(choices)]
    assert set(vocabularies) == set(process.DECISIONS.values()), "a Decision no node records"
    assert len(set(process.DECISIONS.values())) == len(process.DECISIONS), "two nodes share a Decision"


def _is_decision_class(value) -> bool:
    return isinstance(value, type) and value.__name__.endswith("Decision") and hasattr(value, "choices")


@pytest.mark.parametrize("gateway", gateways_on_decisions(), ids=lambda node: node.name)
def test_every_gateway_case_names_a_decision_the_task_before_it_records(gateway):
    feeding = [name for name, node in NODES.items() if getattr(node, "_next", None) is gateway]
    assert feeding, f"nothing leads into {gateway.name}"
    for name in feeding:
        vocabulary = process.DECISIONS.get(name)
        assert vocabulary is not None, f"{name} leads into {gateway.name} but records no decision"
        for _target, cond in gateway._branches:
            if isinstance(cond, Decided):
                assert all(type(choice) is vocabulary for choice in cond.choices), (
                    f"{gateway.name} routes on {cond.choices}, but {name} records {vocabulary.__name__}"
                )
    cases = [
        choice for _target, cond in gateway._branches if isinstance(cond, Decided) for choice in cond.choices
    ]
    assert len(cases) == len(set(cases)), f"{gateway.name} names a decision twice"
    assert [cond for _target, cond in gateway._branches][-1] is None, f"{gateway.name} needs a default"


@pytest.mark.parametrize(
    ("node_name", "decision"),
    [(name, value) for name, vocabulary in process.DECISIONS.items() for value in vocabulary.values],
)
def test_every_decision_routes_to_a_node(node_name, decision):
    target = route(node_name, decision)
    assert target is not None and target.name in NODES


def test_every_decision_a_gateway_names_is_taken_somewhere():
    """A case that names a decision goes where that decision routes (no earlier case hides it)."""
    for gateway in gateways_on_decisions():
        for target, cond in gateway._branches:
            if isinstance(cond, Decided):
                feeding = next(
                    name for name, node in NODES.items() if getattr(node, "_next", None) is gateway
                )
                assert all(route(feeding, choice) is target for choice in cond.choices)


@pytest.mark.parametrize(
    ("form_class", "field", "vocabulary"),
    [
        (forms.TriageForm, "action", process.TriageDecision),
        (forms.SignForm, "decision", process.SignDecision),
        (forms.InvestigateForm, "next_step", process.InvestigateDecision),
    ],
)
def test_a_form_offers_exactly_its_nodes_decisions(form_class, field, vocabulary):
    assert [value for value, _label in form_class.base_fields[field].choices] == vocabulary.values


@pytest.mark.parametrize(
    ("form_class", "field", "vocabulary"),
    [
        (forms.ExtensionReviewForm, "approved", process.ExtensionDecision),
        (forms.RectificationCheckForm, "rectified", process.RectificationDecision),
        (forms.ReferralForm, "acknowledged", process.ReferralDecision),
        (forms.DisputeReviewForm, "reopen", process.DisputeDecision),
    ],
)
def test_a_yes_no_form_gives_its_service_one_answer_per_decision(form_class, field, vocabulary):
    """The service turns the yes or no into one of its node's two decisions."""
    assert [value for value, _label in form_class.base_fields[field].choices] == [forms.YES, forms.NO]
    assert len(vocabulary.values) == 2


def python_files(*folders: str):
    for folder in folders:
        path = ROOT / folder
        yield from [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))


def test_services_record_decisions_from_the_vocabularies_only():
    """No string literal is written as a decision: a misspelt one would take the default route."""
    literals = []
    for path in python_files("workflow/services"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if _is_decision_key(target) and _has_literal(node.value):
                        literals.append(f"{path.name}:{node.lineno}")
            if (
                isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "update"
            ):  # data.update({...})
                for argument in node.args:
                    for key, value in zip(
                        getattr(argument, "keys", []), getattr(argument, "values", []), strict=True
                    ):
                        if isinstance(key, ast.Constant) and key.value == "decision" and _has_literal(value):
                            literals.append(f"{path.name}:{node.lineno}")
    assert literals == []


def _is_decision_key(target) -> bool:
    return (
        isinstance(target, ast.Subscript)
        and isinstance(target.slice, ast.Constant)
        and target.slice.value == "decision"
    )


def _has_literal(value) -> bool:
    return any(isinstance(node, ast.Constant) and isinstance(node.value, str) for node in ast.walk(value))


def test_services_and_forms_import_the_flow_only_to_start_it():
    """They read the process from `workflow.process`; a service that starts the flow needs
    its class, and imports it inside that function (the flow's callbacks call the services)."""
    importers = []
    for path in python_files("workflow/services", "workflow/views/forms.py", "workflow/views/task_forms.py"):
        tree = ast.parse(path.read_text())
        starters = {
            id(statement)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef) and _starts_a_flow(function)
            for statement in function.body
        }
        for node in ast.walk(tree):
            if _imports_the_flow(node) and id(node) not in starters:
                importers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert importers == []


def _imports_the_flow(node) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == "workflow.flows" or (
            node.module == "workflow" and any(alias.name == "flows" for alias in node.names)
        )
    return isinstance(node, ast.Import) and any(alias.name == "workflow.flows" for alias in node.names)


def _starts_a_flow(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(node, ast.Attribute)
        and node.attr == "run"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "start"
        for node in ast.walk(function)
    )
