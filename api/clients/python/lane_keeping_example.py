"""Drives a dreamdrive scenario over HTTP with a lane-keeping and speed-keeping controller.

    /usr/bin/python3 lane_keeping_example.py --url http://127.0.0.1:8080 --scenario curved_road

The controller reads only the ego's lane position from the observation (the server projects the
ego onto its lane: d_m, positive to the left of the centreline) and its speed:

    steer = -(KP * d + KD * d' + KI * integral(d))    d' by finite difference over dt
    accel = clip(K_SPEED * (v_target - v), -A_MAX, A_MAX),  v_target = the speed at the start

Linearised lateral dynamics d'' ~ v^2 / L * steer (kinematic bicycle, wheelbase L); with
v = 14 m/s, L = 2.8 m the gains below give a well-damped response (damping ratio > 1).
Prints the final metrics as JSON and exits 0 when the scenario's criteria pass.
"""
import argparse
import json
import math
import sys

from dreamdrive_client import DreamdriveClient

KP_RAD_PER_M = 0.05
KD_RAD_PER_MPS = 0.08
KI_RAD_PER_MS = 0.01
K_SPEED_PER_S = 0.5
A_MAX_MPS2 = 2.0
# Bounds the integral term to 0.05 rad so a long curve cannot wind it up.
MAX_INTEGRAL_MS = 5.0
# Guards against a runaway loop if the server never reports done.
MAX_STEPS = 100000


def clip(x, lo, hi):
    return max(lo, min(hi, x))


class LaneKeeper:
    def __init__(self, target_speed_mps):
        self.target_speed_mps = target_speed_mps
        self.previous = None  # (time_s, d_m, lane_id)
        self.integral_ms = 0.0

    def act(self, observation):
        ego = observation.ego
        d_m = ego.d_m
        d_rate_mps = 0.0
        if self.previous is not None and self.previous[2] == ego.lane_id:
            dt_s = observation.time_s - self.previous[0]
            if dt_s > 0:
                d_rate_mps = (d_m - self.previous[1]) / dt_s
                self.integral_ms = clip(self.integral_ms + d_m * dt_s, -MAX_INTEGRAL_MS, MAX_INTEGRAL_MS)
        self.previous = (observation.time_s, d_m, ego.lane_id)
        steer_rad = -(KP_RAD_PER_M * d_m + KD_RAD_PER_MPS * d_rate_mps + KI_RAD_PER_MS * self.integral_ms)
        accel_mps2 = clip(K_SPEED_PER_S * (self.target_speed_mps - ego.speed_mps), -A_MAX_MPS2, A_MAX_MPS2)
        return accel_mps2, steer_rad


def metric_values(metrics):
    """Metric values by name; non-finite numbers as "Infinity" strings, as the server's JSON writes them."""
    out = {}
    for name, value in sorted(metrics.values.items()):
        if value.WhichOneof("value") == "flag":
            out[name] = value.flag
        else:
            out[name] = value.number if math.isfinite(value.number) else str(value.number).replace("inf", "Infinity")
    return out


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--scenario", default="curved_road")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    client = DreamdriveClient(args.url)
    session = client.create_session(args.scenario, seed=args.seed)
    keeper = LaneKeeper(session.observation.ego.speed_mps)
    max_abs_d_m = abs(session.observation.ego.d_m)
    result = None
    try:
        for _ in range(MAX_STEPS):
            accel_mps2, steer_rad = keeper.act(session.observation)
            result = session.step(accel_mps2, steer_rad)
            max_abs_d_m = max(max_abs_d_m, abs(result.observation.ego.d_m))
            if result.done:
                break
    finally:
        session.close()
    reason = client.messages["StepResult"].DESCRIPTOR.fields_by_name["reason"].enum_type.values_by_number[result.reason].name
    report = {
        "scenario": args.scenario,
        "steps": result.observation.step,
        "done": result.done,
        "reason": reason,
        "passed": result.passed if result.HasField("passed") else None,
        "max_abs_lane_offset_m": max_abs_d_m,
        "metrics": metric_values(result.metrics),
    }
    print(json.dumps(report, indent=2, allow_nan=False))
    return 0 if report["passed"] is not False else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
