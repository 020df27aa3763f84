"""The JSON format of ``export_data``: Django's own, except that date-times and times keep
their microseconds (Django's JSON encoder cuts them to milliseconds, so a round trip changed
every timestamp). ``loaddata`` reads it as plain ``json``: ``to_python`` parses the longer
ISO 8601 form as it is."""

import datetime

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import Serializer as JSONSerializer

FORMAT = "backup_json"


class Serializer(JSONSerializer):
    def _value_from_field(self, obj, field):
        value = field.value_from_object(obj)
        if isinstance(value, datetime.datetime):
            text = value.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(value, datetime.time):
            return value.isoformat()
        return super()._value_from_field(obj, field)


Deserializer = JSONDeserializer
