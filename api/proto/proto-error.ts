/**
 * The one error of the protocol layer: bytes that do not decode, or decode to something the
 * simulator cannot take (a missing ego, an unknown enum value, a NaN acceleration). The message
 * names the message type and the field, so the HTTP layer can answer 400 with it as it is.
 */
export class ProtoDecodeError extends Error {
  constructor(
    /** The protobuf message type, e.g. `dreamdrive.v1.Action`. */
    readonly messageType: string,
    /** The field path inside it, e.g. `accel_steer.accel_mps2`, or '' for the whole message. */
    readonly field: string,
    detail: string,
  ) {
    super(`${messageType}${field === '' ? '' : `.${field}`}: ${detail}`);
    this.name = 'ProtoDecodeError';
  }
}
