"""The edge cache in front of the API (Varnish 7, or a CDN running VCL): docs/deploy.md.

`vcl.py` writes the deployment-specific part of the VCL (origin, probe, purge ACL, the
Accept-Language rule of `LocaleRegistry.negotiate` unrolled into VCL, CORS headers) next
to the hand-written `deploy/varnish/edge.vcl`; `purging.py` is the Wagtail frontend-cache
backend that purges through it.
"""
