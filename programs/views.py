from django.shortcuts import render


def home(request):
    return render(request, "programs/home.html", {})


def programme_detail(request, slug):
    return render(request, "programs/programme_detail.html", {})


def accessibility(request):
    return render(request, "programs/accessibility.html", {})
