# The edge cache in front of the API (Varnish 7; docs/deploy.md, "Behind an edge cache").
#
# What it stores: anonymous GET/HEAD answers under /api/v1/ that the origin marks
# `public` (detail, JSON-LD, list, bundle, locales), for the origin's s-maxage (else
# max-age). Sync and search answer `no-cache` (a token's answer, a query no purge can
# name), so they are never stored; neither is any error (5xx: grace instead, below).
# One copy per (URL, Host, negotiated locale): Accept-Language is reduced to one enabled
# locale before the lookup (site.vcl: LocaleRegistry.negotiate in VCL), Accept-Encoding
# to gzip or identity (each stored as sent: no unzipping per request), and Origin is
# set aside so every site shares one copy; the CORS headers are added per request.
# What it passes to the origin: every other method, everything outside /api/v1/ (the
# admin, previews, the reader's pages), any request with a session cookie, and every
# request with an API key: key checks, origin binding and per-key throttling happen at
# the origin on every keyed request, and the origin marks those answers private.
# Purges: `PURGE <path>` (Wagtail's HTTP backend; api/edge/purging.py) drops every
# variant of that URL at once (xkey "u:<path>"); `PURGE` with `xkey-purge: <keys>` drops
# by the origin's Surrogate-Key (api-guide-<id>, api-locale-<code>, api).
# Grace: while the probe finds the origin sick, or it answers 5xx, copies are served up
# to the grace period past their freshness, marked `X-Edge-Stale`. A healthy origin gets
# no grace: a lost purge can leave a copy at most its s-maxage.
vcl 4.1;

import std;
import xkey;

include "site.vcl";

sub vcl_recv {
    if (req.restarts == 0) {
        # Ours alone: a client cannot pick a variant or force grace.
        unset req.http.X-Edge-Cacheable;
        unset req.http.X-Edge-Grace;
        unset req.http.X-Edge-Origin;
        unset req.http.X-Edge-Locale;
        unset req.http.X-Edge-Stale;
        unset req.http.X-Edge-Gzip;
    }
    call edge_settings;
    set req.backend_hint = origin;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Edge-Purged = xkey.purge(req.http.xkey-purge);
        } else {
            set req.http.X-Edge-Purged = xkey.purge("u:" + req.url);
        }
        return (synth(200, "Purged"));
    }

    # Grace only when the origin cannot answer (see the header of this file).
    if (std.healthy(req.backend_hint) && req.http.X-Edge-Grace != "force") {
        set req.grace = 0s;
    } else {
        set req.grace = std.duration(req.http.X-Edge-Grace-Period, 6h);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);  # OPTIONS preflights too: the origin answers them per Origin
    }
    if (req.url !~ "^/api/v1/") {
        return (pass);  # admin, preview, reader and embed pages, static files
    }
    if (req.http.Authorization || req.http.X-API-Key) {
        return (pass);  # keyed partners: checked and throttled by the origin every time
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);  # a signed-in editor
    }
    unset req.http.Cookie;  # the API reads no cookies

    if (req.url ~ "[?&]locale=[^&]" || req.url ~ "^/api/v1/(bundles|locales|schema|docs)/") {
        set req.http.X-Edge-Locale = "";  # the URL names the locale, or none is served
        unset req.http.Accept-Language;
    } else if (req.http.X-Edge-Locale) {
        set req.http.Accept-Language = req.http.X-Edge-Locale;  # a restart: already chosen
    } else {
        call edge_locale;
        set req.http.Accept-Language = req.http.X-Edge-Locale;
    }
    if (req.http.Origin) {
        set req.http.X-Edge-Origin = req.http.Origin;
        unset req.http.Origin;
    }
    # Two encodings, each stored as it is sent: gzip, or identity. Unzipping a stored gzip
    # body for every identity client costs more CPU than serving it (bench/edge.py).
    if (req.http.Accept-Encoding ~ "(?i)\bgzip\b") {
        set req.http.X-Edge-Gzip = "gzip";
    } else {
        set req.http.X-Edge-Gzip = "";
    }
    set req.http.X-Edge-Cacheable = "1";
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.Host);
    hash_data(req.http.X-Forwarded-Proto);
    hash_data(req.http.X-Edge-Locale);
    hash_data(req.http.X-Edge-Gzip);
    return (lookup);
}

sub vcl_hit {
    if (obj.ttl <= 0s) {
        set req.http.X-Edge-Stale = "1";
    }
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch || bereq.http.X-Edge-Grace != "force") {
            return (abandon);  # keep the copy we have; the client restarts into grace
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.status != 200) {
        set beresp.uncacheable = true;  # refusals, throttles, redirects: hit-for-miss
        set beresp.ttl = 10s;
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;  # no-cache (sync, search), private, or unmarked
        set beresp.ttl = 10s;
        return (deliver);
    }
    # Purge handles: every variant of this URL, plus the origin's surrogate keys.
    set beresp.http.xkey = "u:" + bereq.url;
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.xkey + " " + beresp.http.Surrogate-Key;
    }
    set beresp.grace = std.duration(bereq.http.X-Edge-Grace-Period, 6h);
    set beresp.keep = 0s;
    return (deliver);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Edge-Gzip == "") {
        unset bereq.http.Accept-Encoding;  # an identity copy, for identity clients
    }
    unset bereq.http.X-Edge-Gzip;
    unset bereq.http.X-Edge-Origin;
    unset bereq.http.X-Edge-Stale;
    unset bereq.http.X-Edge-Cors-Expose;
}

sub vcl_backend_error {
    if (bereq.is_bgfetch || (bereq.http.X-Edge-Cacheable && bereq.http.X-Edge-Grace != "force")) {
        # Abandon, never deliver: an error object would replace the stale copy that grace
        # is about to serve. The client restarts into grace (vcl_synth).
        return (abandon);
    }
    set beresp.http.Content-Type = "application/json";
    set beresp.http.Retry-After = "5";
    set beresp.http.Cache-Control = "no-store";
    synthetic({"{"error":{"code":"unavailable","message":"The service is temporarily unavailable; try again shortly.","details":null}}"});
    return (deliver);
}

sub vcl_deliver {
    if (resp.status >= 500 && req.http.X-Edge-Cacheable && req.restarts == 0) {
        set req.http.X-Edge-Grace = "force";
        return (restart);  # take a stale copy if there is one
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    if (req.http.X-Edge-Stale) {
        set resp.http.X-Edge-Stale = "origin unavailable; served past its freshness (grace " + req.http.X-Edge-Grace-Period + ")";
    }
    if (req.http.X-Edge-Cacheable) {
        if (req.http.X-Edge-Origin) {
            # Anonymous reads are open to every origin (api/cors.py): the same headers
            # the origin sends, on the one shared copy.
            set resp.http.Access-Control-Allow-Origin = req.http.X-Edge-Origin;
            if (req.http.X-Edge-Cors-Expose != "") {
                set resp.http.Access-Control-Expose-Headers = req.http.X-Edge-Cors-Expose;
            }
        }
        # What the answer depends on, for caches further down (browsers).
        if (!resp.http.Vary) {
            set resp.http.Vary = "Accept-Encoding";
        } else if (resp.http.Vary !~ "(?i)accept-encoding") {
            set resp.http.Vary = resp.http.Vary + ", Accept-Encoding";
        }
        if (resp.http.Vary !~ "(?i)(^|,)\s*origin\s*(,|$)") {
            set resp.http.Vary = resp.http.Vary + ", Origin";
        }
    }
    unset resp.http.xkey;
    unset resp.http.Via;
}

sub vcl_synth {
    if (resp.status == 503 && req.http.X-Edge-Cacheable && req.restarts == 0) {
        set req.http.X-Edge-Grace = "force";
        return (restart);  # an abandoned fetch: take a stale copy if there is one
    }
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "application/json";
        synthetic({"{"purged":"} + req.http.X-Edge-Purged + {"}"});
        return (deliver);
    }
    if (resp.status == 503) {
        # No copy to fall back on: the API's error shape.
        set resp.http.Content-Type = "application/json";
        set resp.http.Retry-After = "5";
        set resp.http.Cache-Control = "no-store";
        set resp.http.X-Cache = "MISS";
        synthetic({"{"error":{"code":"unavailable","message":"The service is temporarily unavailable; try again shortly.","details":null}}"});
        return (deliver);
    }
}
