"""A flow's lifecycle through pywa (a third-party Graph API client) against the sandbox.

Run by crates/waflow-sandbox/tests/pywa.rs with SANDBOX_URL (http://127.0.0.1:PORT),
SANDBOX_TOKEN, SANDBOX_WABA and FLOW_JSON (a path). Prints one JSON line of what it saw;
any failure raises and exits non-zero.
"""

import json
import os
import pathlib

import httpx
from pywa import WhatsApp
from pywa.types.flows import FlowCategory, FlowStatus

url = os.environ["SANDBOX_URL"]
assert url.startswith("http://127.0.0.1:"), url
waba = os.environ["SANDBOX_WABA"]
flow_json = pathlib.Path(os.environ["FLOW_JSON"]).read_text(encoding="utf-8")

wa = WhatsApp(
    token=os.environ["SANDBOX_TOKEN"],
    waba_id=waba,
    session=httpx.Client(timeout=20, trust_env=False),
)
# pywa fixes graph.facebook.com in its constructor: point its session at the sandbox afterwards,
# keeping the version it chose.
session = wa.api._session
session.base_url = url + "/" + str(session.base_url).rstrip("/").rsplit("/", 1)[-1]

created = wa.create_flow(name="pywa lifecycle", categories=[FlowCategory.SIGN_UP])
flow_id = created.id
update = wa.update_flow_json(flow_id=flow_id, flow_json=flow_json)
assert not update.validation_errors, update.validation_errors
assets = wa.get_flow_assets(flow_id=flow_id)
assert [a.name for a in assets] == ["flow.json"], assets
assert wa.publish_flow(flow_id=flow_id)
details = wa.get_flow(flow_id=flow_id)
assert details.status == FlowStatus.PUBLISHED, details.status
listed = [f.id for f in wa.get_flows()]
assert flow_id in listed, listed
assert wa.deprecate_flow(flow_id=flow_id)
final = wa.get_flow(flow_id=flow_id)
assert final.status == FlowStatus.DEPRECATED, final.status

print(json.dumps({
    "id": flow_id,
    "name": details.name,
    "json_version": details.json_version,
    "listed": len(listed),
    "final": final.status.value,
    "base_url": str(session.base_url),
}))
