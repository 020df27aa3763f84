"""Read-only pages: the list of programmes and a programme with its goal tree and values."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from indicators.selectors import waiting_for
from programs import access
from programs.selectors import programme_tree


@require_safe
def home(request):
    programmes = access.visible_programmes(request.user).with_years()
    rows = [
        (programme, access.filter_years(request.user, programme.reporting_years.all()))
        for programme in programmes
    ]
    # Data-entry staff and coordinators see first what the open years expect of them.
    waiting = waiting_for(request.user)
    return render(request, "programs/home.html", {"rows": rows, "waiting": waiting})


@require_safe
def programme_detail(request, slug):
    programme = access.get_programme_for_user(request.user, slug)
    visible = access.value_years_visible(request.user, programme)
    tree = programme_tree(programme, years=visible)
    years = sorted(
        {year for root in tree for row in root.indicator_rows() for year in row.values}
    )
    for root in tree:
        for row in root.indicator_rows():
            row.cells = [row.values.get(year) for year in years]
            row.remarks = [value for value in row.cells if value is not None and value.remarks]
    return render(
        request,
        "programs/programme_detail.html",
        {
            "programme": programme,
            "tree": tree,
            "years": years,
            "reporting_years": access.visible_years(request.user, programme),
        },
    )


@require_safe
def accessibility(request):
    return render(request, "programs/accessibility.html")
