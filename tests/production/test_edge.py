"""The API behind a real Varnish running deploy/varnish/edge.vcl (docs/deploy.md).

- public reads are cached: one copy per URL and negotiated locale, so ten Accept-Language
  headers for two languages cost two misses, and the edge picks the locale the API's own
  rule picks for every header of a corpus;
- a publish, a translation publish and an unpublish reach every URL and variant that
  showed the old version (detail, JSON-LD, list, bundle; each locale, each negotiated
  variant), through the purge a publishing process sends, and through the RQ worker as
  `make run-edge` wires it;
- keyed partner requests, the admin and signed-in editors always reach the origin;
- CORS answers from the shared copy carry the headers the origin gives that Origin;
- with gunicorn stopped, every cached answer is still served past its freshness, and
  says so.

No timings are asserted (waits are bounded polls); bench/edge.py gives the figures.
"""

from __future__ import annotations

import json
import secrets
import time

import pytest

from api.http.negotiation import resolve_locale
from content.models import GuidePage
from locales.registry import get_registry
from tests.api.conftest import translated_body, wagtail_locale
from tests.production.client import fetch, publish_title
from tests.production.conftest import output_so_far, wait_until
from tests.production.edge import start_edge_fixture  # noqa: F401 - the start_edge fixture

pytestmark = pytest.mark.production

SLUG = "exosome-hair-loss"
DETAIL = f"/api/v1/guides/{SLUG}/"
# Every request here comes from one address; the anonymous limit is not under test.
UNLIMITED = "1000000/min"


def publish_translation(page: GuidePage, code: str, *, marker: str = "") -> GuidePage:
    """A human translation published the plain Wagtail way (no machine text: the gate lets it)."""
    locale = wagtail_locale(code)
    existing = page.get_translation_or_none(locale)
    target = (
        page.copy_for_translation(locale)
        if existing is None
        else existing.specific.get_latest_revision_as_object()
    )
    source = page.get_latest_revision_as_object()
    target.title = f"[{code}]{marker} {source.title}"
    target.intro = f"<p>[{code}]{marker} intro</p>"
    target.body = translated_body(list(source.body.raw_data), code)
    target.save_revision().publish()
    return GuidePage.objects.get(pk=target.pk)


@pytest.fixture
def wired(settings):
    """This process publishes and purges the way a production process does, at once."""

    def wire(edge) -> None:
        settings.WAGTAILFRONTENDCACHE = {
            "default": {"BACKEND": "api.edge.purging.EdgePurgeBackend", "LOCATION": edge.url}
        }
        settings.API_PUBLIC_BASE_URL = edge.url
        # The test settings poll no generation; the origin (production settings) polls
        # every 0.2 s, so the second purge waits what a production process would.
        settings.API_EDGE_PURGE_SETTLE_SECONDS = 0.5
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }

    return wire


@pytest.fixture
def edge(demo_guide, start_app_server, start_edge, wired):
    edge = start_edge(start_app_server(WEB_CONCURRENCY="2", API_ANON_RATE=UNLIMITED))
    wired(edge)
    return edge


def _etag(answer) -> str:
    return (answer.headers.get("ETag") or "").removeprefix("W/")


def variants() -> list[tuple[str, dict[str, str]]]:
    """Every (path, headers) the purge of the demo guide must reach."""
    codes = get_registry().codes
    out: list[tuple[str, dict[str, str]]] = []
    for path in ("/api/v1/guides/", DETAIL, f"{DETAIL}faq.jsonld"):
        out.append((path, {}))
        for code in codes:
            out.append((f"{path}?locale={code}", {}))
            out.append((path, {"Accept-Language": f"{code};q=0.9, *;q=0.1"}))
    for code in codes:
        out.append((f"/api/v1/bundles/{code}/", {}))
    return out


def stale_variants(edge, wanted) -> list[str]:
    """Variants whose edge answer differs from the origin's (by ETag and status)."""
    stale = []
    for path, headers in wanted:
        through = edge.get(path, headers)
        direct = fetch(edge.origin.base + path, headers)
        if (through.status, _etag(through)) != (direct.status, _etag(direct)):
            stale.append(f"{path} {headers}: edge {through.status} {_etag(through)}")
    return stale


def test_ten_accept_language_headers_for_two_languages_cost_two_misses(edge):
    publish_translation(GuidePage.objects.get(slug=SLUG, locale__language_code="en"), "es")
    headers = {
        "es": ["es", "es-MX", "es-ES,es;q=0.9", "es-419,es;q=0.8,en;q=0.5", "ES-ar"],
        "fr": ["fr", "fr-CA", "fr-FR,fr;q=0.9,en;q=0.8", "fr-BE;q=0.9", "de;q=0.1, fr-CH"],
    }
    misses = []
    for code, values in headers.items():
        for value in values:
            answer = edge.get(DETAIL, {"Accept-Language": value})
            assert answer.status == 200, answer.body[:300]
            assert json.loads(answer.body)["requested_locale"] == code, value
            direct = fetch(edge.origin.base + DETAIL, {"Accept-Language": value})
            assert answer.body == direct.body, f"the edge served other bytes for {value!r}"
            if answer.headers["X-Cache"] == "MISS":
                misses.append(value)
    assert misses == ["es", "fr"]

    gzip = [
        edge.get(DETAIL, {"Accept-Language": value, "Accept-Encoding": "gzip, br"})
        for value in ("es-MX", "es-ES", "fr-CA")
    ]
    # One gzip copy per locale beside the identity one, each sent as stored.
    assert [a.headers["X-Cache"] for a in gzip] == ["MISS", "HIT", "MISS"]
    again = gzip[1]
    assert again.headers["Content-Encoding"] == "gzip"
    assert int(again.headers["Age"]) >= 0
    assert "Accept-Language" in again.headers["Vary"]


def test_the_edge_picks_the_locale_the_api_picks_for_every_header(edge):
    corpus = [
        "",
        "es",
        "ES-mx",
        "pt",
        "pt-PT",
        "pt-br;q=0.8, es;q=0.9",
        "zh-CN",
        "zh-TW",
        "zh-TW, fr;q=0.1",
        "zh-Hant-CN, de;q=0.2",
        "zh-hans",
        "zh",
        "ar-EG,ar;q=0.9",
        "en-GB,en;q=0.9,es;q=0.8",
        "de-CH;q=0.5, fr;q=0.5",
        "fr;q=0.5, de-CH;q=0.5",
        "ja, ko;q=0.9",
        "*",
        "*, es;q=0.1",
        "fr;q=0, es;q=0.1",
        "fr;q=0",
        "de;q=1.0, es;q=1",
        "es;q=0.001, fr;q=0.002",
        "klingon",
        "en-US,en;q=0.9",
        "garbage!!",
        "es;q=2",
        "fr ; q=0.5 , es-AR;q=0.4",
        "x-foo, de",
        "de-x-private, fr",
        "sr-Latn-RS, es;q=0.2",
        "es-u-nu-latn",
        "iw, ar;q=0.1",
        "a, b, c, d, e, f, g, h, i, es",
        ",".join(["xx"] * 260) + ",de",  # past Django's 500 characters: truncated
        "fr;q=0.5," + "x" * 600,
    ]
    wrong = []
    for header in corpus:
        expected = resolve_locale(None, header).locale.code
        answer = edge.get("/api/v1/guides/", {"Accept-Language": header})
        assert answer.status == 200, (header, answer.body[:200])
        got = json.loads(answer.body)["requested_locale"]
        if got != expected:
            wrong.append(f"{header[:40]!r}: edge {got}, API {expected}")
    assert not wrong, wrong


def test_publish_translation_and_unpublish_reach_every_url_and_variant(edge):
    source = GuidePage.objects.get(slug=SLUG, locale__language_code="en")
    publish_translation(source, "es")
    wanted = variants()
    for path, headers in wanted:  # warm every variant, then check each is a hit
        assert edge.get(path, headers).status == 200, path
    assert all(edge.get(p, h).headers["X-Cache"] == "HIT" for p, h in wanted)
    before = _etag(edge.get(DETAIL, {"Accept-Language": "en"}))

    def fresh(what: str) -> None:
        try:
            wait_until(lambda: not stale_variants(edge, wanted), timeout=15, what=what)
        except pytest.fail.Exception:
            pytest.fail(f"{what}: still stale {stale_variants(edge, wanted)[:5]}")

    publish_title(source, "Exosome therapy for hair loss: the evidence, revised")
    fresh("every variant to show the source publish")
    assert _etag(edge.get(DETAIL, {"Accept-Language": "en"})) != before

    es_before = edge.get(f"{DETAIL}?locale=es").body
    publish_translation(source, "es", marker=" v2")
    fresh("every variant to show the translation publish")
    assert edge.get(f"{DETAIL}?locale=es").body != es_before
    negotiated = edge.get(DETAIL, {"Accept-Language": "es-MX"})
    assert "v2" in json.loads(negotiated.body).get("title", ""), negotiated

    GuidePage.objects.get(pk=source.get_translation(wagtail_locale("es")).pk).unpublish()
    fresh("every variant to show the translation unpublished (es falls back to en)")
    fallback = edge.get(f"{DETAIL}?locale=es")
    assert json.loads(fallback.body).get("fallback") is True, fallback

    GuidePage.objects.get(pk=source.pk).unpublish()
    wait_until(lambda: edge.get(DETAIL).status == 404, timeout=15, what="the unpublished 404")


def test_purges_sent_by_the_worker_as_make_run_edge_wires_them(
    demo_guide, start_app_server, start_edge, start_worker, rq_backend, settings
):
    edge = start_edge(start_app_server(API_ANON_RATE=UNLIMITED))
    settings.API_PUBLIC_BASE_URL = edge.url
    worker = start_worker(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        FRONTEND_CACHE="varnish",
        FRONTEND_CACHE_LOCATION=edge.url,
        API_PUBLIC_BASE_URL=edge.url,
    )
    wanted = [(DETAIL, {}), (DETAIL, {"Accept-Language": "fr-CA"}), ("/api/v1/bundles/es/", {})]
    for path, headers in wanted:
        edge.get(path, headers)
    assert edge.get(DETAIL).headers["X-Cache"] == "HIT"

    publish_title(demo_guide, "Exosome therapy for hair loss (purged by the worker)")
    ready_by = time.monotonic() + 30
    while time.monotonic() < ready_by and (
        "purged by the worker" not in json.loads(edge.get(DETAIL).body)["title"]
    ):
        time.sleep(0.2)
    assert "purged by the worker" in json.loads(edge.get(DETAIL).body)["title"], output_so_far(
        worker
    )[-3000:]
    wait_until(
        lambda: (
            "purged by the worker" in json.loads(edge.get(DETAIL).body)["title"]
            and not stale_variants(edge, wanted)
        ),
        timeout=30,
        what="the worker's purge to reach the edge",
    )


def test_keyed_partner_requests_always_reach_the_origin(edge):
    from api.access.keys import create_api_key, revoke_api_key

    created = create_api_key("Clinic", origins=["https://clinic.example"])
    keyed = {"X-API-Key": created.raw_key}
    answers = [edge.get(DETAIL, keyed) for _ in range(3)]
    assert [a.status for a in answers] == [200, 200, 200]
    assert {a.headers["X-Cache"] for a in answers} == {"MISS"}
    assert answers[0].headers["Cache-Control"] == "private, no-cache"
    anonymous = [edge.get(DETAIL) for _ in range(2)]
    assert anonymous[-1].headers["X-Cache"] == "HIT"
    assert anonymous[-1].headers["Cache-Control"].startswith("public")

    wrong_origin = edge.get(DETAIL, {**keyed, "Origin": "https://elsewhere.example"})
    assert wrong_origin.status == 403  # the origin's binding, checked on every request

    revoke_api_key(created.key)
    wait_until(
        lambda: edge.get(DETAIL, keyed).status == 401,
        timeout=10,
        what="the revoked key to be refused through the edge",
    )


def test_admin_preview_and_signed_in_requests_are_never_cached(edge):
    for path, headers in [
        ("/admin/login/", {}),
        ("/admin/", {}),
        (DETAIL, {"Cookie": "sessionid=abc123"}),
    ]:
        answers = [edge.get(path, headers) for _ in range(3)]
        assert {a.headers.get("X-Cache") for a in answers} == {"MISS"}, path
        assert {a.headers.get("Age") for a in answers} == {"0"}, path


def test_cors_from_the_shared_copy_matches_the_origin(edge):
    origin_site = {"Origin": "https://clinic.example"}
    edge.get(DETAIL)  # the shared copy, fetched without an Origin
    through = edge.get(DETAIL, origin_site)
    direct = fetch(edge.origin.base + DETAIL, origin_site)
    assert through.headers["X-Cache"] == "HIT"
    for header in ("access-control-allow-origin", "access-control-expose-headers"):
        assert lower(through.headers).get(header) == lower(direct.headers).get(header), header
    assert "origin" in through.headers["Vary"].lower()
    other = edge.get(DETAIL, {"Origin": "https://another.example"})
    assert other.headers["Access-Control-Allow-Origin"] == "https://another.example"
    assert other.headers["X-Cache"] == "HIT"
    plain = edge.get(DETAIL)
    assert "Access-Control-Allow-Origin" not in plain.headers

    preflight = fetch_preflight(edge.url + DETAIL)
    assert preflight == fetch_preflight(edge.origin.base + DETAIL)


def lower(headers: dict[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def fetch_preflight(url: str) -> tuple[int, str | None]:
    import urllib.request

    request = urllib.request.Request(
        url,
        method="OPTIONS",
        headers={
            "Origin": "https://clinic.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-api-key",
        },
    )
    with urllib.request.urlopen(request, timeout=5) as resp:
        return resp.status, resp.headers.get("Access-Control-Allow-Origin")


def test_grace_serves_every_cached_answer_with_gunicorn_stopped(
    demo_guide, start_app_server, start_edge
):
    # Answers fresh for a second only, so the test sees them past their freshness.
    origin = start_app_server(
        API_CACHE_S_MAXAGE="1", API_CACHE_MAX_AGE="1", API_ANON_RATE=UNLIMITED
    )
    edge = start_edge(origin, grace="6h", probe_interval=0.2)
    wanted = variants()
    held = {}
    for path, headers in wanted:
        answer = edge.get(path, headers)
        assert answer.status == 200, path
        held[(path, tuple(headers.items()))] = answer.body

    origin.proc.terminate()  # gunicorn stops; the fixture collects its output later
    origin.proc.wait(timeout=30)
    time.sleep(1.5)  # every copy is now past its one-second freshness
    wait_until(
        lambda: "X-Edge-Stale" in edge.get(DETAIL).headers,
        timeout=15,
        what="the edge to serve a copy past its freshness",
    )
    for path, headers in wanted:
        answer = edge.get(path, headers)
        assert answer.status == 200, (path, headers, answer.body[:200])
        assert answer.body == held[(path, tuple(headers.items()))], path
        assert answer.headers["X-Cache"] == "HIT"
        assert "X-Edge-Stale" in answer.headers, path
    assert edge.get("/api/v1/guides/nope/").status == 503  # never cached: nothing to serve
