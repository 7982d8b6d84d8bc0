"""A minimal client for dreamdrive's closed-loop session API, over protobuf.

Uses Google's protobuf runtime (Debian: python3-protobuf) and the standard library only. The
message classes are built at run time from the server's FileDescriptorSet
(GET /api/proto/descriptor-set), so no protoc and no generated code are needed:

    client = DreamdriveClient("http://127.0.0.1:8080")
    session = client.create_session("curved_road", seed=0)
    result = session.step(accel_mps2=0.0, steer_rad=0.01)   # dreamdrive.v1.StepResult
    session.close()

Requests and responses are application/x-protobuf; errors come back as JSON
{"error": {"message", "field"}} and are raised as DreamdriveError.
"""
import json
import urllib.error
import urllib.request

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

PROTOBUF = "application/x-protobuf"
PACKAGE = "dreamdrive.v1"


class DreamdriveError(Exception):
    """An HTTP error answered by the server: status, message and the field at fault (or None)."""

    def __init__(self, status, message, field=None):
        super().__init__(f"HTTP {status}: {message}" + (f" (field {field})" if field else ""))
        self.status = status
        self.message = message
        self.field = field


def message_classes(descriptor_set_bytes, names):
    """Message classes by short name, from serialized FileDescriptorSet bytes."""
    files = descriptor_pb2.FileDescriptorSet.FromString(descriptor_set_bytes)
    pool = descriptor_pool.DescriptorPool()
    for file_proto in files.file:
        pool.Add(file_proto)
    classes = {}
    for name in names:
        descriptor = pool.FindMessageTypeByName(f"{PACKAGE}.{name}")
        if hasattr(message_factory, "GetMessageClass"):  # protobuf >= 4.22
            classes[name] = message_factory.GetMessageClass(descriptor)
        else:
            classes[name] = message_factory.MessageFactory(pool).GetPrototype(descriptor)
    return classes


class DreamdriveClient:
    def __init__(self, base_url, timeout_s=30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.messages = message_classes(
            self._request("GET", "/api/proto/descriptor-set"),
            ["CreateSessionRequest", "SessionCreated", "StepRequest", "StepResult", "Action"],
        )

    def _request(self, method, path, body=None):
        headers = {"Accept": PROTOBUF}
        if body is not None:
            headers["Content-Type"] = PROTOBUF
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            try:
                detail = json.loads(error.read().decode("utf-8"))["error"]
            except (ValueError, KeyError):
                detail = {"message": error.reason}
            raise DreamdriveError(error.code, detail.get("message"), detail.get("field")) from None

    def create_session(self, scenario, seed=0, params=None, camera="none", privileged=False, log=False):
        request = self.messages["CreateSessionRequest"](
            scenario=scenario, seed=seed, camera=camera, privileged=privileged, log=log
        )
        for name, value in (params or {}).items():
            request.params[name] = value
        created = self.messages["SessionCreated"].FromString(
            self._request("POST", "/api/sessions", request.SerializeToString())
        )
        return Session(self, created.id, created.observation)


class Session:
    """One closed-loop session: `observation` is the latest dreamdrive.v1.Observation."""

    def __init__(self, client, session_id, observation):
        self.client = client
        self.id = session_id
        self.observation = observation

    def step(self, accel_mps2, steer_rad):
        request = self.client.messages["StepRequest"]()
        request.action.accel_steer.accel_mps2 = accel_mps2
        request.action.accel_steer.steer_rad = steer_rad
        result = self.client.messages["StepResult"].FromString(
            self.client._request("POST", f"/api/sessions/{self.id}/step", request.SerializeToString())
        )
        self.observation = result.observation
        return result

    def close(self):
        try:
            self.client._request("DELETE", f"/api/sessions/{self.id}")
        except DreamdriveError as error:
            if error.status != 404:
                raise
