"""A programme's data version: bumped by every service that changes what its pages, reports and
exports show (and by the admin), in the same transaction, and the re-render request that goes
with it."""

import pytest
from django.contrib import admin
from django.tasks import task_backends

from indicators.inputs import ReviewDecision, ValueInput
from indicators.models import Indicator, IndicatorValue
from indicators.services.programmes import programme_load
from indicators.services.review import values_review, values_submit
from indicators.services.values import values_save
from indicators.services.years import year_lock, year_open, year_reopen
from programs.models import DataVersion, Organisation
from programs.services import data_version, programme_data_changed

from .conftest import YEAR


def versions(programme) -> dict[int, int]:
    return dict(DataVersion.objects.filter(programme=programme).values_list("year", "version"))


def test_a_saved_value_bumps_its_year_the_later_ones_and_the_whole_programme(
    setup,
    data_entry,
):
    programme = setup.programme
    assert not versions(programme)  # made outside the services: no version yet
    assert data_version(programme, YEAR) == 0
    programme_data_changed(programmes=[programme])  # the first change makes the rows
    before = versions(programme)
    assert set(before) == {DataVersion.WHOLE_PROGRAMME, *range(2018, 2025)}
    assert values_save(
        user=data_entry,
        reporting_year=setup.reporting_year,
        inputs=[ValueInput(setup.count.pk, "130")],
    ).ok
    after = versions(programme)
    assert after[DataVersion.WHOLE_PROGRAMME] == before[DataVersion.WHOLE_PROGRAMME] + 1
    assert all(after[year] == before[year] + 1 for year in range(YEAR, 2025))
    assert all(after[year] == before[year] for year in range(2018, YEAR))
    assert data_version(programme, YEAR) == after[YEAR]
    assert data_version(programme) == after[DataVersion.WHOLE_PROGRAMME]


def test_a_save_that_changes_nothing_keeps_the_version(setup, data_entry):
    values_save(
        user=data_entry,
        reporting_year=setup.reporting_year,
        inputs=[ValueInput(setup.count.pk, "130")],
    )
    version = data_version(setup.programme, YEAR)
    result = values_save(
        user=data_entry,
        reporting_year=setup.reporting_year,
        inputs=[ValueInput(setup.count.pk, "130", version=1)],
    )
    assert result.ok and not result.changed_count
    assert data_version(setup.programme, YEAR) == version


def test_a_refused_save_keeps_the_version(setup, data_entry):
    version = data_version(setup.programme, YEAR)
    assert not values_save(
        user=data_entry,
        reporting_year=setup.reporting_year,
        inputs=[ValueInput(setup.count.pk, "dużo")],
    ).ok
    assert data_version(setup.programme, YEAR) == version


def test_submit_review_and_the_year_cycle_bump_the_version(
    setup,
    data_entry,
    coordinator,
    organisation,
):
    reporting_year = setup.reporting_year
    values_save(
        user=data_entry,
        reporting_year=reporting_year,
        inputs=[
            ValueInput(setup.count.pk, "130"),
            ValueInput(setup.amount.pk, "1 200"),
            ValueInput(setup.text.pk, "Opis"),
        ],
    )
    seen = [data_version(setup.programme, YEAR)]
    assert values_submit(
        user=data_entry, reporting_year=reporting_year, organisation=organisation
    ).ok
    seen.append(data_version(setup.programme, YEAR))
    value_ids = list(setup.count.values.filter(year=YEAR).values_list("pk", flat=True))
    assert not values_review(
        user=coordinator,
        reporting_year=reporting_year,
        decisions=[ReviewDecision(value_ids[0], "accept")],
    )
    seen.append(data_version(setup.programme, YEAR))
    year_open(user=coordinator, programme=setup.programme, year=2022, deadline=None)
    seen.append(data_version(setup.programme, 2022))
    assert seen[0] < seen[1] < seen[2]
    assert seen[3] > 0


def test_lock_and_reopen_bump_the_version(setup, coordinator):
    reporting_year = setup.reporting_year
    values_save(
        user=coordinator,
        reporting_year=reporting_year,
        inputs=[
            ValueInput(indicator.pk, value)
            for indicator, value in (
                (setup.count, "130"),
                (setup.amount, "1 200"),
                (setup.text, "Opis"),
                (setup.other, "5"),
            )
        ],
    )
    values_submit(
        user=coordinator,
        reporting_year=reporting_year,
        organisation=setup.count.reporting_organisation,
    )
    values_submit(
        user=coordinator,
        reporting_year=reporting_year,
        organisation=setup.other.reporting_organisation,
    )
    assert not values_review(
        user=coordinator,
        reporting_year=reporting_year,
        decisions=[
            ReviewDecision(pk, "accept")
            for pk in IndicatorValue.objects.for_programme(setup.programme)
            .filter(year=YEAR)
            .values_list("pk", flat=True)
        ],
    )
    before = data_version(setup.programme, YEAR)
    year_lock(
        user=coordinator,
        reporting_year=reporting_year,
        conclusion="",
        accepted_by="X",
        accepted_on=None,
    )
    locked = data_version(setup.programme, YEAR)
    year_reopen(user=coordinator, reporting_year=reporting_year, reason="Korekta")
    assert before < locked < data_version(setup.programme, YEAR)


def test_loading_a_programme_bumps_its_version_only_when_something_changed(db):
    data = {
        "programme": {
            "kind": "programme",
            "title": "Program wersji",
            "short_name": "Wersja",
            "slug": "program-wersji",
            "first_year": 2020,
            "last_year": 2022,
        }
    }
    programme, _stats = programme_load(data=data)
    version = data_version(programme)
    assert version > 0 and set(versions(programme)) == {0, 2020, 2021, 2022}
    programme_load(data=data)
    assert data_version(programme) == version
    data["programme"]["title"] = "Program wersji (zmieniony)"
    programme_load(data=data)
    assert data_version(programme) == version + 1


@pytest.mark.parametrize("edit", ["indicator", "organisation"])
def test_admin_edits_bump_the_versions_of_the_programmes_they_touch(
    rf,
    admin_user,
    setup,
    edit,
):
    request = rf.post("/admin/")
    request.user = admin_user
    other_programme, _stats = programme_load(
        data={
            "programme": {
                "kind": "programme",
                "title": "Inny",
                "short_name": "Inny",
                "slug": "inny-program",
                "first_year": 2020,
                "last_year": 2021,
            }
        }
    )
    before = {p.pk: data_version(p) for p in (setup.programme, other_programme)}
    if edit == "indicator":
        indicator = Indicator.objects.get(pk=setup.count.pk)
        indicator.name = "Nowa nazwa"
        admin.site._registry[Indicator].save_model(request, indicator, None, change=True)
        admin.site._registry[Indicator].save_related(request, _Form(indicator), [], True)
        touched = {setup.programme.pk}
    else:
        organisation = Organisation.objects.get(pk=setup.count.reporting_organisation_id)
        organisation.name = "Nowa nazwa organizacji"
        admin.site._registry[Organisation].save_model(request, organisation, None, change=True)
        admin.site._registry[Organisation].save_related(request, _Form(organisation), [], True)
        touched = {setup.programme.pk, other_programme.pk}
    for programme in (setup.programme, other_programme):
        bumped = data_version(programme) > before[programme.pk]
        assert bumped == (programme.pk in touched)


class _Form:
    """What ``save_related`` needs of the admin's form: the object and no m2m to save."""

    def __init__(self, instance):
        self.instance = instance

    def save_m2m(self):
        pass


def test_a_change_asks_for_the_reports_to_be_rendered_again_in_its_transaction(
    settings,
    setup,
    data_entry,
):
    """With a task backend that has a worker, the re-render request is queued by the change
    itself — bulk writes included (the entry form saves in bulk, which sends no model signal)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    assert values_save(
        user=data_entry,
        reporting_year=setup.reporting_year,
        inputs=[ValueInput(setup.count.pk, "130")],
    ).ok
    (queued,) = backend.results
    assert queued.task.name == "prerender_programme_task"
    assert queued.args == [setup.programme.pk, YEAR]
    assert queued.task.run_after is not None  # after a short delay: one render per burst
