"""Drives the official ASCEND Python client (its source tree given as argv[2]) against ascend-dev
(argv[1]) and checks every outcome: the 2.5.0 management surface, the 2.5.1 submit fields and
their 403 refusals, the API kill switch, heartbeats. Prints one line per call and a summary; the
exit code is the number of calls whose outcome differs from the expected one.
"""
import sys

sys.path.insert(0, sys.argv[2])
from ascend import AscendClient  # noqa: E402  (the client under test, from argv[2])

client = AscendClient(
    api_key="ascend_dev_local_key",
    agent_id="py-agent",
    agent_name="Python Agent",
    api_url=sys.argv[1],
    signing_secret="python-secret",
)
mismatches = 0


def check(name, call, expect="ok", refused=None):
    """Runs one call. `expect` is 'ok' or 'refused' (an AuthorizationError naming `refused`)."""
    global mismatches
    try:
        result = call()
        outcome, detail = "ok", repr(result)
    except Exception as error:  # the outcome is compared below
        outcome, detail = ("refused" if type(error).__name__ == "AuthorizationError" else "error"), f"{type(error).__name__}: {error}"
    good = outcome == expect and (refused is None or refused in detail)
    mismatches += 0 if good else 1
    print(f"{'PASS' if good else 'FAIL'} {name}: {outcome} ({detail[:160]})")
    return result if outcome == "ok" else None


def decision_is(expected):
    def verify(decision):
        if decision.decision.value != expected:
            raise AssertionError(f"decision {decision.decision.value}, expected {expected}")
        return decision
    return verify


check("test_connection", lambda: client.test_connection().connected or (_ for _ in ()).throw(AssertionError("not connected")))
check("register", lambda: client.register(agent_type="automation", capabilities=["data_access"]))
check("evaluate_action", lambda: decision_is("allowed")(client.evaluate_action("database.read", "customers", wait_for_decision=False)))
check("submit naming an unregistered MCP server", lambda: client.evaluate_action("file.read", "notes", mcp_server_name="unknown-server", wait_for_decision=False), "refused", "not registered")
check("register_mcp_server", lambda: client.register_mcp_server("fs-server", display_name="FS", description="files", server_url="http://localhost:9"))
check("list_mcp_servers", lambda: client.list_mcp_servers())
check("get_mcp_server", lambda: client.get_mcp_server("fs-server"))
check("activate_mcp_server", lambda: client.activate_mcp_server("fs-server"))
check("submit naming the active server", lambda: decision_is("allowed")(client.evaluate_action("file.read", "notes", mcp_server_name="fs-server", wait_for_decision=False)))
check("deactivate_mcp_server", lambda: client.deactivate_mcp_server("fs-server", reason="maintenance window now"))
check("submit naming the deactivated server", lambda: client.evaluate_action("file.read", "notes", mcp_server_name="fs-server", wait_for_decision=False), "refused", "deactivated")
check("scan_mcp_network", lambda: client.scan_mcp_network())
check("get_mcp_health", lambda: client.get_mcp_health())
check("submit with a compliant model", lambda: decision_is("allowed")(client.evaluate_action("llm.call", "chat", model_id="gpt-4-production", wait_for_decision=False)))
check("submit with a rejected model", lambda: client.evaluate_action("llm.call", "chat", model_id="legacy-model", wait_for_decision=False), "refused", "legacy-model")
check("register_topology", lambda: client.register_topology("py-agent", ["worker-1", "worker-2"]))
check("register_mcp_topology", lambda: client.register_mcp_topology("py-agent", [1]))
check("cascade_kill (dry run by default)", lambda: client.cascade_kill("py-agent", reason="suspicious cascade seen"))
check("get_orchestration_stats", lambda: client.get_orchestration_stats())
check("get_output_filter_config", lambda: client.get_output_filter_config())
check("scan_output", lambda: client.scan_output("card 4111 1111 1111 1111", agent_id="py-agent"))
check("get_output_findings", lambda: client.get_output_findings())
check("list_supply_chain_components", lambda: client.list_supply_chain_components())
check("get_supply_chain_stats", lambda: client.get_supply_chain_stats())
check("get_cve_sync_status", lambda: client.get_cve_sync_status())
check("get_supply_chain_alerts", lambda: client.get_supply_chain_alerts())
check("trigger_kill_switch", lambda: client.trigger_kill_switch(3, reason="incident response drill"))
check("submit while the API kill switch is on", lambda: decision_is("denied")(client.evaluate_action("database.read", "customers", wait_for_decision=False)))
check("release_kill_switch", lambda: client.release_kill_switch(3, reason="incident response over"))
check("submit after the release", lambda: decision_is("allowed")(client.evaluate_action("database.read", "customers", wait_for_decision=False)))
check("delete_mcp_server", lambda: client.delete_mcp_server("fs-server"))
check("heartbeat", lambda: client.heartbeat())
check("start_heartbeat / stop_heartbeat", lambda: (client.start_heartbeat(interval_seconds=60), client.stop_heartbeat()))
client.close()
print(f"{'OK' if mismatches == 0 else 'MISMATCHES'}: {mismatches} of the calls differ from the expected outcome")
sys.exit(mismatches)
