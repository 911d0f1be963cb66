# workerd config for the runtime matrix: one worker module (the conformance bundle) on an
# ephemeral loopback port. Its global fetch() may reach loopback addresses only, which is where
# the conformance server listens; the default "internet" service would refuse them.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "conformance", worker = .conformanceWorker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:0", http = (), service = "conformance"),
  ],
);

const conformanceWorker :Workerd.Worker = (
  modules = [
    (name = "worker", esModule = embed "../.out/workerd.mjs"),
  ],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
);
