"""Every human task of every workbench flow (the case flow, credit's) is declared by one
helper, workflow.nodes.human_task: announced when created, reminded, then escalated."""

import pytest

from workflow import registry


def _human_nodes():
    return [
        pytest.param(node, id=f"{flow_class.__name__}.{node.name}")
        for flow_class in registry.task_flows()
        for node in flow_class.instance.nodes()
        if node.task_type == "HUMAN"
    ]


def _name(target) -> str:
    """A callback or node, resolved (a bound method, a node) or still `this.<name>`."""
    return getattr(target, "name", None) or target.__name__


@pytest.mark.parametrize("node", _human_nodes())
def test_a_human_task_is_announced_reminded_and_escalated_the_same_way(node):
    flow = node.flow_class.instance
    assert node._on_create == flow.task_created
    timers = [event for kind, event in node._boundary_specs if kind == "timeout"]
    assert [_name(timer._delay) for timer in timers] == ["reminder_at", "escalation_at"]
    assert [_name(timer._next) for timer in timers] == ["remind", "escalate"]
    assert not any(timer._interrupting for timer in timers)
    assert node._owner_permission  # every task waits in someone's queue
