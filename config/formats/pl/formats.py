"""One date style everywhere: Django's Polish short formats write 01-12-2026, the rest of the
application (and Polish offices) 01.12.2026. Everything not set here is Django's pl."""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
