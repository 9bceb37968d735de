"""Builds the POST body an admin change form would send, from its GET response."""


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return "on" if value else ""
    return value


def form_data(response) -> dict:
    """Returns the data of the admin change form and its inlines as rendered."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = _value(form[name])
        if value == "" and getattr(field.widget, "input_type", None) == "checkbox":
            continue
        data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name in sub.fields:
                value = _value(sub[name])
                if value in ("", False) and name == "DELETE":
                    continue
                data[sub.add_prefix(name)] = value
    return {k: v for k, v in data.items() if v is not None}
