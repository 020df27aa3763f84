"""One record per funding source: duplicates ("PFRON" and its full name) are merged into one
with aliases, as organisations are, and the dashboards' filter lists each source once."""

import pytest

from programs.models import FundingSource, Objective
from programs.services import funding_source_declare, funding_source_names

pytestmark = pytest.mark.django_db


def test_demo_sources_have_no_duplicates():
    names = [" ".join(n.split()).casefold()
             for fs in FundingSource.objects.all() for n in funding_source_names(fs)]
    assert len(names) == len(set(names))
    pfron = FundingSource.objects.get(short_name="PFRON")
    assert pfron.name == "Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych"
    assert not FundingSource.objects.filter(name="PFRON").exists()
    assert pfron.objectives.exists()


def test_declaring_merges_duplicates_and_keeps_their_nodes(django_user_model):
    objective = Objective.objects.filter(funding_sources__isnull=False).first()
    short = FundingSource.objects.create(name="FWT")
    full = FundingSource.objects.create(name="Fundusz Wsparcia Testowego")
    objective.funding_sources.add(short)
    source = funding_source_declare(name="Fundusz Wsparcia Testowego", short_name="FWT")
    assert source.pk == full.pk
    assert not FundingSource.objects.filter(pk=short.pk).exists()
    assert objective.funding_sources.filter(pk=full.pk).exists()
