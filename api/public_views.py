"""The public pages of a programme: the programme, each part of its goal tree, each indicator —
one stable address each, to cite in a council resolution. Everyone sees the public's view (what
``api.public`` reads); a programme still in draft is 404."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from api import public
from programs import access


def _programme(slug):
    programme = access.get_programme_for_user(AnonymousUser(), slug)
    return programme, public.public_programme(programme)


@require_safe
def programme_page(request, slug):
    programme, data = _programme(slug)
    return render(request, "public/programme.html", {
        "programme": programme, "data": data,
        "latest": data.published_years[0] if data.published_years else None,
        "sections": public.text_sections(programme, public.consultation_proposals(programme)),
    })


@require_safe
def goal_page(request, slug, pk):
    programme, data = _programme(slug)
    node = data.node(pk)
    if node is None:
        raise Http404
    by_objective = public.consultation_proposals(programme).by_objective
    nodes = data.subtree(pk)
    for each in nodes:
        each.proposals = by_objective.get(each.objective.pk, [])
    return render(request, "public/goal.html", {
        "programme": programme, "data": data, "node": node, "nodes": nodes,
        "ancestors": data.ancestors(node),
        "changed": any(p.outcome in public.CHANGED for n in nodes for p in n.proposals),
    })


@require_safe
def indicator_page(request, slug, pk):
    programme, data = _programme(slug)
    node, line = data.line(pk)
    if line is None:
        raise Http404
    return render(request, "public/indicator.html", {
        "programme": programme, "data": data, "node": node, "line": line,
        "ancestors": data.ancestors(node) + [node],
    })
