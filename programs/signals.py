"""Events of the programs app that the apps above it act on (they cannot be called from here).

``data_changed`` is sent by ``programs.services.programme_data_changed`` — called by every
service that changes what a programme's reports, dashboards or exports show — inside the
transaction of the change, with ``programme_ids`` and ``from_year`` (``None``: every year). The
reports app requests the re-rendering of the programme's reports on it.
"""

from django.dispatch import Signal

data_changed = Signal()
