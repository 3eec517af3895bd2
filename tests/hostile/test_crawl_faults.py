"""Real Scrapy crawls against a misbehaving server, with figwatch's hardening settings.

Two crawls run once per module in child processes (crawl_probe.py): one meets every fault at
once beside healthy pages, the other a 5xx storm beside a healthy host. The assertions say what
was fetched, refused and counted, and that the healthy pages still came through.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.badserver import BadServer

PROBE = Path(__file__).with_name("crawl_probe.py")
REPO = Path(__file__).resolve().parents[2]
MAX_REDIRECTS = 10
REBIND = {"host": "rebind.test", "check": "93.184.215.14", "connect": "127.0.0.1"}
RETRIES = 1


def _launch(job: dict[str, Any]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(PROBE), json.dumps(job)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=90)
    assert proc.returncode == 0, err[-3000:]
    data = json.loads(out.strip().splitlines()[-1])
    data["log"] = err
    return data


@pytest.fixture(scope="module")
def crawls() -> Any:
    with (
        BadServer() as srv,
        BadServer("127.0.0.2") as other,
        BadServer() as storm,
        BadServer() as healthy,
    ):
        paths = [
            "/ok/1",
            "/ok/2",
            "/loop",
            "/chain/0",
            "/meta-loop",
            "/slow",
            "/gzip-bomb",
            "/status/500",
            "/status/404",
            "/huge",
            "/huge-stream",
            "/short",
            "/binary.html",
            "/cp1251",
            "/empty",
            "/links",
            "/nested",
            "/redirect?to=http://169.254.169.254/latest/meta-data/",
            f"/redirect?to={other.url('/ok/9')}",
            f"/redirect?to=http://localhost:{srv.port}/ok/5",
            "/redirect?to=file:///etc/passwd",
        ]
        faults = {
            "urls": [srv.url(p) for p in paths]
            + [other.url("/ok/3"), f"http://rebind.test:{srv.port}/ok/7"],
            "spider": {
                "allow_private": ["127.0.0.1/32"],
                "figwatch_allowed_hosts": [
                    "127.0.0.1",
                    "127.0.0.2",
                    "169.254.169.254",
                    "rebind.test",
                ],
            },
            "rebind": REBIND,
            "hardening": {
                "download_timeout": 3,
                "retries": RETRIES,
                "max_page_bytes": 5_000_000,
                "max_redirects": MAX_REDIRECTS,
            },
        }
        storm_job = {
            "urls": [storm.url(f"/status/503?n={i}") for i in range(40)]
            + [healthy.url(f"/ok/{i}") for i in range(5)]
            + [f"http://rebind.test:{healthy.port}/ok/77"],
            "spider": {"allow_private": ["127.0.0.1/32"]},
            "hardening": {"retries": RETRIES, "breaker_threshold": 5},
            # control: Scrapy's stock resolver, to show the rebinding simulation does reach a server
            "rebind": REBIND,
            "settings": {
                "TWISTED_DNS_RESOLVER": "scrapy.resolver.CachingThreadedResolver",
                "CONCURRENT_REQUESTS": 2,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
                "RETRY_HTTP_CODES": [503],
            },
        }
        start = time.monotonic()
        procs = (_launch(faults), _launch(storm_job))
        fault_result, storm_result = (_result(p) for p in procs)
        elapsed = time.monotonic() - start
        yield {
            "faults": fault_result,
            "storm": storm_result,
            "hits": srv.hits.copy(),
            "other_hits": other.hits.copy(),
            "storm_hits": storm.hits.copy(),
            "healthy_hits": healthy.hits.copy(),
            "srv": srv,
            "elapsed": elapsed,
        }


def _errors_for(result: dict[str, Any], path: str) -> list[dict[str, Any]]:
    return [e for e in result["errors"] if path in e["start"]]


def test_crawl_finishes_quickly_despite_everything(crawls: Any) -> None:
    assert crawls["faults"]["stats"]["finish_reason"] == "finished"
    assert crawls["elapsed"] < 45


def test_healthy_pages_still_fetched(crawls: Any) -> None:
    ok = {r["url"].rsplit("/", 1)[-1] for r in crawls["faults"]["responses"] if "/ok/" in r["url"]}
    assert ok == {"1", "2"}


def test_private_and_offsite_redirect_hops_refused_and_counted(crawls: Any) -> None:
    stats = crawls["faults"]["stats"]
    assert crawls["other_hits"] == {}  # 127.0.0.2 was never contacted, not even refused by TCP
    assert stats["figwatch/ssrf_refused"] == 4
    assert stats["figwatch/ssrf_refused/link-local"] == 1  # 169.254.169.254 via redirect
    assert stats["figwatch/ssrf_refused/loopback"] == 2  # 127.0.0.2 direct and via redirect
    assert stats["figwatch/ssrf_refused/offsite"] == 1  # localhost is not an allowed host
    refused = [e for e in crawls["faults"]["errors"] if e["message"].startswith("SSRF guard")]
    assert {e["url"].split("/")[2].split(":")[0] for e in refused} == {
        "169.254.169.254",
        "127.0.0.2",
        "localhost",
    }
    assert (
        "source probe: refused http://169.254.169.254/latest/meta-data/ (redirect hop)"
        in crawls["faults"]["log"]
    )


def test_redirect_to_file_url_not_followed(crawls: Any) -> None:
    assert not any(r["url"].startswith("file:") for r in crawls["faults"]["responses"])
    assert _errors_for(crawls["faults"], "file:///etc/passwd")


@pytest.mark.parametrize("path", ["/loop", "/meta-loop"])
def test_endless_redirects_are_bounded(crawls: Any, path: str) -> None:
    assert crawls["hits"][path] == MAX_REDIRECTS + 1
    assert any("max redirections" in e["message"] for e in _errors_for(crawls["faults"], path))


def test_redirect_chain_bounded(crawls: Any) -> None:
    chain = sum(n for p, n in crawls["hits"].items() if p.startswith("/chain/"))
    assert chain == MAX_REDIRECTS + 1


def test_slow_loris_times_out(crawls: Any) -> None:
    errs = _errors_for(crawls["faults"], "/slow")
    assert errs and errs[0]["error"] == "DownloadTimeoutError"
    assert crawls["hits"]["/slow"] == RETRIES + 1


def test_gzip_bomb_refused_during_decompression(crawls: Any) -> None:
    errs = _errors_for(crawls["faults"], "/gzip-bomb")
    assert errs and "DOWNLOAD_MAXSIZE" in errs[0]["message"], errs
    assert not any("/gzip-bomb" in r["url"] for r in crawls["faults"]["responses"])


@pytest.mark.parametrize("path", ["/huge", "/huge-stream"])
def test_oversized_bodies_cancelled(crawls: Any, path: str) -> None:
    errs = _errors_for(crawls["faults"], path)
    assert errs and errs[0]["error"] == "DownloadCancelledError"


def test_truncated_body_is_a_counted_error(crawls: Any) -> None:
    errs = _errors_for(crawls["faults"], "/short")
    assert errs and errs[0]["error"] == "ResponseDataLossError"


def test_server_errors_retried_then_dropped(crawls: Any) -> None:
    assert crawls["hits"]["/status/500"] == RETRIES + 1
    assert crawls["hits"]["/status/404"] == 1
    stats = crawls["faults"]["stats"]
    assert stats["downloader/response_status_count/500"] == RETRIES + 1
    assert stats["retry/max_reached"] >= 1


@pytest.mark.parametrize("path", ["/binary.html", "/cp1251", "/empty", "/links", "/nested"])
def test_odd_bodies_are_delivered_for_page_checks(crawls: Any, path: str) -> None:
    """These download fine; page_problem()/decode_html() decide (see test_broken_pages)."""
    assert any(
        r["url"].endswith(path) and r["status"] == 200 for r in crawls["faults"]["responses"]
    )


def test_error_storm_opens_the_circuit_and_spares_other_hosts(crawls: Any) -> None:
    storm = crawls["storm"]
    hits = sum(crawls["storm_hits"].values())
    assert hits <= 5 + 2  # threshold + requests already in flight (CONCURRENT_REQUESTS)
    assert storm["stats"]["figwatch/circuit_open"] >= 40 - 7
    healthy = [r for r in storm["responses"] if "127.0.0.1" in r["url"] and "/ok/" in r["url"]]
    assert len(healthy) == 5


def test_dns_rebinding_refused_at_connect_time(crawls: Any) -> None:
    """rebind.test looks public to the middleware but resolves to 127.0.0.1 when connecting."""
    assert crawls["hits"]["/ok/7"] == 0
    errs = [e for e in crawls["faults"]["errors"] if "rebind.test" in e["url"]]
    assert errs and errs[0]["error"] in {"DNSLookupError", "CannotResolveHostError"}
    assert (
        "refused connection: rebind.test resolved to loopback address 127.0.0.1 at connect time"
        in crawls["faults"]["log"]
    )


def test_rebinding_simulation_reaches_the_server_without_the_guard(crawls: Any) -> None:
    """Control: with Scrapy's stock resolver the same trick gets through (so the test above can fail)."""
    assert crawls["healthy_hits"]["/ok/77"] == 1
