"""The browsable API's renderer: Raw data boxes that hold a body the endpoint accepts as it is."""

import json

from rest_framework import renderers
from rest_framework.utils.serializer_helpers import ReturnDict


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable API, with two changes to the Raw data form.

    - It holds only the fields the endpoint accepts: DRF fills it with the whole representation,
      read-only fields (``url``, ``id``, timestamps) included, which a strict endpoint refuses.
    - A view with a nested body (a trade's lines) offers ``raw_example(method)``: a valid example.

    And its HTML forms are always the view's input serializer: DRF reuses the answer's serializer
    for the form of the method just used, which after a POST would offer the output's fields.
    """

    def get_rendered_html_form(self, data, view, method, request):
        answer = getattr(data, "serializer", None)
        input_class = view.get_serializer_class() if hasattr(view, "get_serializer_class") else None
        if answer is not None and input_class is not None and not isinstance(answer, input_class):
            if method == "POST":  # a POST form starts blank (the view may pre-fill it), never from the answer
                data = ReturnDict(data, serializer=None)
            else:  # PUT/PATCH: the input's fields, filled from the object the answer shows
                data = ReturnDict(data, serializer=view.get_serializer(instance=answer.instance))
        return super().get_rendered_html_form(data, view, method, request)

    def get_raw_data_form(self, data, view, method, request):
        form = super().get_raw_data_form(data, view, method, request)
        if form is None or "_content" not in form.fields:
            return form
        example = getattr(view, "raw_example", None)
        content = example(method) if example else None
        if content is None:
            content = self._writable_only(form.fields["_content"].initial, view)
        if content is not None:
            form.fields["_content"].initial = content
        return form

    @staticmethod
    def _writable_only(content: str | None, view) -> str | None:
        if not content or not hasattr(view, "get_serializer_class"):
            return content
        try:
            body = json.loads(content)
        except ValueError:
            return content
        if not isinstance(body, dict):
            return content
        fields = view.get_serializer_class()().fields
        writable = {name: value for name, value in body.items() if name in fields and not fields[name].read_only}
        return json.dumps(writable, indent=4, ensure_ascii=False)
