"""Layout pieces the task forms need beyond viewflow's: a native select with option groups
(viewflow's select element flattens them), and a group of fields shown only for some values
of a choice (task_forms.js hides the others; without JavaScript every field shows)."""

from xml.etree import ElementTree

from django import forms
from viewflow.forms.renderers import Column, FormLayout, LayoutNode


class NativeSelect(LayoutNode):
    """A field as a plain <select> with <optgroup>s, labelled, with its help or error."""

    def __init__(self, field_name: str, **kwargs):
        self.field_name = field_name
        super().__init__(**kwargs)

    def append(self, layout: FormLayout, form: forms.Form, root: ElementTree.Element):
        bound = form[self.field_name]
        cell = ElementTree.SubElement(
            root, "div", {"class": "mdc-layout-grid__cell mdc-layout-grid__cell--span-12"}
        )
        wrapper = ElementTree.SubElement(
            cell, "div", {"class": "wb-field" + (" wb-field--error" if bound.errors else "")}
        )
        label = ElementTree.SubElement(wrapper, "label", {"class": "wb-field__label", "for": bound.auto_id})
        label.text = str(bound.label)
        attrs = {"id": bound.auto_id, "name": bound.html_name, "class": "wb-select"}
        if bound.field.required:
            attrs["required"] = "required"
        described = f"{bound.auto_id}_help"
        if bound.errors or bound.help_text:
            attrs["aria-describedby"] = described
        if bound.errors:
            attrs["aria-invalid"] = "true"
        select = ElementTree.SubElement(wrapper, "select", attrs)
        current = "" if bound.value() is None else str(bound.value())
        for group, options in _grouped(bound.field.widget.choices):
            parent = (
                select if group is None else ElementTree.SubElement(select, "optgroup", {"label": str(group)})
            )
            for value, text in options:
                value = "" if value is None else str(getattr(value, "value", value))
                option = ElementTree.SubElement(parent, "option", {"value": value})
                if value == current:
                    option.set("selected", "selected")
                option.text = str(text)
        if bound.errors or bound.help_text:
            note = ElementTree.SubElement(
                wrapper,
                "div",
                {"id": described, "class": "wb-field__error" if bound.errors else "wb-field__help"},
            )
            note.text = str(bound.errors[0] if bound.errors else bound.help_text)


def _grouped(choices):
    """Django's choices (flat or grouped) as [(group or None, [(value, label), ...]), ...]."""
    groups = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            groups.append((value, list(label)))
        elif groups and groups[-1][0] is None:
            groups[-1][1].append((value, label))
        else:
            groups.append((None, [(value, label)]))
    return groups


class ShownWhen(LayoutNode):
    """Fields that matter only for some values of the choice `field_name`."""

    def __init__(self, field_name: str, values, *children, **kwargs):
        self.field_name = field_name
        self.values = list(values)
        self.children = Column(*children)
        super().__init__(**kwargs)

    def append(self, layout: FormLayout, form: forms.Form, root: ElementTree.Element):
        cell = ElementTree.SubElement(
            root, "div", {"class": "mdc-layout-grid__cell mdc-layout-grid__cell--span-12"}
        )
        wrapper = ElementTree.SubElement(
            cell,
            "div",
            {
                "class": "wb-shown-when mdc-layout-grid__inner",
                "data-shown-when": self.field_name,
                "data-shown-values": " ".join(self.values),
            },
        )
        self.children.append(layout, form, wrapper)


class NativeChoices(LayoutNode):
    """A multiple choice as a fieldset of plain checkboxes with a legend: nothing to open or
    close, usable by keyboard, and no menu drawn over the fields below it."""

    def __init__(self, field_name: str, **kwargs):
        self.field_name = field_name
        super().__init__(**kwargs)

    def append(self, layout: FormLayout, form: forms.Form, root: ElementTree.Element):
        bound = form[self.field_name]
        cell = ElementTree.SubElement(
            root, "div", {"class": "mdc-layout-grid__cell mdc-layout-grid__cell--span-12"}
        )
        attrs = {"class": "wb-choices" + (" wb-field--error" if bound.errors else ""), "id": bound.auto_id}
        described = f"{bound.auto_id}_help"
        if bound.errors or bound.help_text:
            attrs["aria-describedby"] = described
        fieldset = ElementTree.SubElement(cell, "fieldset", attrs)
        legend = ElementTree.SubElement(fieldset, "legend", {"class": "wb-field__label"})
        legend.text = str(bound.label) + (" *" if bound.field.required else "")
        value = bound.value() or []
        chosen = {
            str(getattr(item, "pk", item))
            for item in (value if isinstance(value, (list, tuple)) else [value])
        }
        for index, (_group, options) in enumerate(_grouped(bound.field.widget.choices)):
            for number, (option_value, text) in enumerate(options):
                option_value = str(getattr(option_value, "value", option_value))
                label = ElementTree.SubElement(fieldset, "label", {"class": "wb-check"})
                box = {
                    "type": "checkbox",
                    "name": bound.html_name,
                    "value": option_value,
                    "id": f"{bound.auto_id}_{index}_{number}",
                }
                if option_value in chosen:
                    box["checked"] = "checked"
                ElementTree.SubElement(label, "input", box).tail = " " + str(text)
        if bound.errors or bound.help_text:
            note = ElementTree.SubElement(
                fieldset,
                "div",
                {"id": described, "class": "wb-field__error" if bound.errors else "wb-field__help"},
            )
            note.text = str(bound.errors[0] if bound.errors else bound.help_text)
