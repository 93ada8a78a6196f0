"""Write site.vcl (origin, probe, purge ACL, grace, locales) for deploy/varnish/edge.vcl."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from api.edge.vcl import EdgeSite, site_vcl


class Command(BaseCommand):
    help = "Write the deployment-specific VCL that deploy/varnish/edge.vcl includes."

    def add_arguments(self, parser):
        parser.add_argument("--origin", default="127.0.0.1:8080", help="host:port of gunicorn")
        parser.add_argument("--grace", default="6h", help="a VCL duration, e.g. 6h")
        parser.add_argument("--probe-interval", type=float, default=1.0)
        parser.add_argument("--out", default="-", help="file to write; - for stdout")

    def handle(self, *args, origin: str, grace: str, probe_interval: float, out: str, **kw):
        host, _, port = origin.rpartition(":")
        site = EdgeSite(
            origin_host=host or "127.0.0.1",
            origin_port=int(port),
            grace=grace,
            probe_interval_s=probe_interval,
        )
        text = site_vcl(site)
        if out == "-":
            self.stdout.write(text, ending="")
        else:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(text)
